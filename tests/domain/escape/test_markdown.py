"""Markdown: an escaped value renders, GitHub-style, as exactly its text; a link only ever goes to http(s)."""

import html
import re

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from domain.escape.markdown import md_code, md_link, md_text
from tests.domain.escape.hostile import hostile

# CommonMark plus GitHub's tables and strikethrough; raw HTML on, as the most permissive reader.
RENDER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")


def tags(rendered: str) -> list[str]:
    return [m[1] + m[2] for m in TAG.finditer(rendered)]


def visible(value: str) -> str:
    return " ".join("".join(c if ord(c) >= 0x20 and ord(c) != 0x7F else " " for c in value).split())


@given(hostile)
def test_text_renders_as_one_paragraph_of_exactly_that_text(value: str) -> None:
    rendered = RENDER.render(f"Reason: {md_text(value)}")
    assert tags(rendered) == ["p", "/p"]
    text = html.unescape(TAG.sub("", rendered)).strip()
    assert " ".join(text.split()) == " ".join(f"Reason: {visible(value)}".split())


@given(hostile)
def test_text_alone_on_a_line_starts_no_block(value: str) -> None:
    rendered = RENDER.render(md_text(value) or "x")
    assert set(tags(rendered)) <= {"p", "/p"}


@given(hostile, hostile)
def test_text_in_a_table_cell_stays_in_its_cell(a: str, b: str) -> None:
    rendered = RENDER.render(f"| a | b |\n|---|---|\n| {md_text(a)} | {md_text(b)} |\n")
    assert tags(rendered).count("td") == 2
    assert set(tags(rendered)) <= {"table", "/table", "thead", "/thead", "tbody", "/tbody", "tr", "/tr", "th", "/th",
                                   "td", "/td"}  # fmt: skip


@given(hostile, st.one_of(hostile, hostile.map(lambda s: "https://ok.example/" + s)))
def test_a_link_is_one_anchor_to_http_or_no_anchor_at_all(text: str, url: str) -> None:
    rendered = RENDER.render(f"See {md_link(text, url)} now")
    anchors = re.findall(r'<a href="([^"]*)"', rendered)
    assert "img" not in tags(rendered)
    assert len(anchors) <= 1
    for href in anchors:
        assert href.startswith(("https://", "http://"))
        assert url.strip().lower().startswith(("https://", "http://"))


@given(hostile)
def test_a_code_span_shows_the_value_verbatim(value: str) -> None:
    rendered = RENDER.render(f"URI {md_code(value)}")
    assert set(tags(rendered)) <= {"p", "/p", "code", "/code"}


def test_the_review_s_injections_render_inert() -> None:
    assert "<img" not in RENDER.render(md_text("<img src=x onerror=alert(1)>"))
    assert "<a" not in RENDER.render(md_link("run me", "javascript:alert(1)"))
    assert "<img" not in RENDER.render(md_text("![b](https://evil.example/beacon.png)"))
    injected = RENDER.render(md_link("source", "https://ok.example/x) [Click to approve](https://evil.example"))
    assert injected.count("<a ") == 1 and "Click to approve</a>" not in injected


def test_apostrophes_and_quotes_read_as_written() -> None:
    # With `<` escaped no tag can open, so quotes need no character reference: the raw Markdown reads well.
    assert md_text('checkout\'s "pool" size') == 'checkout\'s "pool" size'
    assert md_text("<b title='x'>") == "&lt;b title='x'&gt;"
