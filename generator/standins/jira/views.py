"""Jira's JSON shapes for the stand-in's data, per flavour (Cloud or Data Center) and API version.

Cloud knows users by `accountId` only; Data Center by `name`/`key`. API v3 carries rich text as Atlassian
Document Format (ADF), v2 as plain strings. Every issue field is present, null when unset, because the
`jira` client reads fields as attributes.
"""

from dataclasses import dataclass
from typing import Any

from generator.standins.jira.store import (
    LINK_TYPES,
    STATUS_CATEGORIES,
    STATUSES,
    Comment,
    Issue,
    IssueLink,
    JiraStore,
    JsonObject,
    Named,
    Project,
    RemoteLink,
    User,
    find_named,
    rfc3339,
)

AVATAR = "https://avatar.example.invalid/default.png"
# Fields the stand-in renders on every issue; a real Jira sends more, but none of these may be missing.
STANDARD_FIELDS = (
    "summary",
    "description",
    "issuetype",
    "project",
    "priority",
    "status",
    "statuscategorychangedate",
    "assignee",
    "reporter",
    "creator",
    "duedate",
    "labels",
    "created",
    "updated",
    "resolution",
    "resolutiondate",
    "issuelinks",
    "components",
    "fixVersions",
    "versions",
    "environment",
    "security",
    "subtasks",
    "watches",
    "votes",
    "comment",
    "attachment",
    "timetracking",
    "lastViewed",
)


def adf_text(document: Any) -> str:
    """The plain text of an ADF document (or the string itself): what a v2 reader sees."""
    if document is None or isinstance(document, str):
        return document or ""
    if isinstance(document, dict):
        if document.get("type") == "text":
            return str(document.get("text", ""))
        parts = [adf_text(child) for child in document.get("content", [])]
        separator = "\n" if document.get("type") in ("doc", "bulletList", "orderedList") else ""
        return separator.join(parts)
    return ""


def adf_document(text: str) -> JsonObject:
    """A v2 string as the ADF document a v3 reader gets: one paragraph per line."""
    paragraphs = [
        {"type": "paragraph", "content": [{"type": "text", "text": line}]} for line in text.split("\n") if line
    ]
    return {"type": "doc", "version": 1, "content": paragraphs}


