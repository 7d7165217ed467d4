"""`closeloop up [--port P] [--state DIR] [--prefix P]`, `closeloop down`, `closeloop status`: a local AWS and
Jira that stay.

`up` starts, in the background, the embedded AWS emulator on 127.0.0.1:P (default 4566), deploys the stack
(NamePrefix `--prefix`, default Closeloop-) into it and starts the local Jira; it shows the start-up's
progress, then prints the endpoint and the `export` lines that point closeloop, the AWS CLI and boto3 at
them and at the stack (`eval "$(closeloop up --quiet)"`). What runs where is kept in DIR/state.json (default
.closeloop/). `down` stops it; `status` says what runs. A second prefix is a second stack beside the first,
as in an account: `down`, then `up --prefix Team2-` (the first stack and what you made are kept).

What you create in the local AWS stays across `down` and `up`, as with LocalStack's persistence: the emulator's
state is saved in DIR/aws-state.pickle (the local Jira's in DIR/jira-state.pickle) every few seconds while it
is used and at `down`, and read back by the next `up` (which then deploys nothing). `down --purge` forgets
both, so the next `up` starts empty.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from domain.documents import DEFAULT_PREFIX, prefix_error
from generator.cli.usage import UsageError
from generator.local.state import (
    AWS_STATE_FILE,
    DEFAULT_PORT,
    JIRA_STATE_FILE,
    LOG_FILE,
    STATE_DIR,
    STATE_FILE,
    LocalState,
    alive,
    read_state,
)

START_TIMEOUT = 600.0  # the stack deploy takes most of a minute on a busy machine; pip-free, so bounded
STOP_TIMEOUT = 60.0  # `down` waits for the last save of the state (seconds on a busy machine)
REFUSED = "!! "  # the daemon's one line when it cannot start (an unusable state file)


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    for name, run, text in (
        ("up", run_up, "start a local AWS (emulator + stack) and Jira in the background"),
        ("down", run_down, "stop what `closeloop up` started"),
        ("status", run_status, "what `closeloop up` runs, and where"),
    ):
        parser = subparsers.add_parser(name, help=text, description=__doc__)
        parser.add_argument("--state", type=Path, default=STATE_DIR, help=f"state folder (default: {STATE_DIR}/)")
        if name == "up":
            parser.add_argument("--port", type=int, default=int(os.environ.get("CLOSELOOP_PORT", DEFAULT_PORT)))
            parser.add_argument("--no-stack", action="store_true", help="the emulator and Jira only (seconds)")
            parser.add_argument(
                "--prefix",
                default=DEFAULT_PREFIX,
                help=f"the stack's NamePrefix (default: {DEFAULT_PREFIX}); another prefix is a second stack beside "
                "the first, as in an account, and the export lines name its table, bucket and prefix",
            )
            parser.add_argument("--quiet", action="store_true", help="print only the export lines")
        if name == "down":
            parser.add_argument(
                "--purge", action="store_true", help="also forget the saved state: the next `up` starts empty"
            )
        parser.set_defaults(run=run)


def run_up(args: argparse.Namespace) -> int:
    problem = prefix_error(args.prefix)
    if problem:
        raise UsageError(f"--prefix {args.prefix!r}: {problem}")
    running = read_state(args.state)
    if running is None:
        running = start(args)
    elif lacks_stack(running, args):
        has = ", ".join(stack.prefix for stack in running.stacks) or "none"
        raise UsageError(
            f"the local AWS is up without a {args.prefix} stack (its stacks: {has}): `closeloop down`, then "
            f"`closeloop up --prefix {args.prefix}` adds it beside them (what you made is kept)"
        )
    elif not args.quiet:
        print(f"already up (pid {running.pid})", file=sys.stderr)
    show(running, args.quiet, args.prefix)
    return 0


def lacks_stack(running: LocalState, args: argparse.Namespace) -> bool:
    """A stack is asked for that the running local AWS does not hold (one started --no-stack shows as it is)."""
    asked = not args.no_stack and (bool(running.stacks) or args.prefix != DEFAULT_PREFIX)
    return asked and running.stack(args.prefix) is None


def start(args: argparse.Namespace) -> LocalState:
    args.state.mkdir(parents=True, exist_ok=True)
    (args.state / STATE_FILE).unlink(missing_ok=True)
    log_path = args.state / LOG_FILE
    command = [sys.executable, "-m", "generator.local.daemon", "--port", str(args.port), "--state", str(args.state)]
    command += ["--prefix", args.prefix]
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [*command, *(["--no-stack"] if args.no_stack else [])],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # it outlives this command
        )
    shown, began = 0, time.monotonic()
    while time.monotonic() - began < START_TIMEOUT:
        lines = log_path.read_text(encoding="utf-8").splitlines()
        for line in lines[shown:]:
            if line.startswith("== ") and not args.quiet:
                print(f"  {line[3:]}", file=sys.stderr, flush=True)
        shown = len(lines)
        state = read_state(args.state)
        if state is not None:
            return state
        if process.poll() is not None:
            refused = [line[len(REFUSED) :] for line in lines if line.startswith(REFUSED)]
            if refused:
                raise UsageError(refused[-1])
            raise UsageError(f"the local AWS did not start (exit {process.returncode}); its log: {log_path}")
        time.sleep(0.2)
    process.terminate()
    raise UsageError(f"the local AWS did not start within {START_TIMEOUT:.0f} s; its log: {log_path}")


def show(state: LocalState, quiet: bool, prefix: str) -> None:
    if not quiet:
        print(f"AWS emulator: {state.endpoint} (region {state.region}); Jira: {state.jira_url}", file=sys.stderr)
        for line in stack_lines(state):
            print(line, file=sys.stderr)
        print(f"point your shell at it{f' and at the {prefix} stack' if state.stack(prefix) else ''}:", file=sys.stderr)
    for line in state.exports(prefix):
        print(line)


def stack_lines(state: LocalState) -> list[str]:
    return [
        f"stack {stack.name} (prefix {stack.prefix}): table {stack.table}, bucket {stack.bucket}"
        for stack in state.stacks
    ]


def run_down(args: argparse.Namespace) -> int:
    state = read_state(args.state)
    if state is None:
        print("nothing is up", file=sys.stderr)
    else:
        stop(state)
        (args.state / STATE_FILE).unlink(missing_ok=True)
        print(f"stopped (pid {state.pid}); its state is in {args.state / AWS_STATE_FILE}", file=sys.stderr)
    if args.purge:
        for name in (AWS_STATE_FILE, JIRA_STATE_FILE):
            (args.state / name).unlink(missing_ok=True)
        print(f"forgot the saved state (in {args.state}): the next `up` starts empty", file=sys.stderr)
    return 0


def stop(state: LocalState) -> None:
    """SIGTERM, then wait while it saves its state; a process that does not end is told so, not killed."""
    os.kill(state.pid, signal.SIGTERM)
    began = time.monotonic()
    while alive(state.pid) and time.monotonic() - began < STOP_TIMEOUT:
        time.sleep(0.1)
    if alive(state.pid):
        raise UsageError(f"pid {state.pid} did not stop within {STOP_TIMEOUT:.0f} s (saving its state?)")


def run_status(args: argparse.Namespace) -> int:
    state = read_state(args.state)
    if state is None:
        print("nothing is up: run `closeloop up`")
        return 1
    print(f"up (pid {state.pid}): AWS {state.endpoint} ({state.region}), Jira {state.jira_url}")
    for line in stack_lines(state):
        print(line)
    return 0
