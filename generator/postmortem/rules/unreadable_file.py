"""PE000: the postmortem file can be read and parsed as YAML or JSON."""

from collections.abc import Iterator

from generator.document.errors import DocumentError
from generator.postmortem import sources
from generator.postmortem.context import CheckContext
from generator.postmortem.rule import PostmortemRule
from generator.validator.finding import Finding, Issue, Severity


class UnreadableFile(PostmortemRule):
    id = "PE000"
    severity = Severity.ERROR
    shortdesc = "Unreadable file"
    description = (
        "The postmortem must be readable UTF-8 text that parses as YAML or JSON; nothing else can be checked "
        "in a file that does not parse, so `closeloop postmortem check` exits 2 for it."
    )
    source_url = sources.ATLASSIAN_HANDBOOK

    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        # Reported while the file is read, before a context exists.
        return iter(())

    @classmethod
    def findings(cls, error: DocumentError) -> list[Finding]:
        return [Finding(error.source, p.line, cls.id, cls.severity, p.path, p.message) for p in error.problems]
