"""E5005: an `aws:sleep` step waits for one valid Duration (at most 604,799 s) or one Timestamp."""

import re
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

from generator.document.references import PLACEHOLDER
from generator.document.steps.sleep import SleepStep
from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

MAX_SECONDS = 604_799
_NUMBER = r"(\d+(?:[.,]\d+)?)"
# ISO-8601 duration, `PnYnMnWnDTnHnMnS`, any part optional; the smallest given part may be fractional.
ISO_DURATION = re.compile(
    rf"P(?:{_NUMBER}Y)?(?:{_NUMBER}M)?(?:{_NUMBER}W)?(?:{_NUMBER}D)?(?:T(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?"
)
# Seconds in each part. Years and months have no fixed length; their shortest (365 and 28 days) is
# already over the limit, so any non-zero year or month is reported whatever length AWS assumes.
_UNIT_SECONDS = (365 * 86400, 28 * 86400, 7 * 86400, 86400, 3600, 60, 1)


def duration_seconds(text: str) -> Decimal | None:
    """The length of an ISO-8601 duration in seconds; None when `text` is not one."""
    match = ISO_DURATION.fullmatch(text)
    if match is None or not any(match.groups()) or text.endswith("T"):
        return None
    total = Decimal(0)
    for value, unit in zip(match.groups(), _UNIT_SECONDS, strict=True):
        if value is not None:
            total += Decimal(value.replace(",", ".")) * unit
    return total


def is_timestamp(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


class SleepBounds(Rule):
    id = "E5005"
    severity = Severity.ERROR
    shortdesc = "aws:sleep without one valid Duration or Timestamp"
    description = (
        "`aws:sleep` takes exactly one of Duration (an ISO-8601 duration such as PT10M, at most 604,799 seconds) "
        "or Timestamp (an ISO-8601 time such as 2026-01-01T00:00:00Z); with both, neither, or a value that does "
        "not parse, the step fails."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-sleep.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        for path, step in ctx.steps:
            if isinstance(step, SleepStep):
                yield from self._check_step(path, step)

    def _check_step(self, path: str, step: SleepStep) -> Iterator[Issue]:
        duration, timestamp, name = step.inputs.Duration, step.inputs.Timestamp, step.name
        if (duration is None) == (timestamp is None):
            which = "both Duration and Timestamp" if duration is not None else "neither Duration nor Timestamp"
            yield Issue(f"{path}.inputs", f"step '{name}' gives {which}; it needs exactly one")
        # Templated values (`PT{{ Wait }}S`) are known only at run time.
        if duration is not None and not PLACEHOLDER.search(duration):
            seconds = duration_seconds(duration)
            if seconds is None:
                yield Issue(
                    f"{path}.inputs.Duration", f"step '{name}' Duration '{duration}' is not an ISO-8601 duration"
                )
            elif seconds > MAX_SECONDS:
                yield Issue(
                    f"{path}.inputs.Duration",
                    f"step '{name}' Duration '{duration}' is over the {MAX_SECONDS:,} s an aws:sleep can wait",
                )
        if timestamp is not None and not PLACEHOLDER.search(timestamp) and not is_timestamp(timestamp):
            yield Issue(
                f"{path}.inputs.Timestamp", f"step '{name}' Timestamp '{timestamp}' is not an ISO-8601 timestamp"
            )
