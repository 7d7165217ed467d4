"""The virtual clock every run reads: sleeps, polls and timeouts move it forward without real waiting."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from generator.simulator.errors import StepTimedOut


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass
class VirtualClock:
    now: datetime = field(default_factory=_now)
    # The moment the running step must end by; set by the engine around each step that has a timeout.
    deadline: datetime | None = None

    def sleep(self, seconds: float) -> None:
        """Advance the clock; past the step's deadline, stop at the deadline and time the step out."""
        target = self.now + timedelta(seconds=max(seconds, 0))
        if self.deadline is not None and target > self.deadline:
            self.now = self.deadline
            raise StepTimedOut(f"Step timed out after waiting past its deadline {self.deadline.isoformat()}")
        self.now = target

    def date_time(self) -> str:
        """`{{ global:DATE_TIME }}` as Automation renders it: yyyy-MM-dd_HH.mm.ss, not ISO-8601."""
        return self.now.strftime("%Y-%m-%d_%H.%M.%S")

    def date(self) -> str:
        return self.now.strftime("%Y-%m-%d")
