"""W2005: every `allowedPattern` compiles in Go's regexp (RE2 syntax) as well as in Java's.

A warning, not an error. The platform notes (FACTS.md) say patterns are checked by both Java regex and
Go regexp, but AWS accepts Go-incompatible patterns in Automation documents: 53 of its own 244 live
documents use look-around, back-references, repeat counts over 1000 or `[\\w-\\/]` ranges, including
recently published AWSSupport-* runbooks. So AWS does not refuse them at creation; a pattern RE2 cannot
compile is still a portability risk wherever a Go component (SSM Agent, other tooling) checks it.

The check reads the pattern twice:
1. a lexical pass in Go's own terms, which finds escapes Go refuses (`\\1`, `\\k<n>`, `\\Z`, `\\uFFFF`, ...)
   and inline flags or comments it lacks, and rewrites the Go-only syntax Python cannot parse (`\\p{L}`,
   `\\z`, `\\x{41}`, `\\Q...\\E`, `[[:alpha:]]`, `(?<name>`, `(?U)`) into Python equivalents;
2. Python's own regex parser on that rewrite, whose tree shows the constructs RE2 omits by design:
   look-around, back-references, conditionals, atomic groups, possessive and over-large repeats.
"""

import importlib
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

# Python's regex parser is private and untyped (typeshed describes only the deprecated `sre_parse`).
_parser: Any = importlib.import_module("re._parser")
_constants: Any = importlib.import_module("re._constants")

# Go refuses a repeat count over 1000 (`a{1001}`): regexp/syntax's maxRepeat.
GO_MAX_REPEAT = 1000
GO_FLAGS = set("imsU")
# Escapes Go's parser accepts, letter by letter (regexp/syntax parseEscape and the anchors in parse).
GO_LETTER_ESCAPES = set("aftnrv") | set("dDsSwW")
GO_ANCHOR_ESCAPES = set("AbBz")
NAMED_BAD_ESCAPES = {
    "Z": "`\\Z` (Go has only `\\z`)",
    "u": "a `\\uXXXX` escape (Go writes `\\x{XXXX}`)",
    "k": "a named back-reference `\\k<...>`",
    "C": "`\\C` (any byte)",
}
GROUP_OPENERS = {"(?=": "look-ahead", "(?!": "negative look-ahead", "(?<=": "look-behind"}
GROUP_OPENERS |= {"(?<!": "negative look-behind", "(?>": "an atomic group", "(?(": "a conditional group"}
GROUP_OPENERS |= {"(?P=": "a named back-reference `(?P=...)`"}
# Python parse errors that Go's parser raises as well for the same text.
SHARED_ERRORS = (
    "missing )",
    "unbalanced parenthesis",
    "unterminated character set",
    "nothing to repeat",
    "multiple repeat",
    "bad character range",
    "min repeat greater than max repeat",
    "bad escape (end of pattern)",
)
_FLAG_GROUP = re.compile(r"\(\?([A-Za-z]*)(?:-([A-Za-z]*))?([:)])")
_POSIX_CLASS = re.compile(r"\[:\^?[a-z]+:\]")
_OCTAL = set("01234567")
_HEX = set("0123456789abcdefABCDEF")


@dataclass
class _Scan:
    """The lexical pass: what Go refuses, the Python rewrite, and the group openers seen."""

    problems: list[str] = field(default_factory=list)
    python: list[str] = field(default_factory=list)
    openers: list[str] = field(default_factory=list)


