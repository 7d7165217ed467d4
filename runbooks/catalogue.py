"""Every runbook closeloop ships, by document name. `closeloop build` writes each to templates/ssm/.

The catalogue names each runbook with the default prefix (domain/documents.py); a stack with another
prefix gets every name, and every mention of one inside a document (a child started by
aws:executeAutomation, a description, a message), with its own prefix: `rename_documents` finds them.
"""

import re
from collections.abc import Callable
from typing import Any

from domain.documents import DEFAULT_PREFIX, document_name, prefix_error
from generator.document import Document
from generator.document.reader import document_from_data
from runbooks import collect_evidence, incident_response, log_timeline_event, open_incident, rollback_deployment
from runbooks.scripts import org

Builder = Callable[[], Document]

RUNBOOKS: dict[str, Builder] = {
    collect_evidence.NAME: collect_evidence.build,
    **collect_evidence.CHILD_DOCUMENTS,
    log_timeline_event.NAME: log_timeline_event.build,
    incident_response.NAME: incident_response.build,
    open_incident.NAME: open_incident.build,
    rollback_deployment.NAME: rollback_deployment.build,
}


# Runbooks that change the customer's own resources. closeloop's Automation role may write only to
# closeloop's resources (least privilege), so the stack does not make it their default role: they run
# with the permissions of whoever starts them, or a role that person names.
RUNS_AS_CALLER = frozenset({rollback_deployment.NAME})

# Each runbook's name without the prefix: what a stack's prefix goes in front of.
BASES = tuple(sorted(name.removeprefix(DEFAULT_PREFIX) for name in RUNBOOKS))
# A catalogue document's default name, not part of a longer name (longest first: one base may start another);
# a full stop that ends a sentence is not part of the name.
# The member stacks' reader role is named with the same prefix (runbooks/scripts/org.py), so a document's
# default for it is the stack's too; `-<Source>` names a family of documents (CollectEvidence-<Source>).
_MENTION = re.compile(
    re.escape(DEFAULT_PREFIX)
    + "("
    + "|".join(sorted((*BASES, org.READER_ROLE), key=len, reverse=True))
    + r")(?![A-Za-z0-9_]|-[A-Za-z0-9_]|\.[A-Za-z0-9_])"
)


def names() -> list[str]:
    return sorted(RUNBOOKS)


def base(name: str) -> str:
    """A catalogue runbook's base (its name without the default prefix)."""
    return name.removeprefix(DEFAULT_PREFIX)


def rename_documents(data: Any, rename: Callable[[str], Any]) -> Any:
    """`data` (a document as data, or any part of one) with every string that mentions a catalogue document
    by its default name replaced by `rename(text)`; everything else, CloudFormation functions included, as it is."""
    if isinstance(data, str):
        return rename(data) if _MENTION.search(data) else data
    if isinstance(data, dict):
        return {key: rename_documents(value, rename) for key, value in data.items()}
    if isinstance(data, list):
        return [rename_documents(value, rename) for value in data]
    return data


def with_prefix(text: str, prefix: str) -> str:
    """`text` with every catalogue document it mentions named with `prefix`."""
    return _MENTION.sub(lambda found: document_name(found.group(1), prefix), text)


def prefixed(document: Document, prefix: str) -> Document:
    """The runbook as a stack with this prefix deploys it: its children and mentions named with the prefix."""
    if prefix == DEFAULT_PREFIX:
        return document
    data = rename_documents(document.to_data(), lambda text: with_prefix(text, prefix))
    return document_from_data(data, f"{prefix} runbook")


def find(name: str) -> Document | None:
    """The document a runbook builds, or None when the catalogue has no runbook of that name.

    Any stack's name for it is found (`Team2-IncidentResponse`), with the documents it starts named alike."""
    builder = RUNBOOKS.get(name)
    if builder:
        return builder()
    for known in sorted(BASES, key=len, reverse=True):
        prefix = name.removesuffix(known)
        if prefix != name and prefix_error(prefix) is None:
            return prefixed(RUNBOOKS[document_name(known)](), prefix)
    return None
