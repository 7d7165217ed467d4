"""The built template, as the stack's tests have it, and the statements of a role that grant an action."""

from typing import Any

from generator.iam.statements import role_statements
from tests.generator.stack.conftest import template as template

__all__ = ["statements_granting", "template"]


def statements_granting(template: dict[str, Any], role: str, action: str) -> list[dict[str, Any]]:
    """The (mutable) statements of `role` in `template` whose Action lists `action`."""
    return [
        s.body for s in role_statements(template, role) if action in s.actions and isinstance(s.body["Action"], list)
    ]