def _escape(pattern: str, i: int, in_class: bool, scan: _Scan) -> int:
    """Read the escape at pattern[i] (a backslash); return the index after it."""
    if i + 1 >= len(pattern):
        scan.problems.append("a trailing backslash")
        return i + 1
    c = pattern[i + 1]
    if c == "Q" and not in_class:
        end = pattern.find("\\E", i + 2)
        literal = pattern[i + 2 :] if end < 0 else pattern[i + 2 : end]
        scan.python.append(re.escape(literal))
        return len(pattern) if end < 0 else end + 2
    if c in "pP":
        name = re.match(r"\{\^?[A-Za-z_]+\}|[A-Za-z]", pattern[i + 2 :])
        if name is None:
            scan.problems.append(f"a malformed Unicode class `{pattern[i : i + 4]}`")
            scan.python.append("_")
            return i + 2
        scan.python.append("\\w" if c == "p" else "\\W")
        return i + 2 + name.end()
    if c == "x" and pattern[i + 2 : i + 3] == "{":
        end = pattern.find("}", i + 3)
        digits = pattern[i + 3 : end] if end > 0 else ""
        if not digits or not set(digits) <= _HEX or int(digits, 16) > 0x10FFFF:
            scan.problems.append(f"a malformed hex escape `{pattern[i : end + 1]}`")
            scan.python.append("_")
            return len(pattern) if end < 0 else end + 1
        scan.python.append(f"\\U{int(digits, 16):08X}")
        return end + 1
    if c.isdigit():
        return _digit_escape(pattern, i, scan)
    if c == "z" and not in_class:
        scan.python.append("\\Z")
        return i + 2
    if c in GO_LETTER_ESCAPES or (c in GO_ANCHOR_ESCAPES and not in_class) or c == "x":
        scan.python.append(pattern[i : i + 2])
        return i + 2
    if c.isascii() and not c.isalnum():
        scan.python.append(pattern[i : i + 2])
        return i + 2
    scan.problems.append(NAMED_BAD_ESCAPES.get(c, f"the escape `\\{c}`") + ("" if not in_class else " in a class"))
    scan.python.append("_")
    # Consume the rest of the construct so that its text is not read again: `\uFFFF`, `\cX`, `\k<name>`.
    if c == "u":
        return min(i + 6, len(pattern))
    if c == "c":
        return min(i + 3, len(pattern))
    closing = {"<": ">", "{": "}", "'": "'"}.get(pattern[i + 2 : i + 3])
    if c == "k" and closing is not None:
        end = pattern.find(closing, i + 3)
        return len(pattern) if end < 0 else end + 1
    return i + 2


def _digit_escape(pattern: str, i: int, scan: _Scan) -> int:
    # Go: `\0` and `\1`-`\7` followed by an octal digit start an octal code of up to three digits;
    # a lone `\1`-`\9` is a back-reference, which RE2 does not have.
    c, nxt = pattern[i + 1], pattern[i + 2 : i + 3]
    if c == "0" or (c in _OCTAL and nxt in _OCTAL and nxt != ""):
        j = i + 2
        while j < len(pattern) and j < i + 4 and pattern[j] in _OCTAL:
            j += 1
        scan.python.append(f"\\u{int(pattern[i + 1 : j], 8):04X}")
        return j
    scan.problems.append(f"a back-reference `\\{c}`")
    scan.python.append("_")
    return i + 2


def _group(pattern: str, i: int, scan: _Scan) -> int:
    """Read a `(` outside a class; return the index after what was consumed."""
    if not pattern.startswith("(?", i):
        scan.python.append("(")
        return i + 1
    for opener in sorted(GROUP_OPENERS, key=len, reverse=True):
        if pattern.startswith(opener, i):
            scan.openers.append(opener)
            break
    if pattern.startswith("(?#", i):
        scan.problems.append("a comment group `(?#...)`")
        end = pattern.find(")", i)
        return len(pattern) if end < 0 else end + 1
    named = re.match(r"\(\?<([A-Za-z_][A-Za-z0-9_]*)>", pattern[i:])
    if named:  # Go 1.22 accepts Java's `(?<name>`; Python spells it `(?P<name>`.
        scan.python.append(f"(?P<{named.group(1)}>")
        return i + named.end()
    flags = _FLAG_GROUP.match(pattern, i)
    if flags and (flags.group(1) or flags.group(2) is not None):
        letters = set(flags.group(1)) | set(flags.group(2) or "")
        if not letters <= GO_FLAGS:
            scan.problems.append(f"the inline flag group `{flags.group(0)}` (Go knows only i, m, s and U)")
        # Flags change no structure; Python refuses some Go placements, so they are dropped.
        scan.python.append("(?:" if flags.group(3) == ":" else "")
        return flags.end()
    scan.python.append("(")
    return i + 1


