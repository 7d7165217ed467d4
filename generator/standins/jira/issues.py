"""Issue endpoints: create (one and bulk), read, edit, assign, transitions, comments, links, properties."""

from typing import Any

from generator.standins.jira.fields import apply_fields, apply_update, named_ref, new_issue_fields, user_ref
from generator.standins.jira.routing import Answer, ApiError, Request, route
from generator.standins.jira.store import (
    LINK_TYPES,
    STATUSES,
    TRANSITIONS,
    Comment,
    Issue,
    IssueLink,
    JsonObject,
    RemoteLink,
    find_named,
    now_text,
)

BULK_LIMIT = 50
ISSUE = r"issue/(?P<issue>[^/]+)"


def existing(request: Request) -> Issue:
    issue = request.store.issue(request.match["issue"])
    if issue is None:
        raise ApiError(404, ["Issue does not exist or you do not have permission to see it."])
    return issue


def created(request: Request, issue: Issue) -> JsonObject:
    return {"id": issue.id, "key": issue.key, "self": f"{request.view.api}/issue/{issue.id}"}


@route("POST", "issue")
def create_issue(request: Request) -> Answer:
    with request.store.lock:
        project, fields = new_issue_fields(request, request.json_object())
        issue = request.store.new_issue(project, fields)
        return Answer(201, created(request, issue))


@route("POST", "issue/bulk")
def create_issues(request: Request) -> Answer:
    updates = request.json_object().get("issueUpdates")
    if not isinstance(updates, list):
        raise ApiError(400, ["The request must carry 'issueUpdates'."])
    if len(updates) > BULK_LIMIT:
        # Every element fails, in the bulk shape (the client reads `errors` as a list even under a 400).
        message = {"issueUpdates": f"Bulk create accepts at most {BULK_LIMIT} issues; {len(updates)} were sent."}
        element = {"errorMessages": [], "errors": message}
        failed = [{"status": 400, "elementErrors": element, "failedElementNumber": n} for n in range(len(updates))]
        return Answer(400, {"issues": [], "errors": failed})
    issues: list[JsonObject] = []
    errors: list[JsonObject] = []
    with request.store.lock:
        for number, update in enumerate(updates):
            try:
                project, fields = new_issue_fields(request, update if isinstance(update, dict) else {})
            except ApiError as error:
                element = {"errorMessages": error.messages, "errors": error.errors}
                errors.append({"status": 400, "elementErrors": element, "failedElementNumber": number})
                continue
            issues.append(created(request, request.store.new_issue(project, fields)))
    # Jira answers 201 when any issue was created, and the same shape under 400 when none was.
    return Answer(201 if issues or not errors else 400, {"issues": issues, "errors": errors})


@route("GET", ISSUE)
def get_issue(request: Request) -> Answer:
    with request.store.lock:
        return Answer(200, request.view.issue(existing(request), request.store, request.listed("fields")))


@route("PUT", ISSUE)
def edit_issue(request: Request) -> Answer:
    body = request.json_object()
    errors: dict[str, str] = {}
    with request.store.lock:
        issue = existing(request)
        before = issue.fields
        changed = dict(issue.fields)
        apply_fields(request, body.get("fields") or {}, changed, errors, editing=True)
        apply_update(body.get("update") or {}, changed, errors)
        if errors:
            raise ApiError(400, [], errors)
        changed["updated"] = now_text()
        issue.fields = changed
        request.changed(issue, before)
    return Answer(204)


@route("DELETE", ISSUE)
def delete_issue(request: Request) -> Answer:
    with request.store.lock:
        issue = existing(request)
        del request.store.issues[issue.key]
        request.store.issue_links = [
            link for link in request.store.issue_links if issue.key not in (link.inward_key, link.outward_key)
        ]
    return Answer(204)


@route("PUT", ISSUE + "/assignee")
def assign(request: Request) -> Answer:
    with request.store.lock:
        issue = existing(request)
        user, error = user_ref(request, request.body)
        if error:
            raise ApiError(400, [], {"assignee": error})
        before = dict(issue.fields)
        issue.fields["assignee"] = user.account_id if user else None
        request.changed(issue, before)
    return Answer(204)


def transition_view(request: Request, transition_id: str) -> JsonObject:
    transition = find_named(TRANSITIONS, transition_id)
    assert transition is not None
    status = find_named(STATUSES, transition.get("to"))
    assert status is not None
    return {
        "id": transition.id,
        "name": transition.name,
        "to": request.view.status(status),
        "hasScreen": False,
        "isGlobal": True,
        "isInitial": False,
        "isAvailable": True,
        "isConditional": False,
        "isLooped": False,
    }


@route("GET", ISSUE + "/transitions")
def transitions(request: Request) -> Answer:
    with request.store.lock:
        existing(request)
    listed = [transition_view(request, t.id) for t in TRANSITIONS]
    wanted = request.param("transitionId")
    return Answer(200, {"transitions": [t for t in listed if wanted in (None, t["id"])]})


