"""The inlined timeline script writes the keys the domain model reads."""

from datetime import UTC, datetime

from domain import table
from runbooks.scripts import timeline_event


def test_the_timeline_script_uses_the_tables_key_shapes() -> None:
    events = {"IncidentId": "INC-7", "Kind": "alert", "Text": "p99 over 2 s", "OccurredAt": "", "ExecutionId": "e"}
    item = timeline_event.event_item(events, "me", datetime(2026, 11, 29, 17, 0, tzinfo=UTC))
    assert item[table.PARTITION_KEY]["S"] == table.incident_pk("INC-7")
    assert item[table.SORT_KEY]["S"] == table.event_sk("2026-11-29T17:00:00Z", item["event_id"]["S"])
