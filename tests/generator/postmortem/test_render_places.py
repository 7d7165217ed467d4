"""An incident over two accounts and regions: the postmortem, the timeline report and both charts say where
each event happened, accounts by name where the ownership map names them; one place says nothing extra."""

from pathlib import Path

from domain.postmortem import Postmortem
from domain.timeline import TimelineEvent
from generator.postmortem.loader import read_file
from generator.postmortem.render import markdown, render_report
from generator.timeline import chart as timeline_chart
from generator.timeline.report import markdown as timeline_markdown
from tests.generator.postmortem.conftest import COMPLETE

MEMBER = "444455556666"
NAMES = {MEMBER: "payments-prod"}


def spread(postmortem: Postmortem) -> Postmortem:
    """The same incident, its first event in the member's eu-west-1, the rest in the central us-east-1."""
    moved = [
        event.model_copy(update={"account": MEMBER if n == 0 else "123456789012"}).model_copy(
            update={"region": "eu-west-1" if n == 0 else "us-east-1"}
        )
        for n, event in enumerate(postmortem.timeline)
    ]
    return postmortem.model_copy(update={"timeline": [TimelineEvent.model_validate(e.model_dump()) for e in moved]})


def test_the_postmortem_says_where_by_account_name() -> None:
    text = markdown(spread(read_file(COMPLETE).postmortem), "chart.png", account_names=NAMES)
    assert "| # | Occurred (UTC) | Kind | Event | Where | Actor | Source |" in text
    assert "| payments-prod \\(444455556666\\), eu-west-1 |" in text  # parentheses escaped (md_text)
    assert "| 123456789012, us-east-1 |" in text


def test_one_place_adds_no_column() -> None:
    text = markdown(read_file(COMPLETE).postmortem, "chart.png", account_names=NAMES)
    assert "| Where |" not in text


def test_the_timeline_report_says_where() -> None:
    events = spread(read_file(COMPLETE).postmortem).timeline
    text = timeline_markdown("INC-42", events, NAMES)
    assert "| when (UTC) | what | text | where | who | source |" in text
    assert text.count("payments-prod \\(444455556666\\), eu-west-1") == 1


def test_both_charts_render_over_several_places(tmp_path: Path) -> None:
    postmortem = spread(read_file(COMPLETE).postmortem)
    _, chart = render_report(postmortem, tmp_path, "INC-42", account_names=NAMES)
    assert chart.stat().st_size > 1000
    drawn = timeline_chart.render("INC-42", postmortem.timeline, tmp_path / "t.png", NAMES)
    assert drawn.stat().st_size > 1000
