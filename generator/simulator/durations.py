"""ISO-8601 durations (`PT5M`, `P1DT2H`) and timestamps as `aws:sleep` takes them."""

import re
from datetime import UTC, datetime

from generator.simulator.errors import StepFailed

_DURATION = re.compile(r"^P(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$")


def seconds_of(duration: str) -> float:
    match = _DURATION.match(duration.strip())
    if not match or duration.strip() in ("P", "PT"):
        raise StepFailed(f"Duration {duration!r} is not an ISO-8601 duration such as PT5M")
    parts = {key: float(value) if value else 0.0 for key, value in match.groupdict().items()}
    return parts["d"] * 86400 + parts["h"] * 3600 + parts["m"] * 60 + parts["s"]


def parse_timestamp(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise StepFailed(f"Timestamp {text!r} is not an ISO-8601 timestamp such as 2026-01-01T00:00:00Z") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
