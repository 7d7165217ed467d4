"""PW141: owners could not be checked against Jira."""

from collections.abc import Iterator

from domain.accounts import AccountLookupError
from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.postmortem.rules.action_owner import accounts_to_check
from generator.validator.finding import Issue, Severity


class ActionOwnerUnverified(PostmortemRule):
    id = "PW141"
    severity = Severity.WARNING
    shortdesc = "Action owner not verified"
    description = (
        "Whether an owner is a real Jira account can only be told by Jira (or an exported account list). "
        "Without one, or when Jira cannot be reached, each owner is reported as unverified instead of passed."
    )
    source_url = sources.ATLASSIAN_HANDBOOK

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        for path, key, role in accounts_to_check(ctx):
            if ctx.accounts is None:
                yield Issue(
                    path, f"the {role} '{key}' is unverified: no Jira configured (CLOSELOOP_JIRA_URL or --accounts)"
                )
                continue
            try:
                ctx.accounts(key)
            except AccountLookupError as error:
                yield Issue(path, f"the {role} '{key}' is unverified: {error}")
