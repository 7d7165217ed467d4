"""What a verified Jira webhook changes: an action's issue kept owned and dated, its end on the timeline.

A delivery acts only on what closeloop pushed: its issue is in the configured project, carries an action's
label (`closeloop:<incident>:<action>`), and is the very issue the outbox holds for that action. A signed
payload about any other issue (another project's `EVIL-1` labelled like ours, an unknown incident) changes
nothing, and neither does a delivery older than the last one applied to the action (`order.ActionOrder`).

An assignee removed or a due date cleared is put back, with a comment saying why: the owner from the
ownership map (else the postmortem's), the due date the postmortem committed to. A resolution is
recorded on the incident's timeline (who, when) once, whatever the retries; the outbox's copy of the
action follows Jira's status, so closeloop's view matches Jira's.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from domain.action import ActionStatus
from domain.ownership import EnforcementPolicy, OwnershipMap, not_doing_approvers
from domain.timeline import Kind, TimelineEvent
from domain.timeline_store import TimelineStore
from handlers.actions.jira_api import JiraApi
from handlers.actions.outbox import Outbox, OutboxEntry
from handlers.enforcement import jira_writes
from handlers.enforcement.issues import EXTERNAL_LABEL, reason_and_approver
from handlers.enforcement.ledger import Ledger
from handlers.webhook.models import IssueWebhook
from handlers.webhook.order import ActionOrder


@dataclass(frozen=True)
class WebhookContext:
    connect: Callable[[], JiraApi]
    ownership: OwnershipMap
    policy: EnforcementPolicy
    outbox: Outbox
    timeline: TimelineStore
    project: str  # the Jira project closeloop pushes to: no other project's issue is acted on
    order: ActionOrder
    now: Callable[[], datetime]
    ledger: Ledger  # enforcement's: a fix is claimed under the same key, so the pass and a delivery fix once


@dataclass(frozen=True)
class Reaction:
    done: list[str]  # what was done, in words (empty: nothing to do)
    ignored: str | None = None  # why the delivery was not acted on, when it was not


def find_entry(outbox: Outbox, incident_id: str, action_id: str) -> OutboxEntry | None:
    return next((e for e in outbox.entries(incident_id) if e.action.id == action_id), None)


def owned_entry(hook: IssueWebhook, context: WebhookContext) -> OutboxEntry | str:
    """The outbox entry whose pushed issue this delivery is about, or why the delivery is not closeloop's."""
    issue = hook.issue
    if issue is None or hook.webhook_event != "jira:issue_updated":
        return f"not an issue update ({hook.webhook_event})"
    match = next((m for m in map(EXTERNAL_LABEL.match, issue.labels) if m), None)
    if match is None:
        return "not a closeloop action's issue"
    if issue.key.rpartition("-")[0] != context.project:
        return f"issue {issue.key} is not in project {context.project}"
    entry = find_entry(context.outbox, match["incident"], match["action"])
    if entry is None or entry.issue_key != issue.key:
        return f"closeloop did not push {issue.key} for {match['incident']}:{match['action']}"
    return entry


def react(hook: IssueWebhook, context: WebhookContext) -> Reaction:
    owned = owned_entry(hook, context)
    if isinstance(owned, str):
        return Reaction([], ignored=owned)
    entry, issue = owned, hook.issue
    assert issue is not None
    incident_id, action_id = entry.incident.id, entry.action.id
    if not context.order.advance(incident_id, action_id, hook.timestamp):
        return Reaction([], ignored=f"older than the last delivery applied to {incident_id}:{action_id}")
    done: list[str] = []
    api: JiraApi | None = None
    assignee, due = hook.changed("assignee"), hook.changed("duedate")
    if assignee is not None and not assignee.to and not issue.fields.get("assignee"):
        # The ownership map decides, as everywhere; the postmortem's own owner when the map has no entry.
        service_owner = context.ownership.owner_of(entry.incident.service)
        owner = service_owner.owner if service_owner else entry.action.owner
        if owner is not None and not claimed(context, issue.key, "assign", change_stamp(hook)):
            done.append("owner restored already (by the daily pass, for this same change)")
        elif owner is not None:
            api = api or context.connect()
            with releasing(context, issue.key, "assign", change_stamp(hook)):
                jira_writes.assign(api, issue.key, owner)
                text = (
                    "closeloop restored the owner: a prevention action keeps one owner until it is done or not doing."
                )
                jira_writes.comment(api, issue.key, text, owner)
            done.append(f"restored assignee {owner}")
    if due is not None and not due.to and not issue.fields.get("duedate"):
        restored = entry.action.due  # the date the postmortem committed to
        if not claimed(context, issue.key, "set-due", change_stamp(hook)):
            done.append("due date restored already (by the daily pass, for this same change)")
        else:
            api = api or context.connect()
            with releasing(context, issue.key, "set-due", change_stamp(hook)):
                jira_writes.set_due(api, issue.key, restored)
                jira_writes.comment(api, issue.key, f"closeloop restored the due date {restored.isoformat()}.")
            done.append(f"restored due date {restored.isoformat()}")
    if hook.changed("status") is not None or hook.changed("resolution") is not None:
        done += follow_status(hook, context, entry)
    return Reaction(done)


