"""The enforcement world of tests/handlers/enforcement (Cloud and Data Center), for the Jira fault cases."""

from tests.handlers.enforcement.conftest import world

__all__ = ["world"]
