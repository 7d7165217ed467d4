"""The stand-in's JQL subset: the clauses closeloop's queries use, and Jira's 400 for what it cannot read."""

from datetime import UTC, datetime, timedelta

import pytest
from jira import JIRAError

from generator.standins.jira import JiraStandin
from tests.generator.standins.jira.conftest import client


@pytest.fixture
def keys(cloud: JiraStandin) -> "dict[str, str]":
    """Four issues: due yesterday / in a week / none; assigned / not; labelled; one done."""
    jira = client(cloud)
    dana = jira.search_users(query="dana")[0].accountId
    external = cloud.add_custom_field("closeloop external id")
    today = datetime.now(UTC).date()
    keys: dict[str, str] = {}
    for fields in (
        {"summary": "late", "duedate": str(today - timedelta(days=1)), "labels": ["closeloop:INC-1:A1"]},
        {"summary": "soon", "duedate": str(today + timedelta(days=7)), "assignee": {"accountId": dana}},
        {"summary": "undated", "labels": ["closeloop:INC-1:A3", "other"], external: "INC-1/A3"},
        {"summary": "finished", "duedate": str(today - timedelta(days=3)), "priority": {"name": "High"}},
    ):
        issue = jira.create_issue(fields={"project": {"key": "OPS"}, "issuetype": {"name": "Task"}, **fields})
        keys[str(fields["summary"])] = issue.key
    jira.transition_issue(keys["finished"], "31")
    jira.add_issue_property(keys["undated"], "closeloop", {"incident": "INC-1", "action": "A3"})
    return keys


@pytest.mark.parametrize(
    ("jql", "expected"),
    [
        ('project = OPS AND labels = "closeloop:INC-1:A1"', ["late"]),
        ('project = OPS AND labels in ("closeloop:INC-1:A1", "closeloop:INC-1:A3")', ["late", "undated"]),
        ("project = OPS AND labels not in (other)", ["late", "soon", "finished"]),
        ("project = OPS AND statusCategory != Done AND duedate < now()", ["late"]),
        ("project = OPS AND duedate <= 7d AND duedate >= startOfDay()", ["soon"]),
        ("project = OPS AND duedate is EMPTY", ["undated"]),
        ("project = OPS AND assignee is EMPTY AND statusCategory = 'To Do'", ["late", "undated"]),
        ("project = OPS AND assignee is not EMPTY", ["soon"]),
        ('project = OPS AND cf[10050] = "INC-1/A3"', ["undated"]),
        ('project = OPS AND "closeloop external id" = "INC-1/A3"', ["undated"]),
        ("project = OPS AND issue.property[closeloop].action = A3", ["undated"]),
        ("project = OPS AND (priority = High OR summary ~ soon) ORDER BY duedate DESC", ["soon", "finished"]),
        ("project = OPS AND NOT status = Done ORDER BY duedate ASC, key DESC", ["late", "soon", "undated"]),
    ],
)
def test_queries(cloud: JiraStandin, keys: "dict[str, str]", jql: str, expected: list[str]) -> None:
    found = client(cloud).enhanced_search_issues(jql, fields=["summary"])
    assert [issue.fields.summary for issue in found] == expected


@pytest.mark.parametrize(
    ("jql", "message"),
    [
        ("project = OPS AND", "Expecting more input"),
        ("project OPS", "Expecting operator"),
        ("project = OPS AND colour = red", "Field 'colour' does not exist"),
        ("project = OPS AND duedate < someday", "Date value 'someday'"),
        ("project = OPS AND assignee is Dana", "only accepts EMPTY"),
        ("project = OPS ORDER BY colour", "Not able to sort using field 'colour'"),
        ("project = NOPE AND labels = x", "The value 'NOPE' does not exist for the field 'project'"),
    ],
)
def test_malformed_queries_are_refused_with_400(
    cloud: JiraStandin, keys: "dict[str, str]", jql: str, message: str
) -> None:
    with pytest.raises(JIRAError, match=message) as raised:
        client(cloud).enhanced_search_issues(jql)
    assert raised.value.status_code == 400
