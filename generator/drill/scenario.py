"""A drill scenario: the failure to inject, the operators' decisions, the postmortem's judgement, an earlier incident,
and the ownership map and days of the scheduled enforcement passes.

Everything a person would decide in a real incident (the root cause, the actions and their owners, when each
response phase was done) is data here, so the drill is repeatable; everything the records know (alarms,
deployments, evidence) comes from the run. The response's minutes reach the timeline through the simulator's
virtual clock, so the postmortem's and the report's phases are the scenario's, not the drill's few seconds.
"""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.action import ActionType, Priority
from domain.ownership import OwnershipMap
from domain.postmortem import FactorCategory

Decision = Literal["approve", "reject"]
Phase = Literal["Triage", "Diagnose", "Mitigate", "Recover"]
PHASES: tuple[Phase, ...] = ("Triage", "Diagnose", "Mitigate", "Recover")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Person(Strict):
    """A Jira account in the local Jira (and an IAM user in the emulator's CloudTrail)."""

    display_name: str = Field(min_length=1)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")
    username: str = Field(pattern=r"^[a-z][a-z0-9._-]{1,31}$", description="Data Center username, IAM user name.")


class Deployment(Strict):
    application: str = Field(min_length=1)
    group: str = Field(min_length=1)
    repository: str = Field(pattern=r"^[\w.-]+/[\w.-]+$")
    commit: str = Field(pattern=r"^[0-9a-f]{40}$")
    minutes_before_start: int = Field(
        default=5, ge=1, le=600, description="How long before the impact started the release was deployed."
    )


class Logs(Strict):
    group: str = Field(pattern=r"^/[\w/.-]+$")
    lines: int = Field(ge=1, le=10_000)
    error_every: int = Field(ge=1, description="Every n-th line is an error.")
    error: str = Field(min_length=1)


class Traces(Strict):
    service: str = Field(min_length=1)
    count: int = Field(ge=1, le=100)
    faulty: int = Field(ge=0)


class Metric(Strict):
    namespace: str = Field(min_length=1)
    name: str = Field(min_length=1)
    unit: str = "Count"
    baseline: float
    peak: float
    threshold: float


class ConsoleAction(Strict):
    user: str = Field(min_length=1, description="A person's username.")
    event: str = Field(min_length=1, description="The API call, e.g. UpdateService.")
    source: str = Field(pattern=r"^[a-z0-9-]+\.amazonaws\.com$")
    minutes_after_start: int = Field(ge=0)
    region: str | None = Field(
        default=None, description="With a member account: which of its regions the call was made in (its first)."
    )


class MemberAccount(Strict):
    """Where the workload runs when it is not closeloop's own account: a member account of the organisation, in
    one or more regions. The release, logs, traces, regional alarms and console actions are injected there;
    closeloop (the paging alarm on the workload's metric, the incident, the evidence bucket) stays central, and
    evidence is collected from each region through the member's evidence-reader role."""

    account: str = Field(pattern=r"^\d{12}$")
    regions: list[Annotated[str, Field(pattern=r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")]] = Field(min_length=1, max_length=5)


class Failure(Strict):
    """What goes wrong, on the drill's clock: the release, then the impact, then the alarm."""

    started_minutes_ago: int = Field(
        ge=5, le=600, description="How long the impact has lasted when the drill takes it up (logs and traces span it)."
    )
    detected_after_minutes: int = Field(ge=0, description="When the alarm fires, after the impact started.")
    alarm: str = Field(pattern=r"^[\w.-]{1,200}$")
    metric: Metric
    deployment: Deployment
    logs: Logs
    traces: Traces
    console_actions: list[ConsoleAction] = Field(default_factory=list)


class Response(Strict):
    responder: str = Field(min_length=1, description="The username of the person who approves each phase.")
    first_symptom: str = Field(
        min_length=1, description="What the responder logs (Closeloop-LogTimelineEvent) as the impact's start."
    )
    engaged_after_minutes: int = Field(
        ge=0,
        description="When the responder, paged by the alarm, starts Closeloop-IncidentResponse (the first human "
        "action), minutes after the first symptom: after the alarm, before Triage is approved.",
    )
    decisions: dict[Phase, Decision]
    notes: dict[Phase, Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        default_factory=dict,
        description="What the responder writes in each approval's comment: the phase's notes on the timeline.",
    )
    approved_after_minutes: dict[Phase, Annotated[int, Field(ge=0)]] = Field(
        description="When the responder approves each phase, minutes after the first symptom: Triage is the first "
        "human action, Mitigate the mitigation, Recover the recovery. The timeline (and so the postmortem's and the "
        "report's phases) takes its times from here."
    )


class Factor(Strict):
    category: FactorCategory
    text: str = Field(min_length=1)


class PlannedAction(Strict):
    id: str = Field(pattern=r"^A[0-9]+$")
    title: str = Field(min_length=1)
    type: ActionType
    owner: str = Field(min_length=1, description="The owner's username (a person of the scenario).")
    due_in_days: int = Field(ge=1, le=365)
    priority: Priority
    done_condition: str = Field(min_length=1)


class Judgement(Strict):
    """The postmortem fields only people can fill."""

    summary: str = Field(min_length=1)
    impact: str = Field(min_length=1)
    user_affecting: bool
    what_happened: str = Field(min_length=1)
    what_changed: str = Field(min_length=1)
    root_cause: str = Field(min_length=1)
    contributing_factors: list[Factor] = Field(min_length=1)
    actions: list[PlannedAction] = Field(min_length=1)


class EarlierIncident(Strict):
    """An incident of the same class, before this one: what the report compares with."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    title: str = Field(min_length=1)
    started: datetime
    detected_after_minutes: int = Field(ge=0)
    mitigated_after_minutes: int = Field(ge=0)
    resolved_after_minutes: int = Field(ge=0)
    root_cause: str = Field(min_length=1)
    actions: list[str] = Field(default_factory=list, description="The earlier postmortem's action titles.")


class Enforcement(Strict):
    """The scheduled enforcement passes after the actions are in Jira: the ownership map they use and the days
    the clock moves to for each (a reminder, then an escalation; a repeated day shows nothing is sent twice)."""

    ownership: OwnershipMap = Field(
        description="domain/ownership.py's map, with the people's usernames as owner and escalation accounts."
    )
    passes_after_days: list[Annotated[int, Field(ge=0, le=400)]] = Field(
        min_length=1, max_length=6, description="Each pass's day, in days after the postmortem was written."
    )
    unassign_after_push: list[str] = Field(
        default_factory=list,
        description="Action ids whose assignee is removed in Jira after the push, for the pass to put right.",
    )


class Scenario(Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9-]{1,40}$")
    title: str = Field(min_length=1)
    incident_class: str = Field(alias="class", pattern=r"^[a-z][a-z0-9-]{1,40}$")
    severity: str = Field(pattern=r"^SEV[1-5]$")
    service: str = Field(min_length=1)
    jira_project: str = Field(default="OPS", pattern=r"^[A-Z][A-Z0-9_]{1,9}$")
    people: list[Person] = Field(min_length=1, description="The first is the postmortem owner.")
    failure: Failure
    response: Response
    postmortem: Judgement
    earlier: EarlierIncident
    enforcement: Enforcement
    member: MemberAccount | None = Field(default=None, description="The workload's member account; none: central.")

    def person(self, username: str) -> Person | None:
        return next((p for p in self.people if p.username == username), None)
