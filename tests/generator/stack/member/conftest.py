"""The member template as data, and the central template, as the member stack's tests have them."""

from typing import Any

import pytest

from generator.stack.member.template import build_member_template
from tests.generator.stack.conftest import template as template

__all__ = ["member", "template"]


@pytest.fixture(scope="session")
def member() -> dict[str, Any]:
    data: dict[str, Any] = build_member_template().to_dict()
    return data
