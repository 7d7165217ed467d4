"""PE101: the summary, the impact and the five answers are there and say something."""

from collections.abc import Iterator

from domain.postmortem import Answers
from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.postmortem.text import vague
from generator.validator.finding import Issue, Severity

ANSWERS = tuple(Answers.model_fields)


class AnswersComplete(PostmortemRule):
    id = "PE101"
    severity = Severity.ERROR
    shortdesc = "Answers present and not vague"
    description = (
        "A postmortem answers what happened, when it started, how it was detected, how the team responded and "
        "what changed, with a summary and the impact. 'TBD', 'n/a' or a few words answer nothing."
    )
    source_url = sources.ATLASSIAN_HANDBOOK
    owns = (
        "summary",
        "impact",
        "impact.description",
        "impact.user_affecting",
        "answers",
        *(f"answers.{name}" for name in ANSWERS),
    )

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        postmortem, least = ctx.postmortem, ctx.policy.min_answer_words
        fields = {"summary": postmortem.summary, "impact.description": postmortem.impact.description}
        fields.update({f"answers.{name}": getattr(postmortem.answers, name) for name in ANSWERS})
        for path, value in fields.items():
            reason = vague(value, least)
            if reason:
                yield Issue(path, f"not answered: {reason}")
