"""Faults the stand-in injects on request: what a real Jira does to a client on a bad day.

A fault matches requests by method and a regular expression on the path and fires a set number of times:
- `rate_limit`: 429 with `Retry-After` (seconds; `date+N` sends an HTTP date N seconds ahead) and
  Cloud's `X-RateLimit-*` headers; nothing is applied.
- `server_error`: 500 (or `status`); nothing is applied.
- `slow`: the answer comes after `delay` seconds; the request is applied.
- `drop_after_apply`: the request is applied, then the connection closes without an answer, as when a
  proxy or the network drops the response of a create that Jira had already committed.
- `drop_before_apply`: the connection closes without an answer and nothing is applied (a reset on the way in):
  the client cannot tell it from `drop_after_apply`.
- `hold`: the request waits at a barrier (`arrived` is set) until the test sets `gate`, then is applied and
  answered: two runs can be made to overlap at a chosen request, deterministically, without sleeping.
"""

import re
import threading
from dataclasses import dataclass, field
from enum import StrEnum


class FaultKind(StrEnum):
    RATE_LIMIT = "rate_limit"
    SERVER_ERROR = "server_error"
    SLOW = "slow"
    DROP_AFTER_APPLY = "drop_after_apply"
    DROP_BEFORE_APPLY = "drop_before_apply"
    HOLD = "hold"


@dataclass
class Fault:
    kind: FaultKind
    method: str = "*"
    path: str = ".*"  # matched with re.search against the request path (without the query)
    times: int = 1
    retry_after: str = "1"
    status: int = 500
    delay: float = 0.0
    fired: int = 0
    gate: threading.Event = field(default_factory=threading.Event)  # HOLD: set it to let the request go on
    arrived: threading.Event = field(default_factory=threading.Event)  # HOLD: set when a request waits at the gate

    def matches(self, method: str, path: str) -> bool:
        return self.fired < self.times and self.method in ("*", method) and re.search(self.path, path) is not None


@dataclass
class FaultPlan:
    """The faults still to fire, consumed in order; thread-safe."""

    faults: list[Fault] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, fault: Fault) -> Fault:
        with self.lock:
            self.faults.append(fault)
        return fault

    def clear(self) -> None:
        with self.lock:
            self.faults.clear()

    def take(self, method: str, path: str) -> Fault | None:
        """The first fault that matches this request, counted as fired."""
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    fault.fired += 1
                    return fault
        return None

    def pending(self) -> list[Fault]:
        with self.lock:
            return [f for f in self.faults if f.fired < f.times]
