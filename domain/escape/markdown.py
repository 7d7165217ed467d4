"""Markdown (GitHub-flavoured) text and links built from values people or systems wrote.

Text: HTML-significant characters become character references (no `<img onerror>`, no raw tags), every
other ASCII punctuation mark is backslash-escaped (no emphasis, links, images, headings, tables or code
spans of the value's making), and line breaks become spaces so a value stays in its paragraph or cell.
Links: only `https://` and `http://` targets are linked, with every character that could end or bend the
target percent-encoded (a `)` in a source URL once added a "Click to approve" link of its own); any other
scheme (`javascript:`, `data:`, `vbscript:` ...) is shown as text, never as a link or an image.
"""

import re
from urllib.parse import quote, urlsplit

from domain.escape.html import html_text

# Only these can start markup of HTML's making in text: quotes matter inside a tag's attribute, and with `<`
# escaped no tag can open, so an apostrophe stays an apostrophe ("checkout's", not "checkout&#x27;s").
_HTML = frozenset("&<>")
# Inline markup anywhere in a line: emphasis, code, links and images, tables, strikethrough, GitHub math,
# mentions, footnotes and raw HTML (as character references).
_INLINE = frozenset("\\`*_[]()!|~$@{}")
# Block markup only where a line starts: headings, lists, quotes, thematic breaks, setext underlines.
_BLOCK_START = frozenset("#-+=>:.%/,;?^")
# Kept as they are in a link target: RFC 3986's unreserved and delimiter characters, minus the ones that
# end or change a Markdown link destination: ( ) < > space, quotes, backslash.
_URL_SAFE = "/:?#[]@!$&*+,;=%-._~"
LINKED_SCHEMES = ("https", "http")


def md_text(value: str) -> str:
    """`value` as inline Markdown that renders as exactly that text, on one line, wherever it is placed."""
    out = []
    printable = "".join(" " if ord(char) < 0x20 or ord(char) == 0x7F else char for char in value)
    flat = " ".join(printable.split())  # one line, no leading spaces (an indented value is a code block)
    leading_digits = len(flat) - len(flat.lstrip("0123456789"))
    for position, char in enumerate(flat):
        if char in _HTML:
            out.append(html_text(char))
        elif char in _INLINE or (position == 0 and char in _BLOCK_START):
            out.append("\\" + char)
        elif position == leading_digits and char in ".)" and position:
            out.append("\\" + char)  # "2026. was ..." would start an ordered list
        else:
            out.append(char)
    return "".join(out)


def md_url(url: str) -> str | None:
    """`url` as a link destination, or None when it is not an http(s) URL people may safely open."""
    try:
        parts = urlsplit(url.strip())
        url.encode("utf-8")  # a lone surrogate cannot be percent-encoded: not a URL anyone can open
    except (ValueError, UnicodeEncodeError):
        return None
    if parts.scheme.lower() not in LINKED_SCHEMES or not parts.netloc:
        return None
    return quote(url.strip(), safe=_URL_SAFE)


def md_link(text: str, url: str) -> str:
    """A link showing `text` (escaped) to `url`, or just the escaped text and URL when the URL is unsafe."""
    target = md_url(url)
    if target is None:
        return md_text(text) if text == url else f"{md_text(text)}: {md_text(url)}"
    return f"[{md_text(text)}]({target})"


def md_code(value: str) -> str:
    """`value` as an inline code span: shown verbatim, its backticks fenced by a longer run of them."""
    flat = " ".join(value.split())
    fence = "`" * (max((len(run) for run in re.findall("`+", flat)), default=0) + 1)
    padded = f" {flat} " if flat.startswith("`") or flat.endswith("`") else flat
    return f"{fence}{padded}{fence}"
