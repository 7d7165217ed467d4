"""Who owns each service, and the rules that keep every prevention action owned and dated.

The ownership map names, per service, the Jira account that owns its actions, the account that is
escalated to, and an optional SNS topic that hears reminders. The enforcement policy says, per priority,
the longest allowed due date, the due date to set when one is missing, when to remind (days before due,
on the day, every N days overdue) and after how many overdue days to escalate. A default policy ships;
a team overrides it with a file of the same shape. Both are plain JSON-able models so the stack can carry
them as parameters and the Lambda can read them from its environment.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from domain.action import Priority

SNS_TOPIC_PATTERN = r"^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$"


class ConfigError(Exception):
    """An ownership map or policy is unusable: the message names the source and each bad field."""


class ServiceOwner(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    owner: str = Field(min_length=1, description="Jira account (accountId on Cloud, username on Data Center).")
    escalation: str = Field(min_length=1, description="Jira account escalated to when an action is long overdue.")
    sns_topic: str | None = Field(default=None, pattern=SNS_TOPIC_PATTERN, description="SNS topic for reminders.")
    approvers: tuple[str, ...] = Field(
        default=(),
        description="Jira accounts, besides the escalation contact, who may approve this service's 'not doing'.",
    )


class OwnershipMap(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    services: dict[str, ServiceOwner] = Field(description="Service name to its owners.")
    accounts: dict[str, str] = Field(
        default_factory=dict,
        description="AWS account id to the name people know it by (e.g. payments-prod): timelines, postmortems "
        "and charts show the name with the id.",
    )

    @model_validator(mode="after")
    def _account_ids(self) -> "OwnershipMap":
        bad = [key for key in self.accounts if not (len(key) == 12 and key.isdigit())]
        if bad:
            raise ValueError(f"accounts: {', '.join(bad)} is not an AWS account id (12 digits)")
        return self

    def owner_of(self, service: str | None) -> ServiceOwner | None:
        return self.services.get(service) if service else None


class PriorityRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    cap_days: int | None = Field(default=None, ge=1, description="Latest due date, days after the issue was made.")
    default_days: int = Field(ge=1, description="Due date set when an action has none, days from today.")
    remind_before: tuple[int, ...] = Field(default=(7, 1), description="Days before the due date to remind.")
    overdue_every: int = Field(default=7, ge=1, description="Remind again every N days while overdue.")
    escalate_after: int = Field(default=14, ge=1, description="Overdue days after which the escalation contact hears.")

    @model_validator(mode="after")
    def _default_within_cap(self) -> "PriorityRule":
        if any(days < 1 for days in self.remind_before):
            raise ValueError("remind_before holds days before the due date: each at least 1")
        if self.cap_days is not None and self.default_days > self.cap_days:
            raise ValueError(f"default_days {self.default_days} is past cap_days {self.cap_days}")
        return self


def _default_rules() -> dict[Priority, PriorityRule]:
    # Atlassian's handbook: priority actions within 4 (highest) or 8 (high) weeks; no cap below that.
    return {
        Priority.HIGHEST: PriorityRule(cap_days=28, default_days=14, overdue_every=1, escalate_after=3),
        Priority.HIGH: PriorityRule(cap_days=56, default_days=28, overdue_every=3, escalate_after=7),
        Priority.MEDIUM: PriorityRule(default_days=56, remind_before=(7,), overdue_every=7, escalate_after=28),
        Priority.LOW: PriorityRule(default_days=90, remind_before=(7,), overdue_every=14, escalate_after=56),
        Priority.LOWEST: PriorityRule(default_days=120, remind_before=(7,), overdue_every=28, escalate_after=90),
    }


class EnforcementPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: dict[Priority, PriorityRule] = Field(default_factory=_default_rules)
    not_doing_label: str = Field(
        default="closeloop-not-doing", description="The label that marks a resolved action as deliberately not done."
    )
    reopen_transition: str = Field(default="To Do", description="The transition that reopens an issue.")
    not_doing_approvers: tuple[str, ...] = Field(
        default=(), description="Jira accounts who may approve any service's 'not doing' (e.g. the SRE lead)."
    )

    @model_validator(mode="after")
    def _every_priority(self) -> "EnforcementPolicy":
        missing = [p.value for p in Priority if p not in self.rules]
        if missing:
            raise ValueError(f"rules has no entry for priority {', '.join(missing)}")
        return self

    def rule(self, priority: Priority | None) -> PriorityRule:
        return self.rules[priority or Priority.MEDIUM]


DEFAULT_POLICY = EnforcementPolicy()


def not_doing_approvers(owner: ServiceOwner | None, policy: EnforcementPolicy) -> frozenset[str]:
    """Who may approve closing an action as not doing: the service's escalation contact and named approvers,
    and the policy's. Never the action's own owner by being its owner: nobody approves their own 'not doing'."""
    named = (owner.escalation, *owner.approvers) if owner else ()
    return frozenset((*named, *policy.not_doing_approvers))


def _problems(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or '(top)'}: {e['msg']}" for e in error.errors())


def load_ownership(data: Any, source: str) -> OwnershipMap:
    """The map from parsed YAML/JSON; errors name the source and the field path (services.<name>.owner)."""
    try:
        return OwnershipMap.model_validate(data)
    except ValidationError as error:
        raise ConfigError(f"{source}: {_problems(error)}") from None


def load_policy(data: Any, source: str) -> EnforcementPolicy:
    """A policy; a file may give only some priorities' rules, the rest keep the default."""
    if data is None:
        return DEFAULT_POLICY
    if isinstance(data, dict) and isinstance(data.get("rules"), dict):
        rules: dict[str, Any] = {p.value: r.model_dump() for p, r in DEFAULT_POLICY.rules.items()}
        rules.update(data["rules"])
        data = {**data, "rules": rules}
    try:
        return EnforcementPolicy.model_validate(data)
    except ValidationError as error:
        raise ConfigError(f"{source}: {_problems(error)}") from None
