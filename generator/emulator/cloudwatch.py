"""CloudWatch DescribeAlarmHistory and GetMetricWidgetImage, answered from what moto records.

moto keeps, per alarm, the states it left (`Alarm.history`, appended by `set_alarm_state`) and the
state it is in; the state changes are read back from that sequence, shaped as CloudWatch writes them.
A widget image is a real PNG of the widget's metrics as moto holds their datapoints.
"""

import io
import itertools
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from moto.cloudwatch.exceptions import InvalidParameterValue, ResourceNotFoundException, ValidationError
from moto.core.responses import ActionResult

from generator.emulator import clock

MAX_RECORDS = 100
MAX_WIDGET_METRICS = 100


def alarm_history_items(alarm: Any, account_region: str) -> list[dict[str, Any]]:
    """Every history item of one alarm: its creation, then each state change, oldest first."""
    alarm_type = "CompositeAlarm" if alarm.rule is not None else "MetricAlarm"
    items = [
        {
            "AlarmName": alarm.name,
            "AlarmType": alarm_type,
            "Timestamp": alarm.configuration_updated_timestamp,
            "HistoryItemType": "ConfigurationUpdate",
            "HistorySummary": f'Alarm "{alarm.name}" created',
            "HistoryData": json.dumps({"version": "1.0", "type": "Create"}),
        }
    ]
    states = [(h[3], h[1], h[2], h[4]) for h in alarm.history if h[0] == "StateUpdate"]
    states.append((alarm.state_value, alarm.state_reason, alarm.state_reason_data, alarm.state_updated_timestamp))
    for (old, old_reason, _, _), (new, reason, reason_data, moment) in itertools.pairwise(states):
        new_state: dict[str, Any] = {"stateValue": new, "stateReason": reason}
        if reason_data and reason_data != "{}":
            new_state["stateReasonData"] = json.loads(reason_data)
        items.append(
            {
                "AlarmName": alarm.name,
                "AlarmType": alarm_type,
                "Timestamp": moment,
                "HistoryItemType": "StateUpdate",
                "HistorySummary": f"Alarm updated from {old} to {new}",
                "HistoryData": json.dumps(
                    {
                        "version": "1.0",
                        "oldState": {"stateValue": old, "stateReason": old_reason},
                        "newState": new_state,
                    }
                ),
            }
        )
    return items


def describe_alarm_history(self: Any) -> ActionResult:
    params = self._get_params()
    max_records = int(params.get("MaxRecords") or 50)
    if not 1 <= max_records <= MAX_RECORDS:
        raise InvalidParameterValue(f"MaxRecords {max_records} is not between 1 and {MAX_RECORDS}")
    name, kind = params.get("AlarmName"), params.get("HistoryItemType")
    types = params.get("AlarmTypes") or ["MetricAlarm"]
    start, end = _aware(params.get("StartDate")), _aware(params.get("EndDate"))
    items = [
        item
        for alarm in list(self.cloudwatch_backend.alarms.values())
        if name in (None, alarm.name)
        for item in alarm_history_items(alarm, self.region)
        if (kind is None or item["HistoryItemType"] == kind)
        and item["AlarmType"] in types
        and (start is None or _aware(item["Timestamp"]) >= start)
        and (end is None or _aware(item["Timestamp"]) <= end)
    ]
    descending = (params.get("ScanBy") or "TimestampDescending") == "TimestampDescending"
    items.sort(key=lambda item: (_aware(item["Timestamp"]), item["AlarmName"]), reverse=descending)
    offset = _offset(params.get("NextToken"))
    result: dict[str, Any] = {"AlarmHistoryItems": items[offset : offset + max_records]}
    if offset + max_records < len(items):
        result["NextToken"] = str(offset + max_records)
    return ActionResult(result)


def get_metric_widget_image(self: Any) -> ActionResult:
    params = self._get_params()
    try:
        widget = json.loads(params.get("MetricWidget") or "")
    except ValueError:
        raise ValidationError("The parameter MetricWidget must be a JSON object") from None
    metrics = widget.get("metrics") if isinstance(widget, dict) else None
    if not isinstance(metrics, list) or not metrics:
        raise ValidationError("The parameter MetricWidget.metrics must be a non-empty array")
    if len(metrics) > MAX_WIDGET_METRICS:
        raise ValidationError(f"The parameter MetricWidget.metrics has {len(metrics)} items, over {MAX_WIDGET_METRICS}")
    if (params.get("OutputFormat") or "png") != "png":
        raise ValidationError("Only the png OutputFormat is emulated")
    return ActionResult({"MetricWidgetImage": _png(self.cloudwatch_backend, widget)})


def _png(backend: Any, widget: dict[str, Any]) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    end = _relative(widget.get("end"), clock.now())
    start = _relative(widget.get("start"), end - timedelta(hours=3))
    figure, axes = pyplot.subplots(figsize=(widget.get("width", 600) / 100, widget.get("height", 300) / 100), dpi=100)
    for row in widget["metrics"]:
        names = [part for part in row if isinstance(part, str)]
        options = next((part for part in row if isinstance(part, dict)), {})
        if len(names) < 2:
            continue
        dimensions = [{"Name": k, "Value": v} for k, v in zip(names[2::2], names[3::2], strict=False)]
        stat = str(options.get("stat", "Average"))
        # moto keeps datapoint times naive (UTC).
        points = backend.get_metric_statistics(
            names[0],
            names[1],
            start.replace(tzinfo=None),
            end.replace(tzinfo=None),
            int(options.get("period", 60)),
            [stat],
            dimensions,
        )
        values = [float(point.get_statistics_for_type(stat) or 0) for point in points]
        axes.plot([point.timestamp for point in points], values, label=names[1])
    for line in (widget.get("annotations") or {}).get("horizontal", []):
        axes.axhline(float(line["value"] if isinstance(line, dict) else line), color="red", linestyle="--")
    axes.set_title(str(widget.get("title", "")))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    pyplot.close(figure)
    return buffer.getvalue()


def _relative(value: Any, default: datetime) -> datetime:
    if not value:
        return default
    text = str(value)
    if text.startswith("-P"):  # CloudWatch's relative form, e.g. -PT3H
        hours = float(text.removeprefix("-PT").removesuffix("H")) if text.endswith("H") else 3.0
        return clock.now() - timedelta(hours=hours)
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _aware(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _offset(token: Any) -> int:
    try:
        return max(0, int(token or 0))
    except ValueError:
        raise InvalidParameterValue(f"NextToken {token!r} is not one this emulator issued") from None


def list_tags_for_resource(self: Any) -> ActionResult:
    """As CloudWatch answers: an alarm ARN naming no alarm (deleted) is ResourceNotFoundException, where moto
    answers an empty tag list (FACTS.md)."""
    arn = self._get_param("ResourceARN")
    if ":alarm:" in arn and arn.rsplit(":alarm:", 1)[1] not in self.cloudwatch_backend.alarms:
        error = ResourceNotFoundException()
        error.message = "The specified resource does not exist."
        raise error
    tags = self.cloudwatch_backend.list_tags_for_resource(arn)
    return ActionResult({"Tags": [{"Key": k, "Value": v} for k, v in tags.items()]})
