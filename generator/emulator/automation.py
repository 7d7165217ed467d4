"""SSM Automation executions on the emulator: the stored document runs in the simulator, in the background.

StartAutomationExecution reads the document moto stores, resolves its parameters at once (a refused value
is the caller's InvalidAutomationExecutionParametersException, as in AWS) and runs it on a thread of its
own against this same emulator, on the run's virtual clock. A step that waits for a person (`aws:approve`,
`aws:pause`) holds the run Waiting, without an end time or a failure, until SendAutomationSignal brings
Approve, Reject or Resume; StopAutomationExecution cancels the run at its next step or at the waiting one.
Get/DescribeAutomationExecutions and DescribeAutomationStepExecutions answer from the live record in
botocore's shapes. Runs live in this process only, like the rest of moto's state.
"""

import contextlib
import json
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult
from moto.ssm.responses import SimpleSystemManagerResponse

from generator.document.errors import DocumentError
from generator.document.model import Document
from generator.document.reader import read_text
from generator.document.steps.base import StepBase
from generator.emulator import clock as emulator_clock
from generator.emulator import principals, simulated
from generator.simulator import ClientFactory, ExecutionRecord, ParameterError, RunOptions, Status, StepRecord, simulate
from generator.simulator.clients import Credentials
from generator.simulator.clock import VirtualClock
from generator.simulator.errors import StepCancelled
from generator.simulator.execution import Execution

MOTO_LIST_TAGS = SimpleSystemManagerResponse.list_tags_for_resource
SIGNALS = {"Approve": "approve", "Reject": "reject", "Resume": "resume"}  # the simulator's decisions
MODES = ("Auto", "Interactive")
OUTPUT_LIMIT = 512  # characters of one step output value AWS returns (botocore: AutomationParameterValue max 512)
EXECUTED_BY = "arn:aws:sts::{account}:assumed-role/closeloop-emulator/automation"
# Who started a run of `simulate`: whoever GetCallerIdentity says holds the emulator's credentials (moto's user).
SIMULATED_BY = "arn:aws:sts::{account}:user/moto"


class AutomationError(JsonRESTError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)


@dataclass
class Run:
    execution_id: str
    document_name: str
    document_version: str
    executed_by: str
    region: str
    record: ExecutionRecord | None = None
    started: threading.Event = field(default_factory=threading.Event)
    start_error: Exception | None = None
    signals: "dict[str, str]" = field(default_factory=dict)  # step name -> decision sent for it
    signalled: threading.Condition = field(default_factory=threading.Condition)
    stop_requested: bool = False
    waiting_step: str | None = None
    emit: "Callable[[dict[str, Any]], None] | None" = None  # to the emulator's default event bus
    mode: str = "Auto"  # Interactive: each step waits for a StartStep signal naming it
    step_names: frozenset[str] = frozenset()
    pending_step: str | None = None  # Interactive: the step waiting to be started
    start_signals: set[str] = field(default_factory=set)
    tags: list[dict[str, str]] = field(default_factory=list)  # StartAutomationExecution's Tags


RUNS: dict[str, Run] = {}


class WaitForSignal(dict[str, Any]):
    """Decisions for every step: the step's thread waits here until a signal (or a stop) arrives."""

    def __init__(self, run: Run) -> None:
        super().__init__()
        self.run = run

    def get(self, key: str, default: Any = None) -> Any:
        return self.decide

    def decide(self, step: StepBase, execution: Execution) -> str:
        run = self.run
        record = execution.record.steps[-1]
        with run.signalled:
            record.status = execution.record.status = Status.WAITING
            run.waiting_step = step.name
            run.signalled.wait_for(lambda: run.stop_requested or step.name in run.signals)
            run.waiting_step = None
            record.status = execution.record.status = Status.IN_PROGRESS
            return "cancel" if run.stop_requested else run.signals.pop(step.name)


