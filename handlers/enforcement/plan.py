"""What enforcement does to one action issue on one day: a pure decision, tested without Jira.

Every step carries a `once` key that the ledger claims before anything is written, so two passes at once
never post a comment twice. Flags, reminders and escalations change nothing in Jira: their key holds the
due date, so a moved due date starts afresh. Fixes (assign, set a due date, reopen) change the issue, so
the next run sees nothing to fix; their key holds the issue's `updated` stamp as read, so two passes that
read the same state fix it once, and a later change (the owner removed again) is fixed again.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from domain.ownership import EnforcementPolicy, PriorityRule, ServiceOwner, not_doing_approvers
from handlers.enforcement.issues import ActionIssue


class StepKind(StrEnum):
    ASSIGN = "assign"
    SET_DUE = "set_due"
    REOPEN = "reopen"
    FLAG_CAP = "flag_cap"
    REMIND = "remind"
    ESCALATE = "escalate"
    NO_OWNER_KNOWN = "no_owner_known"


@dataclass(frozen=True)
class Step:
    kind: StepKind
    issue_key: str
    text: str
    account: str | None = None  # who is assigned or mentioned
    also_mention: str | None = None  # a second person mentioned (the owner, on an escalation)
    due: date | None = None  # the due date set
    once: str | None = None  # ledger key: sent once per issue
    sns_topic: str | None = None
    service: str | None = None

    @property
    def mentions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for a in (self.account, self.also_mention) if a))

    def as_json(self) -> dict[str, str | None]:
        return {
            "kind": self.kind.value,
            "issue": self.issue_key,
            "text": self.text,
            "account": self.account,
            "due": self.due.isoformat() if self.due else None,
        }


def escalation_once(due: date) -> str:
    """The ledger key of an escalation: one per issue and due date (the report counts it as overdue)."""
    return f"escalate#{due.isoformat()}"


def reminder_kind(rule: PriorityRule, due: date, today: date) -> str | None:
    """The one reminder due today: the nearest 'before' threshold, 'due', or the current overdue period."""
    days = (due - today).days
    if days > 0:
        reached = [before for before in rule.remind_before if days <= before]
        return f"before-{min(reached)}" if reached else None
    if days == 0:
        return "due"
    return f"overdue-{(-days - 1) // rule.overdue_every}"  # day 1 overdue opens period 0


def closing_help(policy: EnforcementPolicy, owner: ServiceOwner | None, names: Callable[[str | None], str]) -> str:
    """How an owner ends an action, said in every reminder and escalation: what counts as done, and what
    counts as not doing (a reason, and an approver who says so from their own account)."""
    approvers = sorted(names(account) for account in not_doing_approvers(owner, policy))
    who = " or ".join(approvers) if approvers else "an approver the ownership map names"
    return (
        "To close it as done, resolve the issue as Done with a link to what shows its done-condition is met. "
        f"If it will not be done, comment 'Reason: <why not>', have {who} comment 'Approver: <name>' from "
        f"their own account, add the label {policy.not_doing_label} and resolve it."
    )


def due_words(due: date, today: date) -> str:
    days = (due - today).days
    if days > 0:
        return f"is due in {days} day{'s' if days != 1 else ''}, on {due.isoformat()}"
    if days == 0:
        return f"is due today, {due.isoformat()}"
    return f"is {-days} day{'s' if days != -1 else ''} overdue: it was due on {due.isoformat()}"


def plan(
    issue: ActionIssue,
    owner: ServiceOwner | None,
    policy: EnforcementPolicy,
    today: date,
    service: str | None = None,
    names: Callable[[str | None], str] = lambda key: key or "nobody",
    own_account: str | None = None,  # closeloop's Jira account: it writes the approvals postmortems record
) -> list[Step]:
    """The steps for one issue. `names` gives the display name of an account for the texts people read."""
    key = issue.key
    rule = policy.rule(issue.priority)
    if issue.resolved:
        approvers = not_doing_approvers(owner, policy)
        if policy.not_doing_label in issue.labels and not issue.approved_not_doing(approvers, own_account):
            text = (
                "closeloop reopened this action: it was closed as not doing without a reason and an approver. "
                "Add a comment with 'Reason: ...', and have an approver (the service's escalation contact or one "
                "the ownership map or policy names) comment 'Approver: <name>' from their own account, before "
                "closing it as not doing."
            )
            return [Step(StepKind.REOPEN, key, text, once=f"reopen#{issue.updated}")]
        return []
    steps: list[Step] = []
    assignee = issue.assignee
    gone = issue.inactive_assignee  # an owner whose account was deactivated owns nothing
    gone_name = issue.inactive_name or gone
    if assignee is None:
        if owner is None or owner.owner == gone:
            text = f"closeloop: {issue.incident_id} action {issue.action_id} has no owner, nor has its service."
            if gone:
                text = (
                    f"closeloop: {issue.incident_id} action {issue.action_id} has no active owner: {gone_name} is no "
                    "longer an active Jira account, and the ownership map names no other owner for its service."
                )
            once = f"inactive-owner#{gone}" if gone else f"no-owner#{issue.incident_id}"
            steps.append(Step(StepKind.NO_OWNER_KNOWN, key, text, once=once))
        else:
            assignee = owner.owner
            text = (
                f"closeloop assigned this action to {names(owner.owner)}, its service's owner: every prevention "
                "action needs one owner."
            )
            if gone:
                text = (
                    f"closeloop assigned this action to {names(owner.owner)}, its service's owner: {gone_name} is no "
                    "longer active in Jira."
                )
            steps.append(Step(StepKind.ASSIGN, key, text, account=owner.owner, once=f"assign#{issue.updated}"))
    due = issue.due
    if due is None:
        due = today + timedelta(days=rule.default_days)
        text = (
            f"closeloop set the due date to {due.isoformat()}: the policy gives this priority {rule.default_days} days."
        )
        steps.append(Step(StepKind.SET_DUE, key, text, due=due, once=f"set-due#{issue.updated}"))
    elif rule.cap_days is not None and due > issue.created + timedelta(days=rule.cap_days):
        latest = issue.created + timedelta(days=rule.cap_days)
        text = f"closeloop: the due date {due.isoformat()} is past this priority's cap ({latest.isoformat()})."
        steps.append(Step(StepKind.FLAG_CAP, key, text, account=assignee, once=f"cap#{due.isoformat()}"))
    topic = owner.sns_topic if owner else None  # None: the notifier's default (the stack's topic)
    kind = reminder_kind(rule, due, today)
    if kind is not None and issue.due is not None:
        text = (
            f'Reminder: {issue.key} "{issue.summary}" {due_words(due, today)}. Its owner is {names(assignee)}. '
            + closing_help(policy, owner, names)
        )
        steps.append(
            Step(StepKind.REMIND, key, text, account=assignee, once=f"{kind}#{due}", sns_topic=topic, service=service)
        )
    overdue = (today - due).days
    if overdue >= rule.escalate_after and owner is not None:
        text = (
            f'Escalation: {issue.key} "{issue.summary}" {due_words(due, today)}. Its owner is {names(assignee)}; '
            f"{names(owner.escalation)}, please help get it done or decided. " + closing_help(policy, owner, names)
        )
        steps.append(
            Step(
                StepKind.ESCALATE,
                key,
                text,
                account=owner.escalation,
                also_mention=assignee,
                once=escalation_once(due),
                sns_topic=topic,
                service=service,
            )
        )
    return steps
