"""The parts of a Jira issue webhook closeloop reads (FACTS.md: timestamp, webhookEvent, user, issue, changelog)."""

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

MAX_TIMESTAMP_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z, the last moment a datetime holds


class ChangeItem(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    field: str
    field_id: str | None = Field(default=None, alias="fieldId")
    from_value: str | None = Field(default=None, alias="from")
    from_string: str | None = Field(default=None, alias="fromString")
    to: str | None = None
    to_string: str | None = Field(default=None, alias="toString")


class Changelog(BaseModel):
    model_config = ConfigDict(extra="ignore")

    items: list[ChangeItem] = Field(default_factory=list)


class WebhookUser(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    account_id: str | None = Field(default=None, alias="accountId")
    name: str | None = None
    display_name: str | None = Field(default=None, alias="displayName")

    @property
    def key(self) -> str:
        return self.account_id or self.name or "unknown"


class WebhookIssue(BaseModel):
    model_config = ConfigDict(extra="ignore")

    key: str = Field(min_length=1, max_length=300)  # PROJECT-123: a project key is at most 255 characters
    fields: dict[str, Any] = Field(default_factory=dict)

    @property
    def labels(self) -> list[str]:
        return list(self.fields.get("labels") or [])

    @property
    def resolved(self) -> bool:
        status = self.fields.get("status") or {}
        return ((status.get("statusCategory") or {}).get("key")) == "done"


class IssueWebhook(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    # Bounded so that any accepted value is a datetime (a huge one once raised OverflowError: a 502).
    timestamp: int = Field(ge=0, le=MAX_TIMESTAMP_MS, description="Milliseconds since the epoch, when Jira sent it.")
    webhook_event: str = Field(alias="webhookEvent", min_length=1)
    issue_event_type_name: str | None = None
    user: WebhookUser | None = None
    issue: WebhookIssue | None = None
    changelog: Changelog | None = None

    @property
    def sent_at(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp / 1000, UTC)

    def changed(self, field: str) -> ChangeItem | None:
        items = self.changelog.items if self.changelog else []
        return next((item for item in items if field in (item.field, item.field_id)), None)
