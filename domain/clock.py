"""The one clock a run reads, injected: in AWS the system clock, in a drill or a simulation the run's virtual one.

Code that stamps a time takes a `Clock` (a function answering now, aware and in UTC) instead of calling
`datetime.now`, so a run never mixes the wall clock with a virtual one.
"""

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_now() -> datetime:
    """The real clock: what every handler reads in AWS."""
    return datetime.now(UTC)
