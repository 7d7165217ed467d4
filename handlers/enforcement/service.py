"""Enforcement: read every prevention-action issue (paged), decide per issue, fix or flag, report.

One search (one request per page) reads every action issue with the fields the decisions need; the
only other requests are the fixes and comments themselves. A reminder is claimed in the ledger before it
is sent and released if sending fails, so it goes out once and a failure is retried next run. An issue
whose write fails is reported and left for the next run; the others go on.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.ownership import EnforcementPolicy, OwnershipMap
from handlers.actions.jira_api import JiraApi, JiraFailure
from handlers.enforcement import jira_writes
from handlers.enforcement.issues import ENFORCEMENT_FIELDS, action_jql, read_issue
from handlers.enforcement.ledger import Ledger
from handlers.enforcement.notify import Notifier
from handlers.enforcement.plan import Step, StepKind, plan

ServiceOf = Callable[[str], str | None]  # incident id -> its service (from the outbox)


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

    def run(self, today: date, dry_run: bool = False) -> EnforcementReport:
        report = EnforcementReport(today, dry_run)
        services: dict[str, str | None] = {}  # one outbox read per incident, not per action
        for raw in self.api.search(action_jql(self.api.settings.project), ENFORCEMENT_FIELDS):
            issue = read_issue(raw, self.api.cloud)
            if issue is None:
                continue
            report.issues += 1
            if issue.incident_id not in services:
                services[issue.incident_id] = self.service_of(issue.incident_id)
            service = services[issue.incident_id]
            for step in plan(issue, self.ownership.owner_of(service), self.policy, today, service):
                report.outcomes.append(Outcome(step, self._apply(step, dry_run)))
        return report

    def _apply(self, step: Step, dry_run: bool) -> str:
        if step.once is not None:
            if dry_run:
                return "sent before" if self.ledger.sent(step.issue_key, step.once) else "would do"
            if not self.ledger.claim(step.issue_key, step.once):
                return "sent before"
        elif dry_run:
            return "would do"
        try:
            self._write(step)
        except (JiraFailure, ValueError) as error:
            if step.once is not None:
                self.ledger.release(step.issue_key, step.once)  # not sent: the next run tries again
            return f"failed: {error}"
        except Exception:
            if step.once is not None:
                self.ledger.release(step.issue_key, step.once)
            raise
        return "done"

    def _write(self, step: Step) -> None:
        api, key = self.api, step.issue_key
        if step.kind is StepKind.ASSIGN and step.account:
            jira_writes.assign(api, key, step.account)
        elif step.kind is StepKind.SET_DUE and step.due:
            jira_writes.set_due(api, key, step.due)
        elif step.kind is StepKind.REOPEN:
            jira_writes.reopen(api, key, self.policy.reopen_transition)
        jira_writes.comment(api, key, step.text, step.account)
        if step.kind in (StepKind.REMIND, StepKind.ESCALATE):
            message = {**step.as_json(), "service": step.service, "url": f"{api.settings.base_url}/browse/{key}"}
            self.notify(step.sns_topic, f"closeloop {step.kind.value}: {key}", message)
