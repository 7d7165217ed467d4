"""Checking and storing the `fields` of a create or edit request, with Jira's per-field error messages."""

import re
from typing import Any

from generator.standins.jira.routing import ApiError, Request
from generator.standins.jira.store import ISSUE_TYPES, PRIORITIES, JsonObject, Project, User, find_named, now_text

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Fields a request may set beyond the ones with their own checks; anything else is "not on the screen".
PLAIN_FIELDS = {"environment"}


def named_ref(value: Any) -> str | None:
    """The id or name a `{"id": ...}` / `{"name": ...}` / `{"key": ...}` reference carries."""
    if isinstance(value, dict):
        for attribute in ("id", "key", "name"):
            if isinstance(value.get(attribute), str | int):
                return str(value[attribute])
    return None


def user_ref(request: Request, value: Any) -> tuple[User | None, str | None]:
    """The user a reference names, or an error: Cloud takes `accountId` only, Data Center `name` or `key`."""
    if value is None:
        return None, None
    if not isinstance(value, dict):
        return None, "Specify a valid value for the user."
    store = request.store
    if request.view.cloud:
        if set(value) - {"accountId"}:
            return None, "'accountId' must be the only user identifying property."
        user = store.user(account_id=str(value.get("accountId")))
    else:
        user = store.user(name=value.get("name"), key=value.get("key"))
    if user is None or not user.active:
        return None, f"User '{next(iter(value.values()), '')}' does not exist."
    return user, None


def rich_text(request: Request, value: Any) -> tuple[Any, str | None]:
    if value is None:
        return None, None
    if request.view.v3:
        if isinstance(value, dict) and value.get("type") == "doc" and isinstance(value.get("content"), list):
            return value, None
        return None, "Operation value must be an Atlassian Document (see the Atlassian Document Format)."
    if isinstance(value, str):
        return value, None
    return None, "Operation value must be a string."


def check_labels(labels: Any) -> str | None:
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        return "Labels must be a list of strings."
    for label in labels:
        if " " in label or not label:
            return f"The label '{label}' contains spaces which is invalid."
        if len(label) > 255:
            return "The label must not exceed 255 characters."
    return None


def apply_fields(
    request: Request, given: JsonObject, stored: JsonObject, errors: dict[str, str], editing: bool = False
) -> None:
    """Check each given field and copy it into `stored` (the issue's own fields), recording errors by field."""
    custom_ids = {f["id"] for f in request.store.custom_fields}
    for name, value in given.items():
        if name in ("project", "issuetype") and editing:
            continue  # an edit keeps its project and type (moving issues is not modelled)
        if name == "summary":
            if not isinstance(value, str) or not value.strip():
                errors[name] = "You must specify a summary of the issue."
            elif "\n" in value or len(value) > 255:
                errors[name] = "The summary is invalid because it contains newline characters or is too long."
            else:
                stored[name] = value
        elif name in ("description", "environment"):
            text, error = rich_text(request, value)
            if error:
                errors[name] = error
            else:
                stored[name] = text
        elif name == "issuetype":
            issue_type = find_named(ISSUE_TYPES, named_ref(value) or "")
            if issue_type is None:
                errors[name] = "Specify a valid issue type"
            else:
                stored[name] = issue_type
        elif name == "priority":
            priority = find_named(PRIORITIES, named_ref(value) or "") if value is not None else None
            if value is not None and priority is None:
                errors[name] = f"The priority selected is invalid: {value}."
            else:
                stored[name] = priority
        elif name in ("assignee", "reporter"):
            user, error = user_ref(request, value)
            if error:
                errors[name] = error
            else:
                stored[name] = user.account_id if user else None
        elif name == "duedate":
            if value is not None and (not isinstance(value, str) or not DATE.match(value)):
                errors[name] = f"Error parsing date string: {value}"
            else:
                stored[name] = value
        elif name == "labels":
            error = check_labels(value)
            if error:
                errors[name] = error
            else:
                stored[name] = sorted(set(value), key=value.index)
        elif name in custom_ids or name in PLAIN_FIELDS:
            stored[name] = value
        elif name != "project":
            errors[name] = f"Field '{name}' cannot be set. It is not on the appropriate screen, or unknown."


def apply_update(update: JsonObject, stored: JsonObject, errors: dict[str, str]) -> None:
    """The `update` verbs closeloop and the client use: add/remove/set on labels."""
    for name, operations in update.items():
        if name != "labels" or not isinstance(operations, list):
            errors[name] = f"Field '{name}' cannot be updated with operations here."
            continue
        labels: list[str] = list(stored.get("labels", []))
        for operation in operations:
            if "add" in operation and operation["add"] not in labels:
                labels.append(operation["add"])
            elif "remove" in operation and operation["remove"] in labels:
                labels.remove(operation["remove"])
            elif "set" in operation:
                labels = list(operation["set"])
        error = check_labels(labels)
        if error:
            errors[name] = error
        else:
            stored["labels"] = labels


def new_issue_fields(request: Request, body: JsonObject) -> tuple[Project, JsonObject]:
    """A create request's project and checked fields; raises 400 with every field error at once."""
    given = body.get("fields")
    if not isinstance(given, dict):
        raise ApiError(400, ["The request must carry 'fields'."])
    errors: dict[str, str] = {}
    project = request.store.project(named_ref(given.get("project")) or "")
    if project is None:
        errors["project"] = "Specify a valid project ID or key"
    if "issuetype" not in given:
        errors["issuetype"] = "Specify an issue type"
    if "summary" not in given:
        errors["summary"] = "You must specify a summary of the issue."
    stored: JsonObject = {"labels": [], "status": "10000", "priority": find_named(PRIORITIES, "Medium")}
    stored["reporter"] = request.caller.account_id if request.caller else None
    apply_fields(request, given, stored, errors)
    update = body.get("update")
    if isinstance(update, dict):
        apply_update(update, stored, errors)
    if errors or project is None:
        raise ApiError(400, [], errors)
    stored["updated"] = now_text()
    return project, stored
