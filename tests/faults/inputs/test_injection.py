"""The review's injection attacks, each tried in every context a value reaches: Markdown, JQL, ids, file names.

Every hostile string goes into every free-text field of a postmortem, which is rendered and read back by a
CommonMark renderer with GitHub's tables (raw HTML allowed, the most permissive reader); into a label
searched for in the local Jira over HTTP; into an incident id; and into an alarm name that names a file.
"""

import re
from collections.abc import Iterator

import pytest
from markdown_it import MarkdownIt
from pydantic import ValidationError

from domain.escape.filename import safe_name
from domain.postmortem import Incident
from generator.postmortem.loader import read_file
from generator.postmortem.render import markdown
from tests.faults.tally import Tally
from tests.generator.postmortem.conftest import COMPLETE
from tests.handlers.actions.jira_world import World, world

HOSTILE = [
    "<img src=x onerror=alert(1)>", "<script>alert(document.cookie)</script>", "<a href=javascript:alert(1)>ok</a>",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)",
    "![x](https://evil.example/beacon.png)", "[Click to approve](https://evil.example/approve)",
    "https://ok.example/a) [Click to approve](https://evil.example", "<https://evil.example>", "| x | y |",
    "line one\n# Heading", "1. list", "> quote", "```\ncode", "`code`", "**bold** _it_ ~~s~~", "$\\frac{1}{2}$",
    "@everyone", "&lt;img src=x onerror=alert(1)&gt;", "<!-- hide -->", "<details open>", 'INC-9\\"',
    "INC-9\" OR project = EVIL", "' OR 1=1 --", "x\\", "\u202eevil", "inc-zz/b", "../../etc/passwd",
]  # fmt: skip
ALLOWED_TAGS = {"h1", "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "strong", "a",
                "img", "code"}  # fmt: skip
RENDER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def hostile_postmortem(value: str) -> str:
    postmortem = read_file(COMPLETE).postmortem
    event = postmortem.timeline[0].model_copy(update={"text": value, "actor": value, "source": value})
    action = postmortem.actions[0].model_copy(update={"title": value, "owner": value, "done_condition": value})
    link = postmortem.evidence[0].model_copy(update={"title": value, "url": value})
    changed = postmortem.model_copy(
        update={
            "incident": postmortem.incident.model_copy(update={"title": value, "service": value}),
            "summary": value,
            "root_cause": value,
            "timeline": [event, *postmortem.timeline[1:]],
            "actions": [action, *postmortem.actions[1:]],
            "evidence": [link, *postmortem.evidence[1:]],
        }
    )
    return markdown(changed, "chart.png")


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_renders_as_text_in_the_postmortem(tally: Tally, value: str) -> None:
    with tally.case("postmortem Markdown", f"hostile value {value!r} in every text field", kind="attack"):
        rendered = RENDER.render(hostile_postmortem(value))
        tags = {m[1].lower() for m in re.finditer(r"</?([a-zA-Z][a-zA-Z0-9]*)", rendered)}
        assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
        assert re.findall(r'<img src="([^"]*)"', rendered) == ["chart.png"]
        for href in re.findall(r'<a href="([^"]*)"', rendered):
            assert href.startswith("https://"), href
        assert "Click to approve</a>" not in rendered


@pytest.fixture(scope="module")
def cloud_jira() -> Iterator[World]:
    made = world(cloud=True)
    yield made
    made.jira.stop()


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_label_is_searched_for_as_itself(tally: Tally, cloud_jira: World, value: str) -> None:
    with tally.case("JQL", f"label {value!r} in a search beside a real one", kind="attack"):
        api = cloud_jira.connect(attempts=1)()
        assert api.search_labels([f"closeloop:{value}:A1", "closeloop:INC-42:A1"]) == {}


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_incident_id_is_refused(tally: Tally, value: str) -> None:
    with tally.case("incident id", f"id {value!r}", kind="attack"), pytest.raises(ValidationError):
        Incident.model_validate({"id": value, "title": "t", "class": "c", "severity": "SEV2", "service": "s",
                                 "postmortem_owner": "o"})  # fmt: skip


def test_no_two_hostile_alarm_names_share_a_snapshot_file(tally: Tally) -> None:
    with tally.case("snapshot file names", f"{len(HOSTILE)} hostile alarm names and their look-alikes", kind="attack"):
        names = [*HOSTILE, *(v.replace("/", "_") for v in HOSTILE), "inc-zz_b"]
        files = {safe_name(name) for name in set(names)}
        assert len(files) == len(set(names))
