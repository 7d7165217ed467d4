"""The Jira faults the suite injects, one at a time, at each kind of request closeloop makes.

Each fault is tried transient (it fires once, as a blip) and as an outage (it fires on every attempt of
the run, then clears), so both the in-run retry rules and the next scheduled run are exercised.
"""

from dataclasses import dataclass

from generator.standins.jira import Fault, FaultKind


@dataclass(frozen=True)
class FaultSpec:
    name: str
    kind: FaultKind
    status: int = 500
    retry_after: str = "1"

    def fault(self, method: str, path: str, times: int) -> Fault:
        return Fault(self.kind, method, path, times=times, status=self.status, retry_after=self.retry_after)


FAULTS = (
    FaultSpec("429 Retry-After seconds", FaultKind.RATE_LIMIT, retry_after="1"),
    FaultSpec("429 Retry-After date", FaultKind.RATE_LIMIT, retry_after="date+2"),
    FaultSpec("500", FaultKind.SERVER_ERROR, status=500),
    FaultSpec("502", FaultKind.SERVER_ERROR, status=502),
    FaultSpec("503", FaultKind.SERVER_ERROR, status=503),
    FaultSpec("dropped before applying", FaultKind.DROP_BEFORE_APPLY),
    FaultSpec("dropped after applying (answer lost)", FaultKind.DROP_AFTER_APPLY),
)
# transient: fires once; outage: fires on every attempt of the run (more than any retry policy makes)
DURATIONS = {"transient": 1, "outage": 40}
# An outage of each way a request fails (429 and 503 refuse, 500 and 502 may apply, a drop loses the answer):
# the others' outages take the same path.
OUTAGES = {"429 Retry-After seconds", "500", "dropped before applying", "dropped after applying (answer lost)"}


def plan() -> list[tuple[FaultSpec, str, int]]:
    """Every fault once as a blip, and one outage of each way a request can fail."""
    return [
        (spec, duration, times)
        for spec in FAULTS
        for duration, times in DURATIONS.items()
        if duration == "transient" or spec.name in OUTAGES
    ]
