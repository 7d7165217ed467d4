"""Run many documents, one after another, against one emulator, and say why each run stopped.

For the corpus test and the benchmark: each document gets a fresh emulator state, sampled values for its
required parameters (with the resources they name created), `resume` / `approve` for every step that
waits, and child documents found by name in the same folder. An in-process emulator resets in a tenth of a second
instead of seconds when moto skips its catalogue of public images (MOTO_EC2_LOAD_DEFAULT_AMIS=false, set
by the caller: it is process-wide).
"""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.document.errors import DocumentError
from generator.document.model import Document
from generator.document.reader import read_file
from generator.simulator.clients import ClientFactory
from generator.simulator.emulator import reset_emulator
from generator.simulator.errors import ParameterError
from generator.simulator.execution import Decision, RunOptions, find_in_catalogue_or_file
from generator.simulator.record import ExecutionRecord
from generator.simulator.runner import simulate
from generator.simulator.sample_parameters import World, sample_parameters
from generator.simulator.steps import is_supported

NOT_RUN = "not run"
CRASH = "runner crash"

# Why a run stopped, from its failure message: the first pattern that matches names the group.
_REASONS = (
    (
        "the emulator does not implement an operation",
        r"does not implement|HTTP 5\d\d|HTTP 404|\(50\d\)|\(404\)|ResponseParserError|NotImplemented",
    ),
    ("an Attachment script (not run by the simulator)", r"Attachment"),
    ("an action the simulator does not support", r"not supported by the simulator"),
    (
        "a resource the sampled parameters name does not exist",
        r"NotFound|not ?found|does not exist|DOES NOT EXIST|NoSuch|ResourceNotDiscovered|Unknown trail",
    ),
    ("waited for a state the emulator never reaches", r"timed out while waiting"),
    ("an output a later step needs was not produced", r"cannot resolve"),
    ("an assertion on a resource property failed", r"Assertion failed"),
    ("a script rejected the sampled inputs", r"the script raised"),
    ("the API refused the sampled inputs", r"An error occurred \((Validation|InvalidParameter)"),
)


@dataclass(frozen=True)
class DocumentRun:
    name: str
    status: str
    reason: str
    steps: int
    seconds: float
    api_calls: int


def corpus_finder(folder: Path) -> Callable[[str], Document | None]:
    """Child documents: one of the folder's documents by name, else the catalogue or a file."""

    def find(name: str) -> Document | None:
        path = folder / f"{name}.json"
        return read_file(path).document if path.is_file() else find_in_catalogue_or_file(name)

    return find


def run_document(path: Path, endpoint_url: str) -> DocumentRun:
    """One document from a fresh emulator state to its final status; never raises."""
    try:
        document = read_file(path).document
    except DocumentError as error:
        return DocumentRun(path.stem, NOT_RUN, f"unreadable: {error}", 0, 0.0, 0)
    unsupported = sorted({s.action for _, s in document.all_steps() if not is_supported(s.action)})
    if unsupported:
        return DocumentRun(path.stem, NOT_RUN, f"unsupported actions {', '.join(unsupported)}", 0, 0.0, 0)
    reset_emulator(endpoint_url)
    clients = ClientFactory(endpoint_url)
    options = RunOptions(decisions=_go_ahead(document), find_document=corpus_finder(path.parent))
    try:
        parameters = sample_parameters(document, World(clients))
        started = time.perf_counter()  # the run only: not the emulator reset and the sampling
        record = simulate(document, parameters, name=path.stem, clients=clients, options=options)
    except ParameterError as error:
        return DocumentRun(path.stem, NOT_RUN, f"no sample value fits: {error}", 0, 0.0, len(clients.calls))
    except Exception as error:  # the one thing the corpus run must show never happens
        return DocumentRun(path.stem, CRASH, f"{type(error).__name__}: {error}", 0, 0.0, len(clients.calls))
    seconds = time.perf_counter() - started
    return DocumentRun(
        path.stem, str(record.status), reason_of(record), _step_count(record), seconds, len(clients.calls)
    )


def reason_of(record: ExecutionRecord) -> str:
    if record.status == "Success":
        return "ran to completion"
    message = record.failure_message or ""
    for reason, pattern in _REASONS:
        if re.search(pattern, message):
            return reason
    return f"other: {message[:100]}"


def _step_count(record: ExecutionRecord) -> int:
    return len(record.steps) + sum(_step_count(child) for child in record.children)


def _go_ahead(document: Document) -> dict[str, Decision]:
    go: dict[str, str] = {"aws:pause": "resume", "aws:approve": "approve"}
    return {step.name: go[step.action] for _, step in document.all_steps() if step.action in go}
