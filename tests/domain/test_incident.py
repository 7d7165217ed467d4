"""The incident item: one id pattern everywhere, the same item from the model and from the runbook script."""

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from domain import incident as model
from domain.incident import IncidentRecord, Status
from runbooks import incident_response, open_incident
from runbooks.scripts import open_incident as script

NOW = datetime(2026, 11, 29, 17, 30, 12, 345000, tzinfo=UTC)
FIELDS = {
    "IncidentId": "INC-2026-0042",
    "Title": "Checkout returns 5xx",
    "IncidentClass": "bad-deploy",
    "Severity": "SEV2",
    "Service": "checkout",
    "PostmortemOwner": "712020:ana",
    "StartedAt": "2026-11-29T17:05:00Z",
    "Ticket": "OPS-12",
}


def record(**overrides: object) -> IncidentRecord:
    values: dict[str, object] = {
        "incident_id": "INC-2026-0042",
        "title": "Checkout returns 5xx",
        "incident_class": "bad-deploy",
        "severity": "SEV2",
        "service": "checkout",
        "commander": "arn:aws:iam::123456789012:user/ana",
        "postmortem_owner": "712020:ana",
        "started_at": "2026-11-29T17:05:00Z",
        "opened_at": NOW,
        "ticket": "OPS-12",
    }
    return IncidentRecord.model_validate(values | overrides)


def test_the_script_writes_the_item_the_model_writes() -> None:
    item = script.incident_item(FIELDS, "arn:aws:iam::123456789012:user/ana", NOW)
    assert item == record().to_item()
    assert IncidentRecord.from_item(item) == record()


def test_an_item_round_trips_closed_and_without_the_optional_fields() -> None:
    closed = record(postmortem_owner="", ticket="", status=Status.CLOSED, closed_at="2026-11-29T19:00:00+01:00")
    item = closed.to_item()
    assert "ticket" not in item and "postmortem_owner" not in item
    assert item["closed_at"] == {"S": "2026-11-29T18:00:00Z"}
    assert IncidentRecord.from_item(item) == closed


def test_the_record_takes_the_one_incident_id_pattern() -> None:
    with pytest.raises(ValidationError, match="incident_id"):
        record(incident_id="INC 42")


def test_the_optional_parameters_of_the_response_runbook_take_empty_or_what_the_model_takes() -> None:
    response = incident_response.build().parameters or {}
    opening = open_incident.build().parameters or {}
    assert response["Severity"].allowedValues == ["", *model.SEVERITIES] and opening["Severity"].allowedValues == list(
        model.SEVERITIES
    )
    assert opening["IncidentClass"].allowedPattern == model.INCIDENT_CLASS_PATTERN
    assert response["IncidentClass"].allowedPattern == f"^$|{model.INCIDENT_CLASS_PATTERN}"
    assert opening["Service"].allowedPattern == model.SERVICE_PATTERN
    assert opening["PostmortemOwner"].allowedPattern == f"^$|{model.ACCOUNT_PATTERN}"
    assert opening["Title"].minChars == IncidentRecord.model_fields["title"].metadata[0].min_length
    assert not opening["Title"].has_default and response["Title"].default == ""


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("severity", "SEV0"),
        ("incident_class", "Bad Deploy"),
        ("service", "-x"),
        ("title", "ab"),
        ("postmortem_owner", "ana smith"),
    ],
)
def test_the_model_refuses_what_the_runbook_parameters_refuse(field: str, value: str) -> None:
    with pytest.raises(ValidationError, match=field):
        record(**{field: value})
