"""EventBridge bus-to-bus delivery as AWS does it: the event arrives whole.

A rule whose target is an event bus (in another account or region: the member stack's forwarding) passes
the event on as it is: AWS keeps its `id`, `time`, `resources`, and the `account` and `region` it happened
in, which is how the central timeline tells where an event came from. moto re-puts it instead, as a new
event of the receiving account and region without its resources (the alarm's ARN). Here the receiving
bus's rules get the original event; the rule's other targets go to moto's (or an earlier correction's)
delivery.

moto also leaves `account` out of the event every target receives (its default input template); AWS's
events always carry it, so the template is given it back.
"""

import copy
from typing import Any

from moto.events.models import Rule, events_backends
from moto.events.utils import EventTemplateParser
from moto.utilities.arns import parse_arn

_original: list[Any] = []


def _is_bus(arn: str) -> bool:
    parts = parse_arn(arn)
    return bool(parts.service == "events" and parts.resource_type == "event-bus")


def forward(target_arn: str, event: dict[str, Any]) -> None:
    parts = parse_arn(target_arn)
    backend = events_backends[parts.account][parts.region]
    bus = backend.event_buses.get(parts.resource_id)
    if bus is None:  # AWS retries and then dead-letters; nothing arrives
        return
    for rule in list(bus.rules.values()):
        rule.send_to_targets(copy.deepcopy(event))  # type: ignore[arg-type]


def send_to_targets(self: Rule, original_event: dict[str, Any], transform_input: bool = True) -> None:
    buses = [t for t in self.targets if _is_bus(t["Arn"])]
    if buses and self.state == "ENABLED" and self.event_pattern.matches_event(original_event):  # type: ignore[arg-type]
        for target in buses:
            forward(target["Arn"], original_event)
    if len(buses) < len(self.targets):
        others = copy.copy(self)
        others.targets = [t for t in self.targets if t not in buses]
        _original[0](others, original_event, transform_input)


def install() -> None:
    template = EventTemplateParser.DEFAULT_EVENT_INPUT_TEMPLATE
    if '"account"' not in template:
        EventTemplateParser.DEFAULT_EVENT_INPUT_TEMPLATE = template.replace(
            '"version": "0",', '"version": "0", "account": "<account>",'
        )
    if not _original:
        _original.append(Rule.send_to_targets)
        Rule.send_to_targets = send_to_targets  # type: ignore[method-assign,assignment]
