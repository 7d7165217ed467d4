"""HTML text: a parser finds no tag, no attribute and no entity of the value's making."""

import html
from html.parser import HTMLParser

from hypothesis import given

from domain.escape.html import html_text
from tests.domain.escape.hostile import hostile


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.tags.append("/" + tag)

    def handle_data(self, data: str) -> None:
        self.text += data


@given(hostile)
def test_an_escaped_value_parses_as_text_only_and_reads_back(value: str) -> None:
    parser = _Tags()
    parser.feed(f'<p title="{html_text(value)}">{html_text(value)}</p>')
    parser.close()
    assert parser.tags == ["p", "/p"]
    assert html.unescape(html_text(value)) == value
