"""The background process `closeloop up` starts: `python -m generator.local.daemon --port P --state DIR`.

It starts the embedded AWS emulator on 127.0.0.1:P, deploys the stack into it (the drill's path, which is
deploy.sh --local's), starts the local Jira with one project and one user, writes DIR/state.json and then
serves until it gets SIGTERM (`closeloop down`). Its progress goes to DIR/up.log, which `up` shows.
"""

import argparse
import os
import signal
import sys
import threading
import time
from pathlib import Path

from generator.emulator.server import start_emulator
from generator.local.state import REGION, LocalState, write_state
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
    say(f"AWS emulator on 127.0.0.1:{args.port}", started)
    server, endpoint = start_emulator(args.port, strict=True)  # IAM enforced: generator/emulator/access.py
    table = bucket = ""
    if not args.no_stack:
        from generator.drill.stack import deploy_stack  # moto's CloudFormation: only when a stack is wanted

        say("deploying the stack (deploy.sh --local's path)", started)
        stack = deploy_stack(endpoint, args.state, on_heading=lambda heading: say(f"deploy: {heading}", started))
        table, bucket = stack.table, stack.bucket
    say("local Jira", started)
    jira = JiraStandin(cloud=True).start()
    lead = jira.add_user("On-call", JIRA_EMAIL, token=JIRA_TOKEN)
    jira.add_project(JIRA_PROJECT, "Operations", lead=lead)
    state = LocalState(os.getpid(), endpoint, REGION, table, bucket, jira.url, JIRA_EMAIL, JIRA_TOKEN, JIRA_PROJECT)
    write_state(args.state, state)
    say("up", started)
    stop.wait()
    jira.stop()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
