"""File names and key segments: safe characters only, never `.`/`..`, and two names never share a file."""

import string

from hypothesis import given
from hypothesis import strategies as st

from domain.escape.filename import MAX_NAME, safe_name
from tests.domain.escape.hostile import hostile

ALLOWED = set(string.ascii_letters + string.digits + ".-_~")


@given(hostile)
def test_a_name_is_short_safe_and_not_a_dot_path(value: str) -> None:
    name = safe_name(value)
    assert set(name) <= ALLOWED
    assert name and not name.startswith(".")
    assert len(name) <= MAX_NAME + 65


@given(hostile, hostile)
def test_two_different_values_never_get_the_same_name(a: str, b: str) -> None:
    if a != b:
        assert safe_name(a) != safe_name(b)


@given(st.text(alphabet="/_ab", max_size=6))
def test_slash_and_underscore_never_meet(value: str) -> None:
    assert safe_name(value) != safe_name(value.replace("/", "_")) or "/" not in value


def test_the_two_alarms_that_once_shared_a_snapshot() -> None:
    assert safe_name("inc-zz/b") != safe_name("inc-zz_b")
