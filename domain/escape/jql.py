r"""JQL string literals: a value placed between double quotes in a query.

Jira's JQL lexer reads `\\`, `\"`, `\'`, `\t`, `\n`, `\r` and `\uXXXX` inside a quoted string; a raw
backslash or quote would end or corrupt the literal (an incident id `INC-9\"` made Jira answer 400).
"""

_SIMPLE = {"\\": "\\\\", '"': '\\"', "'": "\\'", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def jql_string(value: str) -> str:
    """`value` as one double-quoted JQL literal that matches exactly `value`."""
    out = []
    for char in value:
        if char in _SIMPLE:
            out.append(_SIMPLE[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F or 0xD800 <= ord(char) <= 0xDFFF:
            out.append(f"\\u{ord(char):04x}")
        elif ord(char) > 0xFFFF:  # \uXXXX is UTF-16: a supplementary character is a surrogate pair
            code = ord(char) - 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
