"""StartAutomationExecution: the stored document runs in the simulator on a thread of its own, against this
same emulator, on the run's virtual clock; its steps' and children's progress is kept in RUNS and put on the
event bus as it happens."""

import threading
import uuid
from typing import Any

from moto.core.responses import ActionResult

from generator.document.errors import DocumentError
from generator.document.model import Document
from generator.document.reader import read_text
from generator.emulator import clock as emulator_clock
from generator.emulator import principals
from generator.emulator.automation.events import event_bus, execution_event, step_event
from generator.emulator.automation.runs import EXECUTED_BY, MODES, RUNS, AutomationError, Run, WaitForSignal
from generator.simulator import ClientFactory, ExecutionRecord, ParameterError, RunOptions, Status, StepRecord, simulate
from generator.simulator.clients import Credentials
from generator.simulator.clock import VirtualClock
from generator.simulator.errors import StepCancelled


def stored_document(response: Any, name: str, version: str | None) -> tuple[Document, str]:
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
    document, version = stored_document(self, name, self._get_param("DocumentVersion"))
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
    run.emit = event_bus(self.current_account, self.region)
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
        document, versions[name] = stored_document(response, name, None)
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
