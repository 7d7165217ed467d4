"""`Closeloop-CollectEvidence-Timeline`: the timeline events one collection run's evidence gives, as a child.

CollectEvidence's last step starts it (`aws:executeAutomation`) with the run's own id once the manifest is
written; it reads that run's manifest and nothing else. Its script (runbooks/scripts/evidence/timeline.py,
with the event items it shares with LogTimelineEvent) is a document of its own, as each source's is, so the
console shows it as it is written and CollectEvidence keeps a quarter of AWS's 64 KB free.
"""

from typing import Any

from domain.documents import COLLECT_EVIDENCE, document_name
from generator.compiler.inline import script_bundle
from generator.document import Document, Parameter
from generator.document.steps.base import StepOutput
from generator.document.steps.execute_script import ExecuteScriptInputs, ExecuteScriptStep
from runbooks.evidence_sources import SCRIPT_TIMEOUT, evidence_bucket_parameter, incident_parameter, run_parameter
from runbooks.parameters import common_parameters
from runbooks.scripts.evidence import timeline

PARENT = document_name(COLLECT_EVIDENCE)
BASE = f"{COLLECT_EVIDENCE}-Timeline"  # the family of the sources' children (collect_evidence.py `child_base`)
NAME = document_name(BASE)
STEP = "DeriveTimeline"  # the step's name, in the parent and in the child
DESCRIPTION = "Adds the first alert, each deployment and the first human action after it to the timeline, once."
OUTPUTS = [
    ("Events", "Integer"),
    ("Created", "Integer"),
    ("FirstAlert", "String"),
    ("FirstHumanAction", "String"),
]
# What the parent passes: the run it is part of, where its evidence is and the table the timeline is in.
PASSED = ("IncidentId", "EvidenceBucket", "TableName", "AutomationAssumeRole")


def parameters() -> dict[str, Parameter]:
    return {
        "IncidentId": incident_parameter(),
        "ExecutionId": run_parameter(
            f"(Required) The {PARENT} run whose evidence the events come from (its execution id): its manifest "
            "is read, the artefacts checked against their SHA-256 first."
        ),
        "EvidenceBucket": evidence_bucket_parameter(),
        **common_parameters(),
    }


def runtime_parameters() -> dict[str, Any]:
    """What the parent passes: its own values, and its own run's id."""
    return {name: f"{{{{ {name} }}}}" for name in PASSED} | {"ExecutionId": "{{ automation:EXECUTION_ID }}"}


def build() -> Document:
    payload = {name: f"{{{{ {name} }}}}" for name in ("IncidentId", "ExecutionId", "EvidenceBucket", "TableName")}
    step = ExecuteScriptStep(
        name=STEP,
        action="aws:executeScript",
        description=DESCRIPTION,
        timeoutSeconds=SCRIPT_TIMEOUT,
        onFailure="Abort",
        isEnd=True,
        inputs=ExecuteScriptInputs(
            Runtime="python3.11", Handler="handler", Script=script_bundle(timeline), InputPayload=payload
        ),
        outputs=[StepOutput(Name=key, Selector=f"$.Payload.{key}", Type=kind) for key, kind in OUTPUTS],
    )
    return Document(
        schemaVersion="0.3",
        description=f"# {PARENT}: Timeline\n\n{DESCRIPTION}\n\nThe last step of {PARENT}, which starts it with "
        "its own run once the manifest is written. Events come from the artefacts the manifest lists, each "
        "checked against its SHA-256; a second run of the same evidence adds nothing.\n",
        assumeRole="{{ AutomationAssumeRole }}",
        parameters=parameters(),
        mainSteps=[step],
        outputs=[f"{STEP}.{key}" for key, _ in OUTPUTS],
    )
