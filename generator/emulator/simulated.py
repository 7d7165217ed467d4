"""Runs of `simulate` in this process, which the emulator answers GetAutomationExecution for, as AWS answers a
run about itself (a step that reads its own execution: who started it, how an earlier step ended).

The simulator registers a run here while it lasts; `generator.emulator.automation` reads it by id. It is a
module of its own because automation runs documents in the simulator: the simulator cannot import it.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_RUNS: dict[str, object] = {}  # execution id -> its ExecutionRecord


@contextmanager
def answering(execution_id: str, record: object) -> Iterator[None]:
    """The emulator answers for `record` by `execution_id` inside the block."""
    with _LOCK:
        _RUNS[execution_id] = record
    try:
        yield
    finally:
        with _LOCK:
            _RUNS.pop(execution_id, None)


def find(execution_id: str) -> object | None:
    with _LOCK:
        return _RUNS.get(execution_id)
