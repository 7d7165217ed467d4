"""The postmortem model: the incident's `class`, the ticket key, unknown fields refused, placeholders."""

from typing import Any

import pytest
from pydantic import ValidationError

from domain.postmortem import Incident, Postmortem, is_placeholder
from generator.postmortem.loader import read_file
from tests.generator.postmortem.conftest import COMPLETE


def incident(**changes: Any) -> Incident:
    data = {
        "id": "INC-1",
        "title": "t",
        "class": "bad-deploy",
        "severity": "SEV2",
        "service": "s",
        "postmortem_owner": "o",
    }
    return Incident.model_validate({**data, **changes})


def test_the_incident_class_is_written_as_class() -> None:
    assert incident().incident_class == "bad-deploy"
    assert incident().model_dump(by_alias=True)["class"] == "bad-deploy"


@pytest.mark.parametrize("ticket", ["ops-1", "OPS-0", "OPS", "OPS 1"])
def test_a_ticket_is_a_jira_issue_key(ticket: str) -> None:
    with pytest.raises(ValidationError, match="ticket"):
        incident(ticket=ticket)


def test_unknown_fields_are_refused() -> None:
    data = read_file(COMPLETE).data
    with pytest.raises(ValidationError, match="attendees"):
        Postmortem.model_validate({**data, "attendees": ["a"]})


def test_the_complete_fixture_round_trips_through_json() -> None:
    postmortem = read_file(COMPLETE).postmortem
    again = Postmortem.model_validate_json(postmortem.model_dump_json(by_alias=True))
    assert again == postmortem


@pytest.mark.parametrize(("text", "expected"), [("TODO: fill", True), ("  todo later", True), ("A TODO list", False)])
def test_placeholders_start_with_todo(text: str, expected: bool) -> None:
    assert is_placeholder(text) is expected
