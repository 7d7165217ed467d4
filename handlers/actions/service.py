"""Push prevention actions to Jira: one issue per action, once and only once, nothing lost.

    entries = enqueue(outbox, incident, actions)         # written before Jira is asked
    report = push(entries, outbox, connect)               # search, bulk create, update, link

Per push: one search per page finds every action's issue by its label (and by the key the outbox
remembers, read directly: a read by key is consistent, a search is not); actions without an issue are
created in bulk (50 per request); issues that differ from their action are updated; each new issue gets a
link to the incident ticket and a remote link to the incident record.

Exactly once, although search lags: before a create is sent its actions are recorded in the outbox as
in doubt with the time (a pending create). If the answer never comes, the issues are searched for a few
times in the same push; any not found stay in doubt, and no later push sends them again until the search
index has had its bounded lag to show them: within that window a search that finds nothing proves
nothing. Past it, an issue still not found was not made, and the action is created again. (Why not
something Jira answers consistently: a lost answer leaves no key or id to read, `reconcileIssues` needs
the ids, and an entity property is found through the same index as a label. See docs/jira.md.)
The bound is the settings' `index_lag` (CLOSELOOP_JIRA_INDEX_LAG, 600 s by default).
Anything that fails stays queued with its reason, and the next push retries it.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from domain.action import Action
from domain.clock import Clock, system_now
from handlers.actions import issue_content, preflight, resolution
from handlers.actions.jira_api import BULK_LIMIT, JiraApi, JiraFailure, UnusableSettings
from handlers.actions.outbox import IncidentContext, Outbox, OutboxEntry, OutboxState
from handlers.actions.report import Outcome, PushReport, PushResult
from handlers.actions.settings import SettingsError


@dataclass(frozen=True)
class ConfirmPolicy:
    """How closeloop makes sure a create whose answer was lost is not made twice, and the run's one clock."""

    searches: int = 4
    delay: float = 2.0  # seconds between confirming searches in the same push
    now: Clock = system_now


class DuplicateActionIds(ValueError):
    """Two actions of one incident share an id: both would be one Jira issue, so none of them is pushed."""


def refuse_duplicates(pairs: Iterable[tuple[str, str]]) -> None:
    """Raise DuplicateActionIds when an (incident, action id) pair comes twice: the id is the issue's
    external id, so two actions with one id would take turns overwriting one issue (or make two)."""
    counted = Counter(pairs)
    twice = sorted(f"{incident} {action} ({count} times)" for (incident, action), count in counted.items() if count > 1)
    if twice:
        raise DuplicateActionIds(f"action id used more than once: {', '.join(twice)}; nothing was pushed")


def enqueue(outbox: Outbox | None, incident: IncidentContext, actions: list[Action]) -> list[OutboxEntry]:
    """The outbox entries for these actions: new ones queued, changed ones re-queued, pushed ones kept.

    With no outbox (a dry run) nothing is written. Actions that share an id are refused before anything is."""
    refuse_duplicates((incident.id, action.id) for action in actions)
    existing = {e.action.id: e for e in outbox.entries(incident.id)} if outbox is not None else {}
    entries: list[OutboxEntry] = []
    for action in actions:
        before = existing.get(action.id)
        entry = OutboxEntry(incident=incident, action=action, reason="not pushed yet")
        if before is not None:
            entry = before.model_copy(update={"incident": incident, "action": action})
            if before.incident != incident:
                entry.linked = False  # a new ticket or title: link again (a link already there is not repeated)
            if entry.content_hash != before.content_hash and entry.state == OutboxState.PUSHED:
                entry.state, entry.reason = OutboxState.QUEUED, "changed since the last push"
        if outbox is not None and (
            before is None or entry.content_hash != before.content_hash or entry.state != before.state
        ):
            outbox.save(entry)
        entries.append(entry)
    return entries


def links_in_place(entry: OutboxEntry, key: str, fields: dict[str, Any]) -> bool:
    """The outbox says this very issue is linked, and its links (as Jira has them) still show the ticket. A
    recreated issue (a person deleted the old one) has a new key: its links are made again."""
    ticket = entry.incident.ticket
    return entry.linked and entry.issue_key == key and (ticket is None or issue_content.links_to(fields, ticket))


def doubt(entry: OutboxEntry) -> OutboxState | None:
    """An entry's pending create outlives a push that could not look for it."""
    return OutboxState.IN_DOUBT if entry.state == OutboxState.IN_DOUBT else None


