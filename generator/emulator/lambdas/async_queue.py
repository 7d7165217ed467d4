"""Lambda's internal queue for asynchronous invocations: a few workers, and attempts held until they are due.

An attempt can be held for a time on the emulator's clock (clock.py): a retry after a function error waits
as Lambda's does (invoke.py), and on a run's virtual clock (a drill's, a test's) it waits for that clock to
get there, not for the wall clock, so nothing sleeps through the minutes AWS waits. A watcher thread looks at
the clock while attempts are held (a virtual clock moves without telling anyone) and hands each one to the
workers when it is due. `settle()` waits for what is running or due, not for a retry the clock has not
reached: Lambda holds that one too.
"""

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

from generator.emulator import clock

WATCH_SECONDS = 0.05  # how often the watcher reads the clock while an attempt is held
Work = Callable[[], None]


class AsyncQueue:
    def __init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="lambda-async")
        self.running = 0
        self.held: list[tuple[datetime, Work]] = []  # (due on the emulator's clock, the attempt)
        self.idle = threading.Condition()
        self.failures: list[dict[str, Any]] = []  # invocations Lambda gave up on (AWS: the DLQ or on-failure)
        self._watcher: threading.Thread | None = None

    def submit(self, work: Work) -> None:
        with self.idle:
            self.running += 1
        self.executor.submit(self._run, work)

    def hold(self, due: datetime, work: Work) -> None:
        """Run `work` once the emulator's clock reads `due` or later."""
        with self.idle:
            self.held.append((due, work))
            if self._watcher is None or not self._watcher.is_alive():
                self._watcher = threading.Thread(target=self._watch, name="lambda-async-retries", daemon=True)
                self._watcher.start()
            self.idle.notify_all()

    def _run(self, work: Work) -> None:
        try:
            work()
        finally:
            with self.idle:
                self.running -= 1
                self.idle.notify_all()

    def _due(self) -> list[Work]:
        """Take the held attempts that are due (the caller holds `idle`)."""
        now = clock.now()
        due = [work for moment, work in self.held if moment <= now]
        self.held = [(moment, work) for moment, work in self.held if moment > now]
        self.running += len(due)  # counted before they reach a worker, so settle() never sees a gap
        return due

    def _watch(self) -> None:
        while True:
            with self.idle:
                if not self.held:
                    self._watcher = None
                    return
                due = self._due()
                if not due:
                    self.idle.wait(WATCH_SECONDS)
            for work in due:
                self.executor.submit(self._run, work)

    def settle(self, timeout: float = 60.0) -> bool:
        """Wait until nothing runs and no held attempt is due (work may queue more); False when `timeout` passed
        first. A retry the emulator's clock has not reached yet is not waited for. The clock is read again every
        WATCH_SECONDS: a held attempt becomes due without anyone saying so."""
        deadline = time.monotonic() + timeout
        with self.idle:
            while self.running or any(moment <= clock.now() for moment, _ in self.held):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.idle.wait(min(left, WATCH_SECONDS))
            return True
