"""A step's common settings with their defaults, resolved: real documents write some as "true" or `{{ X }}`."""

from dataclasses import dataclass
from typing import Any

from generator.document.steps.base import StepBase
from generator.simulator.errors import StepFailed
from generator.simulator.execution import Execution


@dataclass(frozen=True)
class StepSettings:
    max_attempts: int
    timeout_seconds: int | None
    is_critical: bool
    is_end: bool


def settings_of(step: StepBase, execution: Execution) -> StepSettings:
    on_failure = step.onFailure or "Abort"
    # isCritical defaults to true, except for a step whose failure the document chose to Continue past.
    critical_default = on_failure != "Continue"
    timeout = _integer("timeoutSeconds", execution.resolve(step.timeoutSeconds))
    return StepSettings(
        max_attempts=max(1, _integer("maxAttempts", execution.resolve(step.maxAttempts)) or 1),
        timeout_seconds=timeout if timeout else None,
        is_critical=_boolean("isCritical", execution.resolve(step.isCritical), critical_default),
        is_end=_boolean("isEnd", execution.resolve(step.isEnd), False),
    )


def _integer(field: str, value: Any) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise StepFailed(f"{field} must be a whole number, got {value!r}")


def _boolean(field: str, value: Any, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise StepFailed(f"{field} must be true or false, got {value!r}")