class Push:
    """One push run over a set of outbox entries."""

    def __init__(self, api: JiraApi, outbox: Outbox | None, confirm: ConfirmPolicy) -> None:
        self.api, self.outbox, self.confirm = api, outbox, confirm
        self.dry_run = outbox is None
        self.results: dict[int, PushResult] = {}
        self.issues: dict[int, dict[str, Any]] = {}  # entry index -> the issue as Jira has it

    def settle(
        self,
        index: int,
        entry: OutboxEntry,
        outcome: Outcome,
        key: str | None,
        reason: str | None = None,
        state: OutboxState | None = None,
    ) -> None:
        self.results[index] = PushResult(entry.incident.id, entry.action.id, key, outcome, reason)
        if self.outbox is None:
            return
        entry.attempts += 1
        entry.updated_at = self.confirm.now()
        entry.issue_key = key or entry.issue_key
        entry.reason = reason
        entry.state = state or (OutboxState.QUEUED if outcome == Outcome.QUEUED else OutboxState.PUSHED)
        if entry.state != OutboxState.IN_DOUBT:
            entry.create_sent_at = None  # made, or certainly not made: no pending create any more
        if outcome != Outcome.QUEUED:
            entry.linked = True
        self.outbox.save(entry)

    def desired(self, entry: OutboxEntry) -> dict[str, Any]:
        settings = self.api.settings
        fields = issue_content.desired_fields(
            entry.incident, entry.action, settings.project, settings.issue_type, self.api.cloud
        )
        fields["labels"] = [*fields["labels"], *resolution.extra_labels(entry.action)]
        return fields

    def find(self, entries: dict[int, OutboxEntry]) -> None:
        """Each entry's issue: by label (one search per page), else by the key the outbox remembers."""
        by_label = {issue_content.external_label(e.incident, e.action): i for i, e in entries.items()}
        for label, issue in self.api.search_labels(by_label).items():
            self.issues[by_label[label]] = issue
        for index, entry in entries.items():
            if index not in self.issues and entry.issue_key:
                found = self.api.issue(entry.issue_key)  # a person removed the label, or search lags
                if found is not None:
                    self.issues[index] = found

    def create(self, entries: dict[int, OutboxEntry]) -> dict[int, str]:
        """Create the issues of these entries, 50 per request; the key of each one created.

        A request whose answer was lost (a dropped connection, a timeout, a 5xx) is never sent again in the
        same push: its issues are searched for, and those not found stay in doubt for the next push, which
        searches before it creates. A create Jira is still working on (a slow answer) can show up later;
        sending it again now is how duplicates are made."""
        keys: dict[int, str] = {}
        indexes = list(entries)
        for start in range(0, len(indexes), BULK_LIMIT):
            chunk = {i: entries[i] for i in indexes[start : start + BULK_LIMIT]}
            self.mark_pending(chunk)
            try:
                created = self.api.create([self.desired(entry) for entry in chunk.values()])
            except JiraFailure as failure:
                if not failure.maybe_applied:
                    for i, entry in chunk.items():
                        self.settle(i, entry, Outcome.QUEUED, None, failure.reason)
                    continue
                found = self.confirm_created(chunk)
                keys.update(found)
                for i, entry in chunk.items():
                    if i not in found:
                        reason = f"{failure.reason}; the create may have been applied: {self.waiting(entry)}"
                        self.settle(i, entry, Outcome.QUEUED, None, reason, OutboxState.IN_DOUBT)
                continue
            for result in created:
                i = list(chunk)[result.index]
                if result.key is not None:
                    keys[i] = result.key
                else:
                    self.settle(i, chunk[i], Outcome.QUEUED, None, result.error)
        return keys

    def mark_pending(self, chunk: dict[int, OutboxEntry]) -> None:
        """Written before the create is sent: if the answer is lost or this process dies, later pushes know a
        create may have been applied, and when, and do not send it again while the index may still lag."""
        now = self.confirm.now()
        for entry in chunk.values():
            entry.state, entry.create_sent_at = OutboxState.IN_DOUBT, now
            if self.outbox is not None:
                self.outbox.save(entry)

    def pending_since(self, entry: OutboxEntry) -> datetime | None:
        """When this entry's create that may have applied was sent, while the index may still hide its issue."""
        if entry.state != OutboxState.IN_DOUBT:
            return None
        sent = entry.create_sent_at or entry.updated_at  # an outbox written before pending creates had a time
        return sent if self.confirm.now() < self.indexed_by(sent) else None

    def indexed_by(self, sent_at: datetime) -> datetime:
        """When an issue created at `sent_at` is searchable for certain: the bound on the index's lag."""
        return sent_at + timedelta(seconds=self.api.settings.index_lag)

    def waiting(self, entry: OutboxEntry) -> str:
        until = self.indexed_by(entry.create_sent_at or entry.updated_at)
        return (
            f"not created again before {until:%Y-%m-%d %H:%M:%S} UTC, when Jira's search index has had "
            f"{self.api.settings.index_lag:g} s to show it; a push before then looks for it first"
        )

    def confirm_created(self, entries: dict[int, OutboxEntry]) -> dict[int, str]:
        """Search for creates whose answer was lost, several times: a missing issue may only be unindexed yet."""
        found: dict[int, str] = {}
        labels = {issue_content.external_label(e.incident, e.action): i for i, e in entries.items()}
        for attempt in range(self.confirm.searches):
            if attempt:
                self.api.policy.wait(self.confirm.delay)
            try:
                hits = self.api.search_labels(label for label, i in labels.items() if i not in found)
            except JiraFailure:
                continue
            found.update({labels[label]: issue["key"] for label, issue in hits.items()})
            if len(found) == len(entries):
                break
        return found

    def update(self, index: int, entry: OutboxEntry, issue: dict[str, Any]) -> None:
        key = issue["key"]
        to_set, add_labels = issue_content.changes(issue["fields"], self.desired(entry), self.api.cloud)
        outcome = Outcome.UPDATED if to_set or add_labels else Outcome.UNCHANGED
        if entry.state == OutboxState.IN_DOUBT and entry.issue_key is None and outcome == Outcome.UNCHANGED:
            outcome = Outcome.CREATED  # made by an earlier push whose answer was lost: first seen now
        if not self.dry_run and outcome == Outcome.UPDATED:
            try:
                self.api.update(key, to_set, add_labels)
            except JiraFailure as failure:
                return self.settle(index, entry, Outcome.QUEUED, key, failure.reason)
        self.link(index, entry, key, issue["fields"], outcome)

    def link(self, index: int, entry: OutboxEntry, key: str, fields: dict[str, Any], outcome: Outcome) -> None:
        """The link to the incident ticket (once) and the remote link to the incident record (upserted), then the
        state the postmortem records (done, not doing). `fields`: the issue as Jira has it ({} when just made)."""
        if self.dry_run:
            return self.settle(index, entry, outcome, key)
        incident = entry.incident
        try:
            if not links_in_place(entry, key, fields):
                if incident.ticket and not issue_content.links_to(fields, incident.ticket):
                    self.api.link(key, incident.ticket)
                url = self.api.settings.incident_url.format(incident_id=incident.id)
                title = f"Incident {incident.id}: {incident.title}"
                self.api.remote_link(key, url, title, f"closeloop:incident:{incident.id}")
                if incident.postmortem_url:
                    title = f"Postmortem of {incident.id}: {incident.title}"
                    self.api.remote_link(key, incident.postmortem_url, title, f"closeloop:postmortem:{incident.id}")
            if resolution.needed(entry.action, fields):
                resolution.resolve(self.api, key, entry.action)
                outcome = Outcome.UPDATED if outcome == Outcome.UNCHANGED else outcome
        except JiraFailure as failure:
            entry.linked = False  # whatever was done, the next push checks the links again
            return self.settle(index, entry, Outcome.QUEUED, key, f"issue {key} is in Jira; {failure.reason}")
        self.settle(index, entry, outcome, key)

    def run(self, entries: list[OutboxEntry], blocked: dict[str, str]) -> None:
        """Push the entries; those whose incident ticket is in `blocked` (ticket -> why) wait, queued with why."""
        indexed = dict(enumerate(entries))
        for i, entry in list(indexed.items()):
            if entry.incident.ticket in blocked:
                self.settle(i, entry, Outcome.QUEUED, entry.issue_key, blocked[entry.incident.ticket], doubt(entry))
                del indexed[i]
        try:
            self.find(indexed)
        except JiraFailure as failure:
            for i, entry in indexed.items():
                self.settle(i, entry, Outcome.QUEUED, entry.issue_key, failure.reason, doubt(entry))
            return
        for index, issue in self.issues.items():
            self.update(index, indexed[index], issue)
        missing = {i: e for i, e in indexed.items() if i not in self.issues}
        if self.dry_run:
            for i, entry in missing.items():
                self.results[i] = PushResult(entry.incident.id, entry.action.id, None, Outcome.CREATED, "dry run")
            return
        for i, entry in list(missing.items()):
            if self.pending_since(entry) is not None:  # "not found" proves nothing yet: the index may lag
                reason = f"a create sent earlier may have been applied and not be searchable yet: {self.waiting(entry)}"
                self.settle(i, entry, Outcome.QUEUED, None, reason, OutboxState.IN_DOUBT)
                del missing[i]
        for index, key in self.create(missing).items():
            self.link(index, missing[index], key, {}, Outcome.CREATED)


