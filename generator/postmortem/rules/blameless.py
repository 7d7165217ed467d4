"""PE130: no person is named as a cause."""

import re
from collections.abc import Iterator

from domain.accounts import AccountLookupError, JiraAccount
from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.validator.finding import Issue, Severity

BLAME = re.compile(
    r"\b(human|operator|pilot|engineer|user)[ -]error\b(?!-)|\b(his|her|their)\s+(mistake|fault|error)\b|"
    r"\bcareless(ness|ly)?\b|\bnegligen(t|ce)\b|\bfault of\b|\bto blame\b|\bblamed?\b|\bshould have known\b",
    re.IGNORECASE,
)
# Actors that are services, not people (`aws.cloudwatch`, `automation:...`).
_SERVICE_ACTOR = re.compile(r"^(aws\.|automation:|service:)")


class Blameless(PostmortemRule):
    id = "PE130"
    severity = Severity.ERROR
    shortdesc = "Blameless causes"
    description = (
        "Causes are about systems and processes, never people: the root cause and contributing factors name no "
        "one who took part (postmortem owner, timeline actors, action owners and approvers, by account or "
        "name), and do not say 'human error'."
    )
    source_url = sources.GOOGLE_SRE_BOOK

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        names = people(ctx)
        texts = {"root_cause": ctx.postmortem.root_cause}
        texts.update(
            {f"contributing_factors[{i}].text": f.text for i, f in enumerate(ctx.postmortem.contributing_factors)}
        )
        for path, text in texts.items():
            for name, pattern in names.items():
                if pattern.search(text):
                    yield Issue(path, f"names a person ('{name}'): say what in the system let it happen")
            match = BLAME.search(text)
            if match:
                yield Issue(path, f"'{match.group(0)}' blames a person: say what made the mistake possible")


def people(ctx: CheckContext) -> dict[str, re.Pattern[str]]:
    """Everyone who took part, by every name the postmortem or Jira knows them by."""
    postmortem = ctx.postmortem
    keys = {postmortem.incident.postmortem_owner}
    keys.update(action.owner for action in postmortem.actions)
    keys.update(action.approver for action in postmortem.actions if action.approver)
    if postmortem.prevent_exception:
        keys.add(postmortem.prevent_exception.approver)
    names: dict[str, re.Pattern[str]] = {}
    for key in keys:
        _add(names, key)
        account = _lookup(ctx, key)
        if account is not None:
            _add(names, account.display_name)
            for first_name in account.display_name.split()[:1]:
                if len(first_name) >= 3:  # a first name counts when written as a name, capitalised
                    names.setdefault(first_name, re.compile(rf"\b{re.escape(first_name)}\b"))
            if account.email:
                _add(names, account.email.split("@")[0])
    for event in postmortem.timeline:
        person = _person_part(event.actor)
        if person:
            _add(names, person)
    return names


def _add(names: dict[str, re.Pattern[str]], name: str) -> None:
    if len(name.strip()) >= 3:
        names.setdefault(name, re.compile(rf"(?<![\w.-]){re.escape(name.strip())}(?![\w-])", re.IGNORECASE))


def _person_part(actor: str) -> str | None:
    """The person in an actor, if any: `arn:aws:sts::1:assumed-role/Oncall/alice` and `arn:aws:iam::1:user/alice`
    name alice, an email its user; a role, a service (`aws.cloudwatch`) or an automation names no one."""
    if _SERVICE_ACTOR.match(actor):
        return None
    if actor.startswith("arn:"):
        resource = actor.split(":", 5)[-1]
        if resource.startswith("assumed-role/") or resource.startswith("user/"):
            return resource.rsplit("/", 1)[-1]
        return None
    return actor.split("@")[0]


def _lookup(ctx: CheckContext, key: str) -> JiraAccount | None:
    if ctx.accounts is None:
        return None
    try:
        return ctx.accounts(key)
    except AccountLookupError:
        return None