def scan_pattern(pattern: str) -> _Scan:
    scan = _Scan()
    i, in_class, class_start = 0, False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i = _escape(pattern, i, in_class, scan)
        elif in_class:
            posix = _POSIX_CLASS.match(pattern, i) if c == "[" else None
            if posix:
                scan.python.append("\\W" if posix.group(0).startswith("[:^") else "\\w")
                i = posix.end()
                continue
            if c == "]" and i > class_start:
                in_class = False
            scan.python.append("\\[" if c == "[" else c)
            i += 1
        elif c == "[":
            in_class = True
            class_start = i + 2 if pattern.startswith("[^", i) else i + 1
            scan.python.append(pattern[i:class_start])
            i = class_start
        elif c == "(":
            i = _group(pattern, i, scan)
        else:
            scan.python.append(c)
            i += 1
    return scan


def _tree_problems(items: Any) -> Iterator[str]:
    c = _constants
    for op, av in items:
        if op in (c.ASSERT, c.ASSERT_NOT):
            direction = "look-ahead" if av[0] == 1 else "look-behind"
            yield ("negative " if op == c.ASSERT_NOT else "") + direction
            yield from _tree_problems(av[1])
        elif op == c.GROUPREF:
            yield f"a back-reference to group {av}"
        elif op == c.GROUPREF_EXISTS:
            yield "a conditional group `(?(...)...)`"
            yield from _tree_problems(av[1])
            if av[2] is not None:
                yield from _tree_problems(av[2])
        elif op == c.ATOMIC_GROUP:
            yield "an atomic group `(?>...)`"
            yield from _tree_problems(av)
        elif op == c.POSSESSIVE_REPEAT:
            yield "a possessive quantifier (`*+`, `++`, `?+`, `{n}+`)"
            yield from _tree_problems(av[2])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, high = av[0], av[1]
            if low > GO_MAX_REPEAT or (high != c.MAXREPEAT and high > GO_MAX_REPEAT):
                yield f"a repeat count over {GO_MAX_REPEAT}"
            yield from _tree_problems(av[2])
        elif op == c.SUBPATTERN:
            yield from _tree_problems(av[3])
        elif op == c.BRANCH:
            for branch in av[1]:
                yield from _tree_problems(branch)


@lru_cache(maxsize=1024)
def go_problems(pattern: str) -> tuple[str, ...]:
    """What in `pattern` Go's regexp refuses to compile; empty when it compiles. Cached: the same
    patterns (role ARNs, instance ids) recur across documents, and Python's regex parser is slow."""
    scan = scan_pattern(pattern)
    problems = list(scan.problems)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Possible nested set" and similar FutureWarnings
            tree = _parser.parse("".join(scan.python))
    except re.error as error:
        problems += [GROUP_OPENERS[o] for o in scan.openers]
        if not problems and any(str(error).startswith(s) for s in SHARED_ERRORS):
            problems.append(f"syntax Go's parser refuses too (Python's parser says: {error})")
        return tuple(dict.fromkeys(problems))
    problems += _tree_problems(tree)
    return tuple(dict.fromkeys(problems))


class AllowedPattern(Rule):
    id = "W2005"
    severity = Severity.WARNING
    shortdesc = "allowedPattern that Go cannot compile"
    description = (
        "An allowedPattern should compile in Go's regexp (RE2) as well as Java's: RE2 has no look-around, "
        "back-references, atomic groups or possessive quantifiers, caps repeat counts at 1000 and refuses "
        "escapes such as `\\Z` or `\\uFFFF`, so such a pattern fails wherever a Go component checks values."
    )
    source_url = (
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-syntax-data-elements-parameters.html"
    )

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        for name, parameter in ctx.parameters.items():
            if parameter.allowedPattern is None:
                continue
            for problem in go_problems(parameter.allowedPattern):
                yield Issue(
                    f"parameters.{name}.allowedPattern",
                    f"allowedPattern of parameter '{name}' uses {problem}, which Go's regexp cannot compile",
                )
