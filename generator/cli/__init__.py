"""The `closeloop` command: each subcommand is a module here with `register(subparsers)`."""

import argparse
import sys
from collections.abc import Sequence

from generator.cli import actions as actions
from generator.cli import build as build
from generator.cli import drill as drill
from generator.cli import evidence as evidence
from generator.cli import lint as lint
from generator.cli import postmortem as postmortem
from generator.cli import report as report
from generator.cli import simulate as simulate
from generator.cli import timeline as timeline

COMMANDS = [drill, build, lint, simulate, timeline, evidence, postmortem, actions, report]


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="closeloop",
        description="Runbooks, evidence and prevention actions that close the incident-postmortem loop.",
    )
    subparsers = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    status: int = args.run(args)
    return status


def entry() -> None:
    """Console-script entry point: exit with the command's status."""
    sys.exit(main())
