"""Hostile strings for the escaping properties: arbitrary text mixed with the fragments attackers use."""

from hypothesis import strategies as st

FRAGMENTS = [
    '"', "'", "\\", "\\\"", "`", "```", "<", ">", "&", "&amp;", "&#60;", "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>", "<a href='javascript:alert(1)'>x</a>", "javascript:alert(1)", "data:text/html,x",
    "![b](https://evil.example/p.png)", "[Click to approve](https://evil.example)", ")", "(", "](", "|", "\n", "\r\n",
    "\t", "\x00", "\x1b[31m", "# ", "1. ", "- ", "> ", "***", "~~", "$x$", "@everyone", "{{ x }}", "../", "..", ".",
    "/", "%2F", "%00", "_2F", " OR ", " AND ", "ORDER BY", "\u202e", "\ud800", "😀", "é", "\u0000",
]  # fmt: skip

hostile = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=12).map("".join)
