"""Run every registered rule over a document and locate each finding in the file."""

from pathlib import Path

from generator.document.errors import DocumentError
from generator.document.paths import line_of
from generator.document.reader import LoadedDocument, document_from_data, parse_text, read_source
from generator.validator.context import Owner, ValidationContext
from generator.validator.finding import Finding
from generator.validator.registry import RULES
from generator.validator.rule import Rule
from generator.validator.rules.document_shape import DocumentShape
from generator.validator.rules.unreadable_file import UnreadableFile


def validate_document(ctx: ValidationContext, rules: list[Rule] | None = None) -> list[Finding]:
    findings = []
    for rule in RULES if rules is None else rules:
        for issue in rule.check(ctx):
            findings.append(
                Finding(ctx.source, line_of(ctx.text, issue.path), rule.id, rule.severity, issue.path, issue.message)
            )
    return sorted(findings, key=lambda f: (f.line or 0, f.rule, f.path, f.message))


def validate_loaded(loaded: LoadedDocument, name: str | None, owner: Owner = Owner.SELF) -> list[Finding]:
    ctx = ValidationContext(loaded.document, loaded.data, loaded.source, loaded.text, name, owner)
    return validate_document(ctx)


def validate_text(text: str, source: str, name: str | None = None, owner: Owner = Owner.SELF) -> list[Finding]:
    """Findings for a document's text: E0000 when it does not parse, E0001 when it is not shaped like a
    document (the rules cannot run on either), else what the rules find."""
    try:
        data = parse_text(text, source)
    except DocumentError as error:
        return UnreadableFile.findings(error)
    try:
        document = document_from_data(data, source, text)
    except DocumentError as error:
        return [DocumentShape.finding(source, problem) for problem in error.problems]
    return validate_loaded(LoadedDocument(source, text, data, document), name, owner)


def validate_file(path: Path | str, owner: Owner = Owner.SELF) -> list[Finding]:
    path = Path(path)
    try:
        text = read_source(path)
    except DocumentError as error:
        return UnreadableFile.findings(error)
    return validate_text(text, str(path), name=path.stem, owner=owner)
