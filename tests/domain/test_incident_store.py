"""Incident items on the emulator over HTTP: opened once, closed once, listed across pages and by class."""

from datetime import UTC, datetime

import boto3
import pytest

from domain.evidence_anchor import ManifestAnchor
from domain.incident import IncidentRecord, Status
from domain.incident_store import Anchored, IncidentStore
from tests.runbooks.operator_runs import new_table

OPENED = datetime(2026, 11, 29, 17, 30, tzinfo=UTC)


def incident(incident_id: str, started: str = "2026-11-29T17:05:00Z", **overrides: str) -> IncidentRecord:
    values = {
        "incident_id": incident_id,
        "title": "Checkout returns 5xx",
        "incident_class": "bad-deploy",
        "severity": "SEV2",
        "service": "checkout",
        "commander": "ana",
        "started_at": started,
        "opened_at": OPENED,
    }
    return IncidentRecord.model_validate(values | overrides)


@pytest.fixture
def store(aws_env: str) -> IncidentStore:
    return IncidentStore(boto3.client("dynamodb"), new_table())


def test_opening_twice_keeps_the_first_record(store: IncidentStore) -> None:
    assert store.open(incident("INC-1")) is True
    assert store.open(incident("INC-1", title="Something else", severity="SEV1")) is False
    found = store.get("INC-1")
    assert found is not None and (found.title, found.severity) == ("Checkout returns 5xx", "SEV2")
    assert store.get("INC-2") is None


def test_closing_marks_it_once_and_a_missing_incident_is_said(store: IncidentStore) -> None:
    store.open(incident("INC-1"))
    at = datetime(2026, 11, 29, 19, 0, tzinfo=UTC)
    assert store.close("INC-1", at) is True
    assert store.close("INC-1", datetime(2026, 11, 30, tzinfo=UTC)) is False
    closed = store.get("INC-1")
    assert closed is not None and (closed.status, closed.closed_at) == (Status.CLOSED, at)
    with pytest.raises(KeyError):
        store.close("INC-9", at)


def test_listing_follows_every_page_oldest_first_and_skips_timeline_items(
    store: IncidentStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in (3, 1, 2):
        store.open(incident(f"INC-{number}", started=f"2026-11-2{number}T10:00:00Z"))
    store.open(incident("INC-4", started="2026-11-20T10:00:00Z", incident_class="capacity"))
    store.dynamodb.put_item(
        TableName=store.table_name, Item={"pk": {"S": "INCIDENT#INC-1"}, "sk": {"S": "EVENT#x"}, "kind": {"S": "note"}}
    )
    scan = store.dynamodb.scan
    pages: list[int] = []

    def small_pages(**request: object) -> dict[str, object]:
        page: dict[str, object] = scan(**request, Limit=2)
        pages.append(len(page.get("Items", [])))  # type: ignore[arg-type]
        return page

    monkeypatch.setattr(store.dynamodb, "scan", small_pages)
    assert [i.incident_id for i in store.list()] == ["INC-4", "INC-1", "INC-2", "INC-3"]
    assert len(pages) >= 3


def anchor(sha: str = "ab" * 32, run: str = "run-1") -> ManifestAnchor:
    return ManifestAnchor("closeloop-evidence", f"incidents/INC-1/evidence/{run}/manifest.json", "v-1", sha)


def test_a_runs_anchor_goes_on_the_incident_item_once_and_is_never_replaced(store: IncidentStore) -> None:
    store.open(incident("INC-1"))
    assert store.record_anchor("INC-1", "run-1", anchor(), OPENED) is Anchored.RECORDED
    assert store.record_anchor("INC-1", "run-1", anchor(), OPENED) is Anchored.ALREADY
    assert store.record_anchor("INC-1", "run-1", anchor("cd" * 32), OPENED) is Anchored.CONFLICT
    assert store.record_anchor("INC-1", "run-2", anchor("ef" * 32, "run-2"), OPENED) is Anchored.RECORDED
    assert [(found.run, found.anchor.sha256) for found in store.anchors("INC-1")] == [
        ("run-1", "ab" * 32),
        ("run-2", "ef" * 32),
    ]
    found = store.get("INC-1")  # the incident itself reads as before
    assert found is not None and found.title == "Checkout returns 5xx"


def test_an_incident_without_an_item_gets_no_half_item_for_its_anchor(store: IncidentStore) -> None:
    assert store.record_anchor("INC-9", "run-1", anchor(), OPENED) is Anchored.NO_INCIDENT
    assert store.get("INC-9") is None and store.anchors("INC-9") == []
    assert store.open(incident("INC-9")) is True  # opening it later is not blocked by a partial item
