"""Issue search: Cloud's `search/jql` (nextPageToken, no total, bounded JQL only) and Data Center's
`search` (startAt/total). Cloud answers its removed `search` endpoint with 410, as Jira Cloud does."""

import base64
import json
from typing import Any

from generator.standins.jira import jql, jql_match
from generator.standins.jira.routing import Answer, ApiError, Request, route
from generator.standins.jira.store import STATUS_CATEGORIES, STATUSES, Issue, JiraStore, find_named

CLOUD_PAGE_LIMIT = 100  # Cloud returns at most 100 issues per page when fields are requested
DC_PAGE_LIMIT = 1000
DATE_FIELDS = {"duedate", "due", "created", "updated", "resolutiondate"}


def property_values(prefix: str, value: Any, record: jql_match.Record) -> None:
    """Every path into an entity property as a JQL field: `issue.property[key].a.b`."""
    if isinstance(value, dict):
        for name, inner in value.items():
            property_values(f"{prefix}.{name.lower()}", inner, record)
    elif value is not None:
        record.setdefault(prefix, []).extend(str(v) for v in (value if isinstance(value, list) else [value]))


def record(issue: Issue, store: JiraStore, cloud: bool) -> jql_match.Record:
    """The values each JQL field name has on this issue."""
    fields = issue.fields
    project = store.project(issue.project_id)
    assert project is not None
    status = find_named(STATUSES, fields["status"])
    assert status is not None
    category = find_named(STATUS_CATEGORIES, status.get("category"))
    assert category is not None

    def user(account_id: str | None) -> list[str]:
        found = store.users.get(account_id or "")
        if found is None:
            return []
        return [found.account_id] if cloud else [found.name, found.key]

    priority, issue_type = fields.get("priority"), fields["issuetype"]
    resolution = fields.get("resolution")
    result: jql_match.Record = {
        "project": [project.key, project.id, project.name],
        "key": [issue.key],
        "issuekey": [issue.key],
        "id": [issue.id],
        "labels": list(fields.get("labels", [])),
        "summary": [fields["summary"]],
        "status": [status.name, status.id],
        "statuscategory": [category.name, category.get("key"), category.id],
        "priority": [priority.name, priority.id] if priority else [],
        "issuetype": [issue_type.name, issue_type.id],
        "type": [issue_type.name, issue_type.id],
        "assignee": user(fields.get("assignee")),
        "reporter": user(fields.get("reporter")),
        "duedate": [fields["duedate"]] if fields.get("duedate") else [],
        "created": [issue.created],
        "updated": [fields.get("updated", issue.created)],
        "resolution": [resolution["name"]] if resolution else [],
        "resolutiondate": [fields["resolutiondate"]] if fields.get("resolutiondate") else [],
    }
    result["due"] = result["duedate"]
    for custom in store.custom_fields:
        value = fields.get(custom["id"])
        values = [] if value is None else [str(v) for v in (value if isinstance(value, list) else [value])]
        number = custom["id"].removeprefix("customfield_")
        for name in (custom["id"], f"cf[{number}]", custom["name"].lower()):
            result[name] = values
    for key, value in issue.properties.items():
        property_values(f"issue.property[{key.lower()}]", value, result)
    return result


def project_values(node: jql.Node | None) -> list[str]:
    """The projects a query names (`project = X`, `project in (X, Y)`): Jira refuses a query naming none that exist."""
    if node is None:
        return []
    if isinstance(node, jql.BoolOp):
        return [value for part in node.parts for value in project_values(part)]
    if node.field.lower() != "project" or node.operator not in ("=", "in"):
        return []
    values = node.value.is_list or (node.value,)
    return [v.text for v in values if v.text]


def names(store: JiraStore) -> set[str]:
    return {p.name.lower() for p in store.projects.values()}


