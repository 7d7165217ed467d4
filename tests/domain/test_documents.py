import re

import pytest

from domain.documents import (
    COLLECT_EVIDENCE,
    DEFAULT_PREFIX,
    INCIDENT_RESPONSE,
    PREFIX_MAX_LENGTH,
    PREFIX_PATTERN,
    base_of,
    document_name,
    own_documents,
    prefix_error,
)
from runbooks import catalogue


def test_the_default_prefix_keeps_the_names_every_stack_had() -> None:
    assert document_name(COLLECT_EVIDENCE) == "Closeloop-CollectEvidence"
    assert document_name(INCIDENT_RESPONSE, "Team2-") == "Team2-IncidentResponse"


def test_every_runbook_in_the_catalogue_is_named_by_the_default_prefix_and_a_base() -> None:
    for name in catalogue.names():
        assert name.startswith(DEFAULT_PREFIX)
        assert document_name(name.removeprefix(DEFAULT_PREFIX)) == name


@pytest.mark.parametrize("prefix", ["Closeloop-", "Team2-", "a", "prod.ops_", "X" * PREFIX_MAX_LENGTH])
def test_good_prefixes(prefix: str) -> None:
    assert prefix_error(prefix) is None
    assert re.fullmatch(PREFIX_PATTERN, prefix)


@pytest.mark.parametrize(
    ("prefix", "why"),
    [
        ("", "empty"),
        ("Team 2-", "' '"),
        ("team/2", "'/'"),
        ("Ünits-", "'Ü'"),
        ("aws-ops-", "reserves"),
        ("AWSEC2-", "reserves"),
        ("Amazon-", "reserves"),
        ("amzn", "reserves"),
        ("X" * (PREFIX_MAX_LENGTH + 1), "more than"),
    ],
)
def test_bad_prefixes_say_why(prefix: str, why: str) -> None:
    error = prefix_error(prefix)
    assert error is not None and why in error
    # CloudFormation's AllowedPattern refuses the same values.
    assert not re.fullmatch(PREFIX_PATTERN, prefix)


def test_own_documents_and_the_stack_a_name_belongs_to() -> None:
    bases = f"{COLLECT_EVIDENCE},{INCIDENT_RESPONSE}"
    assert own_documents("Team2-", bases) == {"Team2-CollectEvidence", "Team2-IncidentResponse"}
    known = {COLLECT_EVIDENCE, INCIDENT_RESPONSE}
    assert base_of("Team2-IncidentResponse", known) == ("Team2-", INCIDENT_RESPONSE)
    assert base_of("Closeloop-Staging-CollectEvidence", known) == ("Closeloop-Staging-", COLLECT_EVIDENCE)
    assert base_of("AWS-RestartEC2Instance", known) is None
    assert base_of("IncidentResponse", known) is None  # no prefix at all
    assert base_of("aws-IncidentResponse", known) is None  # a prefix no stack can have


def test_the_catalogue_finds_any_stacks_name_with_its_children_named_alike() -> None:
    """`closeloop simulate Team2-IncidentResponse`, and the emulator's child lookup, get Team2-'s documents."""
    found = catalogue.find("Team2-IncidentResponse")
    assert found is not None
    data = found.to_data()
    children = [s["inputs"]["DocumentName"] for s in data["mainSteps"] if s["action"] == "aws:executeAutomation"]
    # IncidentResponse starts CollectEvidence, and LogTimelineEvent for each logging step: all Team2-'s.
    assert set(children) == {"Team2-CollectEvidence", "Team2-LogTimelineEvent"}
    assert "Closeloop-" not in str(data)
    assert catalogue.find("aws-IncidentResponse") is None and catalogue.find("Team2-Nothing") is None
