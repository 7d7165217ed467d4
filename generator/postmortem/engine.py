"""Check a postmortem file: run every registered rule and locate each finding in the file."""

from pathlib import Path

from domain.accounts import AccountResolver
from generator.document.errors import DocumentError, Problem
from generator.document.paths import line_of
from generator.document.reader import parse_text, read_source
from generator.postmortem.context import CheckContext, CheckPolicy
from generator.postmortem.loader import LoadedPostmortem, postmortem_from_data
from generator.postmortem.registry import RULES, rule_for_path
from generator.postmortem.rule import PostmortemRule
from generator.postmortem.rules.unreadable_file import UnreadableFile
from generator.validator.finding import Finding


def check_context(ctx: CheckContext, rules: list[PostmortemRule] | None = None) -> list[Finding]:
    findings = []
    for rule in RULES if rules is None else rules:
        for issue in rule.check(ctx):
            findings.append(
                Finding(ctx.source, line_of(ctx.text, issue.path), rule.id, rule.severity, issue.path, issue.message)
            )
    return _sorted(findings)


def check_loaded(
    loaded: LoadedPostmortem, accounts: AccountResolver | None = None, policy: CheckPolicy | None = None
) -> list[Finding]:
    ctx = CheckContext(loaded.postmortem, loaded.data, loaded.source, loaded.text, accounts, policy or CheckPolicy())
    return check_context(ctx)


def check_text(
    text: str, source: str, accounts: AccountResolver | None = None, policy: CheckPolicy | None = None
) -> list[Finding]:
    """Findings for a postmortem's text: PE000 when it does not parse; when the model refuses a field, the
    rule that owns the field (PE001 for the rest) reports it and the other rules cannot run; else what
    the rules find."""
    try:
        data = parse_text(text, source)
    except DocumentError as error:
        return UnreadableFile.findings(error)
    try:
        postmortem = postmortem_from_data(data, source, text)
    except DocumentError as error:
        return _sorted([_refusal(source, problem) for problem in error.problems])
    return check_loaded(LoadedPostmortem(source, text, data, postmortem), accounts, policy)


def check_file(
    path: Path | str, accounts: AccountResolver | None = None, policy: CheckPolicy | None = None
) -> list[Finding]:
    path = Path(path)
    try:
        text = read_source(path)
    except DocumentError as error:
        return UnreadableFile.findings(error)
    return check_text(text, str(path), accounts, policy)


def _refusal(source: str, problem: Problem) -> Finding:
    rule = rule_for_path(problem.path)
    return Finding(source, problem.line, rule.id, rule.severity, problem.path, problem.message)


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.line or 0, f.rule, f.path, f.message))