def change_stamp(hook: IssueWebhook) -> str:
    """What names the change a fix answers: Jira's `updated` stamp of the issue, which the daily pass claims
    under too; without it, the delivery's own send time, which every copy and retry of that delivery carries
    (so two of them at once still fix once, though the daily pass cannot then recognise the change)."""
    updated = hook.issue.fields.get("updated") if hook.issue is not None else None
    return str(updated) if updated else f"sent-{hook.timestamp}"


def claimed(context: WebhookContext, key: str, fix: str, stamp: str) -> bool:
    """Claim a fix of this change of the issue under enforcement's key (`plan`: `<fix>#<stamp>`); True when
    this delivery may make it."""
    return context.ledger.claim(key, f"{fix}#{stamp}")


@contextmanager
def releasing(context: WebhookContext, key: str, fix: str, stamp: str) -> Iterator[None]:
    """Give the claim back if the fix fails, so that the daily pass or Jira's retry makes it."""
    try:
        yield
    except Exception:
        context.ledger.release(key, f"{fix}#{stamp}")
        raise


def follow_status(hook: IssueWebhook, context: WebhookContext, entry: OutboxEntry) -> list[str]:
    issue = hook.issue
    assert issue is not None
    incident_id, action_id = entry.incident.id, entry.action.id
    done: list[str] = []
    not_doing = context.policy.not_doing_label in issue.labels
    if issue.resolved:
        who = hook.user.key if hook.user else "jira"
        by = (hook.user.display_name if hook.user else None) or who  # people read the text: a name, not an id
        outcome = "closed as not doing" if not_doing else "done"
        event = TimelineEvent(
            incident_id=incident_id,
            kind=Kind.NOTE,
            occurred_at=hook.sent_at,
            recorded_at=context.now(),
            actor=who,
            source=f"jira:{issue.key}",
            text=f"Prevention action {action_id} {outcome} in Jira ({issue.key}) by {by}",
        )
        if context.timeline.put(event):
            done.append(f"recorded {outcome} on the timeline of {incident_id}")
    status = ActionStatus.OPEN
    update: dict[str, object] = {}
    if issue.resolved and not_doing:
        # Not doing counts only with a reason and an approval, given in Jira's comments, the approval by an account
        # the ownership map or policy names. Without them the outbox keeps its view: the daily pass reopens the
        # issue, which comes back here as open.
        approvers = not_doing_approvers(context.ownership.owner_of(entry.incident.service), context.policy)
        api = context.connect()
        reason, approver = reason_and_approver(api.authored_comments(issue.key), approvers, api.own_account())
        if not (reason and approver):
            return [*done, "closed as not doing without a reason and an approver's approval: left to the daily pass"]
        status, update = ActionStatus.NOT_DOING, {"reason": reason, "approver": approver}
    elif issue.resolved:
        status = ActionStatus.DONE
    evidence = entry.action.evidence or ([f"jira:{issue.key}"] if status is ActionStatus.DONE else [])
    if entry.action.status is not status:
        action = entry.action.model_copy(update={"status": status, "evidence": evidence, **update})
        context.outbox.save(entry.model_copy(update={"action": action, "updated_at": context.now()}))
        done.append(f"outbox status {status.value}")
    return done
