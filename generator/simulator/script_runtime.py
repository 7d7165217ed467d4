"""What an in-process script sees instead of AWS's managed runtime.

`time.sleep` moves the virtual clock (a polling script does not wait, and runs into its step's timeout as
it would in AWS), and a script that reads the time through a top-level `utc_now()` (runbooks/scripts/clock.py)
reads the run's clock too, so what it stamps agrees with the approvals and the emulator. The script's own
boto3 clients read the run's endpoint from the environment; what it prints is kept, not mixed into the CLI's
output.

Threads a script starts for its own work (named with `SCRIPT_THREADS`, as the evidence collectors name the
threads that read several targets at once) sleep on the run's clock as well. Their sleeps add up on the one
clock, so a simulated run never reads as faster than the same waits one after another.
"""

import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from typing import Any, SupportsIndex

from generator.simulator.clock import VirtualClock
from generator.simulator.execution import Execution
from runbooks.scripts.clock import SCRIPT_THREADS

# The function script code reads the time through.
CLOCK_FUNCTION = "utc_now"


def on_run_clock(namespace: dict[str, Any], clock: VirtualClock) -> None:
    """Point the script's `utc_now` at the run's virtual clock."""
    if callable(namespace.get(CLOCK_FUNCTION)):
        namespace[CLOCK_FUNCTION] = lambda: clock.now


@contextmanager
def script_runtime(execution: Execution) -> Iterator[io.StringIO]:
    printed = io.StringIO()
    real_sleep = time.sleep
    script_thread = threading.get_ident()
    one_at_a_time = threading.Lock()

    def virtual_sleep(seconds: float | SupportsIndex) -> None:
        # Only the script's own threads are on the virtual clock; the emulator's server threads keep real time.
        if threading.get_ident() == script_thread or threading.current_thread().name.startswith(SCRIPT_THREADS):
            with one_at_a_time:
                execution.clock.sleep(float(seconds))
        else:
            real_sleep(seconds)

    time.sleep = virtual_sleep
    try:
        with execution.clients.script_environment(), redirect_stdout(printed):
            yield printed
    finally:
        time.sleep = real_sleep
