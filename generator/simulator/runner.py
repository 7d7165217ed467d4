"""`simulate`: run a document against the embedded emulator, another endpoint, or the live account."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from generator.document.model import Document
from generator.simulator.clients import ClientFactory
from generator.simulator.clock import VirtualClock
from generator.simulator.emulator import embedded_emulator
from generator.simulator.engine import Engine
from generator.simulator.execution import RunOptions
from generator.simulator.record import ExecutionRecord


def simulate(
    document: Document,
    parameters: Mapping[str, Any] | None = None,
    *,
    name: str = "SimulatedDocument",
    clients: ClientFactory | None = None,
    options: RunOptions | None = None,
    clock: VirtualClock | None = None,
) -> ExecutionRecord:
    """Run `document` to its final status. Without `clients`, an embedded emulator answers for the run's length.

    Raises ParameterError (before any step runs) when a parameter value is refused.
    """
    with _clients_or_emulator(clients) as factory:
        engine = Engine(factory, options or RunOptions(), clock or VirtualClock())
        return engine.run(document, name, parameters or {})


@contextmanager
def _clients_or_emulator(clients: ClientFactory | None) -> Iterator[ClientFactory]:
    if clients is not None:
        yield clients
        return
    with embedded_emulator() as endpoint_url:
        yield ClientFactory(endpoint_url)
