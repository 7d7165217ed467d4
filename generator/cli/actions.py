"""`closeloop actions push FILE`: put a postmortem's prevention actions into Jira, once each.

Jira settings come from CLOSELOOP_JIRA_URL, CLOSELOOP_JIRA_EMAIL, CLOSELOOP_JIRA_TOKEN and
CLOSELOOP_JIRA_PROJECT, or from `--config FILE` (JSON or TOML: url, email, token, project). Every action is
written to the outbox (`--outbox`, default .closeloop/outbox.json) before Jira is asked, and stays there,
queued with the reason, until its issue is in Jira; run the push again to retry.

Before anything is written (not even the outbox) Jira is asked, once, whether the settings can work: the
credentials, the project and its issue type, the link type and the incident ticket. Settings Jira refuses,
and a URL that is missing or where nothing answers, are named and end the push with exit 2. A Jira that
cannot answer right now (rate limited, 5xx) is not a verdict: the actions are queued as always.

The postmortem is checked first with `closeloop postmortem check`'s rules, owners verified against the same
Jira: on any error nothing is queued or sent, and each problem is one line naming file, line and field.

One push of an incident at a time: a second one waits (`--wait`, default 30 s) for the first to end, then
reads what it wrote; if it is still running then, the second exits 1 naming it, and nothing is lost.

With `--table NAME` the outbox is the stack's table, shared with the actions Lambda: a CLI push and the
Lambda's push of one incident then take the same lease in the table and never overlap.

Exit 0 when every action is in Jira, 1 when any is still queued (or another push is running), 2 when an
input is unusable or the check finds an error.
"""

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from domain.evidence import region_of
from domain.postmortem import Postmortem
from generator.cli import enforce
from generator.document.errors import DocumentError
from generator.postmortem.engine import check_file
from generator.postmortem.loader import read_file
from generator.validator.finding import Severity
from handlers.actions import preflight
from handlers.actions.accounts import JiraAccounts
from handlers.actions.jira_api import JiraApi, JiraFailure, UnusableSettings, once
from handlers.actions.lease import LEASE_SECONDS, Busy, DynamoLease, FileLease, Lease, held, this_process
from handlers.actions.outbox import DynamoOutbox, IncidentContext, JsonFileOutbox, Outbox, OutboxError
from handlers.actions.report import Outcome, PushReport
from handlers.actions.service import DuplicateActionIds, enqueue, push
from handlers.actions.settings import JiraSettings, SettingsError, from_env, from_file

