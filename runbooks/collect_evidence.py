"""`Closeloop-CollectEvidence`: capture an incident's evidence while the system is still warm.

One step per evidence source, so the console shows each source's progress. Each source is a child document
(`runbooks/evidence_sources.py`, started with `aws:executeAutomation`) with its collector inlined as it is
written in `runbooks/scripts/evidence/`, so an operator reads in the console what runs in their account, and
every document keeps a quarter of AWS's 64 KB limit free. Every source ends with a record under this run's
id even when its source fails (the gap is in the manifest); then the manifest, and the timeline events
derived from the evidence (a child document too, `runbooks/evidence_timeline.py`).
"""

from collections.abc import Callable
from types import ModuleType
from typing import Any

from domain.documents import COLLECT_EVIDENCE, document_name
from domain.incident_id import INCIDENT_ID_PATTERN
from generator.compiler.inline import script_bundle
from generator.document import Document, Parameter
from generator.document.steps import Step
from generator.document.steps.base import StepOutput
from generator.document.steps.execute_automation import ExecuteAutomationInputs, ExecuteAutomationStep
from generator.document.steps.execute_script import ExecuteScriptInputs, ExecuteScriptStep
from runbooks import evidence_timeline
from runbooks.evidence_sources import (
    SOURCES,
    EvidenceSource,
    build_source,
    evidence_bucket_parameter,
    runtime_parameters,
    selector_parameters,
    target_parameters,
)
from runbooks.log_timeline_event import UTC_TIME_PATTERN
from runbooks.parameters import common_parameters
from runbooks.scripts.evidence import manifest, window
from runbooks.scripts.evidence.targets import SELECTORS

NAME = document_name(COLLECT_EVIDENCE)

DESCRIPTION = f"""\
# Collect incident evidence

Run this **while the incident is still warm**: alarm history, logs and traces age out, and the
postmortem needs them. Everything lands in the evidence bucket under
`incidents/<IncidentId>/evidence/<ExecutionId>/<account>/<region>/<source>/`, with one `manifest.json`
listing each file's SHA-256 (check it later with `closeloop evidence verify --incident <IncidentId>`).

1. **IncidentId** is the only required field.
2. Leave **WindowStart** empty to start 30 minutes before the first alarm of the last day in any target
   (matching **AlarmNamePrefix**); leave **WindowEnd** empty for now. Times are UTC, e.g. `2026-11-29T17:05:00Z`.
3. Name what to look at: log groups, Lambda functions, ECS services (`cluster/service`), CodeDeploy
   deployment groups (`application/group`), pipelines, stacks. Empty lists are skipped. An ARN is read in
   its account and region; **Targets** adds more (`210987654321/eu-west-1`), read at once through
   **EvidenceReaderRole**. One that cannot be reached is a gap.

Each source is its own step, which runs the source's own runbook (`{NAME}-<Source>`; open
it to read the code that runs). One that fails is a **gap** in the manifest, the others still collect.
The last step adds the first alert, deployments and people's actions to the timeline, once
(`{evidence_timeline.NAME}`).
"""

RUN = {
    "IncidentId": "{{ IncidentId }}",
    "EvidenceBucket": "{{ EvidenceBucket }}",
    "ExecutionId": "{{ automation:EXECUTION_ID }}",
}
WINDOW = {"WindowStart": "{{ ResolveWindow.WindowStart }}", "WindowEnd": "{{ ResolveWindow.WindowEnd }}"}
# A child's script may take aws:executeScript's 600 s; the step also waits for the child to be scheduled.
CHILD_TIMEOUT = 900


def source_document(source: EvidenceSource) -> str:
    """The name of a source's child document (`<prefix>CollectEvidence-<Source>`): the one place it is made."""
    return document_name(source_base(source))


def source_base(source: EvidenceSource) -> str:
    """A child document's base (domain/documents.py): this runbook's, with the source's suffix."""
    return f"{COLLECT_EVIDENCE}-{source.suffix}"


def _source_builder(source: EvidenceSource) -> Callable[[], Document]:
    def build_source_document() -> Document:
        return build_source(source, NAME)

    return build_source_document


# Every source's child document by name; with the timeline's, every child, for the catalogue (the stack
# deploys them beside this one).
SOURCE_DOCUMENTS: dict[str, Callable[[], Document]] = {source_document(s): _source_builder(s) for s in SOURCES}
CHILD_DOCUMENTS = SOURCE_DOCUMENTS | {evidence_timeline.NAME: evidence_timeline.build}


