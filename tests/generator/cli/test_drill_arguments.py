"""`closeloop drill --check`: ./dev main reads its arguments with it before the build, so a mistyped
scenario answers in a second, without loading the drill's emulator."""

import subprocess

import pytest

from generator.cli import main
from generator.drill.loader import scenario_files
from tests.conftest import ROOT


def test_check_reads_every_scenario_and_stops(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drill", "--check"]) == 0
    assert capsys.readouterr().out.strip().startswith(f"{len(scenario_files())} scenario(s) readable")


def test_an_unknown_scenario_is_one_message_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drill", "--check", "--scenario", "nope"]) == 2
    assert "no scenario 'nope'" in capsys.readouterr().err


def test_dev_main_answers_help_and_an_unknown_scenario_before_any_build() -> None:
    # ./dev main runs `closeloop build` first unless the arguments stop it: "== closeloop build" never shows.
    for argv, status in ((["--help"], 0), (["--scenario", "nope"], 2)):
        done = subprocess.run([str(ROOT / "dev"), "main", *argv], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert done.returncode == status, done.stderr
        assert "== closeloop build" not in done.stdout
