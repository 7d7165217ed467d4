"""The report's actions as Jira has them now, in place of the outbox's view.

The outbox is closeloop's copy, kept current by the webhook; where webhooks are not delivered (a Jira that
cannot reach the function URL, a local run) it lags behind what people did in Jira. `closeloop report
--jira` reads every action issue of the project instead (one paged search, the enforcement pass's fields)
and counts each action as its issue stands: done, not doing (only with a reason and an approver; without,
the daily pass reopens it), open; its assignee (or nobody) and its due date. An action Jira has no issue
for (still queued) is counted from the outbox.
"""

from collections.abc import Iterable

from domain.action import ActionStatus
from domain.ownership import EnforcementPolicy, OwnershipMap, not_doing_approvers
from generator.report.model import ActionState
from generator.report.records import ActionView
from handlers.actions.jira_api import JiraApi
from handlers.actions.outbox import OutboxEntry
from handlers.enforcement.issues import ENFORCEMENT_FIELDS, ActionIssue, action_jql, read_issue

IssueKey = tuple[str, str]  # (incident id, action id), the parts of the issue's label closeloop:<incident>:<action>


def action_issues(api: JiraApi, project: str) -> dict[IssueKey, ActionIssue]:
    """Every action issue of the project by its incident and action."""
    issues = (read_issue(raw, api.cloud) for raw in api.search(action_jql(project), ENFORCEMENT_FIELDS))
    return {(issue.incident_id, issue.action_id): issue for issue in issues if issue is not None}


def state_in_jira(
    issue: ActionIssue,
    policy: EnforcementPolicy,
    fallback: ActionState,
    approvers: frozenset[str] = frozenset(),
    own: str | None = None,
) -> ActionState:
    status = ActionStatus.OPEN
    if issue.resolved and policy.not_doing_label in issue.labels:
        if issue.approved_not_doing(approvers, own):
            status = ActionStatus.NOT_DOING
    elif issue.resolved:
        status = ActionStatus.DONE
    return ActionState(status, issue.assignee, issue.due or fallback.due, issue.key)


def jira_view(
    issues: dict[IssueKey, ActionIssue],
    policy: EnforcementPolicy,
    ownership: OwnershipMap | None = None,
    own: str | None = None,
) -> ActionView:
    """A view for `records.read_incidents`: each action as its issue stands."""
    return lambda entries: actions_in_jira(entries, issues, policy, ownership, own)


def actions_in_jira(
    entries: Iterable[OutboxEntry],
    issues: dict[IssueKey, ActionIssue],
    policy: EnforcementPolicy,
    ownership: OwnershipMap | None = None,
    own: str | None = None,
) -> list[ActionState]:
    """Not doing counts as enforcement counts it: approved by the service's or the policy's approvers."""
    states = []
    for entry in entries:
        known = ActionState.of(entry.action)
        issue = issues.get((entry.incident.id, entry.action.id))
        owner = ownership.owner_of(entry.incident.service) if ownership else None
        approvers = not_doing_approvers(owner, policy)
        states.append(state_in_jira(issue, policy, known, approvers, own) if issue else known)
    return states
