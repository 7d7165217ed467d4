"""PE140: the postmortem owner and every action owner and approver are real, active Jira accounts."""

from collections.abc import Iterator

from domain.accounts import AccountLookupError
from domain.postmortem import is_placeholder
from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.validator.finding import Issue, Severity


def accounts_to_check(ctx: CheckContext) -> Iterator[tuple[str, str, str]]:
    """(path, account key, role) for every account the postmortem relies on."""
    owner = ctx.postmortem.incident.postmortem_owner
    if not is_placeholder(owner):
        yield "incident.postmortem_owner", owner, "postmortem owner"
    for index, action in enumerate(ctx.postmortem.actions):
        if not is_placeholder(action.owner):
            yield f"actions[{index}].owner", action.owner, "owner"
        if action.approver and not is_placeholder(action.approver):
            yield f"actions[{index}].approver", action.approver, "approver"
    exception = ctx.postmortem.prevent_exception
    if exception and not is_placeholder(exception.approver):
        yield "prevent_exception.approver", exception.approver, "approver"


class ActionOwner(PostmortemRule):
    id = "PE140"
    severity = Severity.ERROR
    shortdesc = "Owners are Jira accounts"
    description = (
        "The postmortem owner is a real, active Jira account, and every action has exactly one owner, written as "
        "the Jira account it is assigned to (accountId on Cloud, "
        "username on Data Center), and that account exists and is active; so does every approver. An action "
        "owned by a team, or by no one Jira knows, is not done."
    )
    source_url = sources.ATLASSIAN_HANDBOOK
    owns = ("incident.postmortem_owner", "actions[*].owner", "actions[*].approver", "prevent_exception.approver")

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        if ctx.accounts is None:
            return  # nothing to ask: PW141 says the owners are unverified
        for path, key, role in accounts_to_check(ctx):
            try:
                account = ctx.accounts(key)
            except AccountLookupError:
                continue  # Jira could not be asked: PW141 reports it
            if account is None:
                yield Issue(path, f"the {role} '{key}' is not a Jira account (give its accountId or username)")
            elif not account.active:
                yield Issue(path, f"the {role} '{key}' ({account.display_name}) is a deactivated Jira account")
