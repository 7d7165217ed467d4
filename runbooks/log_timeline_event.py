"""`Closeloop-LogTimelineEvent`: an operator records what happened, from the console, in a few fields."""

from domain.documents import LOG_TIMELINE_EVENT, document_name
from domain.incident_id import INCIDENT_ID_PATTERN
from generator.compiler.inline import script_bundle
from generator.document import Document, Parameter
from generator.document.steps.base import StepOutput
from generator.document.steps.execute_script import ExecuteScriptInputs, ExecuteScriptStep
from runbooks.parameters import RUN_ID_PATTERN, common_parameters
from runbooks.scripts import timeline_event

NAME = document_name(LOG_TIMELINE_EVENT)
UTC_TIME_PATTERN = r"^$|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?Z$"

DESCRIPTION = """\
# Log a timeline event

Record one thing that happened during an incident on its timeline, so the postmortem does not have
to be reconstructed from memory:

* **symptom**: the first sign something was wrong (a customer report, an odd graph)
* **human_action**: something a person did (restarted a service, failed over, paged someone)
* **mitigation**: the action that stopped the impact
* **recovery**: the system is back to normal

Give **OccurredAt** when the event happened earlier than now (UTC, for example `2026-11-29T17:05:00Z`);
leave it empty for now. Running this twice with the same fields records the event once.
"""


def runbook_parameters() -> dict[str, Parameter]:
    """What a runbook that logs its steps through this one passes besides the event (runbooks/timeline_steps.py):
    its own run, so the event is about that run (its source, the approval it records, who started it), not
    about this child run, whose ExecutedBy is the runbook's role rather than the person."""
    return {
        "RunbookExecutionId": Parameter(
            type="String",
            description="(Optional) The runbook run this event is about, when a runbook logs through this one: "
            "its approvals and who started it are read from that run. Empty: this run.",
            default="",
            allowedPattern="^$|" + RUN_ID_PATTERN,
        ),
        "StepName": Parameter(
            type="String",
            description="(Optional) The approval step of that run this event records: its approver, decision time "
            "and comment become the event's actor, time and notes.",
            default="",
            allowedPattern=r"^$|^[A-Za-z0-9_]{1,128}$",
        ),
        "Decisions": Parameter(
            type="MapList",
            description="(Optional) That step's ApproverDecisions, when the runbook has them; else they are read "
            "from the run.",
            default=[],
        ),
        "Rejected": Parameter(
            type="Boolean",
            description="(Optional) Record the approval the run was last refused at; `{step}` in Text is its name.",
            default=False,
        ),
    }


def build() -> Document:
    return Document(
        schemaVersion="0.3",
        description=DESCRIPTION,
        assumeRole="{{ AutomationAssumeRole }}",
        parameters={
            "IncidentId": Parameter(
                type="String",
                description="(Required) The incident's id, as in the incident record (e.g. INC-2026-0042).",
                allowedPattern=INCIDENT_ID_PATTERN,
            ),
            "Kind": Parameter(
                type="String",
                description="(Required) What kind of event this is.",
                allowedValues=list(timeline_event.KINDS),
            ),
            "Text": Parameter(
                type="String",
                description="(Required) What happened, in a sentence.",
                displayType="textarea",
                minChars=3,
                maxChars=500,
            ),
            "OccurredAt": Parameter(
                type="String",
                description="(Optional) When it happened, ISO-8601 UTC. Empty means now.",
                default="",
                allowedPattern=UTC_TIME_PATTERN,
            ),
            "Source": Parameter(
                type="String",
                description="(Optional) Where the evidence is: a URL, an alarm ARN, a ticket. Empty means this run.",
                default="",
                maxChars=500,
            ),
            **runbook_parameters(),
            **common_parameters(),
        },
        mainSteps=[
            ExecuteScriptStep(
                name="RecordEvent",
                action="aws:executeScript",
                description="Writes the event to the timeline once, with the operator who ran this automation.",
                timeoutSeconds=60,
                onFailure="Abort",
                isEnd=True,
                inputs=ExecuteScriptInputs(
                    Runtime="python3.11",
                    Handler="handler",
                    Script=script_bundle(timeline_event),
                    InputPayload={
                        "IncidentId": "{{ IncidentId }}",
                        "Kind": "{{ Kind }}",
                        "Text": "{{ Text }}",
                        "OccurredAt": "{{ OccurredAt }}",
                        "Source": "{{ Source }}",
                        "TableName": "{{ TableName }}",
                        "ExecutionId": "{{ automation:EXECUTION_ID }}",
                        **{name: f"{{{{ {name} }}}}" for name in runbook_parameters()},
                    },
                ),
                outputs=[
                    StepOutput(Name="EventId", Selector="$.Payload.EventId", Type="String"),
                    StepOutput(Name="OccurredAt", Selector="$.Payload.OccurredAt", Type="String"),
                    StepOutput(Name="Actor", Selector="$.Payload.Actor", Type="String"),
                    StepOutput(Name="Created", Selector="$.Payload.Created", Type="Boolean"),
                ],
            )
        ],
        outputs=["RecordEvent.EventId", "RecordEvent.OccurredAt", "RecordEvent.Actor", "RecordEvent.Created"],
    )
