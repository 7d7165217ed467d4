"""PE002: no field still holds the draft's placeholder."""

from collections.abc import Iterator
from typing import Any

from domain.postmortem import PLACEHOLDER, is_placeholder
from generator.document import paths
from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.validator.finding import Issue, Severity


class Placeholders(PostmortemRule):
    id = "PE002"
    severity = Severity.ERROR
    shortdesc = "Placeholder left"
    description = (
        f"`closeloop postmortem draft` writes '{PLACEHOLDER}: ...' into every field only people can fill "
        "(summary, impact, the answers, root cause). A postmortem is complete when none is left."
    )
    source_url = sources.GOOGLE_SRE_WORKBOOK

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        for path, value in _strings(ctx.data, []):
            if is_placeholder(value):
                yield Issue(path, f"still the draft's placeholder: {value.strip()[:100]}")


def _strings(value: Any, at: list[paths.PathPart]) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield paths.render(at), value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, [*at, str(key)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, [*at, index])
