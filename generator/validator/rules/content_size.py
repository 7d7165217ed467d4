"""E1003: the document's content is at most 64 KB."""

from collections.abc import Iterator

from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

# CreateDocument: "The content of the document must not exceed 64KB" (65,536 bytes).
MAX_CONTENT_BYTES = 64 * 1024


class ContentSize(Rule):
    id = "E1003"
    severity = Severity.ERROR
    shortdesc = "Document content over 64 KB"
    description = (
        "CreateDocument refuses content over 64 KB. This rule measures the most compact form of the document "
        "(JSON without whitespace), so when it fires no way of writing the document fits: move large "
        "scripts into attachments. The quota also covers parameter values given at run time."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        # AWS measures the text it is sent, and closeloop's deploy sends compact JSON. A file that is
        # only too large as written (indentation, comments) is W1005's business, not an error.
        size = ctx.compact_size
        if size > MAX_CONTENT_BYTES:
            yield Issue("", f"the content is {size:,} bytes even as compact JSON, over the 65,536-byte (64 KB) limit")