DEFAULT_OUTBOX = Path(".closeloop/outbox.json")
POSTMORTEM_URL_ENV = "CLOSELOOP_POSTMORTEM_URL"
DEFAULT_WAIT = 30.0


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser("actions", help="prevention actions in Jira", description=__doc__)
    commands = parser.add_subparsers(dest="actions_command", required=True, metavar="ACTION_COMMAND")
    push_parser = commands.add_parser(
        "push",
        help="create or update one Jira issue per prevention action",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    push_parser.add_argument("file", type=Path, help="the postmortem (YAML)")
    push_parser.add_argument("--dry-run", action="store_true", help="read Jira, write nothing, say what would happen")
    push_parser.add_argument("--format", choices=("text", "json"), default="text")
    push_parser.add_argument("--outbox", type=Path, default=DEFAULT_OUTBOX, help=f"default: {DEFAULT_OUTBOX}")
    push_parser.add_argument(
        "--table",
        metavar="NAME",
        help="keep the outbox in the stack's table (shared with the actions Lambda, one push at a time across both) "
        "instead of --outbox",
    )
    push_parser.add_argument(
        "--wait",
        type=float,
        default=DEFAULT_WAIT,
        metavar="SECONDS",
        help=f"when another push of the incident is running, wait this long for it (default {DEFAULT_WAIT:g})",
    )
    push_parser.add_argument(
        "--config", type=Path, help="Jira settings file (JSON or TOML) instead of CLOSELOOP_JIRA_*"
    )
    push_parser.add_argument(
        "--postmortem-url",
        default=os.environ.get(POSTMORTEM_URL_ENV),
        help=f"where people read the postmortem ({{incident_id}} is replaced); each issue links to it "
        f"(default: ${POSTMORTEM_URL_ENV})",
    )
    push_parser.add_argument(
        "--region", default=region_of(os.environ), help="the evidence bucket's region, for console links"
    )
    push_parser.set_defaults(run=run_push)
    enforce.add_parser(commands)


def incident_context(
    postmortem: Postmortem, region: str | None = None, postmortem_url: str | None = None
) -> IncidentContext:
    incident = postmortem.incident
    return IncidentContext(
        id=incident.id,
        title=incident.title,
        incident_class=incident.incident_class,
        severity=incident.severity,
        service=incident.service,
        ticket=incident.ticket,
        evidence=tuple(postmortem.evidence),
        region=region,
        postmortem_url=postmortem_url.format(incident_id=incident.id) if postmortem_url else None,
    )


def connector(config: Path | None) -> Callable[[], JiraApi]:
    def connect() -> JiraApi:
        settings: JiraSettings = from_file(config) if config else from_env(os.environ)
        return JiraApi.connect(settings)

    return connect


def refused(path: Path, connect: Callable[[], JiraApi] | None) -> bool:
    """Run the postmortem rules (owners asked of Jira); print every finding; True when any is an error.
    Without a usable Jira (`connect` None) only errors are printed: the settings' own error says the rest."""
    findings = check_file(path, JiraAccounts(connect) if connect else None)
    for finding in findings:
        if connect or finding.severity == Severity.ERROR:
            print(finding.as_text(), file=sys.stderr)
    errors = sum(finding.severity == Severity.ERROR for finding in findings)
    if errors:
        print(f"{path}: {errors} error(s): nothing pushed; fix them and push again", file=sys.stderr)
    return errors > 0


def unusable(connect: Callable[[], JiraApi]) -> SettingsError | None:
    """Connect and check the settings, once, before anything is written: what makes them unusable (missing,
    or refused by Jira), or None. A Jira that cannot answer now is no verdict: the push queues with why."""
    try:
        preflight.check_settings(connect(), need_link_type=True)
    except JiraFailure:
        return None
    except SettingsError as error:
        return error
    return None


def check_ticket(connect: Callable[[], JiraApi], incident: IncidentContext) -> None:
    """The incident ticket the actions link to is in Jira (a Jira that cannot answer now is no verdict)."""
    try:
        missing = preflight.missing_tickets(connect(), [incident.ticket] if incident.ticket else [])
    except JiraFailure:
        return
    if missing:
        raise UnusableSettings("; ".join(missing.values()))


def print_report(report: PushReport, output_format: str) -> None:
    if output_format == "json":
        print(json.dumps(report.as_json(), indent=2))
        return
    for result in report.results:
        print(result.as_text())
    counts = ", ".join(f"{report.count(o)} {o.value}" for o in Outcome)
    print(
        f"{len(report.results)} action(s): {counts}" + (" (dry run: nothing written)" if report.dry_run else ""),
        file=sys.stderr,
    )


def run_push(args: argparse.Namespace, connect: Callable[[], JiraApi] | None = None) -> int:
    connect = once(connect or connector(args.config))
    try:
        if args.config is not None and not args.config.is_file():
            raise SettingsError(f"{args.config}: no such settings file")
        problem = unusable(connect)
        if refused(args.file, None if problem else connect):
            return 2
        if problem:
            raise problem
        postmortem = read_file(args.file).postmortem
        incident = incident_context(postmortem, args.region, args.postmortem_url)
        check_ticket(connect, incident)
        if incident.postmortem_url is None:
            print(f"note: the issues do not link to the postmortem: give --postmortem-url or set "
                  f"{POSTMORTEM_URL_ENV}", file=sys.stderr)  # fmt: skip
    except DocumentError as error:
        print(error.describe(), file=sys.stderr)
        return 2
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        store, lease = stores(args)
        if args.dry_run:
            return queue_and_push(args, postmortem, incident, connect, store)
        with held(lease, incident.id, wait=args.wait):  # one push of the incident at a time; then read the outbox
            return queue_and_push(args, postmortem, incident, connect, store)
    except Busy as busy:
        print(f"error: {busy}", file=sys.stderr)
        return 1
    except Exception as error:  # with --table, botocore's: one line, no traceback
        said = table_problem(args, error)
        if said is None:
            raise
        print(f"error: {said}", file=sys.stderr)
        return 2


def table_problem(args: argparse.Namespace, error: Exception) -> str | None:
    """What went wrong with the table `--table` names, in one line; None for anything else."""
    if not getattr(args, "table", None):
        return None
    from botocore.exceptions import BotoCoreError, ClientError

    from generator.cli.usage import aws_setup_problem

    if not isinstance(error, BotoCoreError | ClientError):
        return None
    return f"table {args.table}: {aws_setup_problem(error) or error}"


def lease_folder(outbox: Path) -> Path:
    return outbox.with_name(outbox.name + ".leases")


def stores(args: argparse.Namespace) -> tuple[Outbox, Lease]:
    """The outbox and the push lease: the stack's table (`--table`, shared with the Lambda) or the local file."""
    if getattr(args, "table", None):
        import boto3  # only when the table is asked for: the command starts fast without it

        dynamodb = boto3.client("dynamodb")
        return DynamoOutbox(dynamodb, args.table), DynamoLease(dynamodb, args.table, this_process(), LEASE_SECONDS)
    return JsonFileOutbox(args.outbox), FileLease(lease_folder(args.outbox))


def queue_and_push(
    args: argparse.Namespace,
    postmortem: Postmortem,
    incident: IncidentContext,
    connect: Callable[[], JiraApi],
    store: Outbox,
) -> int:
    try:
        outbox = None if args.dry_run else store
        entries = enqueue(outbox, incident, postmortem.actions)
        if args.dry_run:
            # A dry run reads what earlier pushes recorded (keys, links) without writing it.
            known = {e.action.id: e for e in store.entries(postmortem.incident.id)}
            entries = [
                known[e.action.id].model_copy(update={"action": e.action, "incident": e.incident})
                if e.action.id in known
                else e
                for e in entries
            ]
    except (OutboxError, DuplicateActionIds) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    report = push(entries, outbox, connect)
    print_report(report, args.format)
    return 1 if report.count(Outcome.QUEUED) else 0
