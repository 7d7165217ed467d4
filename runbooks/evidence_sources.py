"""The evidence sources of a collection, each a document of its own with one readable script.

`Closeloop-CollectEvidence` starts one child document per source (`aws:executeAutomation`), so each source's
code is in the console as it is in `runbooks/scripts/evidence/`, comments and all, and no document comes near
AWS's 64 KB content limit. A child writes its record and files under the run id it is given (the parent's
execution id), so the parent's manifest step finds them; run on its own it still needs that id.
"""

from dataclasses import dataclass
from types import ModuleType
from typing import Any

from domain.incident_id import INCIDENT_ID_PATTERN
from generator.compiler.inline import script_bundle
from generator.document import Document, Parameter
from generator.document.steps.base import StepOutput
from generator.document.steps.execute_script import ExecuteScriptInputs, ExecuteScriptStep
from runbooks.log_timeline_event import UTC_TIME_PATTERN
from runbooks.parameters import RUN_ID_PATTERN, common_parameters
from runbooks.scripts.evidence import alarms, deployments, logs, manual_actions, metrics, snapshots, traces
from runbooks.scripts.evidence.sessions import DEFAULT_READER_ROLE

# A window end as ResolveWindow gives it: never empty in a child.
GIVEN_TIME_PATTERN = UTC_TIME_PATTERN.removeprefix("^$|")
# What every source step answers (runbooks/scripts/evidence/source.py `run_source`).
SOURCE_OUTPUTS = [("Status", "String"), ("Calls", "Integer"), ("Artefacts", "Integer"), ("Gap", "String")]
SCRIPT_TIMEOUT = 600  # aws:executeScript's most; a source stops itself earlier and records how far it got


@dataclass(frozen=True)
class EvidenceSource:
    step: str  # the step's name, in the parent and in the child
    suffix: str  # what the child document's name adds to the parent's
    description: str
    module: ModuleType
    selectors: tuple[str, ...]  # the run's parameters it reads besides the window


SOURCES: tuple[EvidenceSource, ...] = (
    EvidenceSource(
        "CollectAlarms",
        "Alarms",
        "Alarm state changes in the window and the alarms' definitions.",
        alarms,
        ("AlarmNamePrefix",),
    ),
    EvidenceSource(
        "CollectDeployments",
        "Deployments",
        "Deployment markers with commit ids: CodeDeploy, CodePipeline, CloudFormation, ECS, Lambda.",
        deployments,
        ("DeploymentGroups", "Pipelines", "Stacks", "Services", "Functions"),
    ),
    EvidenceSource(
        "CollectLogs",
        "Logs",
        "Logs Insights errors over the log groups, and a bounded raw sample.",
        logs,
        ("LogGroups", "LogSampleLimit"),
    ),
    EvidenceSource(
        "CollectTraces",
        "Traces",
        "X-Ray summaries (faults, errors, throttles) and the slowest traces in full.",
        traces,
        ("TraceFilter",),
    ),
    EvidenceSource(
        "CollectMetrics",
        "Metrics",
        "The alarms' metrics and the services' key metrics around the window (GetMetricData).",
        metrics,
        ("AlarmNamePrefix", "Functions", "Services"),
    ),
    EvidenceSource(
        "CollectSnapshots",
        "Snapshots",
        "A PNG graph of each alarm that changed state, as operators saw it.",
        snapshots,
        ("AlarmNamePrefix",),
    ),
    EvidenceSource(
        "CollectManualActions",
        "ManualActions",
        "Write calls by people (CloudTrail) and Automation runs in the window.",
        manual_actions,
        (),
    ),
)

LIST_SELECTORS = {
    "LogGroups": "CloudWatch Logs groups to query for errors and sample.",
    "Functions": "Lambda function names: versions, aliases and key metrics.",
    "Services": "ECS services as cluster/service: deployments and key metrics.",
    "DeploymentGroups": "CodeDeploy deployment groups as application/group.",
    "Pipelines": "CodePipeline pipeline names.",
    "Stacks": "CloudFormation stack names.",
}


# An account/region target (runbooks/scripts/evidence/targets.py `parse_target` says the same in one line).
TARGET_PATTERN = r"^\d{12}[/:][a-z]{2}(-[a-z]+)+-\d{1,2}$"
# IAM role names: 1-64 of these characters.
ROLE_NAME_PATTERN = r"^[\w+=,.@-]{1,64}$"
# What every source of a run reads besides its selectors: the run's home and targets (ResolveWindow fixes
# them once) and the role other targets are read through (docs/evidence-across-accounts.md).
TARGET_INPUTS = ("Home", "Targets", "EvidenceReaderRole")


