"""The emulator's clock: what moto and closeloop's extensions stamp (CodeDeploy create times, alarm state
changes, CloudTrail events, S3 object times) reads `now()` here.

By default that is the real clock. A run on a virtual clock (the drill, `closeloop simulate`) makes the
emulator follow it for as long as the run lasts (`following`), so a deployment created at a scenario's
minute carries that minute, not the wall time the drill happened to reach it. moto reads the time through
`moto.core.utils.utcnow` (imported by name into its model modules), so `install()` replaces that function
and every binding of it in the moto modules already loaded; modules loaded later import the replacement.
The emulator is process-wide (moto's backends are), and so is its clock.
"""

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Protocol

from domain.clock import Clock, system_now

_LOCK = threading.Lock()
_followed: list[Clock] = []  # innermost last; empty means the real clock
_runs: list["RunClock"] = []  # the run clocks followed (following_run), innermost last


class RunClock(Protocol):
    """A run's virtual clock (the simulator's VirtualClock): what it says now, and moving it forward."""

    now: datetime
    deadline: datetime | None

    def sleep(self, seconds: float) -> None: ...


def run_clock() -> "RunClock | None":
    """The run clock the emulator follows, if any: an Automation execution started through the emulator's API
    runs on it, so its steps move the one clock of the run that drives the emulator (a drill's)."""
    with _LOCK:
        return _runs[-1] if _runs else None


@contextmanager
def following_run(clock: RunClock) -> Iterator[None]:
    """`following` the run's clock object itself: the emulator stamps with it and runs executions on it."""
    with _LOCK:
        _runs.append(clock)
    try:
        with following(lambda: clock.now):
            yield
    finally:
        with _LOCK:
            _runs.remove(clock)


def now() -> datetime:
    """Now for the emulator: the clock of the run it follows, else the real one (aware, UTC)."""
    with _LOCK:
        clock = _followed[-1] if _followed else system_now
    return clock()


def naive_utc_now() -> datetime:
    """moto's `utcnow()` contract: a naive datetime in UTC."""
    return now().replace(tzinfo=None)


@contextmanager
def following(clock: Clock) -> Iterator[None]:
    """Stamp with `clock` inside the block (nested runs follow the innermost), then go back."""
    with _LOCK:
        _followed.append(clock)
    try:
        yield
    finally:
        with _LOCK:
            _followed.remove(clock)


def install() -> None:
    """Make moto read `now()`: its utility and every moto module that bound it by name."""
    from moto.core import utils

    original = utils.utcnow
    if original is naive_utc_now:
        return
    utils.utcnow = naive_utc_now
    for name, module in list(sys.modules.items()):
        if name.startswith("moto.") and getattr(module, "utcnow", None) is original:
            module.utcnow = naive_utc_now  # type: ignore[attr-defined]