def _document(response: Any, name: str, version: str | None) -> tuple[Document, str]:
    documents = response.ssm_backend._documents.get(name)
    if not documents:
        raise AutomationError("InvalidDocument", f"Document {name} does not exist")
    stored = documents.find(None if version in (None, "$DEFAULT") else version)
    if stored.document_type != "Automation":
        raise AutomationError("InvalidDocumentType", f"Document {name} is a {stored.document_type} document")
    try:
        return read_text(stored.content, name).document, str(stored.document_version)
    except DocumentError as error:
        raise AutomationError("InvalidDocumentContent", str(error)) from None


def start_automation_execution(self: Any) -> ActionResult:
    name = self._get_param("DocumentName")
    document, version = _document(self, name, self._get_param("DocumentVersion"))
    given = {
        key: values[0] if len(values) == 1 else values for key, values in self._get_param("Parameters", {}).items()
    }
    run = Run(str(uuid.uuid4()), name, version, EXECUTED_BY.format(account=self.current_account), self.region)
    run.mode = self._get_param("Mode") or "Auto"
    if run.mode not in MODES:
        raise AutomationError("ValidationException", f"Mode {run.mode} is not one of {', '.join(MODES)}")
    run.step_names = frozenset(step.name for step in document.mainSteps)
    run.tags = list(self._get_param("Tags") or [])
    endpoint = f"http://{self.headers['Host']}"
    run.emit = _event_bus(self.current_account, self.region)
    versions: dict[str, str] = {}
    options = RunOptions(
        decisions=WaitForSignal(run),
        find_document=lambda child: _stored(self, child, versions),
        on_step_start=lambda step: _before_step(run, step),
        on_step_end=lambda step: _step_ended(run, step),
        on_execution_start=lambda record: _started(run, record),
        on_child_start=lambda record: _child_started(run, record, versions),
        on_child_end=_child_ended,
    )
    # The run acts as its caller until its document assumes a role (generator/simulator/roles.py).
    caller = principals.caller_credentials(self)
    identity = Credentials(caller.access_key_id, caller.secret_access_key, caller.session_token) if caller else None
    clients = ClientFactory(endpoint, region=self.region, credentials=identity)
    thread = threading.Thread(target=_run, args=(run, document, given, clients, options), daemon=True)
    thread.start()
    run.started.wait(timeout=30)
    if run.start_error is not None:
        raise AutomationError("InvalidAutomationExecutionParametersException", str(run.start_error))
    RUNS[run.execution_id] = run
    return ActionResult({"AutomationExecutionId": run.execution_id})


def _started(run: Run, record: ExecutionRecord) -> None:
    record.execution_id = run.execution_id
    run.record = record
    run.started.set()


def _before_step(run: Run, step: StepRecord) -> None:
    """Stop here if asked; in Interactive mode, wait (the step Pending, the run Waiting) for StartStep."""
    _maybe_stop(run)
    # A child's steps run on their own (AWS's Interactive mode is the started run's, not its children's).
    child_step = step.execution_id != run.execution_id
    if run.mode != "Interactive" or step.parent is not None or run.record is None or child_step:
        return
    record = run.record
    with run.signalled:
        step.status, record.status, run.pending_step = Status.PENDING, Status.WAITING, step.name
        run.signalled.wait_for(lambda: run.stop_requested or step.name in run.start_signals)
        run.start_signals.discard(step.name)
        step.status, record.status, run.pending_step = Status.IN_PROGRESS, Status.IN_PROGRESS, None
    _maybe_stop(run)


def _stored(response: Any, name: str, versions: dict[str, str]) -> Document | None:
    """A child document (aws:executeAutomation) as the account stores it, as AWS runs it: not the catalogue's."""
    try:
        document, versions[name] = _document(response, name, None)
    except AutomationError:
        return None
    return document


def _child_started(parent: Run, record: ExecutionRecord, versions: dict[str, str]) -> None:
    """A child execution is one of its own, as in AWS: listed, asked about by id, its status events emitted."""
    version = versions.get(record.document_name, "1")
    child = Run(record.execution_id, record.document_name, version, parent.executed_by, parent.region, record=record)
    child.emit = parent.emit
    child.started.set()
    RUNS[child.execution_id] = child


