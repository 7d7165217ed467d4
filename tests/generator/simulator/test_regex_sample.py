"""Sample strings for allowedPattern: each one the pattern accepts, or None when it cannot make one."""

import re

import pytest

from generator.simulator.regex_sample import sample_for


@pytest.mark.parametrize(
    "pattern",
    [
        r"^i-[a-f0-9]{8,17}$",
        r"^[a-z]([a-z\d]-?){0,61}[a-z\d]$",
        r"(\d{12}/)?[a-z]{1}[a-z0-9-]{2,28}",
        r"^(arn:aws[a-z0-9-]*:.*\S.*)",
        r"^[^x]+$",
        r"^(true|false)$",
    ],
)
def test_the_sample_matches_its_pattern(pattern: str) -> None:
    sample = sample_for(pattern)

    assert sample is not None and re.search(pattern, sample)


def test_a_pattern_python_cannot_read_gives_no_sample() -> None:
    assert sample_for(r"^[\w-\/]+$") is None
