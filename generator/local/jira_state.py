"""The local Jira's data on disk across `closeloop down` and `closeloop up`: users, projects, issues with their
comments, links and numbering, API tokens and registered webhooks, in DIR/jira-state.pickle (the emulator's
state file format, generator/emulator/persistence.py). Deliveries in flight are not kept.

A restored Jira is not seeded again: seeding the project anew would restart its issue numbers (OPS-1 twice).
"""

from dataclasses import dataclass, field
from pathlib import Path

from generator.emulator import persistence, pickling
from generator.standins.jira import JiraStandin
from generator.standins.jira.store import JiraStore
from generator.standins.jira.webhooks import Webhook


@dataclass(frozen=True)
class SavedJira:
    store: JiraStore
    tokens: dict[str, str] = field(default_factory=dict)
    webhooks: list[Webhook] = field(default_factory=list)


def save(path: Path, jira: JiraStandin) -> None:
    with jira.store.lock:  # the store's callers hold it while they change it: a consistent copy
        body = pickling.dumps(SavedJira(jira.store, dict(jira.tokens), list(jira.webhooks.webhooks)))
    persistence.write(path, body)


def restored(path: Path) -> JiraStandin | None:
    """A Jira (not started) holding what `path` saved; None when there is no such file. StateError when unusable."""
    if not path.exists():
        return None
    saved = persistence.read(path, SavedJira)
    jira = JiraStandin(cloud=True)
    jira.store = saved.store
    jira.tokens.update(saved.tokens)
    for webhook in saved.webhooks:
        jira.webhooks.register(webhook)
    return jira
