"""A source that fails is recorded in the manifest with its gap in one readable line, never an HTML page."""

from runbooks.scripts.evidence.manifest import one_line

PAGE = """ClientError: An error occurred (500) when calling the LookupEvents operation: <!doctype html>
<html lang=en>
<title>500 Internal Server Error</title>
<h1>Internal Server Error</h1>
<p>The server encountered an internal error and was unable to complete your request.</p>
"""


def test_an_html_error_page_becomes_its_words_on_one_line() -> None:
    text = one_line(PAGE)
    assert "\n" not in text and "<" not in text
    assert text.startswith("ClientError: An error occurred (500)") and "500 Internal Server Error" in text


def test_a_plain_gap_keeps_its_words_and_is_cut_to_the_limit() -> None:
    text = one_line("throttled   after\n3 attempts " + "x" * 400)
    assert text.startswith("throttled after 3 attempts") and len(text) == 300
