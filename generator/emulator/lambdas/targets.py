"""EventBridge rules that target a Lambda function deliver to it, as in AWS (moto 5.2.5 raises NotImplementedError).

A matching event goes to the function as an asynchronous invocation, shaped as EventBridge delivers it
(`time` in ISO-8601, none of moto's internal fields), after the target's InputTransformer if it has one.
EventBridge may invoke the function only when the function's resource policy allows
`events.amazonaws.com` `lambda:InvokeFunction` from this rule (`aws:SourceArn`) and account: without it AWS
fails the delivery, and the event goes to the target's dead-letter queue when it has one. A schedule rule
(no event pattern) delivers no bus event: its events come from its schedule, which the emulator never fires.
Other target kinds stay moto's.
"""

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from moto.awslambda.exceptions import UnknownFunctionException
from moto.events.models import Rule
from moto.events.utils import EventTemplateParser
from moto.utilities.arns import parse_arn

from generator.emulator.lambdas import invoke, policy

EVENTS = "events.amazonaws.com"
MOTO_ONLY_FIELDS = ("ingestion-time",)
_original: list[Callable[..., None]] = []


def delivered(event: dict[str, Any]) -> dict[str, Any]:
    """The event as EventBridge hands it to a target."""
    shaped = {k: v for k, v in event.items() if k not in MOTO_ONLY_FIELDS}
    moment = shaped.get("time")
    if isinstance(moment, int | float):
        shaped["time"] = datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return shaped


def _function(arn: str) -> Any:
    from moto.awslambda.utils import get_backend

    parts = parse_arn(arn)
    return get_backend(parts.account, parts.region).get_function(arn)


def _dead_letter(target: dict[str, Any], event: dict[str, Any], reason: str) -> None:
    queue = (target.get("DeadLetterConfig") or {}).get("Arn")
    if not queue:
        return
    from moto.sqs.models import sqs_backends

    parts = parse_arn(queue)
    attributes = {"ERROR_CODE": {"DataType": "String", "StringValue": "NO_PERMISSIONS"}}
    attributes["ERROR_MESSAGE"] = {"DataType": "String", "StringValue": reason}
    attributes["RULE_ARN"] = {"DataType": "String", "StringValue": target.get("_rule_arn", "")}
    attributes["TARGET_ARN"] = {"DataType": "String", "StringValue": target["Arn"]}
    sqs_backends[parts.account][parts.region].send_message(
        queue_name=parts.resource_id, message_body=json.dumps(event), message_attributes=attributes
    )


def deliver(rule: Rule, target: dict[str, Any], event: dict[str, Any]) -> None:
    try:
        function = _function(target["Arn"])
    except UnknownFunctionException:  # deleted since: the delivery fails, PutEvents does not
        _dead_letter(target | {"_rule_arn": rule.arn}, event, f"{target['Arn']} does not exist")
        return
    context = {"aws:SourceArn": rule.arn, "aws:SourceAccount": rule.account_id}
    if not policy.allowed(function, "lambda:InvokeFunction", EVENTS, context):
        reason = f"{EVENTS} is not allowed to invoke {function.function_arn} from {rule.arn} (resource policy)"
        _dead_letter(target | {"_rule_arn": rule.arn}, event, reason)
        return
    invoke.invoke_async(function, event)


def send_to_targets(self: Rule, original_event: dict[str, Any], transform_input: bool = True) -> None:
    lambdas = [t for t in self.targets if parse_arn(t["Arn"]).service == "lambda"]
    # A schedule rule has no pattern, which moto matches to every event; in AWS it matches none from the bus.
    patterned = self.event_pattern.dump() is not None
    matches = patterned and self.event_pattern.matches_event(original_event)  # type: ignore[arg-type]
    if lambdas and self.state == "ENABLED" and matches:
        for target in lambdas:
            event: Any = delivered(original_event)
            transformer = target.get("InputTransformer") if transform_input else None
            if transformer:
                event = EventTemplateParser.parse(
                    input_template=transformer.get("InputTemplate"),
                    input_paths_map=transformer.get("InputPathsMap", {}),
                    event=event,
                )
            elif target.get("Input"):
                event = json.loads(target["Input"])
            deliver(self, target, event)
    if len(lambdas) < len(self.targets):
        others = copy.copy(self)
        others.targets = [t for t in self.targets if t not in lambdas]
        _original[0](others, original_event, transform_input)


def install() -> None:
    if not _original:
        _original.append(Rule.send_to_targets)
        Rule.send_to_targets = send_to_targets  # type: ignore[method-assign,assignment]
