"""Phase durations, the bottleneck and integrity checks for seeded timelines."""

from datetime import UTC, datetime, timedelta

from domain.phases import Mark, analyse
from domain.timeline import Kind, TimelineEvent

START = datetime(2026, 11, 29, 17, 0, tzinfo=UTC)


def timeline(*entries: tuple[int, str], source: str = "https://example.test/evidence") -> list[TimelineEvent]:
    """Events at minute offsets from 17:00, each recorded an hour after it happened."""
    return [
        TimelineEvent(
            incident_id="INC-5",
            kind=Kind(kind),
            occurred_at=START + timedelta(minutes=minute),
            recorded_at=START + timedelta(minutes=minute + 60),
            actor="arn:aws:iam::1:user/ana",
            source=source,
            text=f"{kind} at +{minute} min",
        )
        for minute, kind in entries
    ]


def minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


def test_slow_detection_is_the_bottleneck() -> None:
    report = analyse(
        timeline((0, "symptom"), (25, "alert"), (30, "engaged"), (50, "mitigation"), (60, "recovery"), (45, "note"))
    )
    assert {p.name: minutes(p.duration) for p in report.phases} == {
        "detect": 25,
        "engage": 5,
        "mitigate": 20,
        "recover": 10,
    }
    assert report.bottleneck is not None and report.bottleneck.name == "detect"
    assert report.total == timedelta(hours=1)
    assert report.findings == []


def test_slow_mitigation_is_the_bottleneck_and_lifecycle_marks_count() -> None:
    report = analyse(
        timeline((0, "symptom"), (2, "detected"), (5, "human_action"), (65, "mitigated"), (70, "resolved"))
    )
    assert report.bottleneck is not None and report.bottleneck.name == "mitigate"
    assert minutes(report.bottleneck.duration) == 60
    assert report.marks[Mark.MITIGATION].kind is Kind.MITIGATED


def test_the_first_event_of_each_kind_sets_the_mark_whatever_the_order_given() -> None:
    report = analyse(timeline((40, "alert"), (0, "symptom"), (10, "alert"), (20, "engaged")))
    assert report.marks[Mark.DETECTION].occurred_at == START + timedelta(minutes=10)


def test_a_missing_mark_is_reported_and_the_next_phase_spans_the_gap() -> None:
    report = analyse(timeline((0, "symptom"), (10, "alert"), (40, "mitigation")))
    assert [(p.name, p.start, minutes(p.duration)) for p in report.phases] == [
        ("detect", Mark.IMPACT_START, 10),
        ("mitigate", Mark.DETECTION, 30),
    ]
    missing = {f.message for f in report.findings if f.check == "missing mark"}
    assert missing == {
        "no first human action event (engaged or human_action)",
        "no recovery event (recovery or resolved)",
    }


def test_integrity_findings_name_the_event() -> None:
    events = timeline((-30, "deployment"), (-5, "alert"), (0, "symptom"), (20, "recovery"), (30, "mitigation"))
    events += timeline((25, "human_action"), source="")
    report = analyse(events)
    checks = {(f.check, f.event_id) for f in report.findings}
    alert, recovery, unsourced = events[1], events[3], events[5]
    assert ("impact start first", alert.event_id) in checks
    assert ("mitigation before recovery", recovery.event_id) in checks
    assert ("every event has a source", unsourced.event_id) in checks
    assert all(event_id != events[0].event_id for _, event_id in checks)  # the deployment may come first


def test_an_event_recorded_before_it_happened_is_flagged() -> None:
    [event] = timeline((0, "symptom"))
    early = event.model_copy(update={"recorded_at": START - timedelta(minutes=1)})
    assert [f.check for f in analyse([early]).findings if f.event_id] == ["recorded after it occurred"]


def test_no_phases_no_bottleneck() -> None:
    report = analyse([])
    assert report.phases == [] and report.bottleneck is None and report.total is None
    assert len(report.findings) == 5
