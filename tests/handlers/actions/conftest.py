"""Fixtures for the push tests: a seeded local Jira per flavour, stopped after each test."""

from collections.abc import Iterator

import pytest

from tests.handlers.actions.jira_world import World, world


@pytest.fixture(params=[True, False], ids=["cloud", "datacenter"])
def jira_world(request: pytest.FixtureRequest) -> Iterator[World]:
    made = world(cloud=request.param)
    yield made
    made.jira.stop()


@pytest.fixture
def cloud_world() -> Iterator[World]:
    made = world(cloud=True)
    yield made
    made.jira.stop()
