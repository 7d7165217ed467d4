"""The command table: `closeloop --help` lists every command without importing it, and each line matches
the help its module registers; heavy libraries load only with the commands that use them."""

import argparse
import subprocess
import sys

import pytest

from generator.cli import COMMANDS, chosen, main, parser
from tests.conftest import ROOT

HEAVY = ("moto", "troposphere", "matplotlib")
PROBE = """
import sys
from generator.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
print(sorted(name for name in {heavy!r} if name in sys.modules))
"""


def loaded_after(argv: list[str]) -> str:
    """The heavy libraries present in a fresh interpreter after `closeloop ARGV` ran there."""
    probe = PROBE.format(argv=argv, heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def registered_help(name: str) -> str | None:
    subparsers = next(a for a in parser(name)._actions if isinstance(a, argparse._SubParsersAction))
    return next(action.help for action in subparsers._choices_actions if action.dest == name)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_each_listed_help_line_is_the_one_its_module_registers(command: object) -> None:
    assert isinstance(command, type(COMMANDS[0]))
    assert registered_help(command.name) == command.help


def test_the_command_is_the_first_argument_that_is_not_an_option() -> None:
    assert chosen(["--help"]) is None
    assert chosen(["lint", "--format", "json", "x.yaml"]) == "lint"
    assert chosen(["-h", "build"]) == "build"


def test_an_unknown_command_is_refused_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["nope"])
    assert raised.value.code == 2
    assert "invalid choice: 'nope'" in capsys.readouterr().err


def test_help_and_linting_one_document_load_no_heavy_library() -> None:
    document = str(ROOT / "templates" / "ssm" / "Closeloop-LogTimelineEvent.yaml")
    assert loaded_after(["--help"]) == "[]"
    assert loaded_after(["lint", document]) == "[]"


def test_the_probe_sees_a_heavy_library_a_chosen_command_loads() -> None:
    # evidence collects against the embedded emulator: choosing it loads moto, and the probe says so
    assert "moto" in loaded_after(["evidence", "--help"])
