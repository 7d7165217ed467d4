"""The simulator's fixture documents, and running them against the session's emulator."""

from pathlib import Path
from typing import Any

from generator.document.model import Document
from generator.document.reader import read_file
from generator.simulator import ClientFactory, ExecutionRecord, RunOptions, VirtualClock, simulate
from tests.conftest import FIXTURES

SIMULATOR_FIXTURES = FIXTURES / "simulator"


def fixture_path(name: str) -> Path:
    return SIMULATOR_FIXTURES / f"{name}.yaml"


def fixture_document(name: str) -> Document:
    return read_file(fixture_path(name)).document


def run_fixture(
    name: str,
    clients: ClientFactory,
    parameters: dict[str, Any] | None = None,
    options: RunOptions | None = None,
    clock: VirtualClock | None = None,
) -> ExecutionRecord:
    return simulate(fixture_document(name), parameters, name=name, clients=clients, options=options, clock=clock)


def statuses(record: ExecutionRecord) -> list[tuple[str, str]]:
    """Each step run, in order, with how it ended."""
    return [(step.name, str(step.status)) for step in record.steps]
