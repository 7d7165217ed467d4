"""An Automation execution on the emulator while it runs: its record, the signals sent to it, and the one
place every execution is found by id (RUNS), parent and children alike."""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from moto.core.exceptions import JsonRESTError

from generator.document.steps.base import StepBase
from generator.simulator import ExecutionRecord, Status
from generator.simulator.execution import Execution

MODES = ("Auto", "Interactive")
EXECUTED_BY = "arn:aws:sts::{account}:assumed-role/closeloop-emulator/automation"


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
