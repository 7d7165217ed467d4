"""closeloop's own SSM Automation documents by name: `<prefix><base>`, one place for every caller.

The prefix makes a stack's documents its own, so two stacks live side by side in one account and region
(`deploy.sh --prefix Team2-`; default `Closeloop-`, the names every stack had before). Code that names a
closeloop document (a runbook that starts another with aws:executeAutomation, the CLI, the drill) takes
the base from here and builds the name with `document_name`; the stack then gives each document, and every
name inside its content, the stack's prefix (generator/stack/documents.py). The timeline handler reads the
prefix and the bases from its environment (PREFIX_ENVIRONMENT, BASES_ENVIRONMENT), set by the stack.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_PREFIX = "Closeloop-"
# The environment variable that carries a stack's prefix: the timeline handler's (set by the stack) and the
# default of `closeloop evidence start --prefix`. (`simulate` takes any stack's name for a catalogue runbook.)
PREFIX_ENVIRONMENT = "CLOSELOOP_DOCUMENT_PREFIX"
# The handler's list of every document base the stack deploys, comma-separated (set by the stack).
BASES_ENVIRONMENT = "CLOSELOOP_DOCUMENT_BASES"

COLLECT_EVIDENCE = "CollectEvidence"
INCIDENT_RESPONSE = "IncidentResponse"
LOG_TIMELINE_EVENT = "LogTimelineEvent"
OPEN_INCIDENT = "OpenIncident"
ROLLBACK_DEPLOYMENT = "RollbackDeployment"

# SSM document names: 3-128 of [a-zA-Z0-9_.-], and none may start with these (CreateDocument API reference).
DOCUMENT_NAME_LIMIT = 128
RESERVED_STARTS = ("aws", "amazon", "amzn")
PREFIX_CHARACTERS = re.compile(r"[A-Za-z0-9_.-]+")
# Long enough for any team or environment name, short enough that every name it makes fits AWS's limits
# with room (the longest is checked before a deploy: generator/stack/quotas.py).
PREFIX_MAX_LENGTH = 64
# The same rule for CloudFormation's AllowedPattern (Java regex) and Python's.
PREFIX_PATTERN = rf"^(?!(?i:{'|'.join(RESERVED_STARTS)}))[A-Za-z0-9_.-]{{1,{PREFIX_MAX_LENGTH}}}$"


def document_name(base: str, prefix: str = DEFAULT_PREFIX) -> str:
    """The name of closeloop's document `base` in the stack whose prefix this is."""
    return prefix + base


def prefix_error(prefix: str) -> str | None:
    """Why a prefix cannot name closeloop's documents, or None when it can."""
    if not prefix:
        return "the prefix is empty"
    if len(prefix) > PREFIX_MAX_LENGTH:
        return f"the prefix is {len(prefix)} characters, more than {PREFIX_MAX_LENGTH}"
    if not PREFIX_CHARACTERS.fullmatch(prefix):
        bad = sorted({c for c in prefix if not PREFIX_CHARACTERS.fullmatch(c)})
        return f"the prefix has {''.join(bad)!r}: SSM document names allow only letters, digits, '_', '.' and '-'"
    if prefix.lower().startswith(RESERVED_STARTS):
        return f"the prefix starts with one of {', '.join(RESERVED_STARTS)} (any case): AWS reserves those names"
    return None


def own_documents(prefix: str, bases: str) -> frozenset[str]:
    """The names of one stack's documents, from its prefix and its comma-separated bases."""
    return frozenset(document_name(base.strip(), prefix) for base in bases.split(",") if base.strip())


def base_of(name: str, bases: frozenset[str] | set[str]) -> tuple[str, str] | None:
    """(prefix, base) when `name` is some stack's closeloop document (a known base after a valid prefix)."""
    for base in sorted(bases, key=len, reverse=True):
        prefix = name.removesuffix(base)
        if prefix != name and prefix_error(prefix) is None:
            return prefix, base
    return None


@dataclass(frozen=True)
class StackDocuments:
    """Which runbooks are one stack's own, and which look like another closeloop stack's.

    Without a list of bases (no stack environment: a drill, a test) every name with the prefix is taken
    as the stack's own, as before prefixes existed, and no name as another stack's."""

    prefix: str = DEFAULT_PREFIX
    bases: frozenset[str] = frozenset()

    @classmethod
    def from_environment(cls, environment: Mapping[str, str]) -> "StackDocuments":
        bases = environment.get(BASES_ENVIRONMENT, "")
        return cls(
            environment.get(PREFIX_ENVIRONMENT) or DEFAULT_PREFIX,
            frozenset(base.strip() for base in bases.split(",") if base.strip()),
        )

    def own(self, name: str) -> bool:
        if not self.bases:
            return name.startswith(self.prefix)
        return name in own_documents(self.prefix, ",".join(self.bases))

    def other_stack(self, name: str) -> str | None:
        """The prefix of the closeloop stack whose document this name looks like, when not this one's."""
        found = base_of(name, self.bases) if self.bases and not self.own(name) else None
        return found[0] if found else None


# A stack without a prefix of its own: the default names, every `Closeloop-` document its own.
DEFAULT_DOCUMENTS = StackDocuments()
