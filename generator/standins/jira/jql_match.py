"""Evaluating parsed JQL against one issue's values, and sorting by them.

Date comparisons are by calendar day (UTC), which is exact for `duedate` and a day's resolution for
`created`/`updated`.
"""

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from generator.standins.jira.jql import BoolOp, JqlError, Node, Value

DATE_FUNCTIONS: dict[str, Callable[[], date]] = {
    "now()": lambda: datetime.now(UTC).date(),
    "startofday()": lambda: datetime.now(UTC).date(),
    "endofday()": lambda: datetime.now(UTC).date(),
}
RELATIVE = re.compile(r"^([+-]?)(\d+)([dwh])$")


def as_date(text: str) -> date:
    function = DATE_FUNCTIONS.get(text.lower())
    if function is not None:
        return function()
    relative = RELATIVE.match(text)
    if relative:
        sign, amount, unit = relative.groups()
        span = {"d": timedelta(days=int(amount)), "w": timedelta(weeks=int(amount)), "h": timedelta(hours=int(amount))}
        delta = span[unit] * (-1 if sign == "-" else 1)
        return (datetime.now(UTC) + delta).date()
    try:
        return date.fromisoformat(text[:10].replace("/", "-"))
    except ValueError:
        raise JqlError(f"Date value '{text}' for a date field is invalid.") from None


# A record maps each lower-cased field name to its values (a list: a label field has many, a user field has
# every identity a query may use) plus "date:" fields holding one ISO date.
Record = dict[str, list[str]]


def compare(values: list[str], operator: str, value: Value, is_date: bool) -> bool:
    if operator in ("is", "is not"):
        empty = not values
        return empty if operator == "is" else not empty
    if operator in ("in", "not in"):
        assert value.is_list is not None
        hit = any(compare(values, "=", item, is_date) for item in value.is_list)
        return hit if operator == "in" else not hit
    if value.text is None:
        raise JqlError(f"The operator '{operator}' does not support the value EMPTY.")
    if operator == "~":
        return any(value.text.lower().strip("*") in v.lower() for v in values)
    if operator == "!~":
        return not any(value.text.lower() in v.lower() for v in values)
    if is_date:
        wanted = as_date(value.text)
        days = [date.fromisoformat(v[:10]) for v in values]
        checks: dict[str, Callable[[date], bool]] = {
            "=": lambda d: d == wanted,
            "!=": lambda d: d != wanted,
            "<": lambda d: d < wanted,
            "<=": lambda d: d <= wanted,
            ">": lambda d: d > wanted,
            ">=": lambda d: d >= wanted,
        }
        return any(checks[operator](d) for d in days)
    lowered = [v.lower() for v in values]
    if operator == "=":
        return value.text.lower() in lowered
    if operator == "!=":
        return bool(values) and value.text.lower() not in lowered
    raise JqlError(f"The operator '{operator}' is not supported by this field.")


def matches(node: Node, record: Record, date_fields: set[str]) -> bool:
    if isinstance(node, BoolOp):
        if node.operator == "and":
            return all(matches(part, record, date_fields) for part in node.parts)
        if node.operator == "or":
            return any(matches(part, record, date_fields) for part in node.parts)
        return not matches(node.parts[0], record, date_fields)
    name = node.field.lower()
    if name not in record and name.startswith("issue.property["):
        return compare([], node.operator, node.value, False)  # an issue without the property: EMPTY
    if name not in record:
        raise JqlError(f"Field '{node.field}' does not exist or you do not have permission to view it.")
    return compare(record[name], node.operator, node.value, name in date_fields)


def sort_key(record: Record, field: str) -> Any:
    values = record.get(field.lower())
    if values is None:
        raise JqlError(f"Not able to sort using field '{field}'.")
    if not values:
        return (1, "")  # EMPTY sorts last, as in Jira
    first = values[0]
    if field.lower() in ("key", "issuekey"):
        project, _, number = first.partition("-")
        return (0, (project, int(number) if number.isdigit() else 0))
    return (0, first)