def _child_ended(record: ExecutionRecord) -> None:
    child = RUNS.get(record.execution_id)
    if child is not None and child.emit is not None:
        child.emit(execution_event(child, record))


def _step_ended(run: Run, step: Any) -> None:
    """A step's status event, named after the execution it belongs to (a child's steps are the child's)."""
    owner = RUNS.get(step.execution_id, run) if step.execution_id != run.execution_id else run
    if owner.emit is not None:
        owner.emit(step_event(owner, step))


def _maybe_stop(run: Run) -> None:
    if run.stop_requested:
        raise StepCancelled("Execution cancelled by StopAutomationExecution")


def _run(run: Run, document: Document, given: dict[str, Any], clients: ClientFactory, options: RunOptions) -> None:
    try:
        # On the emulator's clock: the run clock it follows (a drill's: one clock), else a virtual clock from now.
        followed = emulator_clock.run_clock()
        clock = (
            followed
            if isinstance(followed, VirtualClock)
            else VirtualClock(emulator_clock.now().replace(microsecond=0))
        )
        record = simulate(
            document, given, name=run.document_name, clients=clients, options=options, clock=clock, stamp_emulator=False
        )
        run.record = record
        if run.emit is not None:
            run.emit(execution_event(run, record))
    except ParameterError as error:
        run.start_error = error
    finally:
        run.started.set()


def _event_bus(account: str, region: str) -> Callable[[dict[str, Any]], None]:
    """Put an event on the emulator's default bus, as SSM does, so the stack's rules see it (best effort:
    moto cannot deliver to every target kind, and a run never fails because an event was not delivered)."""
    from moto.events.models import events_backends

    def emit(entry: dict[str, Any]) -> None:
        with contextlib.suppress(Exception):  # moto raises NotImplementedError for a Lambda target
            events_backends[account][region].put_events([entry])

    return emit


def _event(run: Run, detail_type: str, detail: dict[str, Any]) -> dict[str, Any]:
    account = run.executed_by.split(":")[4]
    resources = [
        f"arn:aws:ssm:{run.region}:{account}:automation-execution/{run.execution_id}",
        f"arn:aws:ssm:{run.region}:{account}:automation-definition/{run.document_name}:{run.document_version}",
    ]
    return {"Source": "aws.ssm", "DetailType": detail_type, "Detail": json.dumps(detail), "Resources": resources}


def _common(run: Run, status: str, start: datetime, end: datetime | None) -> dict[str, Any]:
    """The detail fields both of AWS's Automation status events carry (tests/fixtures/events/ssm_*.json)."""
    return {
        "ExecutionId": run.execution_id,
        "Definition": run.document_name,
        "DefinitionVersion": float(run.document_version),
        "Status": status,
        "StartTime": _event_time(start),
        "EndTime": _event_time(end or start),
        "Time": ((end or start) - start).total_seconds() * 1000,
    }


def _event_time(moment: datetime) -> str:
    return f"{moment:%b} {moment.day}, {moment:%Y} {moment:%-I:%M:%S %p}"  # AWS's "Nov 29, 2016 7:43:25 PM"


def step_event(run: Run, step: Any) -> dict[str, Any]:
    detail = _common(run, str(step.status), step.start, step.end) | {"StepName": step.name, "Action": step.action}
    return _event(run, "EC2 Automation Step Status-change Notification", detail)


def execution_event(run: Run, record: ExecutionRecord) -> dict[str, Any]:
    detail = _common(run, str(record.status), record.start, record.end) | {"ExecutedBy": run.executed_by}
    return _event(run, "EC2 Automation Execution Status-change Notification", detail)


def _find(self: Any) -> Run:
    execution_id = self._get_param("AutomationExecutionId")
    run = RUNS.get(execution_id) or _simulated(self, execution_id)
    if run is None or run.record is None:
        raise AutomationError("AutomationExecutionNotFoundException", f"Automation execution {execution_id} not found")
    return run


