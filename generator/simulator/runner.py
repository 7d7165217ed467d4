"""`simulate`: run a document against an emulator (closeloop's, in this process or not) or the live account."""

import dataclasses
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from typing import Any

from generator.document.model import Document
from generator.simulator.clients import ClientFactory
from generator.simulator.clock import VirtualClock
from generator.simulator.emulator import emulator_answering, emulator_following
from generator.simulator.engine import Engine
from generator.simulator.execution import RunOptions
from generator.simulator.record import ExecutionRecord


def simulate(
    document: Document,
    parameters: Mapping[str, Any] | None = None,
    *,
    name: str = "SimulatedDocument",
    clients: ClientFactory,
    options: RunOptions | None = None,
    clock: VirtualClock | None = None,
    stamp_emulator: bool = True,
) -> ExecutionRecord:
    """Run `document` to its final status against `clients` (an emulator's endpoint, or the live account).

    `stamp_emulator` makes an in-process emulator stamp with the run's clock while it runs, and answer
    GetAutomationExecution for the run (a step reading its own execution, as in AWS); a run the emulator starts
    itself (StartAutomationExecution) leaves it off: it runs on the emulator's clock, and the emulator knows it.

    Raises ParameterError (before any step runs) when a parameter value is refused.
    """
    run_clock = clock or VirtualClock()
    options = options or RunOptions()
    with _emulator_on(run_clock, clients, stamp_emulator), ExitStack() as run:
        if not clients.live and stamp_emulator:
            options = _answered_by_emulator(options, run)
        return Engine(clients, options, run_clock).run(document, name, parameters or {})


def _answered_by_emulator(options: RunOptions, run: ExitStack) -> RunOptions:
    """`options` whose run, once it has a record, is one the in-process emulator answers for until it ends."""
    told = options.on_execution_start

    def started(record: ExecutionRecord) -> None:
        run.enter_context(emulator_answering(record.execution_id, record))
        if told is not None:
            told(record)

    return dataclasses.replace(options, on_execution_start=started)


@contextmanager
def _emulator_on(clock: VirtualClock, factory: ClientFactory, stamp: bool) -> Iterator[None]:
    """The in-process emulator stamps with the run's clock while it runs (one clock; AWS keeps its own)."""
    if factory.live or not stamp:
        yield
        return
    with emulator_following(lambda: clock.now):
        yield
