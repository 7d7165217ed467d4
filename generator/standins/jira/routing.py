"""Requests, answers and the route table the stand-in's HTTP handler dispatches on."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.standins.jira.store import Issue, JiraStore, JsonObject, User
from generator.standins.jira.views import View
from generator.standins.jira.webhooks import Dispatcher, notify


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, list[str]]
    body: Any
    view: View
    store: JiraStore
    caller: User | None
    match: dict[str, str] = field(default_factory=dict)
    webhooks: Dispatcher | None = None  # sends webhook deliveries after a change (webhooks.py)

    def changed(self, issue: Issue, before: JsonObject) -> None:
        """Jira's webhooks hear of a saved change to `issue` (its fields were `before`); call with the store locked."""
        notify(self.store, self.webhooks, self.view, issue, before, self.caller)

    def param(self, name: str, default: str | None = None) -> str | None:
        values = self.params.get(name)
        return values[0] if values else default

    def listed(self, name: str) -> list[str] | None:
        """A list parameter, given repeated (`a=1&a=2`) or comma-separated."""
        values = self.params.get(name)
        if values is None:
            return None
        return [item.strip() for value in values for item in value.split(",") if item.strip()]

    def json_object(self) -> JsonObject:
        if not isinstance(self.body, dict):
            raise ApiError(400, ["The request body must be a JSON object."])
        return self.body


@dataclass
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class ApiError(Exception):
    """An error answered in Jira's shape: `{errorMessages: [...], errors: {field: message}}`."""

    def __init__(self, status: int, messages: list[str] | None = None, errors: dict[str, str] | None = None) -> None:
        super().__init__(messages, errors)
        self.status = status
        self.messages = messages or []
        self.errors = errors or {}

    def answer(self) -> Answer:
        return Answer(self.status, {"errorMessages": self.messages, "errors": self.errors})


Handler = Callable[[Request], Answer]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    flavour: str  # "any", "cloud" or "dc"


ROUTES: list[Route] = []
# Paths under /rest/api/{2,3,latest}/ are written without that prefix; others start with "/".
API_PREFIX = r"^/rest/api/(?P<version>2|3|latest)/"


def route(method: str, path: str, flavour: str = "any") -> Callable[[Handler], Handler]:
    regex = path if path.startswith("^") else API_PREFIX + path + "$"

    def register(handler: Handler) -> Handler:
        ROUTES.append(Route(method, re.compile(regex), handler, flavour))
        return handler

    return register


def resolve(method: str, path: str, cloud: bool) -> tuple[Handler, dict[str, str]] | None:
    """The handler for a request, or None (404). A path served with another method is a 405."""
    known_path = False
    for candidate in ROUTES:
        if candidate.flavour == ("dc" if cloud else "cloud"):
            continue
        match = candidate.pattern.match(path)
        if match is None:
            continue
        known_path = True
        if candidate.method == method:
            return candidate.handler, {k: v for k, v in match.groupdict().items() if v is not None}
    if known_path:
        raise ApiError(405, [f"Method {method} is not allowed here."])
    return None
