"""A local Jira per flavour with one user and project OPS, and Atlassian's OpenAPI description to check it by."""

from collections.abc import Iterator
from typing import Any

import pytest
from jira import JIRA

from generator.standins.jira import JiraStandin
from tests.conftest import ROOT

OPENAPI = ROOT.parent / "shared" / "reference" / "jira-cloud-platform-openapi-v3.json"
EMAIL, NAME, TOKEN = "dana@example.com", "dana", "t0ken"


def seeded(cloud: bool) -> JiraStandin:
    jira = JiraStandin(cloud=cloud).start()
    dana = jira.add_user("Dana Ops", EMAIL, name=NAME, token=TOKEN)
    jira.add_user("Sam Lee", "sam@example.com", name="sam", token="other")
    jira.add_project("OPS", "Operations", lead=dana)
    return jira


@pytest.fixture
def cloud() -> Iterator[JiraStandin]:
    jira = seeded(cloud=True)
    yield jira
    jira.stop()


@pytest.fixture
def datacenter() -> Iterator[JiraStandin]:
    jira = seeded(cloud=False)
    yield jira
    jira.stop()


def client(jira: JiraStandin, version: str = "2", **options: Any) -> JIRA:
    """The real client as closeloop makes it: server info read, its own retries off."""
    login = EMAIL if jira.cloud else NAME
    return JIRA(jira.url, basic_auth=(login, TOKEN), max_retries=0, options={"rest_api_version": version, **options})


@pytest.fixture(scope="session")
def openapi() -> Any:
    if not OPENAPI.is_file():
        pytest.skip(f"Atlassian's OpenAPI description is not at {OPENAPI}")
    from openapi_core import Config, OpenAPI

    return OpenAPI.from_file_path(str(OPENAPI), config=Config(spec_validator_cls=None))
