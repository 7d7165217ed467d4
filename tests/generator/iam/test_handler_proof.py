"""The proof for the Lambda functions' roles: each is granted exactly what its handler's code (and the powertools
utilities it drives) calls, plus what Lambda does with the role; a call added to a handler, a grant removed and an
extra grant each fail."""

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.iam.handler_calls import CODE_ROOT, handler_calls
from generator.iam.handler_proof import handler_needs
from generator.iam.library_calls import library_calls
from generator.iam.proof import role_findings
from generator.stack.handler_specs import ENFORCEMENT, TIMELINE, WEBHOOK
from tests.conftest import FIXTURES
from tests.generator.iam.conftest import statements_granting

SOURCE = FIXTURES / "iam" / "handler_source"
POWERTOOLS = "aws_lambda_powertools.utilities."


def test_powertools_calls_are_read_from_its_source_for_the_methods_used() -> None:
    def actions(qualified: str, *methods: str) -> set[str]:
        return {c.operation for c in library_calls(POWERTOOLS + qualified, methods)}

    assert actions("parameters.SSMProvider", "get") == {"GetParameter"}
    assert actions("parameters.SSMProvider", "get_multiple") == {"GetParametersByPath"}
    assert actions("parameters.SecretsProvider", "get") == {"GetSecretValue"}
    assert actions("idempotency.DynamoDBPersistenceLayer", "save_inprogress", "get_record") == {"PutItem", "GetItem"}


def test_a_handlers_calls_are_the_ones_its_code_can_reach() -> None:
    analysis = handler_calls("handlers.probe.app", "handler", SOURCE)
    found = {(c.service, c.operation) for c in analysis.calls}
    assert found == {
        # Handed to the idempotency layer, the persistence layer may have any of its methods called.
        ("dynamodb", "GetItem"),
        ("dynamodb", "PutItem"),
        ("dynamodb", "UpdateItem"),
        ("dynamodb", "DeleteItem"),
        ("ssm", "GetParameter"),  # SSMProvider(...).get
        ("ssm", "ListTagsForResource"),  # called on `ssm`: not CloudWatch's method of the same name
    }  # not sns:Publish (in a function nothing calls), nor dynamodb:DeleteTable (a method nothing names)
    assert [u.name.rsplit(".", 1)[1] for u in analysis.unfollowed] == ["get_secret"]
    assert analysis.unfollowed[0].where == "handlers/probe/app.py:27"


@pytest.fixture(scope="module")
def copied_code(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("code")
    for package in ("handlers", "domain"):
        shutil.copytree(CODE_ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    deliveries = root / "handlers" / "webhook" / "deliveries.py"
    text = deliveries.read_text(encoding="utf-8")
    call = "self.dynamodb.get_item("
    assert call in text
    deliveries.write_text(text.replace(call, "self.dynamodb.batch_get_item(RequestItems={}) or " + call, 1), "utf-8")
    return root


def test_a_call_added_to_a_handler_without_its_grant_fails(template: dict[str, Any], copied_code: Path) -> None:
    findings = role_findings(template, handler_needs(WEBHOOK, template, copied_code))
    assert [(f.where, f.action) for f in findings] == [("WebhookHandlerRole", "dynamodb:BatchGetItem")]
    assert "handlers/webhook/deliveries.py:" in findings[0].problem


def test_a_grant_removed_from_a_handlers_role_fails(template: dict[str, Any]) -> None:
    changed = copy.deepcopy(template)
    for statement in statements_granting(changed, "WebhookHandlerRole", "dynamodb:UpdateItem"):
        statement["Action"].remove("dynamodb:UpdateItem")
    findings = role_findings(changed, handler_needs(WEBHOOK, changed))
    assert [(f.where, f.action) for f in findings] == [("WebhookHandlerRole", "dynamodb:UpdateItem")]
    assert "handlers/webhook/" in findings[0].problem


def test_an_extra_grant_on_a_handlers_role_fails(template: dict[str, Any]) -> None:
    changed = copy.deepcopy(template)
    for statement in statements_granting(changed, "TimelineHandlerRole", "dynamodb:PutItem"):
        statement["Action"].append("dynamodb:Query")
    findings = role_findings(changed, handler_needs(TIMELINE, changed))
    assert [(f.where, f.action, f.resource) for f in findings] == [
        ("TimelineHandlerRole", "dynamodb:Query", "Table.Arn")
    ]


def test_what_lambda_does_with_the_role_is_needed_even_though_no_code_calls_it(template: dict[str, Any]) -> None:
    needs = handler_needs(ENFORCEMENT, template).needs
    assert "logs" in needs["logs:PutLogEvents"]
    assert "dead-letter queue" in needs["sqs:SendMessage"]
    assert needs["ssm:GetParameter"].startswith("SSMProvider (handlers/enforcement/config.py:")
    assert needs["sns:Publish"].startswith("handlers/enforcement/notify.py:")
