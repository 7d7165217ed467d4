"""PE001: the postmortem has the fields and value types of the schema."""

from collections.abc import Iterator

from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.validator.finding import Issue, Severity


class PostmortemShape(PostmortemRule):
    id = "PE001"
    severity = Severity.ERROR
    shortdesc = "Postmortem shape"
    description = (
        "Every field must be one the postmortem schema defines at that place, with a value of the right type. "
        "Refusals of fields another rule speaks for (an action's owner, a timeline time) are that rule's."
    )
    source_url = sources.ATLASSIAN_HANDBOOK

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        # The model enforces the shape while the file is read; a postmortem that reaches the rules has it.
        return iter(())