@route("POST", ISSUE + "/transitions")
def do_transition(request: Request) -> Answer:
    body = request.json_object()
    transition = find_named(TRANSITIONS, named_ref(body.get("transition")) or "")
    if transition is None:
        raise ApiError(400, ["Transition id is not valid for this issue."])
    with request.store.lock:
        issue = existing(request)
        before = dict(issue.fields)
        errors: dict[str, str] = {}
        apply_fields(request, body.get("fields") or {}, issue.fields, errors, editing=True)
        if errors:
            raise ApiError(400, [], errors)
        done = transition.get("to") == "10002"
        issue.fields["status"] = transition.get("to")
        issue.fields["statuscategorychangedate"] = issue.fields["updated"] = now_text()
        issue.fields["resolution"] = (
            {"self": f"{request.view.api}/resolution/10000", "id": "10000", "name": "Done", "description": ""}
            if done
            else None
        )
        issue.fields["resolutiondate"] = now_text() if done else None
        request.changed(issue, before)
    return Answer(204)


@route("GET", ISSUE + "/comment")
def comments(request: Request) -> Answer:
    with request.store.lock:
        return Answer(200, request.view.comment_page(existing(request), request.store))


@route("POST", ISSUE + "/comment")
def add_comment(request: Request) -> Answer:
    body = request.json_object()
    with request.store.lock:
        issue = existing(request)
        errors: dict[str, str] = {}
        stored: JsonObject = {}
        apply_fields(request, {"description": body.get("body")}, stored, errors, editing=True)
        if errors or not stored.get("description"):
            raise ApiError(400, [], {"comment": "Comment body can not be empty!"})
        author = request.caller.account_id if request.caller else ""
        comment = Comment(request.store.next_id(), author, stored["description"], now_text())
        issue.comments.append(comment)
        return Answer(201, request.view.comment(issue, comment, request.store))


@route("POST", "issueLink")
def link_issues(request: Request) -> Answer:
    body = request.json_object()
    link_type = find_named(LINK_TYPES, named_ref(body.get("type")) or "")
    if link_type is None:
        raise ApiError(404, [f"No issue link type with name '{named_ref(body.get('type'))}' found."])
    with request.store.lock:
        inward = request.store.issue(named_ref(body.get("inwardIssue")) or "")
        outward = request.store.issue(named_ref(body.get("outwardIssue")) or "")
        if inward is None or outward is None:
            raise ApiError(404, ["Issue does not exist or you do not have permission to see it."])
        request.store.issue_links.append(IssueLink(request.store.next_id(), link_type.id, inward.key, outward.key))
    return Answer(201)


@route("GET", ISSUE + "/remotelink")
def remote_links(request: Request) -> Answer:
    """Every remote link (a list), or with `globalId` the one link (an object), as Jira answers."""
    with request.store.lock:
        issue = existing(request)
        wanted = request.param("globalId")
        listed = [request.view.remote_link(issue, link) for link in issue.remote_links]
    if wanted is None:
        return Answer(200, listed)
    for link in listed:
        if link.get("globalId") == wanted:
            return Answer(200, link)
    raise ApiError(404, [f"No remote link with globalId '{wanted}' on {issue.key}."])


@route("POST", ISSUE + "/remotelink")
def add_remote_link(request: Request) -> Answer:
    """Create a remote link, or update the one with the same `globalId` (200 instead of 201)."""
    body = request.json_object()
    target: Any = body.get("object")
    if not isinstance(target, dict) or not target.get("url") or not target.get("title"):
        raise ApiError(400, [], {"object": "A remote link needs an object with a url and a title."})
    global_id = body.get("globalId")
    with request.store.lock:
        issue = existing(request)
        for link in issue.remote_links:
            if global_id is not None and link.global_id == global_id:
                link.object, link.application, link.relationship = (
                    target,
                    body.get("application"),
                    body.get("relationship"),
                )
                return Answer(
                    200, {"id": link.id, "self": f"{request.view.api}/issue/{issue.key}/remotelink/{link.id}"}
                )
        link = RemoteLink(
            int(request.store.next_id()), global_id, body.get("application"), body.get("relationship"), target
        )
        issue.remote_links.append(link)
        return Answer(201, {"id": link.id, "self": f"{request.view.api}/issue/{issue.key}/remotelink/{link.id}"})


@route("GET", ISSUE + "/properties")
def property_keys(request: Request) -> Answer:
    with request.store.lock:
        issue = existing(request)
        keys = [{"key": k, "self": f"{request.view.api}/issue/{issue.id}/properties/{k}"} for k in issue.properties]
    return Answer(200, {"keys": keys})


@route("GET", ISSUE + "/properties/(?P<property>[^/]+)")
def get_property(request: Request) -> Answer:
    with request.store.lock:
        issue = existing(request)
        if request.match["property"] not in issue.properties:
            raise ApiError(404, [f"The property with key '{request.match['property']}' does not exist."])
        return Answer(200, {"key": request.match["property"], "value": issue.properties[request.match["property"]]})


@route("PUT", ISSUE + "/properties/(?P<property>[^/]+)")
def set_property(request: Request) -> Answer:
    with request.store.lock:
        issue = existing(request)
        is_new = request.match["property"] not in issue.properties
        issue.properties[request.match["property"]] = request.body
    return Answer(201 if is_new else 200)