def _simulated(self: Any, execution_id: str) -> Run | None:
    """A run of `simulate` in this process, answered about while it lasts (it is not listed: only asked by id)."""
    record = simulated.find(execution_id)
    if not isinstance(record, ExecutionRecord):
        return None
    by = SIMULATED_BY.format(account=self.current_account)
    return Run(execution_id, record.document_name, "1", by, self.region, record=record)


def execution_api(run: Run) -> dict[str, Any]:
    """The live record in GetAutomationExecution's shape, with the fields AWS adds and its output limit."""
    execution = _snapshot(run)
    execution.update({"ExecutedBy": run.executed_by, "DocumentVersion": run.document_version, "Mode": run.mode})
    for index, step in enumerate(execution["StepExecutions"]):
        step["StepExecutionId"] = str(uuid.uuid5(uuid.UUID(run.execution_id), f"{index}:{step['StepName']}"))
        step["Outputs"] = {key: [v[:OUTPUT_LIMIT] for v in values] for key, values in step["Outputs"].items()}
    converted: dict[str, Any] = _times(execution)
    return converted


def _snapshot(run: Run) -> dict[str, Any]:
    """The record as the API renders it; the run's thread may change a dict while it is read: read again."""
    assert run.record is not None
    for _ in range(4):
        try:
            return run.record.to_api()["AutomationExecution"]  # type: ignore[no-any-return]
        except RuntimeError:
            continue
    return run.record.to_api()["AutomationExecution"]  # type: ignore[no-any-return]


