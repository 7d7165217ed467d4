"""The ownership map and policy as the stack delivers them: JSON in the function's environment.

The stack carries both as parameters (`OwnershipMap`, `EnforcementPolicy`), which reach the function as
CLOSELOOP_OWNERSHIP and CLOSELOOP_POLICY; an empty policy means the default one. A bad value fails the
function's first invocation with a message that names the variable and the field.
"""

import json
from collections.abc import Callable, Mapping
from typing import Any

from domain.ownership import ConfigError, EnforcementPolicy, OwnershipMap, load_ownership, load_policy
from handlers.actions.outbox import Outbox

OWNERSHIP_ENV = "CLOSELOOP_OWNERSHIP"
POLICY_ENV = "CLOSELOOP_POLICY"


def _json(environ: Mapping[str, str], name: str) -> Any:
    text = environ.get(name, "").strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError as error:
        raise ConfigError(f"environment {name}: not JSON: {error}") from None


def ownership_from_env(environ: Mapping[str, str]) -> OwnershipMap:
    data = _json(environ, OWNERSHIP_ENV)
    if data is None:
        raise ConfigError(f"environment {OWNERSHIP_ENV}: missing: the stack's OwnershipMap parameter sets it")
    return load_ownership(data, f"environment {OWNERSHIP_ENV}")


def policy_from_env(environ: Mapping[str, str]) -> EnforcementPolicy:
    return load_policy(_json(environ, POLICY_ENV), f"environment {POLICY_ENV}")


def service_lookup(outbox: Outbox) -> Callable[[str], str | None]:
    """An incident's service, as the outbox recorded it when its actions were pushed."""

    def service_of(incident_id: str) -> str | None:
        entries = outbox.entries(incident_id)
        return entries[0].incident.service if entries else None

    return service_of
