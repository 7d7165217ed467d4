"""The alarm reaching the timeline as in an account: its state change (made by the failure's injection) is put
on the emulator's default bus as CloudWatch puts it (generator/emulator/alarm_events.py), the stack's
AlarmStateChanges rule delivers it to the deployed timeline function, which runs from its package in the
emulator's Lambda runtime with its role, on the drill's clock. The drill only waits for that delivery and reads
the timeline back: it calls no handler itself (the evidence run's manifest anchor arrives the same way, from
SSM's WriteManifest step event through the EvidenceManifestAnchors rule).

A member account's alarms take the organisation's way: the member stack's rule forwards the state change to
the central members' bus, keeping its account and region; the stack's MemberAlarmStateChanges rule there
delivers it to the same function, which reads the alarm's tag in the member through its timeline reader."""

from domain.timeline import Kind, TimelineEvent
from domain.timeline_store import TimelineStore
from generator.drill.inject import Injected
from generator.emulator import lambdas
from generator.simulator import ClientFactory

DELIVERY_SECONDS = 60.0


class AlarmNotRecorded(Exception):
    """The rule did not bring the alarm to the timeline; the message says what the timeline holds instead."""


def alarm_on_timeline(injected: Injected, clients: ClientFactory, table_name: str) -> TimelineEvent:
    """The alert the timeline function recorded for the injected alarm, once EventBridge's delivery is done."""
    if not lambdas.settle(DELIVERY_SECONDS):
        raise AlarmNotRecorded(f"EventBridge's deliveries did not finish within {DELIVERY_SECONDS:.0f} s")
    events = TimelineStore(clients.client("dynamodb"), table_name).events(injected.incident_id)
    for event in events:
        if event.kind is Kind.ALERT and event.source == injected.alarm_arn:
            return event
    failed = lambdas.invoke.QUEUE.failures[-3:]
    raise AlarmNotRecorded(
        f"no alert from {injected.alarm_arn} on {injected.incident_id}'s timeline "
        f"({len(events)} event(s); failed deliveries: {failed or 'none'})"
    )


def member_alarms_on_timeline(injected: Injected, clients: ClientFactory, table_name: str) -> list[TimelineEvent]:
    """The alert recorded for each member alarm of the injection, forwarded through the members' bus."""
    if not lambdas.settle(DELIVERY_SECONDS):
        raise AlarmNotRecorded(f"EventBridge's deliveries did not finish within {DELIVERY_SECONDS:.0f} s")
    events = TimelineStore(clients.client("dynamodb"), table_name).events(injected.incident_id)
    alerts = {event.source: event for event in events if event.kind is Kind.ALERT}
    missing = [arn for arn in injected.member_alarms if arn not in alerts]
    if missing:
        failed = lambdas.invoke.QUEUE.failures[-3:]
        raise AlarmNotRecorded(
            f"no alert from {', '.join(missing)} on {injected.incident_id}'s timeline "
            f"({len(events)} event(s); failed deliveries: {failed or 'none'})"
        )
    return [alerts[arn] for arn in injected.member_alarms]
