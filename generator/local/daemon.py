"""The background process `closeloop up` starts: `python -m generator.local.daemon --port P --state DIR`.

It starts the embedded AWS emulator on 127.0.0.1:P, deploys the stack into it (the drill's path, which is
deploy.sh --local's), starts the local Jira with one project and one user, writes DIR/state.json and then
serves until it gets SIGTERM (`closeloop down`). Its progress goes to DIR/up.log, which `up` shows.

The emulator's state is kept in DIR/aws-state.pickle (generator/emulator/persistence.py says what is kept):
saved every few seconds while requests come in and at `down`, and read back before the server answers, so a
second `up` finds the stack and everything made in it as it was, without deploying again. A state file that
cannot be used stops the start with one line (`!! ...` in the log, which `up` shows) and exit status 2.
"""

import argparse
import os
import signal
import sys
import threading
import time
from pathlib import Path

from generator.emulator import persistence
from generator.emulator.server import start_emulator
from generator.local.saver import Saver
from generator.local.state import AWS_STATE_FILE, REGION, LocalState, write_state
from generator.standins.jira import JiraStandin

JIRA_PROJECT, JIRA_EMAIL, JIRA_TOKEN = "OPS", "oncall@example.com", "local-token"


LOG = sys.stdout  # the log `up` reads; taken now, because the deploy redirects sys.stdout while it runs


def say(text: str, started: float) -> None:
    print(f"== {text} [{time.monotonic() - started:.0f}s]", file=LOG, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.local.daemon")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--state", type=Path, required=True)
    parser.add_argument("--no-stack", action="store_true", help="the emulator and Jira only, no stack")
    args = parser.parse_args(argv)
    started = time.monotonic()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    state_file = args.state / AWS_STATE_FILE
    try:
        restored = restore(state_file, started)
    except persistence.StateError as error:
        print(f"!! {error}: `closeloop down --purge` forgets it", file=LOG, flush=True)
        return 2
    say(f"AWS emulator on 127.0.0.1:{args.port}", started)
    server, endpoint = start_emulator(args.port, strict=True)  # IAM enforced: generator/emulator/access.py
    table = bucket = ""
    if not args.no_stack:
        outputs = restored_stack(endpoint) if restored else {}
        if outputs:
            say("the stack, as it was", started)
            table, bucket = outputs["TableName"], outputs["EvidenceBucketName"]
        else:
            from generator.drill.stack import deploy_stack  # moto's CloudFormation: only when a stack is wanted

            say("deploying the stack (deploy.sh --local's path)", started)
            stack = deploy_stack(endpoint, args.state, on_heading=lambda heading: say(f"deploy: {heading}", started))
            table, bucket = stack.table, stack.bucket
    saver = Saver(state_file, server.gate, lambda text: say(text, started)).start()
    say("local Jira", started)
    jira = JiraStandin(cloud=True).start()
    lead = jira.add_user("On-call", JIRA_EMAIL, token=JIRA_TOKEN)
    jira.add_project(JIRA_PROJECT, "Operations", lead=lead)
    state = LocalState(os.getpid(), endpoint, REGION, table, bucket, jira.url, JIRA_EMAIL, JIRA_TOKEN, JIRA_PROJECT)
    write_state(args.state, state)
    say("up", started)
    stop.wait()
    say("saving the state", started)
    saver.final()
    jira.stop()
    server.stop()
    return 0


def restore(state_file: Path, started: float) -> bool:
    """Put the saved state in place before the server answers; False when there is none yet."""
    if not state_file.exists():
        return False
    from generator.emulator.extensions import install

    install()  # moto patched (its clock, closeloop's operations) before its objects are read back
    persistence.restore(persistence.load(state_file))
    say(f"AWS state read back from {state_file}", started)
    return True


def restored_stack(endpoint: str) -> dict[str, str]:
    """The restored stack's outputs; {} when the saved state holds no stack (an `up --no-stack`)."""
    from generator.drill.stack import STACK
    from generator.emulator.lambdas.urls import rehome
    from generator.stack import cloudformation, local

    rehome(endpoint)  # function URLs answer on this port, whichever the saved state was served on
    return cloudformation.stack_outputs(local.emulator_target(endpoint), STACK)


if __name__ == "__main__":
    sys.exit(main())
