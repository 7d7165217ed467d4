"""The extended emulator for these tests: the session's moto server with closeloop's extensions installed."""

import pytest

from generator.emulator.extensions import install
from tests.generator.emulator.isolation import next_region


@pytest.fixture
def emulated(aws_env: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """`aws_env` with the extensions installed, in a region of the test's own; returns the region."""
    install()
    region = next_region()
    monkeypatch.setenv("AWS_DEFAULT_REGION", region)
    monkeypatch.setenv("AWS_REGION", region)
    return region
