"""CloudWatch puts a "CloudWatch Alarm State Change" event on the account's default bus whenever an alarm's
state changes (CloudWatch user guide, "Alarm events and EventBridge"); moto 5.2.5 puts none. After
`install()` every state change moto makes (SetAlarmState, its own evaluation) is put on the emulator's bus in
the shape AWS sends (tests/fixtures/events/cloudwatch_alarm_state_change_*.json), stamped with the emulator's
clock, so the stack's rules deliver it to their targets as in an account. A call that leaves the state as it
was emits nothing, as in AWS.
"""

import json
from datetime import datetime
from typing import Any

from moto.cloudwatch.models import Alarm

from generator.emulator import clock

DETAIL_TYPE = "CloudWatch Alarm State Change"
_original: list[Any] = []


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


def _state(value: str, reason: str, reason_data: str | None, moment: datetime) -> dict[str, Any]:
    state = {"reason": reason, "timestamp": _stamp(moment), "value": value}
    if reason_data and reason_data != "{}":
        state["reasonData"] = reason_data
    return state


def _metrics(alarm: Alarm) -> list[dict[str, Any]]:
    if not alarm.metric_name:
        return []
    dimensions = {d.name: d.value for d in alarm.dimensions}
    metric = {"dimensions": dimensions, "name": alarm.metric_name, "namespace": alarm.namespace}
    stat = {"metric": metric, "period": alarm.period, "stat": alarm.statistic or alarm.extended_statistic}
    return [{"id": f"{alarm.name}-m1", "metricStat": stat, "returnData": True}]


def state_change(alarm: Alarm, previous: dict[str, Any]) -> dict[str, Any]:
    """The PutEvents entry for the alarm's latest state change."""
    configuration: dict[str, Any] = {"metrics": _metrics(alarm)}
    if alarm.description:
        configuration["description"] = alarm.description
    moment = clock.now()
    detail = {
        "alarmName": alarm.name,
        "configuration": configuration,
        "previousState": previous,
        "state": _state(alarm.state_value, alarm.state_reason, alarm.state_reason_data, moment),
    }
    return {
        "Source": "aws.cloudwatch",
        "DetailType": DETAIL_TYPE,
        "Detail": json.dumps(detail),
        "Resources": [alarm.alarm_arn],
        "Time": moment.timestamp(),  # moto keeps an event's time as epoch seconds
    }


def update_state(self: Alarm, reason: str, reason_data: str, state_value: str) -> None:
    old = self.state_value
    previous = _state(old, self.state_reason, self.state_reason_data, self.state_updated_timestamp)
    _original[0](self, reason, reason_data, state_value)
    if state_value == old:
        return
    from moto.events.models import events_backends

    account = self.alarm_arn.split(":")[4]
    events_backends[account][self.region_name].put_events([state_change(self, previous)])


def install() -> None:
    if not _original:
        _original.append(Alarm.update_state)
        Alarm.update_state = update_state  # type: ignore[method-assign]
