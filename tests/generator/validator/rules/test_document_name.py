"""Document names: the CreateDocument pattern, and the reserved prefixes in any letter case."""

import pytest

from generator.validator.context import Owner
from generator.validator.rules.document_name import DocumentName
from tests.generator.validator.rules.helpers import context

DOCUMENT = "schemaVersion: '0.3'\nmainSteps:\n  - {name: Wait, action: aws:sleep, inputs: {Duration: PT1S}}\n"


def messages(name: str | None, owner: Owner = Owner.SELF) -> list[str]:
    ctx = context(DOCUMENT)
    ctx.name, ctx.owner = name, owner
    return [issue.message for issue in DocumentName().check(ctx)]


@pytest.mark.parametrize("name", ["abc", "Closeloop-Rollback_v1.2", "x" * 128, "Awesome", "Amazing", "my-aws-runbook"])
def test_valid_names(name: str) -> None:
    assert messages(name) == []


@pytest.mark.parametrize("name", ["ab", "x" * 129, "has space", "slash/name", "é-runbook"])
def test_names_outside_the_pattern(name: str) -> None:
    assert messages(name) == [f"document name '{name}' is not 3-128 characters of [a-zA-Z0-9_.-]"]


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("AWS-RestartService", "aws"),
        ("aws-restart", "aws"),
        ("Amazon-EKS-Rollback", "amazon"),
        ("amzn_rollback", "amzn"),
        ("AWSSupport-Mine", "aws"),
        ("awsec2-clone", "aws"),
    ],
)
def test_reserved_prefixes_in_any_case(name: str, prefix: str) -> None:
    assert messages(name) == [f"document name '{name}' starts with '{prefix}', a prefix reserved for AWS"]


def test_amazon_may_use_its_prefixes_but_not_an_invalid_name() -> None:
    assert messages("AWS-RestartEC2Instance", Owner.AMAZON) == []
    assert len(messages("AWS RestartEC2Instance", Owner.AMAZON)) == 1


def test_no_name_no_check() -> None:
    assert messages(None) == []
