"""The one clock a run reads, injected: in AWS the system clock, in a drill or a simulation the run's virtual one.

Code that stamps a time takes a `Clock` (a function answering now, aware and in UTC) instead of calling
`datetime.now`, so a run never mixes the wall clock with a virtual one.

`system_now` is what the handlers read by default. In Lambda it is the machine's clock. A host that runs
the deployed handlers on another clock (closeloop's local emulator, whose Lambda runtime follows the run's
clock: generator/emulator/lambdas/) sets it once with `use_host_clock`, before any handler is imported.
"""

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def machine_now() -> datetime:
    return datetime.now(UTC)


_host_clock: Clock = machine_now


def system_now() -> datetime:
    """The system clock: what every handler reads in AWS (the machine's), or its host's (use_host_clock)."""
    return _host_clock()


def use_host_clock(clock: Clock) -> None:
    """The clock of the host the handlers run in; for the whole process."""
    global _host_clock
    _host_clock = clock
