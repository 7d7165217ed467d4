"""`Closeloop-IncidentResponse`: triage, diagnose, mitigate, recover, each step logged as the operator does it.

The shape of AWS's `AWSIncidents-CriticalIncidentRunbookTemplate` (four manual phases with Markdown),
with two changes: each phase is an `aws:approve` rather than an `aws:pause`, because a Resume signal
carries no comment and GetAutomationExecution does not say who sent it, while an approval records the
approver's ARN, the time and a comment, which is exactly the operator's identity and notes. Each
approval is followed by a step that writes it to the incident's timeline; a rejection (or an approval that
timed out) leads to one step, shared by all four, that writes who refused which phase, when and why.
Evidence collection (`Closeloop-CollectEvidence`) can run first, while the system is still warm.
"""

from domain.documents import COLLECT_EVIDENCE, INCIDENT_RESPONSE, document_name
from generator.document import Document, Parameter
from generator.document.steps.branch import BranchInputs, BranchStep, Condition
from generator.document.steps.execute_automation import ExecuteAutomationInputs, ExecuteAutomationStep
from runbooks.open_incident import incident_fields, open_step, person_fields
from runbooks.timeline_steps import (
    approvers_parameter,
    common_parameters,
    incident_parameter,
    notification_parameter,
    operator_step,
    record_step,
)

NAME = document_name(INCIDENT_RESPONSE)
EVIDENCE_RUNBOOK = document_name(COLLECT_EVIDENCE)

DESCRIPTION = """\
# Incident response

Work the incident in four steps. Each step waits for you: when it is done, **approve** it and write in
the comment what you found or did. Your name, the time and your comment go on the incident's timeline,
so the postmortem starts from facts, not memory. **Reject** a step only to stop following this runbook: say
why in the comment; your name, the time and the comment go on the timeline too, and the run ends Failed.

1. **Triage**: how bad is it, who is affected, who else is needed
2. **Diagnose**: what changed, what the evidence says
3. **Mitigate**: stop the impact (roll back, fail over, scale out), even before the cause is known
4. **Recover**: confirm the system is back to normal

Set **CollectEvidence** to `true` to capture alarms, metrics, logs and recent changes first.

If the incident is not open yet (`Closeloop-OpenIncident`), give its **Title**, **IncidentClass**,
**Severity** and **Service** and this runbook opens it first; an open incident is left as it is. Without
them the first step fails and says so, and the response goes on.
"""

TRIAGE = """\
## Triage
* Confirm the impact: which customers, which functions, since when (check the alarm, the dashboards)
* Set the severity and tell the stakeholders
* Engage whoever else is needed

Approve with a comment: the impact and the severity.
"""

DIAGNOSE = """\
## Diagnose
* What changed recently: deployments, configuration, traffic, dependencies
* Read the evidence: alarms, metrics, logs and traces around the impact start
* Form a hypothesis you can test

Approve with a comment: what you think is wrong and why.
"""

MITIGATE = """\
## Mitigate
* Stop the impact first: roll back (`Closeloop-RollbackDeployment`), fail over, scale out, block bad traffic
* Watch the customer-facing metrics respond

Approve with a comment: what you did and when the impact stopped.
"""

RECOVER = """\
## Recover
* Confirm the alarms are OK and the metrics are back to their baseline
* Undo temporary measures that are no longer needed
* Name the postmortem owner

Approve with a comment: how you know the system is back to normal.
"""

# A rejected phase fails its step, so the run ends Failed (the rejection is on the timeline first).
REJECTED = {"onFailure": "step:RecordRejection"}
REJECTION = "{step} not approved; the response stopped following Closeloop-IncidentResponse there."


def build() -> Document:
    approvers = "{{ Responders }}"
    opening = {**incident_fields(required=False), **person_fields()}
    return Document(
        schemaVersion="0.3",
        description=DESCRIPTION,
        assumeRole="{{ AutomationAssumeRole }}",
        parameters={
            "IncidentId": incident_parameter(),
            "Responders": approvers_parameter("mark each step done"),
            "NotificationTopic": notification_parameter(),
            "CollectEvidence": Parameter(
                type="Boolean",
                description=f"(Optional) Run {EVIDENCE_RUNBOOK} before triage.",
                default=False,
            ),
            **opening,
            **common_parameters(),
        },
        mainSteps=[
            # Bookkeeping never blocks a response: a failure here shows in the console and the steps go on.
            open_step(
                "OpenIncident",
                ["IncidentId", *opening, "TableName"],
                required=False,
                onFailure="Continue",
                isCritical=False,
            ),
            record_step("RecordEngaged", "engaged", "Incident response started with Closeloop-IncidentResponse."),
            BranchStep(
                name="ChooseEvidence",
                action="aws:branch",
                description="Collects evidence first when CollectEvidence is true.",
                inputs=BranchInputs(
                    Choices=[
                        Condition(NextStep="CollectEvidence", Variable="{{ CollectEvidence }}", BooleanEquals=True)
                    ],
                    Default="Triage",
                ),
            ),
            ExecuteAutomationStep(
                name="CollectEvidence",
                action="aws:executeAutomation",
                description=f"Runs {EVIDENCE_RUNBOOK} for this incident; logged either way, the response goes on.",
                onFailure="step:RecordEvidence",
                isCritical=False,
                inputs=ExecuteAutomationInputs(
                    DocumentName=EVIDENCE_RUNBOOK,
                    # Values are lists of strings, as StartAutomationExecution takes them.
                    RuntimeParameters={
                        "IncidentId": ["{{ IncidentId }}"],
                        "TableName": ["{{ TableName }}"],
                        "AutomationAssumeRole": ["{{ AutomationAssumeRole }}"],
                    },
                ),
            ),
            # One logging step for either outcome: a failed child leaves no outputs to refer to.
            record_step(
                "RecordEvidence",
                "evidence",
                f"Evidence collection ({EVIDENCE_RUNBOOK}) was launched; its outcome is this execution's "
                "CollectEvidence step.",
            ),
            operator_step(
                "Triage", TRIAGE, "Triage done? Approve with the impact and severity.", approvers, **REJECTED
            ),
            record_step("RecordTriage", "human_action", "Triage done.", operator_step="Triage"),
            operator_step("Diagnose", DIAGNOSE, "Diagnosis done? Approve with what you found.", approvers, **REJECTED),
            record_step("RecordDiagnosis", "human_action", "Diagnosis done.", operator_step="Diagnose"),
            operator_step("Mitigate", MITIGATE, "Impact stopped? Approve with what you did.", approvers, **REJECTED),
            record_step("RecordMitigation", "mitigation", "Mitigation done.", operator_step="Mitigate"),
            operator_step("Recover", RECOVER, "Back to normal? Approve with how you know.", approvers, **REJECTED),
            record_step("RecordRecovery", "recovery", "Recovery confirmed.", operator_step="Recover", isEnd=True),
            # One step for every phase's rejection: it reads which phase it was from the execution.
            record_step("RecordRejection", "human_action", REJECTION, rejected=True, isEnd=True),
        ],
        # Each logging step's child outputs (Closeloop-LogTimelineEvent's event id, time, actor): who did each phase.
        outputs=[
            "RecordTriage.Output",
            "RecordDiagnosis.Output",
            "RecordMitigation.Output",
            "RecordRecovery.Output",
        ],
    )
