"""`Closeloop-CollectEvidence`: capture an incident's evidence while the system is still warm.

One step per evidence source, so the console shows each source's progress; every source step ends
with a record even when its source fails (the gap is in the manifest), then the manifest and the
timeline events derived from the evidence. The step scripts are `runbooks/scripts/evidence/`, packed
(`generator.compiler.inline.packed_script`) so that ten steps' code fits the 64 KB document limit.
"""

from types import ModuleType
from typing import Any

from domain.documents import COLLECT_EVIDENCE, document_name
from domain.incident_id import INCIDENT_ID_PATTERN
from generator.compiler.inline import packed_script
from generator.document import Document, Parameter
from generator.document.steps import Step
from generator.document.steps.base import StepOutput
from generator.document.steps.execute_script import ExecuteScriptInputs, ExecuteScriptStep
from runbooks.log_timeline_event import UTC_TIME_PATTERN
from runbooks.parameters import common_parameters
from runbooks.scripts.evidence import (
    alarms,
    deployments,
    logs,
    manifest,
    manual_actions,
    metrics,
    snapshots,
    timeline,
    traces,
    window,
)

NAME = document_name(COLLECT_EVIDENCE)

DESCRIPTION = """\
# Collect incident evidence

Run this **while the incident is still warm**: alarm history, logs and traces age out, and the
postmortem needs them. Everything lands in the evidence bucket under
`incidents/<IncidentId>/evidence/<source>/`, with a `manifest.json` listing each file's SHA-256
(check it later with `closeloop evidence verify --incident <IncidentId>`).

1. **IncidentId** is the only required field.
2. Leave **WindowStart** empty to start 30 minutes before the first alarm of the last day (matching
   **AlarmNamePrefix**); leave **WindowEnd** empty for now. Times are UTC, e.g. `2026-11-29T17:05:00Z`.
3. Name what to look at: log groups, Lambda functions, ECS services (`cluster/service`), CodeDeploy
   deployment groups (`application/group`), pipelines, stacks. Empty lists are skipped.

Each source is its own step. A source that fails or is throttled is recorded as a **gap** in the
manifest; the others still collect. The last step adds the first alert, each deployment and the first
human action after the alert to the incident timeline; running this again adds nothing twice.
"""

LIST_SELECTORS = {
    "LogGroups": "CloudWatch Logs groups to query for errors and sample.",
    "Functions": "Lambda function names: versions, aliases and key metrics.",
    "Services": "ECS services as cluster/service: deployments and key metrics.",
    "DeploymentGroups": "CodeDeploy deployment groups as application/group.",
    "Pipelines": "CodePipeline pipeline names.",
    "Stacks": "CloudFormation stack names.",
}
WINDOW = {"WindowStart": "{{ ResolveWindow.WindowStart }}", "WindowEnd": "{{ ResolveWindow.WindowEnd }}"}
RUN = {
    "IncidentId": "{{ IncidentId }}",
    "EvidenceBucket": "{{ EvidenceBucket }}",
    "ExecutionId": "{{ automation:EXECUTION_ID }}",
}
# Per source: the step, what it does, its module, and the parameters it reads besides the window.
SOURCES: list[tuple[str, str, ModuleType, list[str]]] = [
    ("CollectAlarms", "Alarm state changes in the window and the alarms' definitions.", alarms, ["AlarmNamePrefix"]),
    (
        "CollectDeployments",
        "Deployment markers with commit ids: CodeDeploy, CodePipeline, CloudFormation, ECS, Lambda.",
        deployments,
        ["DeploymentGroups", "Pipelines", "Stacks", "Services", "Functions"],
    ),
    (
        "CollectLogs",
        "Logs Insights errors over the log groups, and a bounded raw sample.",
        logs,
        ["LogGroups", "LogSampleLimit"],
    ),
    (
        "CollectTraces",
        "X-Ray summaries (faults, errors, throttles) and the slowest traces in full.",
        traces,
        ["TraceFilter"],
    ),
    (
        "CollectMetrics",
        "The alarms' metrics and the services' key metrics around the window (GetMetricData).",
        metrics,
        ["AlarmNamePrefix", "Functions", "Services"],
    ),
    (
        "CollectSnapshots",
        "A PNG graph of each alarm that changed state, as operators saw it.",
        snapshots,
        ["AlarmNamePrefix"],
    ),
    (
        "CollectManualActions",
        "Write calls by people (CloudTrail) and Automation runs in the window.",
        manual_actions,
        [],
    ),
]


