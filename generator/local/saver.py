"""Keeping `closeloop up`'s emulator state on disk: every few seconds when requests came in, and once more
when it stops (persistence.py says what is kept). A snapshot is taken between requests (gate.py); the file
is written after the gate opens again, so requests wait only for the pickling, not for the disk.
"""

import threading
from collections.abc import Callable
from pathlib import Path

from generator.emulator import persistence
from generator.emulator.gate import RequestGate

SAVE_EVERY_SECONDS = 10.0  # what a crash (not `closeloop down`) can lose at most
QUIET_WAIT_SECONDS = 5.0  # how long a periodic save waits for a moment with no request in flight
FINAL_WAIT_SECONDS = 30.0  # at `down`: a request in flight (a Lambda invoke) may take this long to end


class Saver:
    def __init__(
        self, path: Path, gate: RequestGate, say: Callable[[str], None], also: Callable[[], None] = lambda: None
    ) -> None:
        """`also`: saved at each period and at the end besides the emulator (the local Jira, which has no gate)."""
        self.path, self.gate, self.say, self.also = path, gate, say, also
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="state-saver", daemon=True)
        self._lock = threading.Lock()  # one save at a time: the loop's and the final one

    def start(self) -> "Saver":
        self._thread.start()
        return self

    def save(self, wait: float) -> bool:
        """Snapshot and write; False when requests ran for `wait` seconds without a gap (nothing written)."""
        with self._lock:
            with self.gate.quiet(timeout=wait) as quiet:
                body = persistence.snapshot() if quiet else None
            if body is None:
                return False
            persistence.write(self.path, body)
            return True

    def _loop(self) -> None:
        while not self._stop.wait(SAVE_EVERY_SECONDS):
            try:
                self.also()
                if self.gate.changed:
                    self.save(QUIET_WAIT_SECONDS)
            except Exception as error:  # the server goes on; the next period (or `down`) tries again
                self.say(f"saving the state failed: {type(error).__name__}: {error}")

    def final(self) -> None:
        """The save at `closeloop down`, whatever came in since the last one."""
        self._stop.set()
        self._thread.join(timeout=FINAL_WAIT_SECONDS)
        with self._lock:
            with self.gate.quiet(timeout=FINAL_WAIT_SECONDS) as quiet:
                if not quiet:
                    self.say("requests still ran after 30 s; saving what is there")
                body = persistence.snapshot()
            persistence.write(self.path, body)
            self.also()
