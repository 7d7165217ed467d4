"""The stand-in's v3 answers checked against Atlassian's OpenAPI description of Jira Cloud.

Each exchange is replayed to the validator under the description's own server URL. Two places where the
description disagrees with Jira itself are handled openly: a 201/204 whose schema is `{}` (anything) while
Jira sends no body, and the remote-link list (the schema says one object; Jira, and the description's own
example, return an array), checked here through its single-link form (`?globalId=`).
"""

from typing import Any

import pytest
import requests
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_core.validation.response.exceptions import MissingData

from generator.standins.jira import JiraStandin
from tests.generator.standins.jira.conftest import EMAIL, TOKEN

SPEC_SERVER = "https://your-domain.atlassian.net"
TEXT = {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Hi"}]}]}


class Exchanges:
    def __init__(self, jira: JiraStandin, openapi: Any) -> None:
        self.jira, self.openapi = jira, openapi
        self.session = requests.Session()
        self.session.auth = (EMAIL, TOKEN)
        self.checked: list[tuple[str, str, int]] = []

    def check(self, method: str, path: str, status: int, **kwargs: Any) -> Any:
        answer = self.session.request(method, self.jira.url + path, **kwargs)
        assert answer.status_code == status, answer.text
        replay = requests.Request(method, SPEC_SERVER + path, params=kwargs.get("params"), json=kwargs.get("json"))
        try:
            self.openapi.validate_response(RequestsOpenAPIRequest(replay.prepare()), RequestsOpenAPIResponse(answer))
        except MissingData:
            assert status in (201, 204) and not answer.content, f"{method} {path}: answer missing its body"
        self.checked.append((method, path, status))
        return answer.json() if answer.content else None


def issue_fields(summary: str, **more: Any) -> dict[str, Any]:
    return {"fields": {"project": {"key": "OPS"}, "issuetype": {"name": "Task"}, "summary": summary, **more}}


def test_every_v3_answer_closeloop_relies_on_matches_the_openapi_description(cloud: JiraStandin, openapi: Any) -> None:
    x = Exchanges(cloud, openapi)
    dana = x.check("GET", "/rest/api/3/myself", 200)
    x.check("GET", "/rest/api/3/serverInfo", 200)
    x.check("GET", "/rest/api/3/field", 200)
    x.check("GET", "/rest/api/3/project/OPS", 200)
    x.check("GET", "/rest/api/3/project/NOPE", 404)
    x.check("GET", "/rest/api/3/priority", 200)
    x.check("GET", "/rest/api/3/issueLinkType", 200)
    x.check("GET", "/rest/api/3/user/search", 200, params={"query": "dana"})
    more = {"assignee": {"accountId": dana["accountId"]}, "labels": ["closeloop"], "duedate": "2026-12-01"}
    created = x.check("POST", "/rest/api/3/issue", 201, json=issue_fields("First", description=TEXT, **more))
    x.check("POST", "/rest/api/3/issue", 400, json={"fields": {"project": {"key": "OPS"}}})
    bulk = {"issueUpdates": [issue_fields("Second"), {"fields": {"summary": "no project"}}]}
    x.check("POST", "/rest/api/3/issue/bulk", 201, json=bulk)
    x.check("POST", "/rest/api/3/issue/bulk", 400, json={"issueUpdates": [{"fields": {}}]})
    key = created["key"]
    x.check("GET", f"/rest/api/3/issue/{key}", 200)
    x.check("GET", "/rest/api/3/issue/OPS-999", 404)
    x.check("PUT", f"/rest/api/3/issue/{key}", 204, json={"fields": {"summary": "First, renamed"}})
    x.check("PUT", f"/rest/api/3/issue/{key}", 400, json={"fields": {"duedate": "tomorrow"}})
    page = x.check("GET", "/rest/api/3/search/jql", 200, params={"jql": "project = OPS", "maxResults": "1"})
    second = {"jql": "project = OPS", "nextPageToken": page["nextPageToken"]}
    x.check("POST", "/rest/api/3/search/jql", 200, json=second)
    x.check("GET", "/rest/api/3/search/jql", 400, params={"jql": "ORDER BY key"})
    link = {"globalId": "closeloop:incident:INC-1", "object": {"url": "https://x.example/INC-1", "title": "INC-1"}}
    x.check("POST", f"/rest/api/3/issue/{key}/remotelink", 201, json=link)
    x.check("POST", f"/rest/api/3/issue/{key}/remotelink", 200, json=link)
    x.check("GET", f"/rest/api/3/issue/{key}/remotelink", 200, params={"globalId": "closeloop:incident:INC-1"})
    x.check("POST", f"/rest/api/3/issue/{key}/comment", 201, json={"body": TEXT})
    x.check("GET", f"/rest/api/3/issue/{key}/comment", 200)
    x.check("GET", f"/rest/api/3/issue/{key}/transitions", 200)
    x.check("POST", f"/rest/api/3/issue/{key}/transitions", 204, json={"transition": {"id": "31"}})
    relates = {"type": {"name": "Relates"}, "inwardIssue": {"key": key}, "outwardIssue": {"key": "OPS-2"}}
    x.check("POST", "/rest/api/3/issueLink", 201, json=relates)
    webhooks = [{"events": ["jira:issue_updated"], "jqlFilter": "project = OPS"}]
    hook = {"url": "https://hooks.example/jira", "webhooks": webhooks}
    x.check("POST", "/rest/api/3/webhook", 200, json=hook)
    x.check("GET", "/rest/api/3/webhook", 200)
    x.check("PUT", f"/rest/api/3/issue/{key}/properties/closeloop", 201, json={"incident": "INC-1"})
    x.check("GET", f"/rest/api/3/issue/{key}/properties/closeloop", 200)
    assert len(x.checked) == 31


def test_a_wrong_shape_would_be_caught(cloud: JiraStandin, openapi: Any) -> None:
    """The check can fail: a server-info answer with a field Jira does not send is refused."""
    answer = requests.get(cloud.url + "/rest/api/3/serverInfo", auth=(EMAIL, TOKEN))
    answer._content = answer.content.replace(b'"baseUrl"', b'"baseURL"')
    replay = requests.Request("GET", SPEC_SERVER + "/rest/api/3/serverInfo").prepare()
    with pytest.raises(Exception, match="baseURL"):
        openapi.validate_response(RequestsOpenAPIRequest(replay), RequestsOpenAPIResponse(answer))
