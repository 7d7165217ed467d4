"""E1002: an Automation document declares schemaVersion 0.3."""

from collections.abc import Iterator

from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

# Automation documents exist only in schema 0.3; 1.2, 2.0 and 2.2 are Command and Session documents.
AUTOMATION_SCHEMA_VERSION = "0.3"


class SchemaVersion(Rule):
    id = "E1002"
    severity = Severity.ERROR
    shortdesc = "Schema version"
    description = (
        "An Automation document must declare `schemaVersion: '0.3'` (a string). Other versions belong to "
        "Command or Session documents, whose syntax differs, so AWS refuses to create the Automation document."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/userguide/document-schemas-features.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        version = ctx.document.schemaVersion
        if version != AUTOMATION_SCHEMA_VERSION:
            yield Issue(
                "schemaVersion",
                f"schemaVersion is '{version}'; an Automation document must use '{AUTOMATION_SCHEMA_VERSION}'",
            )