def run_query(request: Request, text: str, reconcile: set[str]) -> list[Issue]:
    try:
        query = jql.parse(text)
    except jql.JqlError as error:
        raise ApiError(400, [str(error)]) from None
    if request.view.cloud and not query.bounded:
        raise ApiError(
            400, ["Unbounded JQL queries are not allowed here. Please add a search restriction to your query."]
        )
    store = request.store
    unknown = [v for v in project_values(query.where) if store.project(v) is None and v.lower() not in names(store)]
    if unknown:
        raise ApiError(400, [f"The value '{unknown[0]}' does not exist for the field 'project'."])
    visible = store.searchable() + [i for i in store.issues.values() if i.id in reconcile]
    records = [(issue, record(issue, store, request.view.cloud)) for issue in dict.fromkeys(visible)]
    try:
        hits = [(i, r) for i, r in records if query.where is None or jql_match.matches(query.where, r, DATE_FIELDS)]
        for name, descending in reversed(query.order_by or (("key", False),)):
            hits.sort(key=lambda hit, name=name: jql_match.sort_key(hit[1], name), reverse=descending)  # type: ignore[misc]
    except jql.JqlError as error:
        raise ApiError(400, [str(error)]) from None
    return [issue for issue, _ in hits]


def search_parameters(request: Request) -> dict[str, Any]:
    """GET query parameters or a POST body, in one shape."""
    if request.method == "POST":
        body = request.json_object()
        fields = body.get("fields")
        return {**body, "fields": fields if isinstance(fields, list) or fields is None else [fields]}
    parameters: dict[str, Any] = {
        name: request.param(name) for name in ("jql", "nextPageToken", "startAt", "maxResults")
    }
    parameters["fields"] = request.listed("fields")
    parameters["reconcileIssues"] = request.listed("reconcileIssues") or []
    return parameters


def page_size(value: Any, limit: int) -> int:
    try:
        size = int(value) if value is not None else 50
    except ValueError:
        raise ApiError(400, [f"The value '{value}' is invalid for maxResults."]) from None
    return max(0, min(size, limit))


def token(offset: int, text: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset, "jql": text}).encode()).decode()


def offset_of(page_token: str | None, text: str) -> int:
    if not page_token:
        return 0
    try:
        decoded = json.loads(base64.urlsafe_b64decode(page_token.encode()))
        if decoded["jql"] != text:
            raise ValueError
        return int(decoded["offset"])
    except (ValueError, KeyError, TypeError):
        raise ApiError(400, ["The nextPageToken is invalid or does not belong to this query."]) from None


@route("GET", "search/jql", flavour="cloud")
@route("POST", "search/jql", flavour="cloud")
def search_jql(request: Request) -> Answer:
    parameters = search_parameters(request)
    text = str(parameters.get("jql") or "")
    size = page_size(parameters.get("maxResults"), CLOUD_PAGE_LIMIT)
    start = offset_of(parameters.get("nextPageToken"), text)
    with request.store.lock:
        found = run_query(request, text, {str(i) for i in parameters.get("reconcileIssues") or []})
        page = [
            request.view.issue(issue, request.store, parameters.get("fields") or ["id"])
            for issue in found[start : start + size]
        ]
    body: dict[str, Any] = {"issues": page, "isLast": start + size >= len(found)}
    if not body["isLast"]:
        body["nextPageToken"] = token(start + size, text)
    return Answer(200, body)


@route("GET", "search", flavour="cloud")
@route("POST", "search", flavour="cloud")
def removed_search(request: Request) -> Answer:
    raise ApiError(410, ["The requested API has been removed. Please migrate to the /rest/api/3/search/jql API."])


@route("GET", "search", flavour="dc")
@route("POST", "search", flavour="dc")
def search_paged(request: Request) -> Answer:
    parameters = search_parameters(request)
    text = str(parameters.get("jql") or "")
    size = page_size(parameters.get("maxResults"), DC_PAGE_LIMIT)
    start = int(parameters.get("startAt") or 0)
    with request.store.lock:
        found = run_query(request, text, set())
        page = [
            request.view.issue(issue, request.store, parameters.get("fields") or ["*navigable"])
            for issue in found[start : start + size]
        ]
    return Answer(
        200, {"expand": "schema,names", "startAt": start, "maxResults": size, "total": len(found), "issues": page}
    )
