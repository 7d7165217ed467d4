"""Which patterns Go's regexp refuses, read in Go's dialect rather than Python's."""

import pytest

from generator.validator.rules.allowed_pattern import AllowedPattern, go_problems
from tests.generator.validator.rules.helpers import context


@pytest.mark.parametrize(
    "pattern",
    [
        r"^[a-z0-9-]{1,63}$",
        r"^\p{L}[\p{L}\pN _-]*\z",  # Unicode classes and \z: Go only
        r"^[\x{41}-\x{5A}]\x41$",  # both hex forms
        r"^[[:alpha:]][[:^digit:]]$",  # POSIX classes
        r"(?i)^abc(?s:.)(?U)x*$",  # flags, also after the start, and Go's U
        r"^(?P<year>\d{4})-(?<month>\d{2})$",  # both named-group spellings (Go 1.22+)
        r"^\Q(?=a)\E$",  # quoted text is literal
        r"^[(?=)]\.\-\ $",  # group syntax inside a class, escaped punctuation
        r"^\012\0$",  # octal escapes, not back-references
        r"^a{1000}$",  # the largest repeat Go allows
        r"^a\\b$",  # an escaped backslash
    ],
)
def test_patterns_go_compiles_have_no_problem(pattern: str) -> None:
    assert go_problems(pattern) == ()


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        (r"(?=a)b", "look-ahead"),
        (r"(?!a)b", "negative look-ahead"),
        (r"a(?<=a)", "look-behind"),
        (r"(?<=a+)b", "look-behind"),  # Python cannot parse it either: found by the lexical pass
        (r"a(?<!b)", "negative look-behind"),
        (r"(a)\1", "a back-reference `\\1`"),
        (r"(?P<x>a)(?P=x)", "a back-reference to group 1"),
        (r"(?<x>a)\k<x>", "a named back-reference `\\k<...>`"),
        (r"(a)?(?(1)b|c)", "a conditional group `(?(...)...)`"),
        (r"(?>ab)", "an atomic group `(?>...)`"),
        (r"a++", "a possessive quantifier (`*+`, `++`, `?+`, `{n}+`)"),
        (r"a{2,1001}", "a repeat count over 1000"),
        (r"a\Z", "`\\Z` (Go has only `\\z`)"),
        (r"[\u0041]", "a `\\uXXXX` escape (Go writes `\\x{XXXX}`) in a class"),
        (r"(?x) a b", "the inline flag group `(?x)` (Go knows only i, m, s and U)"),
        (r"(?#note)a", "a comment group `(?#...)`"),
        (r"[\b]", "the escape `\\b` in a class"),
        (r"\h", "the escape `\\h`"),
    ],
)
def test_constructs_go_refuses_are_named(pattern: str, problem: str) -> None:
    assert go_problems(pattern) == (problem,)


def test_syntax_errors_both_engines_report_are_reported() -> None:
    assert go_problems("(abc")[0].startswith("syntax Go's parser refuses too")
    assert go_problems(r"[\w-/]")[0].startswith("syntax Go's parser refuses too")


def test_each_construct_is_reported_once_and_all_are_reported() -> None:
    assert go_problems(r"(?!x)(a)\1(?!y)") == ("a back-reference `\\1`", "negative look-ahead")


def test_rule_points_at_the_pattern_of_the_parameter() -> None:
    ctx = context(
        "schemaVersion: '0.3'\n"
        "parameters:\n"
        "  Name: {type: String, allowedPattern: '^(?!aws)[a-z]+$'}\n"
        "  Other: {type: String, allowedPattern: '^[a-z]+$'}\n"
        "mainSteps:\n"
        "  - {name: Wait, action: aws:sleep, inputs: {Duration: PT1S}}\n"
    )
    issues = list(AllowedPattern().check(ctx))
    assert [issue.path for issue in issues] == ["parameters.Name.allowedPattern"]
    assert "negative look-ahead" in issues[0].message
