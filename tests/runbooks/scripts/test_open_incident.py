"""The open-incident script against the emulator over HTTP: opened once, an open incident left alone."""

from datetime import UTC, datetime
from typing import Any

import boto3
import pytest

from runbooks.scripts import open_incident
from tests.runbooks.operator_runs import EMULATOR_CALLER, new_table

NOW = datetime(2026, 11, 29, 17, 30, tzinfo=UTC)


def events(table: str, **overrides: Any) -> dict[str, Any]:
    return {
        "IncidentId": "INC-7",
        "Title": "Checkout returns 5xx",
        "IncidentClass": "bad-deploy",
        "Severity": "SEV2",
        "Service": "checkout",
        "Commander": "",
        "PostmortemOwner": "",
        "StartedAt": "",
        "Required": True,
        "TableName": table,
        "ExecutionId": "exec-1",
        **overrides,
    }


def stored(table: str) -> dict[str, Any]:
    key = {"pk": {"S": "INCIDENT#INC-7"}, "sk": {"S": "INCIDENT"}}
    return dict(boto3.client("dynamodb").get_item(TableName=table, Key=key)["Item"])


def test_the_handler_opens_once_with_whoever_ran_it_as_commander(aws_env: str) -> None:
    table = new_table()
    first = open_incident.handler(events(table), None)
    second = open_incident.handler(events(table, Title="Another title", Commander="bo"), None)
    # The emulator has no GetAutomationExecution: the commander is the caller running the step.
    assert first == second | {"Opened": True}
    assert first["Commander"] == EMULATOR_CALLER and first["Status"] == "open"
    assert stored(table)["title"] == {"S": "Checkout returns 5xx"}


def test_an_open_incident_is_left_alone_when_not_required_even_without_fields(aws_env: str) -> None:
    table = new_table()
    open_incident.handler(events(table, Commander="ana", StartedAt="2026-11-29T17:05:00Z"), None)
    blank = dict.fromkeys(("Title", "IncidentClass", "Severity", "Service"), "")
    again = open_incident.handler(events(table, Required=False, **blank), None)
    assert again == {
        "Opened": False,
        "IncidentId": "INC-7",
        "Commander": "ana",
        "StartedAt": "2026-11-29T17:05:00Z",
        "Status": "open",
    }


def test_opening_without_its_fields_fails_in_one_line_naming_them(aws_env: str) -> None:
    table = new_table()
    with pytest.raises(ValueError, match=r"^incident INC-7 cannot be opened without Title, Service: give them"):
        open_incident.handler(events(table, Required="false", Title=" ", Service=""), None)


@pytest.mark.parametrize("value", ["2026-11-29T17:05:00", "2026-11-29T18:05:00+01:00", "yesterday"])
def test_a_start_time_that_is_not_utc_is_refused_with_the_value(value: str) -> None:
    with pytest.raises(ValueError, match=f"StartedAt '{value.replace('+', '.')}'"):
        open_incident.incident_item(events("t", StartedAt=value), "ana", NOW)


def test_an_empty_start_means_the_opening_moment() -> None:
    item = open_incident.incident_item(events("t"), "ana", NOW)
    assert item["started_at"] == item["opened_at"] == item["gsi1sk"] == {"S": "2026-11-29T17:30:00Z"}
