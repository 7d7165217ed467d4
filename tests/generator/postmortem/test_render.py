"""`postmortem render`: Markdown with every section, a PNG timeline chart, and evidence links that open."""

import struct
from pathlib import Path

from domain.accounts import DisplayNames
from generator.postmortem.loader import read_file
from generator.postmortem.render import markdown, render_report
from tests.generator.postmortem.conftest import COMPLETE, fixture_accounts

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_the_report_has_every_section_in_order() -> None:
    text = markdown(read_file(COMPLETE).postmortem, "chart.png")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Postmortem: Checkout errors after the payments client release (INC-42)",
        "## Summary",
        "## Impact",
        "### What happened",
        "### When it started",
        "### How it was detected",
        "### How the team responded",
        "### What changed",
        "## Timeline",
        "## Root cause",
        "## Contributing factors",
        "## Prevention actions",
        "## Evidence",
    ]
    assert "![Timeline of INC-42](chart.png)" in text


def test_phases_timeline_and_actions_come_from_the_postmortem() -> None:
    text = markdown(read_file(COMPLETE).postmortem, "chart.png")
    assert "| detect | impact start | detection | 7 min |" in text
    assert "Impact to recovery: 47 min." in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "| 2026-11-20T" in line]
    assert len(rows) == 6
    assert "| A4 | Document the dependency upgrade review" in text
    assert "not_doing (Replaced by the organisation-wide dependency review" in text
    assert "done ([https://git.example.com/checkout/pull/881](https://git.example.com/checkout/pull/881))" in text


def test_s3_evidence_links_open_in_the_console_of_their_region_and_show_the_uri() -> None:
    text = markdown(read_file(COMPLETE).postmortem, "chart.png", region="eu-west-1")
    uri = "s3://closeloop-evidence-123456789012/incidents/INC-42/evidence/manifest.json"
    console = (
        "https://console.aws.amazon.com/s3/object/closeloop-evidence-123456789012"
        "?region=eu-west-1&prefix=incidents/INC-42/evidence/manifest.json"
    )
    assert f"- [Evidence manifest]({console}) (`{uri}`)" in text


def test_people_are_named_by_their_jira_display_names_never_by_account_id() -> None:
    postmortem = read_file(COMPLETE).postmortem
    webhook_note = postmortem.timeline[-1].model_copy(update={"actor": postmortem.actions[1].owner})
    postmortem = postmortem.model_copy(update={"timeline": [*postmortem.timeline, webhook_note]})
    text = markdown(postmortem, "chart.png", DisplayNames(fixture_accounts()))
    assert "| bad-deploy | SEV2 | checkout | Priya Raman | OPS-1234 |" in text
    assert (
        "| A1 | Add an automatic rollback on checkout 5xx rate to the deploy pipeline | rollback_safeguard | Tomas"
        in text
    )
    assert "approved by Priya Raman)" in text  # A4's not-doing approver
    assert "| aws.cloudwatch |" in text and "| Grace Okafor |" in text  # services as they are; a Jira actor by name
    assert "712020:" not in text


def test_a_key_jira_does_not_know_is_shown_as_written_and_marked() -> None:
    names = DisplayNames(fixture_accounts())
    assert names("712020:00000000-0000-0000-0000-000000000000") == (
        "712020:00000000-0000-0000-0000-000000000000 (not a Jira account)"
    )
    assert names("712020:deadbeef-0000-1111-2222-333344445555") == "Former Colleague (deactivated)"
    assert DisplayNames()("priya") == "priya" and names.actor("arn:aws:iam::123456789012:user/ana") == "ana"


def test_pipes_in_text_do_not_break_tables() -> None:
    postmortem = read_file(COMPLETE).postmortem
    action = postmortem.actions[0].model_copy(update={"title": "Add a | b gate"})
    text = markdown(postmortem.model_copy(update={"actions": [action]}), "chart.png")
    assert "| A1 | Add a \\| b gate |" in text


def test_the_chart_is_a_png_of_the_figure_size(tmp_path: Path) -> None:
    report, chart = render_report(read_file(COMPLETE).postmortem, tmp_path, "INC-42")
    data = chart.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1100, 400)
    assert report.read_text().count("INC-42-timeline.png") == 1
