"""A short string a regular expression accepts, for filling a required parameter that has an allowedPattern.

It walks Python's parse of the pattern and takes the smallest choice at each point: the first branch,
the first character of a class, each repeat its minimum (at least once, so `[a-z]*` gives "a", which
reads better as a sample than ""). The caller checks the result, since look-arounds are not modelled.
"""

import re
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

_CATEGORY = {
    c.CATEGORY_DIGIT: "1",
    c.CATEGORY_WORD: "a",
    c.CATEGORY_SPACE: " ",
    c.CATEGORY_NOT_DIGIT: "a",
    c.CATEGORY_NOT_SPACE: "a",
    c.CATEGORY_NOT_WORD: "-",
}


def sample_for(pattern: str) -> str | None:
    try:
        text = _render(_parser.parse(pattern))
    except (re.error, RecursionError, KeyError, ValueError, TypeError):
        return None
    return text if re.search(pattern, text) else None


def _render(parsed: Any) -> str:
    return "".join(_piece(op, av) for op, av in parsed)


def _piece(op: Any, av: Any) -> str:
    if op is c.LITERAL:
        return chr(av)
    if op is c.NOT_LITERAL:
        return "a" if chr(av) != "a" else "b"
    if op is c.ANY:
        return "a"
    if op is c.IN:
        return _first_of_class(av)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        low, _high, item = av
        return _render(item) * max(int(low), 1)
    if op is c.SUBPATTERN:
        return _render(av[-1])
    if op is c.BRANCH:
        return _render(av[1][0])
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return ""
    if op is c.GROUPREF:
        return ""
    raise ValueError(f"unsupported regex construct {op}")


def _first_of_class(items: list[tuple[Any, Any]]) -> str:
    if items and items[0][0] is c.NEGATE:
        excluded = {chr(av) for op, av in items[1:] if op is c.LITERAL}
        return next(ch for ch in "abcxyz0123" if ch not in excluded)
    for op, av in items:
        if op is c.LITERAL:
            return chr(av)
        if op is c.RANGE:
            return chr(av[0])
        if op is c.CATEGORY and av in _CATEGORY:
            return _CATEGORY[av]
    raise ValueError("no character in the class")