def target_parameters() -> dict[str, Parameter]:
    """Where the run reads, as the parent takes it: targets, and the member role to read them through."""
    return {
        "Targets": Parameter(
            type="StringList",
            description="(Optional) More account/region targets, e.g. 210987654321/eu-west-1 (ARNs bring their own).",
            default=[],
            maxItems=50,
            allowedPattern=TARGET_PATTERN,
        ),
        "EvidenceReaderRole": Parameter(
            type="String",
            description="(Optional) The member stack's role other targets are read through.",
            default=DEFAULT_READER_ROLE,
            allowedPattern=ROLE_NAME_PATTERN,
        ),
    }


def incident_parameter() -> Parameter:
    return Parameter(
        type="String",
        description="(Required) The incident's id, e.g. INC-2026-0042.",
        allowedPattern=INCIDENT_ID_PATTERN,
    )


def evidence_bucket_parameter() -> Parameter:
    return Parameter(
        type="String",
        description="(Optional) The evidence bucket (Object Lock on); the stack sets its name.",
        default="closeloop-evidence",
        allowedPattern=r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
    )


def selector_parameters() -> dict[str, Parameter]:
    """What to look at, as the run takes it: the same declarations in the parent and in every child."""
    found = {
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
    }
    return found


def run_parameter(description: str) -> Parameter:
    """The parent run a child document is part of: its execution id, as Automation writes it."""
    return Parameter(type="String", description=description, allowedPattern=RUN_ID_PATTERN)


def source_parameters(source: EvidenceSource, parent: str) -> dict[str, Parameter]:
    selectors = selector_parameters()
    return {
        "IncidentId": incident_parameter(),
        "ExecutionId": run_parameter(
            f"(Required) The {parent} run this source is part of (its execution id): the record and the files go "
            "under that run, where its manifest step reads them."
        ),
        "WindowStart": Parameter(
            type="String",
            description="(Required) Start of the window, ISO-8601 UTC.",
            allowedPattern=GIVEN_TIME_PATTERN,
        ),
        "WindowEnd": Parameter(
            type="String", description="(Required) End of the window, ISO-8601 UTC.", allowedPattern=GIVEN_TIME_PATTERN
        ),
        **{name: selectors[name] for name in source.selectors},
        "Home": Parameter(
            type="String",
            description="(Required) The account/region the run is in, as its ResolveWindow step found it.",
            allowedPattern=TARGET_PATTERN,
        ),
        "Targets": Parameter(
            type="StringList",
            description="(Required) Every account/region the run reads, as its ResolveWindow step fixed them.",
            maxItems=50,
            allowedPattern=TARGET_PATTERN,
        ),
        "EvidenceReaderRole": target_parameters()["EvidenceReaderRole"],
        "EvidenceBucket": evidence_bucket_parameter(),
        "AutomationAssumeRole": common_parameters()["AutomationAssumeRole"],
    }


def runtime_parameters(source: EvidenceSource) -> dict[str, Any]:
    """What the parent passes a child: its own run id, the resolved window, the selectors and its role."""
    passed = ["IncidentId", *source.selectors, "EvidenceReaderRole", "EvidenceBucket", "AutomationAssumeRole"]
    return {
        **{name: f"{{{{ {name} }}}}" for name in passed},
        "ExecutionId": "{{ automation:EXECUTION_ID }}",
        "WindowStart": "{{ ResolveWindow.WindowStart }}",
        "WindowEnd": "{{ ResolveWindow.WindowEnd }}",
        "Home": "{{ ResolveWindow.Home }}",
        "Targets": "{{ ResolveWindow.Targets }}",
    }


def build_source(source: EvidenceSource, parent: str) -> Document:
    """The child document of one source: one `aws:executeScript` step with the collector as it is written."""
    payload = {name: f"{{{{ {name} }}}}" for name in ("IncidentId", "ExecutionId", "WindowStart", "WindowEnd")}
    payload |= {name: f"{{{{ {name} }}}}" for name in (*source.selectors, *TARGET_INPUTS, "EvidenceBucket")}
    step = ExecuteScriptStep(
        name=source.step,
        action="aws:executeScript",
        description=source.description,
        timeoutSeconds=SCRIPT_TIMEOUT,
        onFailure="Abort",
        isEnd=True,
        inputs=ExecuteScriptInputs(
            Runtime="python3.11", Handler="handler", Script=script_bundle(source.module), InputPayload=payload
        ),
        outputs=[StepOutput(Name=key, Selector=f"$.Payload.{key}", Type=kind) for key, kind in SOURCE_OUTPUTS],
    )
    return Document(
        schemaVersion="0.3",
        description=f"# {parent}: {source.suffix}\n\n{source.description}\n\n"
        f"One source of {parent}, which starts it with the run's window and selectors. A source that fails "
        "still writes its record, and the run's manifest lists it as a gap.\n",
        assumeRole="{{ AutomationAssumeRole }}",
        parameters=source_parameters(source, parent),
        mainSteps=[step],
        outputs=[f"{source.step}.{key}" for key, _ in SOURCE_OUTPUTS],
    )
