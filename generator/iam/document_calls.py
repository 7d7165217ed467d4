"""The IAM actions an Automation document needs to run, step by step, read from the document itself.

Scripts are read as the document carries them, so what is analysed is what runs. `aws:executeAwsApi`,
`aws:waitForAwsResourceProperty` and `aws:assertAwsResourceProperty` name
their API; `aws:executeAutomation` starts a document; an `aws:approve` with a `NotificationArn` publishes to it.
"""

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from generator.document import Document
from generator.iam.calls import source_calls
from generator.iam.operations import iam_actions

API_ACTIONS = frozenset({"aws:executeAwsApi", "aws:waitForAwsResourceProperty", "aws:assertAwsResourceProperty"})


Children = Mapping[str, Callable[[], Document]]


def step_actions(step: Any, children: Children | None = None) -> set[str]:
    """What a step needs; for `aws:executeAutomation` of a document in `children`, what that document needs too
    (a child runs as the parent's caller unless it is given a role: a caller-run runbook's list includes it)."""
    inputs = getattr(step, "inputs", None)
    if step.action == "aws:executeScript" and inputs is not None and inputs.Script:
        calls = source_calls(inputs.Script)
        return {action for call in calls for action in iam_actions(call.service, call.operation)}
    if step.action in API_ACTIONS and inputs is not None:
        return set(iam_actions(inputs.Service, inputs.Api))
    if step.action == "aws:executeAutomation":
        child = (children or {}).get(str(getattr(inputs, "DocumentName", "")))
        inherited = set(document_actions(child(), children)) if child is not None else set()
        return {"ssm:StartAutomationExecution", "ssm:GetAutomationExecution", *inherited}
    if step.action == "aws:invokeLambdaFunction":
        return {"lambda:InvokeFunction"}
    if step.action == "aws:approve" and inputs is not None and getattr(inputs, "NotificationArn", None):
        return {"sns:Publish"}
    return set()


def document_actions(document: Document, children: Children | None = None) -> dict[str, list[str]]:
    """IAM action -> the paths of the steps that need it (through the `children` it starts, when given)."""
    needed: dict[str, list[str]] = defaultdict(list)
    for path, step in document.all_steps():
        for action in sorted(step_actions(step, children)):
            needed[action].append(f"{path} ({step.name})")
    return dict(sorted(needed.items()))
