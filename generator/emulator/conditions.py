"""IAM's Condition element, evaluated against a request's context: the one evaluator of the emulator.

Bucket policies (bucket_policy.py), the trust a service relies on (principals.py) and AssumeRole's trust
(sts.py) all decide with it, by AWS's rules ("IAM JSON policy elements: Condition operators"):
- every operator and every key of a block must hold (AND); a key's values are alternatives (OR), and a
  negated operator (`StringNotEquals`, `ArnNotLike`, `NotIpAddress` ...) holds when none matches (NOR);
- condition keys are case-insensitive, values are compared as the operator says;
- a key the request does not carry makes the condition false, except `...IfExists` and negated operators
  (true) and `Null` (which tests exactly that); `ForAllValues:` holds and `ForAnyValue:` fails on it;
- `ArnEquals` and `ArnLike` compare each of the ARN's six colon-separated parts with IAM's wildcards.
An operator this module does not know is undecided (None), never silently true: the caller then lets a Deny
apply and does not rely on an Allow.
"""

import ipaddress
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

Context = Mapping[str, str | Sequence[str]]


def wildcard(pattern: str, value: str, ignore_case: bool = False) -> bool:
    """IAM's wildcards: `*` any run of characters, `?` any one; nothing else is special."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL) is not None


def _arn_like(pattern: str, value: str) -> bool:
    expected, actual = pattern.split(":", 5), value.split(":", 5)
    return len(expected) == len(actual) == 6 and all(map(wildcard, expected, actual))


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _date(text: str) -> datetime | None:
    """IAM's dates: ISO 8601 or epoch seconds."""
    try:
        return datetime.fromtimestamp(float(text), UTC)
    except ValueError:
        pass
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def _ordered(parse: Callable[[str], Any], test: Callable[[Any, Any], bool]) -> Callable[[str, str], bool]:
    def compare(expected: str, actual: str) -> bool:
        left, right = parse(actual), parse(expected)
        return left is not None and right is not None and bool(test(left, right))

    return compare


def _in_network(expected: str, actual: str) -> bool:
    try:
        return ipaddress.ip_address(actual) in ipaddress.ip_network(expected, strict=False)
    except ValueError:
        return False


_ORDERS: dict[str, Callable[[Any, Any], bool]] = {
    "Equals": lambda a, e: a == e,
    "LessThan": lambda a, e: a < e,
    "LessThanEquals": lambda a, e: a <= e,
    "GreaterThan": lambda a, e: a > e,
    "GreaterThanEquals": lambda a, e: a >= e,
}
# Each positive operator: (policy value, request value) -> matched. A negated one is its positive's NOR.
COMPARE: dict[str, Callable[[str, str], bool]] = {
    "StringEquals": lambda e, a: a == e,
    "StringEqualsIgnoreCase": lambda e, a: a.lower() == e.lower(),
    "StringLike": lambda e, a: wildcard(e, a),
    "ArnEquals": _arn_like,
    "ArnLike": _arn_like,
    "Bool": lambda e, a: a.lower() == e.lower(),
    "IpAddress": _in_network,
    **{f"Numeric{name}": _ordered(_number, test) for name, test in _ORDERS.items()},
    **{f"Date{name}": _ordered(_date, test) for name, test in _ORDERS.items()},
}


def _values(value: Any) -> list[str]:
    items = value if isinstance(value, list | tuple) else [value]
    return [str(item).lower() if isinstance(item, bool) else str(item) for item in items]


def holds(conditions: Mapping[str, Mapping[str, Any]] | None, context: Context) -> bool | None:
    """Whether a statement's Condition block holds for `context`: True, False, or None when an operator in it
    is one this module cannot decide (and nothing else in the block is false)."""
    by_key = {key.lower(): _values(value) for key, value in context.items()}
    verdicts = [
        _holds(operator, _values(expected), by_key.get(key.lower()))
        for operator, keys in (conditions or {}).items()
        for key, expected in keys.items()
    ]
    if False in verdicts:
        return False
    return None if None in verdicts else True


def _holds(operator: str, expected: list[str], actual: list[str] | None) -> bool | None:
    qualifier, _, base = operator.rpartition(":")
    if_exists = base.endswith("IfExists")
    base = base.removesuffix("IfExists")
    if base == "Null":
        return ("true" if actual is None else "false") in [value.lower() for value in expected]
    positive = base.replace("Not", "", 1)
    negated = positive != base
    compare = COMPARE.get(positive)
    if compare is None or qualifier not in ("", "ForAnyValue", "ForAllValues"):
        return None
    if actual is None:
        return qualifier == "ForAllValues" or (not qualifier and (if_exists or negated))
    matched = [any(compare(value, one) for value in expected) != negated for one in actual]
    return all(matched) if qualifier == "ForAllValues" else any(matched)
