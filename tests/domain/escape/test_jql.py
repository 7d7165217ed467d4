"""JQL literals: any value, once escaped, is one string token that Jira reads back as exactly that value."""

from hypothesis import given

from domain.escape.jql import jql_string
from generator.standins.jira.jql import tokenize
from tests.domain.escape.hostile import hostile


@given(hostile)
def test_an_escaped_value_is_one_literal_that_reads_back_unchanged(value: str) -> None:
    tokens = tokenize(f'labels = {jql_string(value)} AND project = "OPS"')
    assert [t.kind for t in tokens] == ["word", "op", "string", "word", "word", "op", "string"]
    assert tokens[2].text == value


@given(hostile)
def test_a_literal_holds_only_printable_characters_and_no_bare_quote(value: str) -> None:
    body = jql_string(value)[1:-1]
    assert all(0x20 <= ord(c) != 0x7F and not 0xD800 <= ord(c) <= 0xDFFF for c in body)
    assert '"' not in body.replace('\\"', "").replace("\\\\", "")


def test_the_incident_id_the_review_broke_jira_with() -> None:
    assert jql_string('INC-9\\"') == '"INC-9\\\\\\""'
