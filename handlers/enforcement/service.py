"""Enforcement: read every prevention-action issue (paged), decide per issue, fix or flag, report.

One search (one request per page) reads every action issue with the fields the decisions need; the
only other requests are the fixes and comments themselves. A reminder is claimed in the ledger before it
is sent and released if sending fails, so it goes out once and a failure is retried next run. An issue
whose write fails is reported and left for the next run; the others go on. A notification that fails
after its comment was posted is recorded as owed and the run raises: the retry publishes it without
commenting twice. A fix that Jira applied but whose comment it refused stands (the next run finds nothing to
fix), so its comment is kept as owed in the ledger and each run first sends what is owed.
"""

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from domain.accounts import DisplayNames
from domain.ownership import EnforcementPolicy, OwnershipMap
from handlers.actions.accounts import JiraAccounts
from handlers.actions.jira_api import JiraApi, JiraFailure
from handlers.enforcement import jira_writes
from handlers.enforcement.issues import ENFORCEMENT_FIELDS, ActionIssue, action_jql, read_issue
from handlers.enforcement.ledger import Ledger, OwedComment
from handlers.enforcement.notify import Notifier
from handlers.enforcement.plan import Step, StepKind, plan

ServiceOf = Callable[[str], str | None]  # incident id -> its service (from the outbox)
# Ledger suffix of a reminder whose comment is in Jira and whose notification failed: sent by the next run.
OWED = "#notification-owed"
# Steps that change the issue before commenting: the change stands even when the comment fails.
FIXES = (StepKind.ASSIGN, StepKind.SET_DUE, StepKind.REOPEN)


@dataclass
class Outcome:
    step: Step
    result: str  # "done", "would do", "sent before", "failed: <reason>"

    def as_json(self) -> dict[str, Any]:
        return {**self.step.as_json(), "result": self.result}


@dataclass
class EnforcementReport:
    today: date
    dry_run: bool
    issues: int = 0
    outcomes: list[Outcome] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return dict(Counter(f"{o.step.kind.value}:{o.result.split(':')[0]}" for o in self.outcomes))

    def failed(self) -> bool:
        return any(o.result.startswith("failed") for o in self.outcomes)

    def as_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "dry_run": self.dry_run,
            "issues": self.issues,
            "counts": self.counts(),
            "steps": [o.as_json() for o in self.outcomes],
        }


