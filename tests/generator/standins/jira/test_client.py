"""The real `jira` client against the stand-in: what closeloop calls, in Cloud and Data Center flavour."""

import pytest
import requests
from jira import JIRAError

from generator.standins.jira import JiraStandin
from tests.generator.standins.jira.conftest import EMAIL, NAME, client


def task(summary: str, **more: object) -> dict[str, object]:
    return {"project": {"key": "OPS"}, "issuetype": {"name": "Task"}, "summary": summary, **more}


def test_the_flavour_is_read_from_server_info(cloud: JiraStandin, datacenter: JiraStandin) -> None:
    assert client(cloud).deploymentType == "Cloud"
    assert client(datacenter).deploymentType == "Server"
    assert client(datacenter)._version == (9, 12, 15)


def test_create_then_read_with_every_field_present(cloud: JiraStandin) -> None:
    jira = client(cloud, "3")
    dana = jira.search_users(query="dana")[0]
    issue = jira.create_issue(
        fields=task("Add a canary gate", assignee={"accountId": dana.accountId}, duedate="2026-12-18")
    )
    assert issue.key == "OPS-1"
    assert issue.raw["fields"]["assignee"]["accountId"] == dana.accountId
    assert (issue.fields.duedate, issue.fields.priority.name, issue.fields.status.name) == (
        "2026-12-18",
        "Medium",
        "To Do",
    )
    assert issue.fields.description is None and issue.fields.resolution is None and issue.fields.labels == []
    assert issue.self.endswith("/rest/api/3/issue/" + issue.id)
    assert [c.method + " " + c.path for c in cloud.requests][-2:] == [
        "POST /rest/api/3/issue",
        "GET /rest/api/3/issue/OPS-1",
    ]


def test_cloud_knows_users_by_account_id_only(cloud: JiraStandin) -> None:
    with pytest.raises(JIRAError, match="accountId") as raised:
        client(cloud).create_issue(fields=task("x", assignee={"name": NAME}))
    assert raised.value.status_code == 400


def test_data_center_knows_users_by_name(datacenter: JiraStandin) -> None:
    jira = client(datacenter)
    issue = jira.create_issue(fields=task("Rotate the keys", assignee={"name": NAME}, description="plain *wiki* text"))
    assert (issue.raw["fields"]["assignee"]["name"], issue.fields.description) == (NAME, "plain *wiki* text")
    jira.assign_issue(issue.key, "sam")  # the client searches users by name on Data Center
    assert jira.issue(issue.key).raw["fields"]["assignee"]["name"] == "sam"


def test_api_v3_wants_documents_and_v2_strings(cloud: JiraStandin) -> None:
    with pytest.raises(JIRAError, match="Atlassian Document"):
        client(cloud, "3").create_issue(fields=task("x", description="plain"))
    issue = client(cloud, "2").create_issue(fields=task("x", description="line one\nline two"))
    document = client(cloud, "3").issue(issue.key).raw["fields"]["description"]
    assert document["type"] == "doc" and len(document["content"]) == 2


def test_bulk_create_reports_each_failure_and_stops_at_fifty(cloud: JiraStandin) -> None:
    jira = client(cloud)
    results = jira.create_issues([task("one"), task("", labels=["has space"]), task("three")], prefetch=False)
    assert [r["status"] for r in results] == ["Success", "Error", "Success"]
    assert set(results[1]["error"]) == {"summary", "labels"}
    all_bad = jira.create_issues([task("")], prefetch=False)  # a 400 whose body has the same shape
    assert all_bad[0]["status"] == "Error"
    too_many = jira.create_issues([task(f"n{n}") for n in range(51)], prefetch=False)
    assert {r["status"] for r in too_many} == {"Error"} and "at most 50" in str(too_many[0]["error"])
    assert len(cloud.issues()) == 2


