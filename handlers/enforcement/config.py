"""The ownership map and policy as the stack delivers them: JSON in SSM parameters the environment names.

The stack stores its `OwnershipMap` and `EnforcementPolicy` parameters as SSM parameters (Lambda's
environment is 4 KB in all, and the map alone may be 3,000 characters); the function's environment names
them (CLOSELOOP_OWNERSHIP_PARAMETER, CLOSELOOP_POLICY_PARAMETER) and they are read through powertools'
parameters utility, cached for MAX_AGE. A value in the environment itself (CLOSELOOP_OWNERSHIP,
CLOSELOOP_POLICY: local runs and the drill) is used as given. An empty policy means the default one. A bad
value fails the function's first invocation with a message that names where it came from and the field.
"""

import json
from collections.abc import Callable, Mapping
from typing import Any

from aws_lambda_powertools.utilities.parameters import SSMProvider

from domain.ownership import ConfigError, EnforcementPolicy, OwnershipMap, load_ownership, load_policy
from handlers.actions.outbox import Outbox

OWNERSHIP_ENV = "CLOSELOOP_OWNERSHIP"
POLICY_ENV = "CLOSELOOP_POLICY"
PARAMETER_SUFFIX = "_PARAMETER"  # CLOSELOOP_OWNERSHIP_PARAMETER names the SSM parameter holding the map
TOPIC_PREFIX_ENV = "CLOSELOOP_REMINDER_TOPIC_PREFIX"
MAX_AGE_SECONDS = 300  # a changed map reaches a warm function within five minutes


def _setting(environ: Mapping[str, str], name: str, ssm: Any) -> tuple[str, str]:
    """(the JSON text, where it came from): the environment's own value, else the parameter it names."""
    text = environ.get(name, "").strip()
    if text:
        return text, f"environment {name}"
    parameter = environ.get(name + PARAMETER_SUFFIX, "").strip()
    if not parameter or ssm is None:
        return "", f"environment {name}"
    provider = SSMProvider(boto3_client=ssm)
    return str(provider.get(parameter, max_age=MAX_AGE_SECONDS)).strip(), f"SSM parameter {parameter}"


def _json(text: str, source: str) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError as error:
        raise ConfigError(f"{source}: not JSON: {error}") from None


def ownership_from_env(environ: Mapping[str, str], ssm: Any = None) -> OwnershipMap:
    text, source = _setting(environ, OWNERSHIP_ENV, ssm)
    data = _json(text, source)
    if data is None:
        raise ConfigError(f"{source}: missing: the stack's OwnershipMap parameter sets it")
    ownership = load_ownership(data, source)
    check_topics(ownership, environ.get(TOPIC_PREFIX_ENV, ""), source)
    return ownership


def check_topics(ownership: OwnershipMap, prefix: str, source: str) -> None:
    """Every per-service topic is one the function may publish to: named with the stack's prefix. Found at
    the first run, naming the service, rather than as an AccessDenied at the first reminder."""
    if not prefix:
        return
    for service, owner in sorted(ownership.services.items()):
        topic = owner.sns_topic
        if topic and not topic.rsplit(":", 1)[-1].startswith(prefix):
            raise ConfigError(
                f"{source}: services.{service}.sns_topic: {topic} may not be published to: the stack allows "
                f"topics whose names start with {prefix!r} (its ReminderTopicPrefix parameter)"
            )


def policy_from_env(environ: Mapping[str, str], ssm: Any = None) -> EnforcementPolicy:
    text, source = _setting(environ, POLICY_ENV, ssm)
    return load_policy(_json(text, source), source)


def service_lookup(outbox: Outbox) -> Callable[[str], str | None]:
    """An incident's service, as the outbox recorded it when its actions were pushed."""

    def service_of(incident_id: str) -> str | None:
        entries = outbox.entries(incident_id)
        return entries[0].incident.service if entries else None

    return service_of