@dataclass(frozen=True)
class View:
    base_url: str
    version: str  # "2", "3" or "latest"
    cloud: bool

    @property
    def api(self) -> str:
        return f"{self.base_url}/rest/api/{self.version}"

    @property
    def v3(self) -> bool:
        return self.version == "3"

    def rich_text(self, value: Any) -> Any:
        if value is None:
            return None
        if self.v3:
            return value if isinstance(value, dict) else adf_document(str(value))
        return adf_text(value)

    def user(self, user: User | None) -> JsonObject | None:
        if user is None:
            return None
        avatars = {size: AVATAR for size in ("16x16", "24x24", "32x32", "48x48")}
        common: JsonObject = {"displayName": user.display_name, "active": user.active, "avatarUrls": avatars}
        common["timeZone"] = "Etc/UTC"
        if self.cloud:
            return {
                "self": f"{self.api}/user?accountId={user.account_id}",
                "accountId": user.account_id,
                "accountType": "atlassian",
                "emailAddress": user.email,
                **common,
            }
        return {
            "self": f"{self.api}/user?username={user.name}",
            "name": user.name,
            "key": user.key,
            "emailAddress": user.email,
            **common,
        }

    def project(self, project: Project, store: JiraStore, issue_types: tuple[Named, ...] | None = None) -> JsonObject:
        body: JsonObject = {
            "self": f"{self.api}/project/{project.id}",
            "id": project.id,
            "key": project.key,
            "name": project.name,
            "projectTypeKey": "software",
            "simplified": False,
            "avatarUrls": {size: AVATAR for size in ("16x16", "24x24", "32x32", "48x48")},
        }
        if issue_types is not None:
            body["issueTypes"] = [self.issue_type(t) for t in issue_types]
            body["lead"] = self.user(store.users.get(project.lead))
        return body

    def issue_type(self, issue_type: Named) -> JsonObject:
        return {
            "self": f"{self.api}/issuetype/{issue_type.id}",
            "id": issue_type.id,
            "name": issue_type.name,
            "description": f"A {issue_type.name.lower()}.",
            "iconUrl": AVATAR,
            "subtask": False,
            "hierarchyLevel": 0,
        }

    def priority(self, priority: Named) -> JsonObject:
        return {
            "self": f"{self.api}/priority/{priority.id}",
            "id": priority.id,
            "name": priority.name,
            "iconUrl": AVATAR,
        }

    def status_category(self, category: Named) -> JsonObject:
        return {
            "self": f"{self.api}/statuscategory/{category.id}",
            "id": int(category.id),
            "key": category.get("key"),
            "colorName": category.get("colorName"),
            "name": category.name,
        }

    def status(self, status: Named) -> JsonObject:
        category = find_named(STATUS_CATEGORIES, status.get("category"))
        assert category is not None
        return {
            "self": f"{self.api}/status/{status.id}",
            "id": status.id,
            "name": status.name,
            "description": "",
            "iconUrl": AVATAR,
            "statusCategory": self.status_category(category),
        }

    def link_type(self, link_type: Named) -> JsonObject:
        return {
            "self": f"{self.api}/issueLinkType/{link_type.id}",
            "id": link_type.id,
            "name": link_type.name,
            "inward": link_type.get("inward"),
            "outward": link_type.get("outward"),
        }

    def issue_ref(self, issue: Issue) -> JsonObject:
        """The short form of an issue inside another issue's links."""
        stored = issue.fields
        status = find_named(STATUSES, stored["status"])
        assert status is not None
        fields: JsonObject = {
            "summary": stored["summary"],
            "status": self.status(status),
            "priority": self.priority(stored["priority"]) if stored.get("priority") else None,
            "issuetype": self.issue_type(stored["issuetype"]),
        }
        return {"id": issue.id, "key": issue.key, "self": f"{self.api}/issue/{issue.id}", "fields": fields}

    def issue_link(self, link: IssueLink, issue: Issue, store: JiraStore) -> JsonObject:
        link_type = find_named(LINK_TYPES, link.type_id)
        assert link_type is not None
        body: JsonObject = {"id": link.id, "self": f"{self.api}/issueLink/{link.id}", "type": self.link_type(link_type)}
        if link.outward_key == issue.key:
            other = store.issues[link.inward_key]
            body["inwardIssue"] = self.issue_ref(other)
        else:
            other = store.issues[link.outward_key]
            body["outwardIssue"] = self.issue_ref(other)
        return body

    def issue_fields(self, issue: Issue, store: JiraStore) -> JsonObject:
        stored = issue.fields
        status = find_named(STATUSES, stored["status"])
        assert status is not None
        project = store.project(issue.project_id)
        assert project is not None
        fields: JsonObject = dict.fromkeys(STANDARD_FIELDS)
        fields.update(
            summary=stored["summary"],
            description=self.rich_text(stored.get("description")),
            environment=self.rich_text(stored.get("environment")),
            issuetype=self.issue_type(stored["issuetype"]),
            project=self.project(project, store),
            priority=self.priority(stored["priority"]) if stored.get("priority") else None,
            status=self.status(status),
            statuscategorychangedate=stored.get("statuscategorychangedate", issue.created),
            assignee=self.user(store.users.get(stored.get("assignee") or "")),
            reporter=self.user(store.users.get(stored.get("reporter") or "")),
            creator=self.user(store.users.get(stored.get("reporter") or "")),
            duedate=stored.get("duedate"),
            labels=list(stored.get("labels", [])),
            created=issue.created,
            updated=stored.get("updated", issue.created),
            resolution=stored.get("resolution"),
            resolutiondate=stored.get("resolutiondate"),
            components=[],
            fixVersions=[],
            versions=[],
            subtasks=[],
            attachment=[],
            issuelinks=[
                self.issue_link(link, issue, store)
                for link in store.issue_links
                if issue.key in (link.inward_key, link.outward_key)
            ],
            watches={"self": f"{self.api}/issue/{issue.key}/watchers", "watchCount": 0, "isWatching": False},
            votes={"self": f"{self.api}/issue/{issue.key}/votes", "votes": 0, "hasVoted": False},
            comment=self.comment_page(issue, store),
            timetracking={},
        )
        for custom in store.custom_fields:
            fields[custom["id"]] = stored.get(custom["id"])
        return fields

    def issue(self, issue: Issue, store: JiraStore, wanted: list[str] | None = None) -> JsonObject:
        fields = self.issue_fields(issue, store)
        if wanted is not None and not {"*all", "*navigable"} & set(wanted):
            fields = {name: value for name, value in fields.items() if name in wanted}
        return {
            "expand": "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
            "id": issue.id,
            "self": f"{self.api}/issue/{issue.id}",
            "key": issue.key,
            "fields": fields,
        }

    def comment(self, issue: Issue, comment: Comment, store: JiraStore) -> JsonObject:
        author = self.user(store.users.get(comment.author))
        return {
            "self": f"{self.api}/issue/{issue.id}/comment/{comment.id}",
            "id": comment.id,
            "author": author,
            "updateAuthor": author,
            "body": self.rich_text(comment.body),
            "created": rfc3339(comment.created),
            "updated": rfc3339(comment.created),
            "jsdPublic": True,
        }

    def comment_page(self, issue: Issue, store: JiraStore) -> JsonObject:
        comments = [self.comment(issue, c, store) for c in issue.comments]
        return {"comments": comments, "maxResults": len(comments), "total": len(comments), "startAt": 0}

    def remote_link(self, issue: Issue, link: RemoteLink) -> JsonObject:
        body: JsonObject = {"id": link.id, "self": f"{self.api}/issue/{issue.key}/remotelink/{link.id}"}
        if link.global_id is not None:
            body["globalId"] = link.global_id
        if link.application is not None:
            body["application"] = link.application
        if link.relationship is not None:
            body["relationship"] = link.relationship
        body["object"] = link.object
        return body
