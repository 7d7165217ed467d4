"""W1005: the file as written is over 64 KB, though its content would fit when written compactly."""

from collections.abc import Iterator

from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule
from generator.validator.rules.content_size import MAX_CONTENT_BYTES


class ContentSizeAsWritten(Rule):
    id = "W1005"
    severity = Severity.WARNING
    shortdesc = "File over 64 KB as written"
    description = (
        "CreateDocument counts the content as sent, whitespace and comments included. This file is over 64 KB "
        "as written but fits as compact JSON (as closeloop deploys documents): sending the file itself, e.g. "
        "with `aws ssm create-document --content file://...`, would be refused."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        if ctx.text is None:
            return
        written = len(ctx.text.encode("utf-8"))
        compact = ctx.compact_size
        if written > MAX_CONTENT_BYTES >= compact:
            yield Issue(
                "",
                f"the file is {written:,} bytes, over the 65,536-byte (64 KB) limit as written; "
                f"as compact JSON it is {compact:,} bytes and fits",
            )
