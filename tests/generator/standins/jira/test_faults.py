"""Injected faults, seen through the real client with its own retries off: what each one does to a caller."""

import time

import pytest
import requests
from jira import JIRAError

from generator.standins.jira import Fault, FaultKind, JiraStandin
from tests.generator.standins.jira.conftest import EMAIL, TOKEN, client

TASK = {"project": {"key": "OPS"}, "issuetype": {"name": "Task"}, "summary": "x"}


def test_a_rate_limit_answers_429_with_retry_after_and_applies_nothing(cloud: JiraStandin) -> None:
    cloud.faults.add(Fault(FaultKind.RATE_LIMIT, method="POST", path="/issue$", retry_after="7"))
    with pytest.raises(JIRAError) as raised:
        client(cloud).create_issue(fields=TASK)
    assert raised.value.status_code == 429
    assert raised.value.response is not None
    headers = raised.value.response.headers
    assert (headers["Retry-After"], headers["X-RateLimit-Limit"]) == ("7", "100")
    assert cloud.issues() == []


def test_a_rate_limit_can_give_an_http_date(cloud: JiraStandin) -> None:
    cloud.faults.add(Fault(FaultKind.RATE_LIMIT, path="/myself$", retry_after="date+30"))
    answer = requests.get(cloud.url + "/rest/api/3/myself", auth=(EMAIL, TOKEN))
    assert answer.status_code == 429 and answer.headers["Retry-After"].endswith(" GMT")


def test_a_server_error_fires_as_often_as_asked_then_stops(cloud: JiraStandin) -> None:
    cloud.faults.add(Fault(FaultKind.SERVER_ERROR, method="GET", path="/serverInfo$", times=2, status=503))
    statuses = [requests.get(cloud.url + "/rest/api/2/serverInfo").status_code for _ in range(3)]
    assert statuses == [503, 503, 200]


def test_a_slow_answer_times_a_client_out_but_is_applied(cloud: JiraStandin) -> None:
    jira = client(cloud)
    jira._session.timeout = 0.2
    cloud.faults.add(Fault(FaultKind.SLOW, method="POST", path="/issue$", delay=0.6))
    started = time.monotonic()
    with pytest.raises(requests.ReadTimeout):
        jira.create_issue(fields=TASK)
    assert time.monotonic() - started < 0.6
    time.sleep(0.6)
    assert [i.key for i in cloud.issues()] == ["OPS-1"]


def test_a_dropped_connection_after_a_create_leaves_the_issue_made(datacenter: JiraStandin) -> None:
    datacenter.faults.add(Fault(FaultKind.DROP_AFTER_APPLY, method="POST", path="/issue/bulk$"))
    with pytest.raises(requests.ConnectionError):
        client(datacenter).create_issues([TASK, TASK], prefetch=False)
    assert [i.key for i in datacenter.issues()] == ["OPS-1", "OPS-2"]
    assert datacenter.requests[-1].status == 0  # logged as answered with nothing


def test_the_client_with_its_own_retries_duplicates_a_dropped_create(datacenter: JiraStandin) -> None:
    """Why closeloop switches the client's retries off (FACTS.md): it re-sends a create whose answer was lost."""
    jira = client(datacenter)
    jira._session.max_retries = 1
    jira._session.max_retry_delay = 0  # sleep 0 s instead of up to 60 s
    datacenter.faults.add(Fault(FaultKind.DROP_AFTER_APPLY, method="POST", path="/issue$"))
    jira.create_issue(fields=TASK)
    assert len(datacenter.issues()) == 2