def parameters() -> dict[str, Parameter]:
    return {
        "IncidentId": Parameter(
            type="String",
            description="(Required) The incident's id, e.g. INC-2026-0042.",
            allowedPattern=INCIDENT_ID_PATTERN,
        ),
        "WindowStart": Parameter(
            type="String",
            description="(Optional) Start of the failure window, ISO-8601 UTC. Empty: 30 min before the first alarm.",
            default="",
            allowedPattern=UTC_TIME_PATTERN,
        ),
        "WindowEnd": Parameter(
            type="String",
            description="(Optional) End of the window, ISO-8601 UTC. Empty: now.",
            default="",
            allowedPattern=UTC_TIME_PATTERN,
        ),
        **selector_parameters(),
        **target_parameters(),
        "EvidenceBucket": evidence_bucket_parameter(),
        **common_parameters(),
    }


def script_step(
    name: str,
    description: str,
    module: ModuleType,
    payload: dict[str, Any],
    outputs: list[tuple[str, str]],
    **extra: Any,
) -> ExecuteScriptStep:
    return ExecuteScriptStep(
        name=name,
        action="aws:executeScript",
        description=description,
        timeoutSeconds=600,
        inputs=ExecuteScriptInputs(
            Runtime="python3.11",
            Handler="handler",
            Script=script_bundle(module),
            InputPayload=payload,
        ),
        outputs=[StepOutput(Name=key, Selector=f"$.Payload.{key}", Type=kind) for key, kind in outputs],
        **extra,
    )


MANIFEST_OUTPUTS = [
    ("ManifestKey", "String"),
    ("ManifestSha256", "String"),  # with the version id: the anchor `closeloop evidence verify` checks against
    ("ManifestVersionId", "String"),
    ("Artefacts", "Integer"),
    ("Statuses", "String"),
    ("Gaps", "String"),
]


def child_step(
    name: str, description: str, document: str, passed: dict[str, Any], **extra: Any
) -> ExecuteAutomationStep:
    """A step that runs one of this runbook's child documents, with what it passes and this run's role."""
    return ExecuteAutomationStep(
        name=name,
        action="aws:executeAutomation",
        description=f"{description} Runs {document}.",
        timeoutSeconds=CHILD_TIMEOUT,
        inputs=ExecuteAutomationInputs(DocumentName=document, RuntimeParameters=passed),
        **extra,
    )


def source_step(source: EvidenceSource) -> ExecuteAutomationStep:
    """A source's step: its child document, with this run's id, window and selectors, and this run's role.

    A child that fails (it timed out, or its role was refused) fails only its step: the manifest lists the
    source as missing, and the others still collect.
    """
    passed = runtime_parameters(source)
    return child_step(source.step, source.description, source_document(source), passed, onFailure="Continue")


def timeline_step() -> ExecuteAutomationStep:
    """The last step: the timeline events of this run's evidence, in their child document, once the manifest
    is written. Its outputs (events, the first alert) are the step's `Output`."""
    timeline = evidence_timeline
    passed = timeline.runtime_parameters()
    return child_step(timeline.STEP, timeline.DESCRIPTION, timeline.NAME, passed, onFailure="Abort", isEnd=True)


def build() -> Document:
    steps: list[Step] = [
        script_step(
            "ResolveWindow",
            "Works out the window (as given, or from 30 minutes before the first alarm) and the run's targets.",
            window,
            {
                "WindowStart": "{{ WindowStart }}",
                "WindowEnd": "{{ WindowEnd }}",
                "AlarmNamePrefix": "{{ AlarmNamePrefix }}",
                "Targets": "{{ Targets }}",
                "EvidenceReaderRole": "{{ EvidenceReaderRole }}",  # the first alarm is read in every target
                **{name: f"{{{{ {name} }}}}" for name in SELECTORS},
            },
            [
                ("WindowStart", "String"),
                ("WindowEnd", "String"),
                ("Basis", "String"),
                ("Home", "String"),
                ("Targets", "StringList"),
            ],
            onFailure="Abort",
        )
    ]
    steps += [source_step(source) for source in SOURCES]
    steps.append(
        script_step(
            "WriteManifest",
            "Writes manifest.json: every artefact's key, size and SHA-256, and each source's status, calls and gaps.",
            manifest,
            RUN | WINDOW | {"Home": "{{ ResolveWindow.Home }}", "Targets": "{{ ResolveWindow.Targets }}"},
            MANIFEST_OUTPUTS,
            onFailure="Abort",
        )
    )
    steps.append(timeline_step())
    outputs = [
        "ResolveWindow.WindowStart",
        "ResolveWindow.WindowEnd",
        "ResolveWindow.Targets",
        "WriteManifest.ManifestKey",
        "WriteManifest.ManifestSha256",
        "WriteManifest.ManifestVersionId",
        "WriteManifest.Artefacts",
    ]
    outputs += ["WriteManifest.Statuses", "WriteManifest.Gaps", f"{evidence_timeline.STEP}.Output"]
    return Document(
        schemaVersion="0.3",
        description=DESCRIPTION,
        assumeRole="{{ AutomationAssumeRole }}",
        parameters=parameters(),
        mainSteps=steps,
        outputs=outputs,
    )
