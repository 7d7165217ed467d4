"""The webhook's shared secrets, read from the stack's secret with a time-to-live, so rotations need no deploy.

A warm container keeps the secret for SECRET_TTL and then reads it again (powertools' parameters cache),
so a rotated `webhook_secret` is in use within minutes. During a rotation the old value stays valid until
`webhook_secret_previous_until` (ISO-8601 UTC): Jira's webhook can be switched to the new secret at any
moment of that grace period without a delivery being refused. See docs/security.md, "Rotating secrets".
"""

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from aws_lambda_powertools.utilities.parameters import SecretsProvider

SECRET_TTL = 300  # seconds a warm container trusts its copy of the secret
CURRENT, PREVIOUS, PREVIOUS_UNTIL = "webhook_secret", "webhook_secret_previous", "webhook_secret_previous_until"


def valid_secrets(content: dict[str, Any], now: datetime, secret_id: str) -> list[bytes]:
    """The secrets a signature may be made with now: the current one, and the previous one in its grace period."""
    current = content.get(CURRENT)
    if not current:
        raise RuntimeError(f"secret {secret_id}: no {CURRENT}: every webhook would be refused")
    found = [str(current).encode()]
    previous, until = content.get(PREVIOUS), content.get(PREVIOUS_UNTIL)
    if previous and until:
        try:
            in_grace = now < datetime.fromisoformat(str(until).replace("Z", "+00:00"))
        except (TypeError, ValueError):
            in_grace = False  # an unreadable end is no grace period: only the current secret verifies
        if in_grace:
            found.append(str(previous).encode())
    return found


def secret_reader(secrets: Any, secret_id: str, now: Callable[[], datetime]) -> Callable[[], list[bytes]]:
    """Read (at most once per SECRET_TTL per container) the secrets valid now."""
    provider = SecretsProvider(boto3_client=secrets)

    def read() -> list[bytes]:
        content = provider.get(secret_id, max_age=SECRET_TTL)
        parsed = json.loads(content) if isinstance(content, str | bytes) else content
        return valid_secrets(parsed if isinstance(parsed, dict) else {}, now(), secret_id)

    return read
