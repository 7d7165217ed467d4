"""A gate in front of the emulator's HTTP server: a state snapshot (persistence.py) is taken between requests.

Requests pass freely and are counted; `quiet()` waits until none is in flight, then holds new ones back
while its block runs. It never waits for a gap while holding requests back, so a request that makes others
inside itself (a Lambda invoke whose function calls the emulator, a function URL) cannot deadlock with it:
the snapshot starts only when no request at all is in flight. `changed` says whether any request arrived
since the last quiet block (nothing to save when nothing came in).
"""

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class RequestGate:
    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._in_flight = 0
        self._closed = False
        self.changed = False

    def wrap(self, app: WsgiApp) -> WsgiApp:
        def gated(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
            with self._condition:
                self._condition.wait_for(lambda: not self._closed)
                self._in_flight += 1
                self.changed = True
            try:
                return list(app(environ, start_response))  # the whole answer, inside the gate
            finally:
                with self._condition:
                    self._in_flight -= 1
                    self._condition.notify_all()

        return gated

    @contextmanager
    def quiet(self, timeout: float | None = None) -> Iterator[bool]:
        """Inside: no request runs (True), or `timeout` passed without a gap and requests still run (False)."""
        with self._condition:
            got = self._condition.wait_for(lambda: self._in_flight == 0 and not self._closed, timeout=timeout)
            if got:
                self._closed, self.changed = True, False
        try:
            yield got
        finally:
            if got:
                with self._condition:
                    self._closed = False
                    self._condition.notify_all()
