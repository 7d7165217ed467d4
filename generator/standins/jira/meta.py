"""Server, user, project and metadata endpoints, and webhook registration."""

from datetime import UTC, datetime, timedelta

from generator.standins.jira.routing import Answer, ApiError, Request, route
from generator.standins.jira.store import ISSUE_TYPES, LINK_TYPES, PRIORITIES, STATUSES, JsonObject, User, find_named

CLOUD_VERSION = (1001, 0, 0)
DC_VERSION = (9, 12, 15)
SYSTEM_FIELDS: tuple[str, ...] = (
    "summary",
    "description",
    "issuetype",
    "project",
    "priority",
    "status",
    "assignee",
    "reporter",
)
SYSTEM_FIELDS += ("duedate", "labels", "created", "updated", "resolution", "issuelinks", "comment", "environment")


@route("GET", "serverInfo")
def server_info(request: Request) -> Answer:
    version = CLOUD_VERSION if request.view.cloud else DC_VERSION
    body: JsonObject = {
        "baseUrl": request.view.base_url,
        "displayUrl": request.view.base_url,
        "version": ".".join(map(str, version)) + ("-SNAPSHOT" if request.view.cloud else ""),
        "versionNumbers": list(version),
        # Jira Cloud says "Cloud"; a self-managed Jira (Server or Data Center) says "Server".
        "deploymentType": "Cloud" if request.view.cloud else "Server",
        "buildNumber": 100300,
        "buildDate": "2026-01-15T00:00:00.000+00:00",
        "serverTime": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000+00:00"),
        "scmInfo": "0000000000000000000000000000000000000000",
        "serverTitle": "closeloop Jira stand-in",
    }
    return Answer(200, body)


@route("GET", "myself")
def myself(request: Request) -> Answer:
    if request.caller is None:
        raise ApiError(401, ["You are not authenticated."])
    return Answer(200, request.view.user(request.caller))


@route("GET", "field")
def fields(request: Request) -> Answer:
    listed: list[JsonObject] = [
        {
            "id": name,
            "key": name,
            "name": name.capitalize(),
            "custom": False,
            "orderable": True,
            "navigable": True,
            "searchable": True,
            "clauseNames": [name],
        }
        for name in SYSTEM_FIELDS
    ]
    for custom in request.store.custom_fields:
        number = custom["id"].removeprefix("customfield_")
        listed.append(
            {
                "id": custom["id"],
                "key": custom["id"],
                "name": custom["name"],
                "custom": True,
                "orderable": True,
                "navigable": True,
                "searchable": True,
                "clauseNames": [f"cf[{number}]", custom["name"]],
                "schema": {"type": "string", "custom": custom["type"], "customId": int(number)},
            }
        )
    return Answer(200, listed)


@route("GET", "project")
def projects(request: Request) -> Answer:
    with request.store.lock:
        return Answer(200, [request.view.project(p, request.store) for p in request.store.projects.values()])


@route("GET", "project/(?P<project>[^/]+)")
def project(request: Request) -> Answer:
    with request.store.lock:
        found = request.store.project(request.match["project"])
        if found is None:
            raise ApiError(404, [f"No project could be found with key '{request.match['project']}'."])
        return Answer(200, request.view.project(found, request.store, ISSUE_TYPES))


@route("GET", "issuetype")
def issue_types(request: Request) -> Answer:
    return Answer(200, [request.view.issue_type(t) for t in ISSUE_TYPES])


@route("GET", "priority")
def priorities(request: Request) -> Answer:
    return Answer(200, [request.view.priority(p) for p in PRIORITIES])


@route("GET", "status")
def statuses(request: Request) -> Answer:
    return Answer(200, [request.view.status(s) for s in STATUSES])


@route("GET", "issueLinkType")
def link_types(request: Request) -> Answer:
    return Answer(200, {"issueLinkTypes": [request.view.link_type(t) for t in LINK_TYPES]})


@route("GET", "issueLinkType/(?P<type>[^/]+)")
def link_type(request: Request) -> Answer:
    found = find_named(LINK_TYPES, request.match["type"])
    if found is None:
        raise ApiError(404, [f"No issue link type with id '{request.match['type']}' found."])
    return Answer(200, request.view.link_type(found))


def user_matches(user: User, text: str) -> bool:
    text = text.lower()
    return any(value.lower().startswith(text) for value in (user.display_name, user.email, user.name)) or (
        text in (user.account_id.lower(), user.key.lower())
    )


@route("GET", "user/search")
@route("GET", "user/assignable/search")
def search_users(request: Request) -> Answer:
    """Cloud searches by `query` (or `accountId`); Data Center by `username` (name, display name or email)."""
    text = request.param("query") or request.param("username") or request.param("accountId")
    if not text:
        raise ApiError(400, ["One of 'query' or 'accountId' (Cloud) / 'username' (Data Center) is required."])
    start, size = int(request.param("startAt") or 0), int(request.param("maxResults") or 50)
    with request.store.lock:
        found = [u for u in request.store.users.values() if u.active and user_matches(u, text)]
        return Answer(200, [request.view.user(u) for u in found[start : start + size]])


@route("GET", "user")
def get_user(request: Request) -> Answer:
    with request.store.lock:
        if request.view.cloud:
            found = request.store.user(account_id=request.param("accountId"))
        else:
            found = request.store.user(name=request.param("username"), key=request.param("key"))
        if found is None:
            raise ApiError(404, ["The user named does not exist."])
        return Answer(200, request.view.user(found))


@route("POST", "webhook", flavour="cloud")
def register_webhooks(request: Request) -> Answer:
    """Cloud's dynamic webhooks (apps): `{url, webhooks: [{events, jqlFilter}]}`; they expire after 30 days."""
    body = request.json_object()
    results: list[JsonObject] = []
    expires = int((datetime.now(UTC) + timedelta(days=30)).timestamp() * 1000)
    with request.store.lock:
        for details in body.get("webhooks") or []:
            if not details.get("events") or not details.get("jqlFilter"):
                results.append({"errors": ["A webhook needs events and a jqlFilter."]})
                continue
            webhook = {"id": int(request.store.next_id()), "url": body.get("url"), "expirationDate": expires, **details}
            request.store.webhooks.append(webhook)
            results.append({"createdWebhookId": webhook["id"]})
    return Answer(200, {"webhookRegistrationResult": results})


@route("GET", "webhook", flavour="cloud")
def list_webhooks(request: Request) -> Answer:
    with request.store.lock:
        values = list(request.store.webhooks)
    return Answer(200, {"isLast": True, "maxResults": 100, "startAt": 0, "total": len(values), "values": values})


@route("POST", r"^/rest/webhooks/1\.0/webhook$", flavour="dc")
def register_webhook_dc(request: Request) -> Answer:
    body = request.json_object()
    if not body.get("url") or not body.get("events"):
        raise ApiError(400, ["A webhook needs a url and events."])
    with request.store.lock:
        webhook_id = request.store.next_id()
        webhook = {"self": f"{request.view.base_url}/rest/webhooks/1.0/webhook/{webhook_id}", **body}
        webhook["enabled"] = True
        request.store.webhooks.append(webhook)
    return Answer(201, webhook)


@route("GET", r"^/rest/webhooks/1\.0/webhook$", flavour="dc")
def list_webhooks_dc(request: Request) -> Answer:
    with request.store.lock:
        return Answer(200, list(request.store.webhooks))


@route("GET", r"^/rest/applinks/latest/listApplicationlinks$")
def application_links(request: Request) -> Answer:
    """`add_remote_link` asks for these first; a plain Jira has none."""
    return Answer(200, {"list": []})
