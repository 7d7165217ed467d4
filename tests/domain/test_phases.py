"""Phase durations, the bottleneck and integrity checks for seeded timelines."""

from datetime import UTC, datetime, timedelta

from domain.phases import Mark, analyse, duplicate_alerts
from domain.timeline import Kind, TimelineEvent, alert_origin

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
        ("engage+mitigate", Mark.DETECTION, 30),  # named for what it covers: not comparable with "mitigate"
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


def alarm_event(minute: int, kind: str, source: str, recorded_after: int = 0) -> TimelineEvent:
    return TimelineEvent(
        incident_id="INC-5",
        kind=Kind(kind),
        occurred_at=START + timedelta(minutes=minute),
        recorded_at=START + timedelta(minutes=minute + recorded_after),
        actor="aws.cloudwatch",
        source=source,
        text=f"{kind} of {source}",
    )


ARN = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-5xx-rate"


def test_one_alarm_recorded_by_both_writers_is_one_alert_and_the_first_written_is_kept() -> None:
    handler = alarm_event(9, "alert", ARN)
    evidence = alarm_event(9, "alert", "cloudwatch-alarm:checkout-5xx-rate", recorded_after=40)
    assert alert_origin(ARN) == alert_origin(evidence.source) == "alarm:checkout-5xx-rate"
    assert duplicate_alerts([evidence, handler]) == [(evidence, handler)]


def test_an_alarm_that_recovered_and_fired_again_raises_a_new_alert_and_other_alarms_are_their_own() -> None:
    events = [
        alarm_event(9, "alert", ARN),
        alarm_event(12, "alert", ARN.replace("5xx-rate", "latency")),
        alarm_event(20, "recovery", ARN),
        alarm_event(26, "alert", "cloudwatch-alarm:checkout-5xx-rate"),
    ]
    assert duplicate_alerts(events) == []
    assert duplicate_alerts([*events, alarm_event(27, "alert", ARN)]) == [(alarm_event(27, "alert", ARN), events[3])]


def test_what_starts_an_incident_cannot_follow_its_recovery_but_notes_and_evidence_can() -> None:
    report = analyse(
        timeline(
            (0, "symptom"), (5, "alert"), (8, "engaged"), (20, "mitigation"), (30, "recovery"),
            (34, "deployment"), (34, "engaged"), (35, "note"), (36, "evidence"), (37, "resolved"),
        )
    )  # fmt: skip
    after = [f.message.split(" comes")[0] for f in report.findings if f.check == "after recovery"]
    assert after == ["deployment at 17:34:00", "engaged at 17:34:00"]
