"""The step loop: which step runs next, retries, timeouts, onFailure / onCancel, and the final status.

Final statuses follow Automation: a step that fails with `onFailure: Abort` (the default) ends the run
Failed (TimedOut when the step timed out); a critical step that fails while the run goes on (`Continue`,
`step:X`) still makes the final status Failed; a non-critical one does not. A step that waits for a
decision no one gave ends the run Waiting, and a cancelled step ends it Cancelled after its onCancel step.
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from generator.document.model import Document
from generator.document.steps.base import StepBase
from generator.simulator.clients import ClientFactory
from generator.simulator.clock import VirtualClock
from generator.simulator.errors import StepCancelled, StepFailed, StepTimedOut, StepWaiting
from generator.simulator.execution import Execution, RunOptions
from generator.simulator.outputs import declared_outputs
from generator.simulator.parameters import resolve_parameters
from generator.simulator.record import ExecutionRecord, ParentStep, Status, StepRecord
from generator.simulator.roles import run_clients
from generator.simulator.step_settings import StepSettings, settings_of
from generator.simulator.steps import runner_for

# Inputs an action resolves itself, on each iteration, rather than once when the step starts.
_LATE_BOUND_INPUTS = frozenset({"Steps", "LoopCondition"})
NO_OUTPUT = "No output available yet because the step is not successfully executed"


@dataclass(frozen=True)
class Outcome:
    status: Status
    failure_message: str | None = None


class Engine:
    def __init__(self, clients: ClientFactory, options: RunOptions, clock: VirtualClock) -> None:
        self.clients = clients
        self.options = options
        self.clock = clock
        self.step_executions = 0

    def run(
        self, document: Document, name: str, given: Mapping[str, Any], parent_id: str | None = None, depth: int = 0,
        caller: ClientFactory | None = None,
    ) -> ExecutionRecord:  # fmt: skip
        """Run a document to its final status, acting with the role it assumes or else as `caller` (by default
        the engine's clients; a parent run's for a child). Raises ParameterError before starting on a bad
        parameter or a role that cannot be assumed."""
        parameters = resolve_parameters(document, given)
        record = ExecutionRecord(str(uuid.uuid4()), name, self.clock.now, parameters, parent_execution_id=parent_id)
        variables = {key: var.default for key, var in (document.variables or {}).items()}
        caller = caller or self.clients
        execution = Execution(
            document, name, parameters, variables, caller, self.clock, self.options, record, self, depth
        )
        execution.clients = run_clients(caller, _role(execution), record.execution_id, execution.account_id)
        told = self.options.on_execution_start if depth == 0 else self.options.on_child_start
        if told:
            told(record)
        outcome = self.run_sequence(document.mainSteps, execution)
        record.status, record.failure_message = outcome.status, outcome.failure_message
        record.outputs = _document_outputs(document, execution)
        record.end = self.clock.now
        if depth > 0 and self.options.on_child_end:
            self.options.on_child_end(record)
        return record

    def run_sequence(
        self, steps: Sequence[StepBase], execution: Execution, parent: ParentStep | None = None, start: int = 0
    ) -> Outcome:
        positions = {step.name: index for index, step in enumerate(steps)}
        index = start
        critical_failure: str | None = None
        while index < len(steps):
            step = steps[index]
            if self.step_executions >= self.options.max_step_executions:
                return Outcome(Status.FAILED, f"the run exceeded {self.options.max_step_executions} step executions")
            self.step_executions += 1
            record, chosen = self.run_step(step, execution, parent)
            target: str | None = None
            # isEnd ends the run after its step, failed or not, unless a failure names the step to go to.
            ends = record.is_end
            if record.status is Status.SUCCESS:
                target = chosen or step.nextStep
            elif record.status in (Status.FAILED, Status.TIMED_OUT):
                message = f"Step {step.name} {record.status}: {record.failure_message}"
                on_failure = step.onFailure or "Abort"
                if on_failure == "Abort":
                    return Outcome(Status.TIMED_OUT if record.status is Status.TIMED_OUT else Status.FAILED, message)
                if record.is_critical:
                    critical_failure = critical_failure or message
                target = on_failure.removeprefix("step:") if on_failure.startswith("step:") else step.nextStep
                ends = ends and not on_failure.startswith("step:")
            elif record.status is Status.WAITING:
                return Outcome(Status.WAITING, f"Step {step.name} is waiting: {record.failure_message}")
            else:
                return self._cancel(step, steps, positions, execution, parent)
            if ends:
                break
            if target is not None and target not in positions:
                return Outcome(Status.FAILED, f"Step {step.name} goes to {target}, which is not a step here")
            index = positions[target] if target is not None else index + 1
        return Outcome(Status.FAILED, critical_failure) if critical_failure else Outcome(Status.SUCCESS)

    def _cancel(
        self,
        step: StepBase,
        steps: Sequence[StepBase],
        positions: dict[str, int],
        execution: Execution,
        parent: ParentStep | None,
    ) -> Outcome:
        target = (step.onCancel or "Abort").removeprefix("step:")
        if target in positions:
            self.run_sequence(steps, execution, parent, positions[target])
        return Outcome(Status.CANCELLED, f"Step {step.name} was cancelled")

    def run_step(
        self, step: StepBase, execution: Execution, parent: ParentStep | None
    ) -> tuple[StepRecord, str | None]:
        """Run one step with its retries; the record says how it ended, plus the next step it chose."""
        record = StepRecord(
            step.name, step.action, self.clock.now, parent=parent, on_failure=step.onFailure,
            execution_id=execution.execution_id,
        )  # fmt: skip
        execution.record.steps.append(record)
        if self.options.on_step_start:
            self.options.on_step_start(record)
        chosen: str | None = None
        try:
            settings = settings_of(step, execution)
        except StepFailed as error:
            self._finish(record, execution, Status.FAILED, str(error))
            return record, None
        record.is_critical, record.is_end = settings.is_critical, settings.is_end
        record.max_attempts, record.timeout_seconds = settings.max_attempts, settings.timeout_seconds
        record.next_step = step.nextStep
        if self.options.decisions.get(step.name) == "cancel":
            self._finish(record, execution, Status.CANCELLED, "cancelled by a `cancel` decision")
            return record, None
        status, message = Status.FAILED, None
        for attempt in range(1, settings.max_attempts + 1):
            record.attempts = attempt
            status, message, chosen = self._attempt(step, execution, record, settings)
            if status not in (Status.FAILED, Status.TIMED_OUT):
                break
        self._finish(record, execution, status, message)
        return record, chosen

    def _attempt(
        self, step: StepBase, execution: Execution, record: StepRecord, settings: StepSettings
    ) -> tuple[Status, str | None, str | None]:
        outer_deadline = self.clock.deadline
        if settings.timeout_seconds is not None:
            own = self.clock.now + timedelta(seconds=settings.timeout_seconds)
            self.clock.deadline = own if outer_deadline is None else min(own, outer_deadline)
        try:
            raw = step.input_data()
            late = {key: raw.pop(key) for key in _LATE_BOUND_INPUTS & raw.keys()}
            record.inputs = execution.resolve(raw)
            result = runner_for(step.action)(step, {**record.inputs, **late}, execution)
            record.outputs = {**result.outputs, **declared_outputs(step.outputs, result.selectable)}
            return Status.SUCCESS, None, result.next_step
        except StepFailed as error:
            record.failure_type = "Verification"
            record.outputs = dict(error.outputs)
            return Status.FAILED, str(error), None
        except StepTimedOut as error:
            record.failure_type = "Timeout"
            return Status.TIMED_OUT, str(error), None
        except StepWaiting as error:
            return Status.WAITING, str(error), None
        except StepCancelled as error:
            return Status.CANCELLED, str(error), None
        except Exception as error:  # an action's own bug must end the step, never the run
            record.failure_type = "Unknown"
            return Status.FAILED, f"{type(error).__name__}: {error}", None
        finally:
            self.clock.deadline = outer_deadline

    def _finish(self, record: StepRecord, execution: Execution, status: Status, message: str | None) -> None:
        record.status, record.failure_message, record.end = status, message, self.clock.now
        if status is Status.SUCCESS:
            execution.step_outputs[record.name] = record.outputs
        elif status is not Status.FAILED:
            record.outputs = {}  # a failed step keeps what its action said it had (no later step can refer to it)
        if self.options.on_step_end:
            self.options.on_step_end(record)


def _role(execution: Execution) -> str:
    """The role the document's `assumeRole` names for this run; empty when it names none (the caller's run)."""
    try:
        role = execution.resolve(execution.document.assumeRole or "")
    except StepFailed:  # a reference to nothing: the validator's error; the run acts as its caller
        return ""
    return role if isinstance(role, str) else ""


def _document_outputs(document: Document, execution: Execution) -> dict[str, Any]:
    outputs: dict[str, Any] = {}
    for name in document.outputs or []:
        step, _, output = name.partition(".")
        outputs[name] = execution.step_outputs.get(step, {}).get(output, NO_OUTPUT)
    return outputs
