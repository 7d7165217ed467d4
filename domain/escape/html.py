"""HTML text and attribute values: `&`, `<`, `>` and both quotes become character references."""

import html


def html_text(value: str) -> str:
    """`value` as text that no HTML parser reads as markup, in element content or a quoted attribute."""
    return html.escape(value, quote=True)
