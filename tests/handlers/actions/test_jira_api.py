"""closeloop's retry rules around the `jira` client: what is repeated, what waits how long, what is in doubt."""

import time
from email.utils import formatdate

import pytest
import requests
from jira import JIRAError

from handlers.actions.jira_api import JiraFailure, RetryPolicy, call, retry_after


def response(status: int, headers: dict[str, str] | None = None) -> requests.Response:
    answer = requests.Response()
    answer.status_code = status
    answer.headers.update(headers or {})
    answer._content = b'{"errorMessages": ["no"]}'
    return answer


def run(errors: list[Exception], idempotent: bool, attempts: int = 3) -> tuple[str, list[float], int]:
    policy = RetryPolicy(attempts=attempts, base_delay=1.0, sleep=lambda _: None)
    calls = 0

    def action() -> str:
        nonlocal calls
        calls += 1
        if errors:
            raise errors.pop(0)
        return "done"

    return call(policy, "create", action, idempotent), policy.slept, calls


def jira_error(status: int, headers: dict[str, str] | None = None) -> JIRAError:
    return JIRAError("no", status_code=status, response=response(status, headers))


def test_retry_after_in_seconds_and_as_an_http_date() -> None:
    assert retry_after(response(429, {"Retry-After": "7"})) == 7.0
    in_five = retry_after(response(429, {"Retry-After": formatdate(time.time() + 5, usegmt=True)}))
    assert in_five is not None and 3.5 < in_five <= 5.0
    assert retry_after(response(429, {"Retry-After": "soon"})) is None
    assert retry_after(response(429)) is None


def test_a_rate_limited_call_waits_as_asked_then_goes_through() -> None:
    result, slept, calls = run([jira_error(429, {"Retry-After": "3"}), jira_error(503, {"Retry-After": "1"})], False)
    assert (result, slept, calls) == ("done", [3.0, 1.0], 3)


def test_a_wait_is_capped() -> None:
    _, slept, _ = run([jira_error(429, {"Retry-After": "3600"})], False)
    assert slept == [60.0]


def test_an_idempotent_call_is_repeated_after_a_lost_answer_or_a_server_error() -> None:
    result, slept, calls = run([requests.ConnectionError("reset"), jira_error(500)], True)
    assert (result, calls, len(slept)) == ("done", 3, 2)


@pytest.mark.parametrize("error", [requests.ConnectionError("reset"), requests.ReadTimeout("slow"), jira_error(502)])
def test_a_create_that_may_have_been_applied_is_not_repeated_but_reported_in_doubt(error: Exception) -> None:
    with pytest.raises(JiraFailure) as raised:
        run([error], idempotent=False)
    assert raised.value.maybe_applied


def test_a_refusal_is_not_repeated_and_not_in_doubt() -> None:
    with pytest.raises(JiraFailure, match="Jira answered 400") as raised:
        run([jira_error(400)], idempotent=False)
    assert not raised.value.maybe_applied


def test_rate_limits_past_the_last_attempt_are_a_failure_not_in_doubt() -> None:
    with pytest.raises(JiraFailure, match="rate limited") as raised:
        run([jira_error(429, {"Retry-After": "1"})] * 3, idempotent=False)
    assert not raised.value.maybe_applied
