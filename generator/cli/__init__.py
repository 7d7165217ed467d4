"""The `closeloop` command: each subcommand is a module here with `register(subparsers)`.

Only the module of the command being run is imported. The others appear in `closeloop --help` through
their line in `COMMANDS`, so the listing costs no import: moto, troposphere and matplotlib load only with
the commands that use them, and `closeloop --help` or `closeloop lint FILE` answer at once. To add a
command, write its module and add one `Command` line below (tests/generator/cli/test_commands.py checks
the line's help is the one the module registers).
"""

import argparse
import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from generator.cli.usage import UsageError, aws_setup_problem
from generator.local.state import point_at_local


@dataclass(frozen=True)
class Command:
    name: str
    module: str  # imported only when this command runs
    help: str  # the line `closeloop --help` shows: the same text the module's register() gives


COMMANDS = (
    Command("drill", "generator.cli.drill", "run an incident round the whole loop on embedded stand-ins"),
    Command("build", "generator.cli.build", "generate templates/ from the runbook catalogue"),
    Command("lint", "generator.cli.lint", "validate Automation documents"),
    Command("simulate", "generator.cli.simulate", "run an Automation document locally"),
    Command("incident", "generator.cli.incident", "open, show, list or close incidents"),
    Command("timeline", "generator.cli.timeline", "add to or show an incident's timeline"),
    Command("evidence", "generator.cli.evidence", "collect, follow and verify incident evidence"),
    Command("postmortem", "generator.cli.postmortem", "draft, check and render postmortems"),
    Command("actions", "generator.cli.actions", "prevention actions in Jira"),
    Command("report", "generator.cli.report", "per-class incident trends and action status"),
    Command("up", "generator.cli.up", "start a local AWS (emulator + stack) and Jira in the background"),
    Command("down", "generator.cli.up", "stop what `closeloop up` started"),
    Command("status", "generator.cli.up", "what `closeloop up` runs, and where"),
)


# Commands that use the local AWS and Jira of `closeloop up` by default, when it runs.
USES_LOCAL_AWS = frozenset({"simulate", "incident", "timeline", "evidence", "postmortem", "actions", "report"})


def chosen(argv: Sequence[str]) -> str | None:
    """The command argv names: the first argument that is not an option (the top level takes none)."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def parser(selected: str | None = None) -> argparse.ArgumentParser:
    """The full parser of the `selected` command; every other command is only its name and help line."""
    top = argparse.ArgumentParser(
        prog="closeloop",
        description="Runbooks, evidence and prevention actions that close the incident-postmortem loop.",
    )
    subparsers = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # A module may register several commands (up, down, status): it is imported once, for all of them.
    loaded = next((command.module for command in COMMANDS if command.name == selected), None)
    for command in COMMANDS:
        if command.module != loaded:
            subparsers.add_parser(command.name, help=command.help)
        elif command == next(c for c in COMMANDS if c.module == loaded):
            importlib.import_module(command.module).register(subparsers)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    selected = chosen(arguments)
    if selected in USES_LOCAL_AWS:
        point_at_local()  # before the parser: option defaults read CLOSELOOP_TABLE and the like
    args = parser(selected).parse_args(arguments)
    try:
        status: int = args.run(args)
    except UsageError as error:
        return refuse(args.command, str(error))
    except OSError as error:
        if error.filename is None:  # a socket or process error, not a path the user gave
            raise
        return refuse(args.command, f"{error.filename}: {error.strerror}")
    except Exception as error:
        problem = aws_setup_problem(error)
        if problem is None:
            raise
        return refuse(args.command, problem)
    return status


def refuse(command: str, message: str) -> int:
    """Bad input or a missing AWS setup: one line, exit 2 (every command checks its input before writing)."""
    print(f"closeloop {command}: {message}", file=sys.stderr)
    return 2


def entry() -> None:
    """Console-script entry point: exit with the command's status."""
    sys.exit(main())