@dataclass(frozen=True)
class Enforcer:
    api: JiraApi
    ownership: OwnershipMap
    policy: EnforcementPolicy
    ledger: Ledger
    notify: Notifier
    service_of: ServiceOf
    # Display names for the texts people read; by default Jira's user API over this run's connection.
    names: Callable[[str | None], str] | None = None

    def run(self, today: date, dry_run: bool = False) -> EnforcementReport:
        names = self.names or DisplayNames(JiraAccounts(lambda: self.api))
        report = EnforcementReport(today, dry_run)
        owed: dict[str, list[OwedComment]] = {}
        for comment in [] if dry_run else self.ledger.owed():
            owed.setdefault(comment.issue_key, []).append(comment)
        services: dict[str, str | None] = {}  # one outbox read per incident, not per action
        for raw in self.api.search(action_jql(self.api.settings.project), ENFORCEMENT_FIELDS):
            issue = read_issue(raw, self.api.cloud)
            if issue is None:
                continue
            report.issues += 1
            if issue.incident_id not in services:
                services[issue.incident_id] = self.service_of(issue.incident_id)
            service = services[issue.incident_id]
            owner = self.ownership.owner_of(service)
            # closeloop's own account matters only to a resolved not-doing issue: asked for only then.
            not_doing = issue.resolved and self.policy.not_doing_label in issue.labels
            own = self.api.own_account() if not_doing else None
            # Decide with account keys (no requests); word a step with people's names only when it is sent,
            # so a run that finds everything sent before asks Jira for no one's name.
            steps = plan(issue, owner, self.policy, today, service, own_account=own)
            worded = Worded(partial(plan, issue, owner, self.policy, today, service, names, own))
            report.outcomes += self._settle_owed(owed.pop(issue.key, []), steps, issue)
            for index, step in enumerate(steps):
                result = self._apply(step, dry_run, issue.comments, worded.at(index))
                report.outcomes.append(Outcome(worded.step(index) or step, result))
        report.outcomes += [self._pay(comment) for comments in owed.values() for comment in comments]
        return report

    def _settle_owed(self, owed: list[OwedComment], steps: list[Step], issue: ActionIssue) -> list[Outcome]:
        """A fix planned again was not in place after all: its step comments now, so the owed copy goes. An owed
        assignment comment whose account is not the issue's owner now explains nothing true: it goes too."""
        outcomes = []
        for comment in owed:
            moved = comment.kind == StepKind.ASSIGN.value and comment.mention != issue.assignee
            if moved or any(step.kind.value == comment.kind for step in steps):
                self.ledger.settle(comment)
            else:
                outcomes.append(self._pay(comment))
        return outcomes

    def _apply(
        self, step: Step, dry_run: bool, seen: tuple[str, ...] = (), words: Callable[[], Step] | None = None
    ) -> str:
        """Apply one step; `words` gives the same step worded with people's names, asked for only to send."""
        if step.once is not None:
            if dry_run:
                return "sent before" if self.ledger.sent(step.issue_key, step.once) else "would do"
            if not self.ledger.claim(step.issue_key, step.once):
                return self._send_owed(step, words)
        elif dry_run:
            return "would do"
        step = words() if words else step
        fixed = False  # the fix's own request answered: it stands, whatever happens to its comment
        try:
            self._fix(step)
            fixed = True
            jira_writes.comment(self.api, step.issue_key, step.text, step.mentions, seen)
        except (JiraFailure, ValueError) as error:
            if step.once is not None:
                self.ledger.release(step.issue_key, step.once)  # not sent: the next run tries again
            if step.kind in FIXES and (fixed or not refused(error)):
                # The fix may stand even when its own request failed (an answer lost): keep its comment owed.
                # The next run sends it if the fix is in place, and drops it if the fix is planned again.
                self.ledger.owe(owed_comment(step, seen, self.api.cloud))
                return f"failed: {error} (its comment is kept owed for the next run)"
            if step.kind is StepKind.ASSIGN and refused(error):
                name = (self.names or DisplayNames(JiraAccounts(lambda: self.api)))(step.account)
                return f"failed: {error}; " + self._apply(assign_refused(step, name, error), dry_run, seen)
            return f"failed: {error}"
        except Exception:
            if step.once is not None:
                self.ledger.release(step.issue_key, step.once)
            raise
        if step.kind in (StepKind.REMIND, StepKind.ESCALATE):
            self._notify_or_owe(step)
        return "done"

    def _notify_or_owe(self, step: Step) -> None:
        """Publish; if that fails the comment is in Jira already, so only the notification is owed (and raised)."""
        try:
            self._publish(step)
        except Exception:
            if step.once is not None:
                self.ledger.claim(step.issue_key, step.once + OWED)  # the retry publishes, without a second comment
            raise

    def _send_owed(self, step: Step, words: Callable[[], Step] | None = None) -> str:
        """A step claimed before: "sent before", unless its notification failed then and is still owed."""
        owed = step.once is not None and step.kind in (StepKind.REMIND, StepKind.ESCALATE)
        if not owed or not self.ledger.sent(step.issue_key, f"{step.once}{OWED}"):
            return "sent before"
        self._publish(words() if words else step)
        self.ledger.release(step.issue_key, f"{step.once}{OWED}")
        return "done"

    def _fix(self, step: Step) -> None:
        api, key = self.api, step.issue_key
        if step.kind is StepKind.ASSIGN and step.account:
            jira_writes.assign(api, key, step.account)
        elif step.kind is StepKind.SET_DUE and step.due:
            jira_writes.set_due(api, key, step.due)
        elif step.kind is StepKind.REOPEN:
            jira_writes.reopen(api, key, self.policy.reopen_transition)

    def _pay(self, owed: OwedComment) -> Outcome:
        """Send a comment owed since an earlier run, unless Jira took it then and only the answer was lost."""
        step = Step(StepKind(owed.kind), owed.issue_key, owed.text, account=owed.mention)
        try:
            body = jira_writes.comment_text(owed.text, owed.mention, self.api.cloud)
            if jira_writes.copies(self.api, owed.issue_key, body) <= owed.copies_before:
                jira_writes.comment(self.api, owed.issue_key, owed.text, owed.mention)
        except JiraFailure as error:
            if error.refused:  # Jira will not take it (the issue is gone, the mention refused): keeping it helps nobody
                self.ledger.settle(owed)
                return Outcome(step, f"failed: {error} (the owed comment is dropped: Jira refused it)")
            return Outcome(step, f"failed: {error} (the comment stays owed)")
        self.ledger.settle(owed)
        return Outcome(step, "done (owed comment)")

    def _publish(self, step: Step) -> None:
        key = step.issue_key
        message = {**step.as_json(), "service": step.service, "url": f"{self.api.settings.base_url}/browse/{key}"}
        self.notify(step.sns_topic, f"closeloop {step.kind.value}: {key}", message)


class Worded:
    """One issue's steps worded with people's names, planned on first use only (plan is pure, so step i of
    the worded plan is step i of the plan decided with account keys)."""

    def __init__(self, word: Callable[[], list[Step]]) -> None:
        self._word = word
        self._steps: list[Step] | None = None

    def at(self, index: int) -> Callable[[], Step]:
        def step() -> Step:
            if self._steps is None:
                self._steps = self._word()
            return self._steps[index]

        return step

    def step(self, index: int) -> Step | None:
        """Step `index` worded, if it was needed; None when nothing asked for the names."""
        return None if self._steps is None else self._steps[index]


def refused(error: Exception) -> bool:
    """Certainly not applied: Jira refused the request, or closeloop never sent it (no such transition)."""
    return isinstance(error, ValueError) or (isinstance(error, JiraFailure) and error.refused)


def assign_refused(step: Step, name: str, error: Exception) -> Step:
    """A flag, sent once per account: the ownership map names an owner Jira will not assign (deactivated, say)."""
    status = f" (it answered {error.status})" if isinstance(error, JiraFailure) and error.status else ""
    text = (
        f"closeloop could not assign this action to {name}, its service's owner in the ownership map: Jira "
        f"refused the assignment{status}. Name an active owner for the service in the ownership map."
    )
    return Step(StepKind.NO_OWNER_KNOWN, step.issue_key, text, once=f"assign-refused#{step.account}")


def owed_comment(step: Step, seen: tuple[str, ...], cloud: bool) -> OwedComment:
    text = jira_writes.comment_text(step.text, step.account, cloud)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    copies = sum(earlier == text for earlier in seen)
    return OwedComment(step.issue_key, f"{step.kind.value}#{digest}", step.text, step.account, copies)
