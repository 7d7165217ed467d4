"""Run `closeloop postmortem ...` through its own parser (independent of the top-level command list)."""

import argparse
from collections.abc import Sequence

from generator.cli import postmortem


def run_postmortem(argv: Sequence[str]) -> int:
    top = argparse.ArgumentParser(prog="closeloop")
    postmortem.register(top.add_subparsers(dest="command", required=True))
    args = top.parse_args(["postmortem", *argv])
    status: int = args.run(args)
    return status