def parameters() -> dict[str, Parameter]:
    found = {
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
        "AlarmNamePrefix": Parameter(
            type="String", description="(Optional) Only alarms whose names start with this.", default="", maxChars=255
        ),
    }
    for name, text in LIST_SELECTORS.items():
        found[name] = Parameter(type="StringList", description=f"(Optional) {text}", default=[], maxItems=50)
    found |= {
        "TraceFilter": Parameter(
            type="String", description="(Optional) An X-Ray filter expression.", default="", maxChars=500
        ),
        "LogSampleLimit": Parameter(
            type="Integer", description="(Optional) Raw log events to keep, across the groups.", default=10000
        ),
        "EvidenceBucket": Parameter(
            type="String",
            description="(Optional) The evidence bucket (Object Lock on); the stack sets its name.",
            default="closeloop-evidence",
            allowedPattern=r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
        ),
        **common_parameters(),
    }
    return found


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
            Script=packed_script(module),
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


def build() -> Document:
    source_outputs = [("Status", "String"), ("Calls", "Integer"), ("Artefacts", "Integer"), ("Gap", "String")]
    steps: list[Step] = [
        script_step(
            "ResolveWindow",
            "Works out the window: as given, or from 30 minutes before the first alarm up to now.",
            window,
            {
                "WindowStart": "{{ WindowStart }}",
                "WindowEnd": "{{ WindowEnd }}",
                "AlarmNamePrefix": "{{ AlarmNamePrefix }}",
            },
            [("WindowStart", "String"), ("WindowEnd", "String"), ("Basis", "String")],
            onFailure="Abort",
        )
    ]
    for name, description, module, selectors in SOURCES:
        payload = RUN | WINDOW | {selector: f"{{{{ {selector} }}}}" for selector in selectors}
        # A source step that fails still leaves the others to run; the manifest records it as missing.
        steps.append(script_step(name, description, module, payload, source_outputs, onFailure="Continue"))
    steps.append(
        script_step(
            "WriteManifest",
            "Writes manifest.json: every artefact's key, size and SHA-256, and each source's status, calls and gaps.",
            manifest,
            RUN | WINDOW,
            MANIFEST_OUTPUTS,
            onFailure="Abort",
        )
    )
    steps.append(
        script_step(
            "DeriveTimeline",
            "Adds the first alert, each deployment and the first human action after it to the timeline, once.",
            timeline,
            {
                "IncidentId": "{{ IncidentId }}",
                "EvidenceBucket": "{{ EvidenceBucket }}",
                "TableName": "{{ TableName }}",
            },
            [("Events", "Integer"), ("Created", "Integer"), ("FirstAlert", "String"), ("FirstHumanAction", "String")],
            onFailure="Abort",
            isEnd=True,
        )
    )
    outputs = [f"{name}.Status" for name, *_ in SOURCES]
    outputs += [
        "ResolveWindow.WindowStart",
        "ResolveWindow.WindowEnd",
        "WriteManifest.ManifestKey",
        "WriteManifest.ManifestSha256",
        "WriteManifest.ManifestVersionId",
        "WriteManifest.Artefacts",
    ]
    outputs += ["WriteManifest.Gaps", "DeriveTimeline.Events", "DeriveTimeline.FirstAlert"]
    return Document(
        schemaVersion="0.3",
        description=DESCRIPTION,
        assumeRole="{{ AutomationAssumeRole }}",
        parameters=parameters(),
        mainSteps=steps,
        outputs=outputs,
    )