def _times(value: Any) -> Any:
    """ISO-8601 text under a *Time key becomes a datetime, which moto's serializer renders as AWS does."""
    if isinstance(value, dict):
        return {
            k: datetime.fromisoformat(v) if k.endswith("Time") and isinstance(v, str) else _times(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_times(item) for item in value]
    return value


def get_automation_execution(self: Any) -> ActionResult:
    return ActionResult({"AutomationExecution": execution_api(_find(self))})


METADATA_KEYS = (
    "AutomationExecutionId", "DocumentName", "DocumentVersion", "AutomationExecutionStatus", "ExecutionStartTime",
    "ExecutionEndTime", "ExecutedBy", "Outputs", "Mode", "FailureMessage", "ParentAutomationExecutionId",
)  # fmt: skip


FILTERED = {
    "DocumentNamePrefix": "DocumentName",
    "ExecutionId": "AutomationExecutionId",
    "ExecutionStatus": "AutomationExecutionStatus",
    "ParentExecutionId": "ParentAutomationExecutionId",
}


def describe_automation_executions(self: Any) -> ActionResult:
    filters = {f["Key"]: f["Values"] for f in self._get_param("Filters", [])}
    found = []
    for run in list(RUNS.values()):
        execution = execution_api(run)
        if all(_matches(key, execution, values) for key, values in filters.items()):
            found.append({key: execution[key] for key in METADATA_KEYS if key in execution})
    return ActionResult({"AutomationExecutionMetadataList": found})


def _matches(key: str, execution: dict[str, Any], values: list[str]) -> bool:
    """One DescribeAutomationExecutions filter (AutomationExecutionFilterKey), as AWS applies it."""
    if key in ("StartTimeAfter", "StartTimeBefore"):
        moment = datetime.fromisoformat(values[0].replace("Z", "+00:00"))
        started: datetime = execution["ExecutionStartTime"]
        return started >= moment if key == "StartTimeAfter" else started <= moment
    value = str(execution.get(FILTERED.get(key, key), ""))
    return any(value.startswith(v) for v in values) if key.endswith("Prefix") else value in values


def describe_automation_step_executions(self: Any) -> ActionResult:
    steps = execution_api(_find(self))["StepExecutions"]
    if self._get_param("ReverseOrder"):
        steps.reverse()
    return ActionResult({"StepExecutions": steps})


def send_automation_signal(self: Any) -> ActionResult:
    """Approve/Reject (optional Comment) and Resume (StepName) answer the step waiting for a person; StartStep
    (StepName) starts the step an Interactive run waits at; StopStep (StepExecutionId) stops a step in
    progress: it ends Cancelled and the run goes on as the step's onCancel says (API reference,
    SendAutomationSignal). Anything else is InvalidAutomationSignalException, as in AWS."""
    run = _find(self)
    signal = self._get_param("SignalType")
    payload: dict[str, list[str]] = self._get_param("Payload") or {}
    if signal == "StartStep":
        _start_step(run, (payload.get("StepName") or [""])[0])
    elif signal == "StopStep":
        _stop_step(run, (payload.get("StepExecutionId") or [""])[0])
    elif signal in SIGNALS:
        named = payload.get("StepName")
        _answer(run, SIGNALS[signal], named[0] if named else run.waiting_step, payload.get("Comment"))
    else:
        raise AutomationError("InvalidAutomationSignalException", f"Signal {signal} is not one AWS takes here")
    return ActionResult({})


def _answer(run: Run, decision: str, step: str | None, comment: list[str] | None) -> None:
    with run.signalled:
        if run.waiting_step is None or step != run.waiting_step:
            raise AutomationError(
                "InvalidAutomationSignalException", f"No step is waiting for a signal{f' named {step}' if step else ''}"
            )
        run.signals[step] = f"{decision}:{comment[0]}" if comment and comment[0] else decision
        run.signalled.notify_all()


def _start_step(run: Run, step: str) -> None:
    if run.mode != "Interactive":
        raise AutomationError("InvalidAutomationSignalException", "StartStep applies to an Interactive execution")
    if step not in run.step_names:
        raise AutomationError(
            "AutomationStepNotFoundException", f"Step {step or '(no StepName)'} is not in the document"
        )
    with run.signalled:
        if run.pending_step != step:
            raise AutomationError("InvalidAutomationSignalException", f"Step {step} is not waiting to be started")
        run.start_signals.add(step)
        run.signalled.notify_all()


def _stop_step(run: Run, step_execution_id: str) -> None:
    steps = execution_api(run)["StepExecutions"]
    found = next((s for s in steps if s["StepExecutionId"] == step_execution_id), None)
    if found is None:
        raise AutomationError("AutomationStepNotFoundException", f"Step execution {step_execution_id} not found")
    with run.signalled:
        if found["StepStatus"] not in ("InProgress", "Waiting") or run.waiting_step != found["StepName"]:
            message = f"Step {found['StepName']} is {found['StepStatus']}, not in progress"
            raise AutomationError("InvalidAutomationSignalException", message)
        run.signals[found["StepName"]] = "cancel"
        run.signalled.notify_all()


def stop_automation_execution(self: Any) -> ActionResult:
    run = _find(self)
    with run.signalled:
        run.stop_requested = True
        run.signalled.notify_all()
    return ActionResult({})


def list_tags_for_resource(self: Any) -> Any:
    """An execution's tags (ResourceType Automation, which moto refuses); any other resource type is moto's."""
    if self._get_param("ResourceType") != "Automation":
        return MOTO_LIST_TAGS(self)
    execution_id = self._get_param("ResourceId")
    run = RUNS.get(execution_id)
    if run is None:
        raise AutomationError("InvalidResourceId", f"Automation execution {execution_id} not found")
    return ActionResult({"TagList": run.tags})


OPERATIONS = {
    "start_automation_execution": start_automation_execution,
    "get_automation_execution": get_automation_execution,
    "describe_automation_executions": describe_automation_executions,
    "describe_automation_step_executions": describe_automation_step_executions,
    "send_automation_signal": send_automation_signal,
    "stop_automation_execution": stop_automation_execution,
}
# Operations moto has, answered otherwise than AWS answers them for executions: replaced.
CORRECTIONS = {"list_tags_for_resource": list_tags_for_resource}
