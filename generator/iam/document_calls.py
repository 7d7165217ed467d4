"""The IAM actions an Automation document needs to run, step by step, read from the document itself.

Scripts are read as the document carries them (a packed script is unpacked first), so what is analysed is
what runs. `aws:executeAwsApi`, `aws:waitForAwsResourceProperty` and `aws:assertAwsResourceProperty` name
their API; `aws:executeAutomation` starts a document; an `aws:approve` with a `NotificationArn` publishes to it.
"""

from collections import defaultdict
from typing import Any

from generator.compiler.inline import InlineError, unpacked
from generator.document import Document
from generator.iam.calls import source_calls
from generator.iam.operations import iam_actions

API_ACTIONS = frozenset({"aws:executeAwsApi", "aws:waitForAwsResourceProperty", "aws:assertAwsResourceProperty"})


def script_text(script: str) -> str:
    try:
        return unpacked(script)
    except (InlineError, ValueError):
        return script


def step_actions(step: Any) -> set[str]:
    inputs = getattr(step, "inputs", None)
    if step.action == "aws:executeScript" and inputs is not None and inputs.Script:
        calls = source_calls(script_text(inputs.Script))
        return {action for call in calls for action in iam_actions(call.service, call.operation)}
    if step.action in API_ACTIONS and inputs is not None:
        return set(iam_actions(inputs.Service, inputs.Api))
    if step.action == "aws:executeAutomation":
        return {"ssm:StartAutomationExecution", "ssm:GetAutomationExecution"}
    if step.action == "aws:invokeLambdaFunction":
        return {"lambda:InvokeFunction"}
    if step.action == "aws:approve" and inputs is not None and getattr(inputs, "NotificationArn", None):
        return {"sns:Publish"}
    return set()


def document_actions(document: Document) -> dict[str, list[str]]:
    """IAM action -> the paths of the steps that need it."""
    needed: dict[str, list[str]] = defaultdict(list)
    for path, step in document.all_steps():
        for action in sorted(step_actions(step)):
            needed[action].append(f"{path} ({step.name})")
    return dict(sorted(needed.items()))
