"""Whether an inline Python script defines a handler Automation can call as handler(events, context)."""

import pytest

from generator.validator.rules.execute_script_handler import script_problem


@pytest.mark.parametrize(
    "script",
    [
        "def handler(events, context):\n    return {}\n",
        "def handler(events, context, client=None):\n    return {}\n",
        "def handler(*args):\n    return {}\n",
        "def handler(events, context, *, verbose=False):\n    return {}\n",
        "import os\n\ndef other(): pass\n\ndef handler(e, c, **kwargs):\n    return {}\n",
        "def handler(:\n",  # a broken script is another rule's concern
    ],
)
def test_callable_handlers(script: str) -> None:
    assert script_problem(script, "handler") is None


@pytest.mark.parametrize(
    ("script", "problem"),
    [
        ("def main(events, context):\n    return {}\n", "has no top-level function 'handler'"),
        ("class A:\n    def handler(self, events, context): pass\n", "has no top-level function 'handler'"),
        ("if True:\n    def handler(events, context): pass\n", "has no top-level function 'handler'"),
        (
            "def handler(events):\n    return {}\n",
            "defines 'handler' with a signature that cannot take (events, context)",
        ),
        (
            "def handler(a, b, c):\n    return {}\n",
            "defines 'handler' with a signature that cannot take (events, context)",
        ),
        (
            "def handler(events, context, *, key):\n    pass\n",
            "defines 'handler' with a signature that cannot take (events, context)",
        ),
        ("async def handler(events, context):\n    pass\n", "defines 'handler' as async, which Automation cannot call"),
    ],
)
def test_handlers_automation_cannot_call(script: str, problem: str) -> None:
    assert script_problem(script, "handler") == problem
