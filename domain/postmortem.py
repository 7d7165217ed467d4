"""The postmortem document: what happened, why, and what the team will change so it does not happen again.

A postmortem is a YAML file (schema: `templates/schema/postmortem.schema.json`, generated from this model
by `closeloop build`). `closeloop postmortem draft` fills in what the records know (the incident, the
timeline, the evidence); people write the judgement (summary, impact, answers, root cause, contributing
factors, actions); `closeloop postmortem check` says what is still missing or vague, and where.
"""

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from domain.action import Action
from domain.incident_id import INCIDENT_ID_PATTERN
from domain.timeline import TimelineEvent

JIRA_KEY_PATTERN = r"^[A-Z][A-Z0-9_]+-[1-9][0-9]*$"
# What `draft` writes into a field only a person can fill; `check` reports every one left.
PLACEHOLDER = "TODO"


class Incident(BaseModel):
    """The incident the postmortem is about."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str = Field(pattern=INCIDENT_ID_PATTERN, description="The incident id, as in the timeline (e.g. INC-7).")
    title: str = Field(min_length=1, description="A short title people will recognise the incident by.")
    incident_class: str = Field(
        alias="class",
        min_length=1,
        description="The incident class (e.g. bad-deploy, capacity, dependency): incidents compare within a class.",
    )
    severity: str = Field(min_length=1, description="The severity declared for the incident (e.g. SEV2).")
    service: str = Field(min_length=1, description="The service that had the incident.")
    postmortem_owner: str = Field(
        min_length=1, description="The one person (Jira account) who owns the postmortem until its actions close."
    )
    ticket: str | None = Field(
        default=None,
        pattern=JIRA_KEY_PATTERN,
        description="The incident's Jira issue key (e.g. OPS-123); the actions' issues link to it.",
    )


class Impact(BaseModel):
    """Who was affected, how, and how much."""

    model_config = ConfigDict(extra="forbid")

    description: str = Field(description="Who or what was affected, how badly and for how long, in numbers.")
    user_affecting: bool = Field(
        description="Whether users saw the impact; a user-affecting incident needs a high-priority prevent action."
    )


class Answers(BaseModel):
    """The five questions every postmortem answers (Atlassian incident handbook, PagerDuty guide)."""

    model_config = ConfigDict(extra="forbid")

    what_happened: str = Field(description="What happened, in the order it happened.")
    when_it_started: str = Field(description="When the impact started, and when it ended (UTC).")
    how_detected: str = Field(description="How the team found out: which alert, or who reported it.")
    how_responded: str = Field(description="How the team responded: who was engaged, what they tried, what worked.")
    what_changed: str = Field(
        description="What changed to cause it: a deployment, a config change, load, a dependency."
    )


class FactorCategory(StrEnum):
    TRIGGER = "trigger"
    DETECTION = "detection"
    ROLLBACK = "rollback"
    OWNERSHIP = "ownership"
    CAPACITY = "capacity"
    DEPENDENCY = "dependency"
    PROCESS = "process"


class ContributingFactor(BaseModel):
    """Something that made the incident possible, worse or longer, kept apart from the root cause."""

    model_config = ConfigDict(extra="forbid")

    category: FactorCategory = Field(description="One of: " + ", ".join(c.value for c in FactorCategory) + ".")
    text: str = Field(min_length=1, description="The factor, about systems and processes, never a person.")


class RecordedException(BaseModel):
    """A recorded decision not to follow a rule, with who approved it."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, description="Why the rule does not apply to this incident.")
    approver: str = Field(min_length=1, description="The Jira account that approved the exception.")


class EvidenceLink(BaseModel):
    """A piece of collected evidence the postmortem points to."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, description="What the evidence is (e.g. 'CloudWatch alarm history').")
    url: str = Field(min_length=1, description="Where it is: an s3:// URI or an https:// link.")


class Postmortem(BaseModel):
    """A blameless postmortem of one incident, with its prevention actions."""

    model_config = ConfigDict(extra="forbid", title="closeloop postmortem")

    incident: Incident
    written_on: date = Field(
        description="The date the postmortem was written (YYYY-MM-DD); due-date caps count from it."
    )
    summary: str = Field(description="One paragraph: what happened, to whom, for how long, and what fixed it.")
    impact: Impact
    answers: Answers
    timeline: list[TimelineEvent] = Field(
        description="What happened when (UTC): the first symptom is the impact's start; each event names its source."
    )
    root_cause: str = Field(description="Why it happened, about systems and processes; contributing factors go apart.")
    contributing_factors: list[ContributingFactor] = Field(
        default_factory=list, description="What made it possible, worse or longer, each with a category."
    )
    actions: list[Action] = Field(default_factory=list, description="Prevention actions, each owned and dated.")
    prevent_exception: RecordedException | None = Field(
        default=None,
        description="For a user-affecting incident without a high-priority prevent action: why, and who approved it.",
    )
    evidence: list[EvidenceLink] = Field(default_factory=list, description="Links to the evidence collected.")


def is_placeholder(value: str) -> bool:
    return value.strip().upper().startswith(PLACEHOLDER)
