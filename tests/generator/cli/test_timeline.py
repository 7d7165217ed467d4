"""`closeloop timeline add|show` against the emulator over HTTP: zone-less times refused, md, json and png out."""

import argparse
import json
from pathlib import Path

import matplotlib.image
import pytest

from generator.cli import timeline
from tests.runbooks.operator_runs import new_table

ANA = "arn:aws:iam::123456789012:user/ana"
SEED = [
    ("symptom", "2024-11-28T17:00:00Z", "Checkout p99 latency climbs"),
    ("deployment", "2024-11-28T16:55:00Z", "Deployed checkout v42"),
    ("alert", "2024-11-28T17:25:00Z", "Alarm CheckoutLatency went to ALARM"),
    ("engaged", "2024-11-28T18:30:00+01:00", "On-call engaged"),
    ("mitigation", "2024-11-28T17:50:00Z", "Rolled back to v41"),
    ("recovery", "2024-11-28T18:00:00Z", "Latency back to baseline"),
]


def cli(*args: str) -> int:
    """`closeloop timeline ARGS` as `generator.cli.main` runs it (the module registers itself the same way)."""
    top = argparse.ArgumentParser(prog="closeloop")
    timeline.register(top.add_subparsers(dest="command", required=True))
    parsed = top.parse_args(["timeline", *args])
    status: int = parsed.run(parsed)
    return status


@pytest.fixture
def seeded(aws_env: str) -> tuple[str, str]:
    table = new_table()
    for kind, at, text in SEED:
        assert (
            cli(
                "add",
                "--incident",
                "INC-9",
                "--kind",
                kind,
                "--at",
                at,
                "--text",
                text,
                "--actor",
                ANA,
                "--source",
                "https://runbook.example/INC-9",
                "--table",
                table,
                "--endpoint-url",
                aws_env,
            )
            == 0
        )
    return table, aws_env


def test_add_twice_records_once_and_defaults_to_the_callers_identity(
    aws_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    table = new_table()
    args = ("add", "--incident", "INC-8", "--kind", "note", "--at", "2024-11-28T17:00Z", "--text", "Status page up")
    assert cli(*args, "--table", table) == 0
    assert cli(*args, "--table", table) == 0
    out = capsys.readouterr().out
    assert out.startswith("recorded: ") and "already on the timeline: " in out
    assert cli("show", "--incident", "INC-8", "--format", "json", "--table", table) == 0
    [event] = json.loads(capsys.readouterr().out)["events"]
    assert event["actor"].startswith("arn:aws:") and event["source"] == "closeloop timeline add"


def test_a_time_without_a_zone_is_refused_with_a_clear_message(
    aws_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    table = new_table()
    status = cli(
        "add", "--incident", "INC-8", "--kind", "note", "--at", "2024-11-28T17:00", "--text", "x y z", "--table", table
    )
    assert status == 2
    assert "--at '2024-11-28T17:00' has no time zone" in capsys.readouterr().err
    assert cli("show", "--incident", "INC-8", "--table", table) == 1
    assert "has no timeline events" in capsys.readouterr().err


def test_show_md_is_a_plain_language_table_with_the_bottleneck(
    seeded: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    table, endpoint = seeded
    assert cli("show", "--incident", "INC-9", "--table", table, "--endpoint-url", endpoint) == 0
    text = capsys.readouterr().out
    assert "| 2024-11-28 17:30:00 | engaged | On-call engaged | ana |" in text  # +01:00 kept in UTC; ana, not her ARN
    assert ANA not in text
    assert "| detect | impact start 17:00:00 | detection 17:25:00 | 25 min |" in text
    assert "The bottleneck was **detect**: 25 min, 42% of 1 h 00 min from impact to recovery." in text
    assert "the timeline passes every check" in text


def test_show_json_has_the_phases_and_findings(seeded: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    table, endpoint = seeded
    assert cli("show", "--incident", "INC-9", "--format", "json", "--table", table, "--endpoint-url", endpoint) == 0
    report = json.loads(capsys.readouterr().out)
    assert [(p["name"], p["seconds"]) for p in report["phases"]] == [
        ("detect", 1500.0),
        ("engage", 300.0),
        ("mitigate", 1200.0),
        ("recover", 600.0),
    ]
    assert report["bottleneck"] == "detect" and report["findings"] == []
    assert [e["kind"] for e in report["events"]][:2] == ["deployment", "symptom"]


def test_show_png_draws_a_real_chart(seeded: tuple[str, str], tmp_path: Path) -> None:
    table, endpoint = seeded
    out = tmp_path / "chart.png"
    assert (
        cli(
            "show",
            "--incident",
            "INC-9",
            "--format",
            "png",
            "--out",
            str(out),
            "--table",
            table,
            "--endpoint-url",
            endpoint,
        )
        == 0
    )
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = matplotlib.image.imread(out)
    height, width = pixels.shape[:2]
    assert width == 1200 and height >= 400
    inked = (pixels[:, :, :3].sum(axis=2) < 2.9).mean()  # not white
    assert inked > 0.02, f"only {inked:.1%} of the chart is drawn"
    colours = {tuple(p) for p in (pixels[::7, ::7, :3] * 255).astype(int).reshape(-1, 3)}
    assert len(colours) > 20  # the four phase colours, markers, text: not a blank or one-colour image