def test_cloud_search_pages_by_token_without_a_total(cloud: JiraStandin) -> None:
    jira = client(cloud)
    jira.create_issues([task(f"n{n}", labels=["batch"]) for n in range(7)], prefetch=False)
    first = jira.enhanced_search_issues(
        "project = OPS AND labels = batch ORDER BY key DESC", maxResults=3, json_result=True
    )
    assert [i["key"] for i in first["issues"]] == ["OPS-7", "OPS-6", "OPS-5"]
    assert "total" not in first and first["isLast"] is False
    everything = jira.enhanced_search_issues("project = OPS AND labels = batch", maxResults=0)
    assert [i.key for i in everything] == [f"OPS-{n}" for n in range(1, 8)]
    assert cloud.count("GET", "/search/jql$") == 1 + 1  # 7 issues in pages of 100: one request


def test_cloud_refuses_unbounded_jql_and_answers_the_removed_search_with_410(cloud: JiraStandin) -> None:
    jira = client(cloud)
    with pytest.raises(JIRAError) as unbounded:
        jira.enhanced_search_issues("ORDER BY created DESC")
    assert unbounded.value.status_code == 400
    removed = requests.get(cloud.url + "/rest/api/2/search", params={"jql": "project = OPS"}, auth=(EMAIL, "t0ken"))
    assert removed.status_code == 410


def test_data_center_search_pages_by_start_at_with_a_total(datacenter: JiraStandin) -> None:
    jira = client(datacenter, default_batch_size={})
    jira.create_issues([task(f"n{n}") for n in range(5)], prefetch=False)
    page = jira.search_issues("project = OPS", startAt=2, maxResults=2, json_result=True)
    assert (page["startAt"], page["total"], [i["key"] for i in page["issues"]]) == (2, 5, ["OPS-3", "OPS-4"])
    assert len(jira.search_issues("project = OPS", maxResults=0)) == 5
    assert requests.get(datacenter.url + "/rest/api/2/search/jql", auth=(NAME, "t0ken")).status_code == 404


def test_remote_links_upsert_by_global_id(cloud: JiraStandin) -> None:
    jira = client(cloud)
    key = jira.create_issue(fields=task("x")).key
    jira.add_remote_link(key, {"url": "https://a.example/1", "title": "one"}, globalId="closeloop:incident:INC-1")
    jira.add_remote_link(key, {"url": "https://a.example/1", "title": "renamed"}, globalId="closeloop:incident:INC-1")
    jira.add_simple_link(key, {"url": "https://b.example", "title": "plain"})
    links = jira.remote_links(key)
    assert [(link.globalId if hasattr(link, "globalId") else None, link.object.title) for link in links] == [
        ("closeloop:incident:INC-1", "renamed"),
        (None, "plain"),
    ]


def test_links_comments_transitions_and_webhooks(datacenter: JiraStandin) -> None:
    jira = client(datacenter)
    first, second = (jira.create_issue(fields=task(n)).key for n in ("ticket", "action"))
    jira.create_issue_link("Relates", second, first)
    assert jira.issue(first).fields.issuelinks[0].inwardIssue.key == second  # seen from the outward side
    assert jira.issue(second).fields.issuelinks[0].outwardIssue.key == first
    assert jira.add_comment(second, "Checked the alarm").body == "Checked the alarm"
    assert [c.body for c in jira.comments(second)] == ["Checked the alarm"]
    assert [t["name"] for t in jira.transitions(second)] == ["To Do", "In Progress", "Done"]
    jira.transition_issue(second, "Done")
    done = jira.issue(second)
    assert (done.fields.status.name, done.raw["fields"]["resolution"]["name"]) == ("Done", "Done")
    hook = {"name": "closeloop", "url": "https://hooks.example/jira", "events": ["jira:issue_updated"]}
    registered = jira._session.post(datacenter.url + "/rest/webhooks/1.0/webhook", json=hook)
    assert registered.status_code == 201 and datacenter.store.webhooks[0]["url"] == hook["url"]


def test_wrong_credentials_are_refused(cloud: JiraStandin) -> None:
    answer = requests.get(cloud.url + "/rest/api/3/myself", auth=(EMAIL, "wrong"))
    assert answer.status_code == 401
