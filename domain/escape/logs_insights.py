r"""CloudWatch Logs Insights query values: a string literal inside a query.

Logs Insights takes string literals in double or single quotes with backslash escapes; a value placed
unquoted or half-escaped could end the literal and add a `| filter` or `| fields` command of its own.
"""

_SIMPLE = {"\\": "\\\\", '"': '\\"', "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "|": "\\|"}


def insights_string(value: str) -> str:
    """`value` as one double-quoted Logs Insights string literal; control characters are dropped."""
    kept = (char for char in value if ord(char) >= 0x20 or char in "\n\r\t")
    return '"' + "".join(_SIMPLE.get(char, char) for char in kept) + '"'
