"""E0000: the file can be read and parsed as JSON or YAML."""

from collections.abc import Iterator

from generator.document.errors import DocumentError
from generator.validator.context import ValidationContext
from generator.validator.finding import Finding, Issue, Severity
from generator.validator.rule import Rule


class UnreadableFile(Rule):
    id = "E0000"
    severity = Severity.ERROR
    shortdesc = "Unreadable file"
    description = (
        "The file must be readable UTF-8 text that parses as JSON or YAML. Nothing else can be checked in a "
        "file that does not parse, so `closeloop lint` exits 2 for it: the input is unusable, not just wrong."
    )
    source_url = (
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-syntax-data-elements-parameters.html"
    )

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        # Reported while the file is read, before a context exists: a parsed document has no such issue.
        return iter(())

    @classmethod
    def findings(cls, error: DocumentError) -> list[Finding]:
        return [Finding(error.source, p.line, cls.id, cls.severity, p.path, p.message) for p in error.problems]
