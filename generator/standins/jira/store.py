"""The stand-in's data: users, projects, issues and what hangs off them, behind one lock.

Values are kept API-neutral (a description is whatever the client sent: an ADF document or a string)
and rendered per API version and flavour by `views.py`.
"""

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

JsonObject = dict[str, Any]


def _system_time() -> datetime:
    return datetime.now(UTC)


# What the stand-in stamps issues and comments with: the system clock, or the clock of the run it follows.
_stamp_clock: list[Callable[[], datetime]] = [_system_time]


@contextmanager
def stamping_with(clock: Callable[[], datetime]) -> Iterator[None]:
    """Stamp `created`, `updated` and comments with `clock` (a drill's virtual clock) meanwhile: one clock for
    the whole run, so a due date set on the run's clock is compared with a creation time on the same clock."""
    _stamp_clock.append(clock)
    try:
        yield
    finally:
        _stamp_clock.remove(clock)


def now_text() -> str:
    """Jira's timestamp format in issue fields: `2026-11-29T17:37:49.000+0000` (not RFC 3339: no colon)."""
    return _stamp_clock[-1]().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def rfc3339(jira_time: str) -> str:
    """The same instant as RFC 3339, for the answers whose schema says `date-time` (comments, serverInfo)."""
    return jira_time[:-2] + ":" + jira_time[-2:]


@dataclass
class User:
    account_id: str  # Cloud identity
    name: str  # Data Center identity (username)
    key: str  # Data Center's stable key
    display_name: str
    email: str
    active: bool = True


@dataclass
class Project:
    id: str
    key: str
    name: str
    lead: str  # account id of the lead


@dataclass(frozen=True)
class Named:
    """An issue type, priority, status or link type: an id and a name (and sometimes more)."""

    id: str
    name: str
    extra: tuple[tuple[str, str], ...] = ()

    def get(self, attribute: str) -> str:
        return dict(self.extra)[attribute]


@dataclass
class RemoteLink:
    id: int
    global_id: str | None
    application: JsonObject | None
    relationship: str | None
    object: JsonObject


@dataclass
class Comment:
    id: str
    author: str
    body: Any
    created: str


@dataclass(eq=False)  # compared and hashed by identity: one object per issue
class Issue:
    id: str
    key: str
    project_id: str
    fields: JsonObject  # summary, description, issuetype, priority, assignee, reporter, duedate, labels, status, ...
    created: str
    created_at: float  # the store's clock (seconds), for the search-index lag
    comments: list[Comment] = field(default_factory=list)
    remote_links: list[RemoteLink] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass
class IssueLink:
    id: str
    type_id: str
    inward_key: str
    outward_key: str


ISSUE_TYPES = (Named("10001", "Task"), Named("10002", "Bug"), Named("10003", "Story"))
PRIORITIES = (
    Named("1", "Highest"),
    Named("2", "High"),
    Named("3", "Medium"),
    Named("4", "Low"),
    Named("5", "Lowest"),
)
STATUS_CATEGORIES = (
    Named("2", "To Do", (("key", "new"), ("colorName", "blue-gray"))),
    Named("4", "In Progress", (("key", "indeterminate"), ("colorName", "yellow"))),
    Named("3", "Done", (("key", "done"), ("colorName", "green"))),
)
STATUSES = (
    Named("10000", "To Do", (("category", "2"),)),
    Named("10001", "In Progress", (("category", "4"),)),
    Named("10002", "Done", (("category", "3"),)),
)
# Every status can be reached from every other one (a simplified global workflow); ids as in Jira's default.
TRANSITIONS: tuple[Named, ...] = (
    Named("11", "To Do", (("to", "10000"),)),
    Named("21", "In Progress", (("to", "10001"),)),
    Named("31", "Done", (("to", "10002"),)),
)
LINK_TYPES = (
    Named("10000", "Blocks", (("inward", "is blocked by"), ("outward", "blocks"))),
    Named("10001", "Cloners", (("inward", "is cloned by"), ("outward", "clones"))),
    Named("10002", "Duplicate", (("inward", "is duplicated by"), ("outward", "duplicates"))),
    Named("10003", "Relates", (("inward", "relates to"), ("outward", "relates to"))),
)


def find_named(items: tuple[Named, ...], id_or_name: str) -> Named | None:
    for item in items:
        if id_or_name in (item.id, item.name) or id_or_name.lower() == item.name.lower():
            return item
    return None


class JiraStore:
    """Everything the stand-in knows. Callers hold `lock` while reading or changing it."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.lock = threading.RLock()
        self.clock = clock  # seconds; a test gives its virtual clock so that a 120 s index lag takes no time
        self.users: dict[str, User] = {}  # by account id
        self.projects: dict[str, Project] = {}  # by key
        self.issues: dict[str, Issue] = {}  # by key
        self.issue_links: list[IssueLink] = []
        self.webhooks: list[JsonObject] = []
        self.custom_fields: list[JsonObject] = []
        self.search_visibility_delay = 0.0  # seconds before a new issue shows in search (the index lag)
        self._next_id = 10000
        self._next_per_project: dict[str, int] = {}

    def next_id(self) -> str:
        self._next_id += 1
        return str(self._next_id)

    def add_user(self, account_id: str, name: str, display_name: str, email: str, active: bool = True) -> User:
        with self.lock:
            user = User(account_id, name, f"JIRAUSER{self.next_id()}", display_name, email, active)
            self.users[account_id] = user
            return user

    def add_project(self, key: str, name: str, lead: str) -> Project:
        with self.lock:
            project = Project(self.next_id(), key, name, lead)
            self.projects[key] = project
            self._next_per_project[key] = 0
            return project

    def project(self, id_or_key: str) -> Project | None:
        for project in self.projects.values():
            if id_or_key in (project.id, project.key):
                return project
        return None

    def user(self, *, account_id: str | None = None, name: str | None = None, key: str | None = None) -> User | None:
        for user in self.users.values():
            if (account_id and user.account_id == account_id) or (name and user.name == name):
                return user
            if key and user.key == key:
                return user
        return None

    def issue(self, id_or_key: str) -> Issue | None:
        if id_or_key in self.issues:
            return self.issues[id_or_key]
        return next((i for i in self.issues.values() if i.id == id_or_key), None)

    def new_issue(self, project: Project, fields: JsonObject) -> Issue:
        self._next_per_project[project.key] += 1
        key = f"{project.key}-{self._next_per_project[project.key]}"
        issue = Issue(self.next_id(), key, project.id, fields, now_text(), self.clock())
        self.issues[key] = issue
        return issue

    def searchable(self) -> list[Issue]:
        """Issues a search can see: new ones only once the index lag has passed (reads by key see them at once)."""
        horizon = self.clock() - self.search_visibility_delay
        return [i for i in self.issues.values() if i.created_at <= horizon]
