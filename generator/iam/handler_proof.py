"""What a Lambda function's role needs: its handler's calls (handler_calls.py), what they touch (implied.py),
and what Lambda does with the role for the function's configuration in the template.

Lambda uses the execution role to write the function's logs (logs:CreateLogStream, logs:PutLogEvents), to
send a failed event to its dead-letter queue (sqs:SendMessage; an SSE-KMS queue also needs
kms:GenerateDataKey and kms:Decrypt, SQS developer guide "Key management"), and to decrypt an environment
encrypted with a customer managed key (kms:Decrypt; without it an invoke fails with KMSAccessDeniedException).
"""

from pathlib import Path
from typing import Any

from generator.iam.handler_calls import CODE_ROOT, handler_calls
from generator.iam.implied import with_implied
from generator.iam.operations import iam_actions
from generator.iam.proof import RoleNeeds
from generator.stack.function_names import names
from generator.stack.handler_specs import HandlerSpec


def configuration_needs(template: dict[str, Any], function: str) -> dict[str, str]:
    """Action -> why, for what Lambda does with the role of the template's function `function`."""
    resources = template["Resources"]
    properties = resources[function]["Properties"]
    needed: dict[str, str] = {}
    for action in ("logs:CreateLogStream", "logs:PutLogEvents"):
        needed[action] = f"Lambda writes {function}'s logs"
    queue = properties.get("DeadLetterConfig", {}).get("TargetArn")
    if queue:
        needed["sqs:SendMessage"] = f"Lambda sends {function}'s failed events to its dead-letter queue"
        queue_id = queue.get("Fn::GetAtt", [None])[0] if isinstance(queue, dict) else None
        if queue_id and "KmsMasterKeyId" in resources.get(queue_id, {}).get("Properties", {}):
            for action in ("kms:GenerateDataKey", "kms:Decrypt"):
                needed.setdefault(action, f"{function}'s dead-letter queue is SSE-KMS")
    if properties.get("KmsKeyArn"):
        needed.setdefault("kms:Decrypt", f"Lambda decrypts {function}'s environment with its customer managed key")
    return needed


def code_needs(spec: HandlerSpec, root: Path = CODE_ROOT) -> tuple[dict[str, str], tuple[str, ...]]:
    """(action -> where the code calls it, the library calls the analysis cannot follow)."""
    analysis = handler_calls(spec.module, "handler", root)
    needed: dict[str, str] = {}
    for call in analysis.calls:
        for action in iam_actions(call.service, call.operation):
            needed.setdefault(action, call.where)
    unseen = tuple(
        f"{u.name} ({u.where}) calls AWS with a client of its own, which the proof cannot follow: "
        "make a provider with the handler's client instead"
        for u in analysis.unfollowed
    )
    return needed, unseen


def handler_needs(spec: HandlerSpec, template: dict[str, Any], root: Path = CODE_ROOT) -> RoleNeeds:
    """What the role of `spec`'s function needs, for its code (read under `root`) and the template's configuration."""
    calls, unseen = code_needs(spec, root)
    needed = with_implied(calls)
    for action, why in configuration_needs(template, names(spec)["function"]).items():
        needed.setdefault(action, why)
    return RoleNeeds(names(spec)["role"], needed, unseen)
