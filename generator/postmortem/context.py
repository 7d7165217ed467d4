"""What a postmortem rule sees: the typed postmortem, its raw data and text, the accounts and the policy."""

from dataclasses import dataclass, field
from typing import Any

from domain.accounts import AccountResolver
from domain.action import DEFAULT_DUE_DATE_POLICY, DueDatePolicy
from domain.postmortem import Postmortem


@dataclass(frozen=True)
class CheckPolicy:
    """What a team may tune: due-date caps by priority, and how short an answer may be."""

    due_dates: DueDatePolicy = DEFAULT_DUE_DATE_POLICY
    min_answer_words: int = 5
    min_done_condition_words: int = 4
    # Verbs a team uses in action titles beyond the built-in list (lower case).
    action_verbs: frozenset[str] = frozenset()


@dataclass
class CheckContext:
    postmortem: Postmortem
    data: dict[str, Any]
    source: str = "<postmortem>"
    text: str | None = None
    # None: no Jira to ask (owners are then reported as unverified, not as wrong).
    accounts: AccountResolver | None = None
    policy: CheckPolicy = field(default_factory=CheckPolicy)
