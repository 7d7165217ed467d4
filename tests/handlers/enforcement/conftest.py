"""An enforcement world per Jira flavour, on the emulator; the stand-in is stopped after each test."""

from collections.abc import Iterator

import pytest

from tests.handlers.enforcement.enforcement_world import EnforcementWorld, make_world


@pytest.fixture(params=[True, False], ids=["cloud", "datacenter"])
def world(request: pytest.FixtureRequest, aws_env: str) -> Iterator[EnforcementWorld]:
    made = make_world(cloud=request.param)
    yield made
    made.jira.stop()


@pytest.fixture
def cloud_world(aws_env: str) -> Iterator[EnforcementWorld]:
    made = make_world(cloud=True)
    yield made
    made.jira.stop()
