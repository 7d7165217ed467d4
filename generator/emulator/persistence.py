"""The emulator's state on disk, as LocalStack's persistence keeps it: every moto backend in use (stacks,
tables and items, buckets and objects, documents, roles, functions, alarms and their history, log groups,
queues, keys, CloudTrail's recorded events) and the Automation executions' records, in one file.

`snapshot` pickles all of them at once (one pickle, so an object two services share, a stack's table, stays
one object); `write` puts it behind a header naming the format and the moto version that wrote it, in a new
file that then replaces the old one: a crash mid-write leaves the previous state whole. `load` reads it back
and `restore` puts each backend in place of moto's before the server answers anything. A file that is not
such a state, was written by another moto, or cannot be read raises `StateError` with one line saying so;
the file is left alone.

What is not kept: anything in flight. An Automation execution still running (or waiting for a person) when
the state was saved comes back Failed with a message saying so: a run's thread cannot be resumed. A queued
asynchronous Lambda invocation that had not run is lost, as are the functions' warm environments (the next
invocation starts a fresh one, a cold start). The local Jira's data is kept beside it in a file of its own,
in the same format (generator/local/jira_state.py).
"""

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from generator.emulator import pickling
from generator.emulator.automation.saved import SavedRun, restore_runs, saved_runs

FORMAT = 1
T = TypeVar("T")
MAGIC = "closeloop-emulator-state"


class StateError(Exception):
    """The state file cannot be used; the message is one line naming the file and why."""


@dataclass(frozen=True)
class Saved:
    backends: list[tuple[type, dict[str, dict[str, Any]]]]
    executions: list[SavedRun]


def _moto_version() -> str:
    from importlib.metadata import version

    return version("moto")


def _header() -> bytes:
    return (json.dumps({"format": MAGIC, "version": FORMAT, "moto": _moto_version()}) + "\n").encode()


def snapshot() -> bytes:
    """What the emulator holds now, pickled (take it when no request runs: gate.RequestGate.quiet)."""
    from moto.core.base_backend import BackendDict

    backends = [
        (backend_dict.backend, {account: dict(regions) for account, regions in backend_dict.items()})
        for backend_dict in list(BackendDict._instances)  # type: ignore[misc]
        if len(backend_dict)
    ]
    return pickling.dumps(Saved(backends, saved_runs()))


def write(path: Path, body: bytes) -> None:
    """Write a snapshot to `path`, whole or not at all (a new file that replaces the old one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.partial")
    with partial.open("wb") as out:
        os.chmod(partial, 0o600)  # a pickle is code to whoever reads it: only its owner may write it
        out.write(_header())
        out.write(body)
        out.flush()
        os.fsync(out.fileno())
    partial.replace(path)


def load(path: Path) -> Saved:
    """The emulator's state in `path`; StateError (one line) when it cannot be used."""
    return read(path, Saved)


def read(path: Path, kind: type[T]) -> T:
    """The `kind` object written to `path` (by `write`); StateError (one line) when it cannot be used."""
    import pickle

    try:
        with path.open("rb") as source:
            header = source.readline()
            body = source.read()
    except OSError as error:
        raise StateError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        fields = json.loads(header)
        assert isinstance(fields, dict) and fields.get("format") == MAGIC
    except (ValueError, AssertionError):
        raise StateError(f"{path}: not a closeloop emulator state") from None
    if fields.get("version") != FORMAT or fields.get("moto") != _moto_version():
        written = f"format {fields.get('version')}, moto {fields.get('moto')}"
        raise StateError(f"{path}: written by another version ({written}; this is moto {_moto_version()})")
    try:
        saved = pickle.loads(body)
        assert isinstance(saved, kind)
    except Exception as error:  # truncated, corrupted or from a changed class: any of pickle's many errors
        raise StateError(f"{path}: corrupt ({type(error).__name__}: {str(error)[:120]})") from None
    return saved


def restore(saved: Saved) -> None:
    """Put the saved backends in place of moto's (before the server answers) and the executions' records back."""
    for backend_class, accounts in saved.backends:
        live = _live_backend_dict(backend_class)
        live.clear()
        for account, regions in accounts.items():
            holder = live[account]  # moto makes the account's holder and registers the service as in use
            for region, backend in regions.items():
                dict.__setitem__(holder, region, backend)
    restore_runs(saved.executions)


def _live_backend_dict(backend_class: type) -> Any:
    from moto.core.base_backend import BackendDict

    module = sys.modules[backend_class.__module__]
    for value in vars(module).values():
        if isinstance(value, BackendDict) and value.backend is backend_class:
            return value
    raise StateError(f"moto has no backend for {backend_class.__qualname__} any more")
