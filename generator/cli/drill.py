"""`closeloop drill [--out DIR] [--scenario NAME ...]`: one incident round the whole loop, on embedded stand-ins.

Starts the AWS emulator and a local Jira on 127.0.0.1, deploys the stack into the emulator through
`deploy.sh --local`'s path, injects the scenario's failure and runs the loop: the alarm to the timeline,
Closeloop-IncidentResponse with scripted decisions, evidence collected and verified, the postmortem drafted,
filled from the scenario, checked and rendered, its actions pushed to Jira, the enforcement pass and the
report. Scenarios are the YAML files in scenarios/ (NAME is a file's stem, or a path to a file); without
--scenario every one runs, after one deploy. No AWS account and no Jira are needed.

Exit 0 when every scenario went round the loop, 1 when a stage failed, 2 when a scenario file is unusable.
"""

import argparse
import sys
from pathlib import Path

from generator.document.errors import DocumentError
from generator.drill.loader import find_scenario, scenario_files
from generator.drill.progress import Progress
from generator.drill.scenario import Scenario

DEFAULT_OUT = Path("build") / "drill"  # build/ is ignored by git


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "drill",
        help="run an incident round the whole loop on embedded stand-ins",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"where to write (default: {DEFAULT_OUT}/)")
    parser.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="NAME",
        help=f"a scenario to run; repeatable (default: all of {', '.join(scenario_files())})",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="read the arguments and the scenarios, then stop (./dev main runs this before its build)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        scenarios = [find_scenario(name) for name in args.scenario or list(scenario_files())]
    except DocumentError as error:
        print(f"closeloop drill: a scenario is unusable:\n{error.describe()}", file=sys.stderr)
        return 2
    if args.check:
        print(f"{len(scenarios)} scenario(s) readable: {', '.join(s.name for s in scenarios)}")
        return 0
    return go_round(scenarios, args.out)


def go_round(scenarios: list[Scenario], out: Path) -> int:
    # Imported here, not at the top: the drill's modules load moto's CloudFormation (seconds), which
    # `closeloop drill --help` and `--check` must not wait for.
    from botocore.exceptions import BotoCoreError, ClientError

    from generator.drill.respond import RunbookError
    from generator.drill.run import DrillError, run_drill, summary
    from generator.drill.stack import StackError
    from generator.drill.write_up import PostmortemError
    from generator.postmortem.records import RecordsError

    progress = Progress()
    try:
        outcomes = run_drill(scenarios, out, progress)
    except (DrillError, StackError, RunbookError, PostmortemError, RecordsError) as error:
        print(f"closeloop drill: {error}", file=sys.stderr)
        return 1
    except (BotoCoreError, ClientError) as error:
        print(f"closeloop drill: a call to the emulator failed: {error}", file=sys.stderr)
        return 1
    summary(outcomes, progress)
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m generator.cli.drill [--out DIR] [--scenario NAME ...]`: the same command, standalone."""
    parser = argparse.ArgumentParser(prog="closeloop")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["drill", *(sys.argv[1:] if argv is None else argv)])
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
