"""What the operator runbooks share: the parameters every one takes and the step that logs to the timeline.

Every logging step starts `Closeloop-LogTimelineEvent`, so an event logged by a runbook and one logged by hand
are the same shape, with the same content-derived id, written by the one copy of the script.
"""

from types import ModuleType
from typing import Any

from domain.incident_id import INCIDENT_ID_PATTERN
from generator.compiler.inline import script_bundle
from generator.document import Parameter
from generator.document.steps.approve import ApproveInputs, ApproveStep
from generator.document.steps.base import StepOutput
from generator.document.steps.execute_automation import ExecuteAutomationInputs, ExecuteAutomationStep
from generator.document.steps.execute_script import ExecuteScriptInputs, ExecuteScriptStep
from runbooks import log_timeline_event
from runbooks.parameters import NOTIFICATION_ARN
from runbooks.parameters import common_parameters as common_parameters
from runbooks.parameters import notification_parameter as notification_parameter

# A child run waits to be scheduled before its 60-second script runs.
RECORD_TIMEOUT = 120


def incident_parameter() -> Parameter:
    return Parameter(
        type="String",
        description="(Required) The incident's id, as in the incident record (e.g. INC-2026-0042).",
        allowedPattern=INCIDENT_ID_PATTERN,
    )


def approvers_parameter(who: str) -> Parameter:
    return Parameter(
        type="StringList",
        description=(
            f"(Required) Who may {who}: IAM user names or ARNs, role ARNs or group names (at most 10). "
            "Their approval, with its comment, is what the timeline records as done and by whom."
        ),
        minItems=1,
        maxItems=10,
    )


def operator_step(name: str, description: str, message: str, approvers: str, **fields: Any) -> ApproveStep:
    """A manual step: the operator approves it when done, and the comment they give becomes the notes."""
    return ApproveStep(
        name=name,
        action="aws:approve",
        description=description,
        inputs=ApproveInputs(
            Approvers=approvers, MinRequiredApprovals=1, Message=message, NotificationArn=NOTIFICATION_ARN
        ),
        **fields,
    )


def record_step(
    name: str,
    kind: str,
    text: str,
    *,
    operator_step: str | None = None,
    pass_decisions: bool = True,
    rejected: bool = False,
    **fields: Any,
) -> ExecuteAutomationStep:
    """A step that writes one timeline event by starting `Closeloop-LogTimelineEvent` (`aws:executeAutomation`);
    for an operator step, with who completed it and their notes.

    The child is told this run's id (`RunbookExecutionId`): the event's source, the approval it records and the
    person who started the run are read from this run, never from the child, whose ExecutedBy is the runbook's
    role. One copy of the logging script, in the child, instead of one per logging step: the runbooks stay well
    inside AWS's 64 KB and the script stays readable.
    `pass_decisions` hands the approval step's `ApproverDecisions` to the child; leave it off where that step
    may have failed (its outputs are then absent) and the script reads GetAutomationExecution instead.
    `rejected` makes it the step every approval's failure leads to: the script finds which approval failed
    (and who refused it, when, with what comment) with GetAutomationExecution; `{step}` in `text` is its name.
    """
    parameters: dict[str, Any] = {
        "IncidentId": "{{ IncidentId }}",
        "Kind": kind,
        "Text": text,
        "TableName": "{{ TableName }}",
        "RunbookExecutionId": "{{ automation:EXECUTION_ID }}",
        "AutomationAssumeRole": "{{ AutomationAssumeRole }}",
    }
    if rejected:
        parameters["Rejected"] = "true"
    if operator_step:
        parameters["StepName"] = operator_step
        if pass_decisions:
            parameters["Decisions"] = f"{{{{ {operator_step}.ApproverDecisions }}}}"
    return ExecuteAutomationStep(
        name=name,
        action="aws:executeAutomation",
        description=f"Logs a `{kind}` event on the incident's timeline ({log_timeline_event.NAME}).",
        timeoutSeconds=RECORD_TIMEOUT,
        inputs=ExecuteAutomationInputs(DocumentName=log_timeline_event.NAME, RuntimeParameters=parameters),
        **fields,
    )


def script_step(
    name: str, description: str, script: ModuleType, payload: dict[str, Any], outputs: dict[str, str], **fields: Any
) -> ExecuteScriptStep:
    """An `aws:executeScript` step running `script` (inlined at build time) whose outputs are its answer's fields.

    The script is inlined as it is written, comments and all, so the console shows the code that runs.
    """
    return ExecuteScriptStep(
        name=name,
        action="aws:executeScript",
        description=description,
        timeoutSeconds=60,
        inputs=ExecuteScriptInputs(
            Runtime="python3.11", Handler="handler", Script=script_bundle(script), InputPayload=payload
        ),
        outputs=[StepOutput(Name=key, Selector=f"$.Payload.{key}", Type=kind) for key, kind in outputs.items()],
        **fields,
    )
