"""Logs Insights literals: a value cannot end its literal or start a command of its own."""

import re

from hypothesis import given

from domain.escape.logs_insights import insights_string
from tests.domain.escape.hostile import hostile

LITERAL = re.compile(r'"(?:[^"\\\n\r|]|\\.)*"', re.DOTALL)
ESCAPES = {"n": "\n", "r": "\r", "t": "\t"}


def read_back(literal: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m[1], m[1]), literal[1:-1], flags=re.DOTALL)


@given(hostile)
def test_an_escaped_value_is_exactly_one_literal(value: str) -> None:
    literal = insights_string(value)
    assert LITERAL.fullmatch(literal)
    query = f"fields @message | filter @message like {literal} | limit 10"
    assert query.replace(literal, "X").count("|") == 2  # no pipe of the value's making outside the literal


@given(hostile)
def test_a_literal_reads_back_as_the_value_without_control_characters(value: str) -> None:
    kept = "".join(c for c in value if ord(c) >= 0x20 or c in "\n\r\t")
    assert read_back(insights_string(value)) == kept
