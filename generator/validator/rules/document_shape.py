"""E0001: the document has the fields, nesting and value types of an Automation document."""

from collections.abc import Iterator

from generator.document.errors import Problem
from generator.validator.context import ValidationContext
from generator.validator.finding import Finding, Issue, Severity
from generator.validator.rule import Rule


class DocumentShape(Rule):
    id = "E0001"
    severity = Severity.ERROR
    shortdesc = "Document shape"
    description = (
        "Every field must be one AWS defines at that place, with a value of the right type, and every "
        "required field must be present. AWS refuses a document that does not match its schema."
    )
    source_url = (
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-syntax-data-elements-parameters.html"
    )

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        # The typed model enforces the shape while the document is read, before any context exists;
        # a document that reaches the rules has the right shape, so there is nothing left to check.
        return iter(())

    @classmethod
    def finding(cls, source: str, problem: Problem) -> Finding:
        return Finding(source, problem.line, cls.id, cls.severity, problem.path, problem.message)
