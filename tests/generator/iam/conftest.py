"""The built template, as the stack's tests have it."""

from tests.generator.stack.conftest import template as template

__all__ = ["template"]
