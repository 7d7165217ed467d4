"""Settings Jira refuses are found once, before anything is created, and named: no retry can fix them.

Checked, in this order, each with one request: the credentials (`GET /myself`: 401 or 403), the project
and its issue type (`GET /project/{key}`, whose answer lists the project's issue types: 404 is a project
that does not exist or that the account cannot see), the link type (`GET /issueLinkType`, only when an
incident has a ticket), and each incident ticket (`GET /issue/{key}`: 404). A Jira that cannot be
connected to at all (connection refused, a name that does not resolve) is found by `JiraApi.connect`
without backing off. A check Jira could not answer (a 429, a 5xx, a dropped connection) is not a
verdict: it raises `JiraFailure` and the push queues its actions for the next run, as before.
"""

from collections.abc import Iterable
from typing import Any

from handlers.actions.jira_api import JiraApi, JiraFailure, UnusableSettings, call, refused_credentials


def _get(api: JiraApi, what: str, path: str, params: dict[str, str] | None = None) -> Any:
    """One GET under the retry rules; the status of a certain refusal (4xx) instead of raising, else the body."""
    url = api.client._get_url(path)

    def read() -> Any:
        answer = api.client._session.get(url, params=params)
        return answer.json() if answer.content else None

    try:
        return call(api.policy, what, read, idempotent=True)
    except JiraFailure as failure:
        status = failure.status
        if status is not None and 400 <= status < 500 and status != 429:
            return status
        raise


def login(api: JiraApi) -> str:
    return api.settings.email or "the personal access token"


def check_settings(api: JiraApi, need_link_type: bool) -> None:
    """The credentials, the project and its issue type, and (when links will be made) the link type."""
    if "settings" in api.verified and ("link type" in api.verified or not need_link_type):
        return
    settings, where = api.settings, api.settings.base_url
    answer = _get(api, "check the credentials", "myself")
    if answer in (401, 403):
        raise refused_credentials(settings, answer)
    project = _get(api, f"check project {settings.project}", f"project/{settings.project}")
    if isinstance(project, int):
        raise UnusableSettings(
            f"project {settings.project}: Jira at {where} has no such project, or {login(api)} cannot see it "
            f"(it answered {project})"
        )
    types = [str(t.get("name")) for t in project.get("issueTypes") or []]
    if types and settings.issue_type.lower() not in (name.lower() for name in types):
        raise UnusableSettings(f"issue type {settings.issue_type!r}: project {settings.project} has {', '.join(types)}")
    if need_link_type:
        listed = _get(api, "check the link type", "issueLinkType")
        names = (
            [str(t.get("name")) for t in (listed or {}).get("issueLinkTypes", [])] if isinstance(listed, dict) else []
        )
        if settings.link_type.lower() not in (name.lower() for name in names):
            raise UnusableSettings(f"link type {settings.link_type!r}: Jira at {where} has {', '.join(names)}")
        api.verified.add("link type")
    api.verified.add("settings")


def missing_tickets(api: JiraApi, tickets: Iterable[str]) -> dict[str, str]:
    """Each incident ticket Jira does not have (or the account cannot see), with why."""
    missing: dict[str, str] = {}
    for ticket in sorted(set(tickets) - api.verified):
        answer = _get(api, f"check ticket {ticket}", f"issue/{ticket}", {"fields": "summary"})
        if isinstance(answer, int):
            missing[ticket] = (
                f"incident ticket {ticket}: Jira at {api.settings.base_url} has no such issue, or "
                f"{login(api)} cannot see it (it answered {answer})"
            )
        else:
            api.verified.add(ticket)
    return missing
