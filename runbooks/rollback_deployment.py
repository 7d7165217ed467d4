"""`Closeloop-RollbackDeployment`: roll back a CodeDeploy deployment or a Lambda alias, approved, every step logged."""

from typing import Any

from domain.documents import ROLLBACK_DEPLOYMENT, document_name
from generator.compiler.inline import script_source
from generator.document import Document, Parameter
from generator.document.steps.base import StepOutput
from generator.document.steps.execute_script import ExecuteScriptInputs, ExecuteScriptStep
from generator.iam.describe import permissions_markdown
from generator.iam.document_calls import document_actions
from runbooks import log_timeline_event
from runbooks.scripts import rollback
from runbooks.timeline_steps import (
    approvers_parameter,
    common_parameters,
    incident_parameter,
    notification_parameter,
    operator_step,
    record_step,
)

NAME = document_name(ROLLBACK_DEPLOYMENT)
# The documents it starts: they run with the same caller's permissions, so its permission list includes theirs.
CHILDREN = {log_timeline_event.NAME: log_timeline_event.build}
TARGET = {
    "DeploymentId": "{{ DeploymentId }}",
    "FunctionName": "{{ FunctionName }}",
    "AliasName": "{{ AliasName }}",
    "TargetVersion": "{{ TargetVersion }}",
}

DESCRIPTION = f"""\
# Roll back a deployment

A safeguard for the most common mitigation. Give **either** a CodeDeploy **DeploymentId** **or** a Lambda
**FunctionName** and **AliasName**. The runbook first works out what a rollback would do and says it in one
sentence; an approver approves that sentence; then it acts, but only if the situation is still the one
approved (nobody rolled back meanwhile, the deployment did not finish or fail meanwhile).

* CodeDeploy, deployment still running: it is stopped and CodeDeploy rolls back to the last good revision.
* CodeDeploy, deployment succeeded: the revision of the previous successful deployment is deployed again.
* Lambda alias: it is pointed at **TargetVersion**, or else the highest published version below its current one.

Every step (the request with its plan, the approval or rejection with the approver's comment, the result) goes
on the incident's timeline.

It runs with **your own permissions** unless you give **AutomationAssumeRole**: closeloop's Automation role
writes only to closeloop's own resources, and rolling back changes your deployments. A CodeDeploy rollback
needs the `codedeploy:` actions below on the deployment group, a Lambda one the `lambda:` actions on the
function; both need to start `{log_timeline_event.NAME}` (every step is logged through it, with your permissions too),
`dynamodb:PutItem` on the closeloop table and `ssm:GetAutomationExecution` on this run.
"""

APPROVE = """\
## Approve the rollback
Read the plan in the message. Approve to carry it out, with a comment saying why; reject to leave things as they are.
"""


def _script(
    name: str, handler: str, description: str, inputs: dict[str, str], output: str, **fields: Any
) -> ExecuteScriptStep:
    """A rollback script step; its `output` is the payload field of that name (Plan or Result)."""
    return ExecuteScriptStep(
        name=name,
        action="aws:executeScript",
        description=description,
        timeoutSeconds=120,
        inputs=ExecuteScriptInputs(
            Runtime="python3.11",
            Handler=handler,
            Script=script_source(rollback, handler),
            InputPayload={**TARGET, **inputs},
        ),
        outputs=[
            StepOutput(Name="Action", Selector="$.Payload.Action", Type="String"),
            StepOutput(Name=output, Selector=f"$.Payload.{output}", Type="String"),
        ],
        **fields,
    )


def build() -> Document:
    """The document, its description ending in the permissions its steps need (from the same analysis
    `closeloop build --check` proves the stack's grants with)."""
    document = _document()
    return document.model_copy(
        update={"description": DESCRIPTION + "\n" + permissions_markdown(document_actions(document, CHILDREN))}
    )


def _document() -> Document:
    optional = "(Optional, with {}) "
    return Document(
        schemaVersion="0.3",
        description=DESCRIPTION,
        assumeRole="{{ AutomationAssumeRole }}",
        parameters={
            "IncidentId": incident_parameter(),
            "Approvers": approvers_parameter("approve the rollback"),
            "NotificationTopic": notification_parameter(),
            "DeploymentId": Parameter(
                type="String",
                description="(Optional) The CodeDeploy deployment to roll back (d-XXXXXXXXX).",
                default="",
                allowedPattern=r"^$|^d-[A-Z0-9]{9}$",
            ),
            "FunctionName": Parameter(
                type="String",
                description=optional.format("AliasName") + "The Lambda function whose alias to roll back.",
                default="",
                allowedPattern=r"^$|^[a-zA-Z0-9:_-]{1,140}$",
            ),
            "AliasName": Parameter(
                type="String",
                description=optional.format("FunctionName") + "The alias to point back (e.g. live).",
                default="",
                allowedPattern=r"^$|^[a-zA-Z0-9_-]{1,128}$",
            ),
            "TargetVersion": Parameter(
                type="String",
                description="(Optional) The version the alias should point to; empty means the previous one.",
                default="",
                allowedPattern=r"^$|^[0-9]{1,10}$",
            ),
            **common_parameters(),
        },
        mainSteps=[
            _script("PlanRollback", "plan", "Works out what a rollback would do; changes nothing.", {}, output="Plan"),
            record_step("RecordPlan", "human_action", "Rollback requested; the plan: {{ PlanRollback.Plan }}."),
            operator_step(
                "ApproveRollback",
                APPROVE,
                "Roll back for {{ IncidentId }}? {{ PlanRollback.Plan }}.",
                "{{ Approvers }}",
                onFailure="step:RecordRejection",
                isCritical=False,
            ),
            record_step(
                "RecordApproval",
                "human_action",
                "Rollback approved: {{ PlanRollback.Plan }}.",
                operator_step="ApproveRollback",
            ),
            _script(
                "RollBack",
                "execute",
                "Carries out the approved plan, if it still holds.",
                {"ApprovedPlan": "{{ PlanRollback.Plan }}", "IncidentId": "{{ IncidentId }}"},
                output="Result",
                onFailure="step:RecordRollbackFailed",
            ),
            record_step("RecordRollback", "mitigation", "{{ RollBack.Result }}.", isEnd=True),
            record_step(
                "RecordRejection",
                "human_action",
                "Rollback not approved: {{ PlanRollback.Plan }}.",
                operator_step="ApproveRollback",
                pass_decisions=False,
                isEnd=True,
            ),
            record_step(
                "RecordRollbackFailed",
                "note",
                "Rollback approved but not carried out: see this execution's RollBack step.",
                isEnd=True,
            ),
        ],
        outputs=["PlanRollback.Plan", "RollBack.Result"],
    )