def push(
    entries: list[OutboxEntry],
    outbox: Outbox | None,
    connect: Callable[[], JiraApi],
    confirm: ConfirmPolicy | None = None,
) -> PushReport:
    """Push these entries; with no outbox it is a dry run (Jira is read, nothing is written anywhere).

    Raises DuplicateActionIds, before Jira is asked, when two entries are one incident's action id."""
    refuse_duplicates((entry.incident.id, entry.action.id) for entry in entries)
    report = PushReport(dry_run=outbox is None)
    tickets = {entry.incident.ticket for entry in entries if entry.incident.ticket}
    try:
        api = connect()
        preflight.check_settings(api, need_link_type=bool(tickets))  # once, before any create
        blocked = preflight.missing_tickets(api, tickets)
    except (JiraFailure, SettingsError) as failure:
        reason = str(failure) if isinstance(failure, UnusableSettings) else f"cannot reach Jira: {failure}"
        for entry in entries:
            if outbox is not None:
                entry.reason = reason
                outbox.save(entry)
            report.results.append(
                PushResult(entry.incident.id, entry.action.id, entry.issue_key, Outcome.QUEUED, reason)
            )
        return report
    run = Push(api, outbox, confirm or ConfirmPolicy())
    run.run(entries, blocked)
    report.results = [run.results[i] for i in sorted(run.results)]
    return report
