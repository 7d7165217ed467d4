"""The background process `closeloop up` starts: `python -m generator.local.daemon --port P --state DIR`.

It starts the embedded AWS emulator on 127.0.0.1:P, deploys the stack of `--prefix` into it unless it is
there already (the drill's path, which is deploy.sh --local's; generator/local/stacks.py), starts the local
Jira (on P+1 when free) with one project and one user, writes DIR/state.json (every stack it holds) and
then serves until it gets SIGTERM (`closeloop down`). Its progress goes to DIR/up.log, which `up` shows.

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
from functools import partial
from pathlib import Path

from domain.documents import DEFAULT_PREFIX
from generator.emulator import persistence
from generator.emulator.server import start_emulator
from generator.local import jira_state
from generator.local.jira_state import save as save_jira
from generator.local.saver import Saver
from generator.local.stacks import closeloop_stacks, deploy
from generator.local.state import AWS_STATE_FILE, JIRA_STATE_FILE, REGION, LocalStack, LocalState, write_state
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
    parser.add_argument("--prefix", default=DEFAULT_PREFIX, help="the NamePrefix of the stack to have deployed")
    args = parser.parse_args(argv)
    started = time.monotonic()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    state_file = args.state / AWS_STATE_FILE
    jira_file = args.state / JIRA_STATE_FILE
    try:
        restored = restore(state_file, started)
        jira = jira_state.restored(jira_file)
    except persistence.StateError as error:
        print(f"!! {error}: `closeloop down --purge` forgets it", file=LOG, flush=True)
        return 2
    say(f"AWS emulator on 127.0.0.1:{args.port}", started)
    server, endpoint = start_emulator(args.port, strict=True)  # IAM enforced: generator/emulator/access.py
    stacks = restored_stacks(endpoint) if restored else []
    for stack in stacks:
        say(f"stack {stack.name} (prefix {stack.prefix}), as it was", started)
    if not args.no_stack and not any(stack.prefix == args.prefix for stack in stacks):
        deploy(endpoint, args.prefix, args.state, lambda text: say(text, started))
        stacks = closeloop_stacks(endpoint)
    say("local Jira" + (f", its issues read back from {jira_file}" if jira else ""), started)
    jira = local_jira(jira, args.port + 1)
    saver = Saver(state_file, server.gate, lambda text: say(text, started), also=partial(save_jira, jira_file, jira))
    saver.start()
    state = LocalState(
        os.getpid(), endpoint, REGION, jira.url, JIRA_EMAIL, JIRA_TOKEN, JIRA_PROJECT, stacks=tuple(stacks)
    )
    write_state(args.state, state)
    say("up", started)
    stop.wait()
    say("saving the state", started)
    saver.final()
    jira.stop()
    server.stop()
    return 0


def local_jira(restored: JiraStandin | None, port: int) -> JiraStandin:
    """The local Jira, started on the port after the emulator's (4567 by default) so that its URL is the same
    each `up` (on a free one when that is taken). A fresh one gets the on-call user and the project."""
    jira = restored or JiraStandin(cloud=True)
    try:
        jira.start(port)
    except OSError:
        jira.start()
    if restored is None:
        lead = jira.add_user("On-call", JIRA_EMAIL, token=JIRA_TOKEN)
        jira.add_project(JIRA_PROJECT, "Operations", lead=lead)
    return jira


def restore(state_file: Path, started: float) -> bool:
    """Put the saved state in place before the server answers; False when there is none yet."""
    if not state_file.exists():
        return False
    from generator.emulator.extensions import install

    install()  # moto patched (its clock, closeloop's operations) before its objects are read back
    persistence.restore(persistence.load(state_file))
    say(f"AWS state read back from {state_file}", started)
    return True


def restored_stacks(endpoint: str) -> list[LocalStack]:
    """The stacks the restored state holds (none after an `up --no-stack`)."""
    from generator.emulator.lambdas.urls import rehome

    rehome(endpoint)  # function URLs answer on this port, whichever the saved state was served on
    return closeloop_stacks(endpoint)


if __name__ == "__main__":
    sys.exit(main())
