"""Malformed and oversized input files: every reader answers with a clear error, never a traceback or a hang.

Each file goes through the command a person would run on it: `closeloop postmortem check` (exit 2 when the
file cannot be read or parsed, 1 for schema errors, as its help says), the drill's scenario loading
(`closeloop drill --scenario FILE`, exit 2 before anything runs), `closeloop lint` (2 / 1 likewise) and the
ownership map as `closeloop actions enforce` reads it. The error must name the file, and the line and
the field where there is one. Nothing is lost or duplicated here; a case passes when the error is clear.
"""

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import FIXTURES
from tests.faults.tally import Tally

INPUTS = FIXTURES / "faults" / "inputs"
UNPARSEABLE = {"invalid_yaml", "invalid_json", "tabs", "not_utf8", "aliases_bomb", "aliases_bomb_in_list", "deep"}
# The field each schema fixture's error must name, and whether a line is known for it.
FIELDS = {
    ("postmortem", "wrong_types"): ("incident.severity", True),
    ("postmortem", "missing_fields"): ("incident.title", True),
    ("scenario", "wrong_types"): ("failure.started_minutes_ago", True),
    ("scenario", "missing_fields"): ("failure.alarm", True),
    ("documents", "wrong_types"): ("schemaVersion", True),
    ("documents", "missing_fields"): ("mainSteps", True),
    ("ownership", "wrong_types"): ("services.checkout.escalation", False),
    ("ownership", "missing_fields"): ("services.payments.owner", False),
    ("ownership", "bad_topic"): ("services.checkout.sns_topic", False),
}


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(argv)
    out = capsys.readouterr()
    return status, out.out + out.err


def postmortem(path: Path, tmp: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    return run_cli(["postmortem", "check", str(path)], capsys)


def scenario(path: Path, tmp: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    return run_cli(["drill", "--scenario", str(path), "--out", str(tmp / "drill")], capsys)


def documents(path: Path, tmp: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    return run_cli(["lint", str(path)], capsys)


def ownership(path: Path, tmp: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`closeloop actions enforce --ownership FILE`: the map is read before Jira is asked."""
    return run_cli(["actions", "enforce", "--ownership", str(path), "--ledger", str(tmp / "ledger.json")], capsys)


READERS: dict[str, Callable[[Path, Path, pytest.CaptureFixture[str]], tuple[int, str]]] = {
    "postmortem": postmortem,
    "scenario": scenario,
    "documents": documents,
    "ownership": ownership,
}
CASES = [
    pytest.param(kind, path, id=f"{kind}-{path.name}")
    for kind in READERS
    for path in sorted((INPUTS / kind).iterdir())
    if path.is_file()
]


def expected_status(kind: str, name: str) -> set[int]:
    if kind in ("scenario", "ownership"):
        return {2}  # both are refused before anything runs
    return {2} if name in UNPARSEABLE else {1}


def has_line(path: Path, text: str) -> bool:
    """`file:N:` (closeloop's own form) or PyYAML's `line N, column M`."""
    return any(f"{path.name}:{n}:" in text or f"line {n}," in text for n in range(1, 10_000))


def check(kind: str, path: Path, status: int, text: str) -> None:
    assert "Traceback" not in text
    assert status in expected_status(kind, path.stem), (status, text)
    assert str(path) in text or path.name in text, text  # the file is named
    field = FIELDS.get((kind, path.stem))
    if field is not None:
        name, line_known = field
        assert name in text, text
        if line_known:
            assert f"{path.name}:" in text and any(f"{path.name}:{n}:" in text for n in range(1, 10_000)), text
    elif path.stem in ("invalid_yaml", "invalid_json", "tabs"):
        assert has_line(path, text), text  # the line of the syntax error
    elif path.stem == "not_utf8":
        assert "utf-8" in text and "position" in text, text  # where in the file the bad byte is


@pytest.mark.parametrize(("kind", "path"), CASES)
def test_a_malformed_file_gets_a_clear_error(
    tally: Tally, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, path: Path
) -> None:
    with tally.case(f"{kind} file", path.stem.replace("_", " ")):
        status, text = READERS[kind](path, tmp_path, capsys)
        check(kind, path, status, text)


def deep_yaml(levels: int) -> str:
    return "summary: " + "[" * levels + "]" * levels + "\n"


def deep_json(levels: int) -> str:
    return '{"summary": ' + "[" * levels + "]" * levels + "}"


BIG_FILES: dict[str, tuple[str, Callable[[], str]]] = {
    "deep nesting (YAML, 100,000 levels)": ("deep-yaml.yaml", lambda: deep_yaml(100_000)),
    "deep nesting (JSON, 100,000 levels)": ("deep-json.yaml", lambda: deep_json(100_000)),
}


@pytest.mark.parametrize("kind", list(READERS))
@pytest.mark.parametrize("what", list(BIG_FILES))
def test_deeply_nested_files_are_refused_clearly(
    tally: Tally, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, what: str
) -> None:
    name, make = BIG_FILES[what]
    path = tmp_path / name
    path.write_text(make(), encoding="utf-8")
    with tally.case(f"{kind} file", what):
        status, text = READERS[kind](path, tmp_path, capsys)
        assert "Traceback" not in text and status == 2, (status, text[:500])
        assert path.name in text and ("nested too deeply" in text or "nesting depth" in text), text[:500]


def ten_megabyte_postmortem() -> str:
    base = (FIXTURES / "postmortem" / "complete.yaml").read_text(encoding="utf-8")
    filler = "The pool ran dry under evening load and requests queued. " * (10 * 1024 * 1024 // 57 + 1)
    return base.replace("summary: >-\n", f"summary: >-\n  {filler}\n", 1)


def test_a_ten_megabyte_postmortem_is_checked_not_choked_on(
    tally: Tally, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(ten_megabyte_postmortem(), encoding="utf-8")
    assert path.stat().st_size >= 10 * 1024 * 1024
    with tally.case("postmortem file", "10 MB file"):
        status, text = postmortem(path, tmp_path, capsys)
        assert "Traceback" not in text and status in (0, 1), (status, text[:500])
        assert path.name in text


def test_a_ten_megabyte_document_is_linted_not_choked_on(
    tally: Tally, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = (Path(__file__).resolve().parents[3] / "templates" / "ssm" / "Closeloop-LogTimelineEvent.yaml").read_text()
    filler = json.dumps("x" * (10 * 1024 * 1024))
    path = tmp_path / "Huge.yaml"
    path.write_text(base.replace("description: |\n", f"description: {filler}\nx_description: |\n", 1))
    with tally.case("documents file", "10 MB file"):
        status, text = documents(path, tmp_path, capsys)
        assert "Traceback" not in text and status in (1, 2), (status, text[:500])
        assert path.name in text
