"""`closeloop incident open|show|list|close`: declare an incident, look at it, list them, close it.

  closeloop incident open --incident ID --title T --class C --severity SEVn --service S
                          [--commander WHO] [--postmortem-owner ACCOUNT] [--started-at TIME] [--ticket KEY]
  closeloop incident show --incident ID [--format text|json]
  closeloop incident list [--class C] [--status open|closed] [--format text|json]
  closeloop incident close --incident ID [--at TIME]

The same record `Closeloop-OpenIncident` writes from the console, in the closeloop table (--table,
default $CLOSELOOP_TABLE or `closeloop`; --endpoint-url sends the calls to an emulator). Opening an
incident that exists changes nothing (exit 0, says so). TIME is ISO-8601 with a zone, or `now`.
Exit 0 on success, 1 when AWS refuses or the incident is not there, 2 on unusable input.
"""

import argparse
import json
import os
import sys
from datetime import UTC, datetime

from botocore.exceptions import BotoCoreError, ClientError
from pydantic import ValidationError

from domain.incident import SEVERITIES, IncidentRecord, Status
from domain.incident_id import incident_id
from domain.incident_store import IncidentStore
from domain.timeline import parse_time
from generator.cli.usage import aws_client, aws_setup_problem

FIELD_FLAGS = {"incident_id": "--incident", "incident_class": "--class", "started_at": "--started-at"}


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser("incident", help="open, show, list or close incidents", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    actions = parser.add_subparsers(dest="incident_command", required=True, metavar="ACTION")
    opening = actions.add_parser("open", help="declare an incident (once)")
    opening.add_argument("--incident", required=True, type=incident_id, help="the incident's id, e.g. INC-2026-0042")
    opening.add_argument("--title", required=True, help="what is wrong, in a few words")
    opening.add_argument("--class", dest="incident_class", required=True, help="e.g. bad-deploy, capacity")
    opening.add_argument("--severity", required=True, choices=SEVERITIES)
    opening.add_argument("--service", required=True, help="the service that has the problem")
    opening.add_argument("--commander", help="who runs the response (default: your AWS identity)")
    opening.add_argument("--postmortem-owner", default="", help="the Jira account that will own the postmortem")
    opening.add_argument("--started-at", default="now", help="when the impact started (default: now)")
    opening.add_argument("--ticket", default="", help="the incident's Jira issue key")
    show = actions.add_parser("show", help="one incident's record")
    show.add_argument("--incident", required=True, type=incident_id)
    listing = actions.add_parser("list", help="every incident, oldest first")
    listing.add_argument("--class", dest="incident_class", help="only this class")
    listing.add_argument("--status", choices=[status.value for status in Status])
    close = actions.add_parser("close", help="mark an incident closed")
    close.add_argument("--incident", required=True, type=incident_id)
    close.add_argument("--at", default="now", help="when it closed (default: now)")
    for sub in (show, listing):
        sub.add_argument("--format", choices=("text", "json"), default="text")
    for sub, run in ((opening, run_open), (show, run_show), (listing, run_list), (close, run_close)):
        sub.add_argument("--table", default=os.environ.get("CLOSELOOP_TABLE", "closeloop"))
        sub.add_argument("--endpoint-url", help="send AWS calls here (an emulator) instead of AWS")
        sub.add_argument("--region", help="the AWS region (default: your configuration's)")
        sub.set_defaults(run=run)


def _store(args: argparse.Namespace) -> IncidentStore:
    return IncidentStore(aws_client(args, "dynamodb"), args.table)


def _time(value: str, flag: str, now: datetime) -> datetime:
    return now if value.strip().lower() == "now" else parse_time(value, flag)


def run_open(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    try:
        started = _time(args.started_at, "--started-at", now)
        commander = args.commander or str(aws_client(args, "sts").get_caller_identity()["Arn"])
        incident = IncidentRecord(
            incident_id=args.incident,
            title=args.title,
            incident_class=args.incident_class,
            severity=args.severity,
            service=args.service,
            commander=commander,
            postmortem_owner=args.postmortem_owner,
            started_at=started,
            opened_at=now,
            ticket=args.ticket,
        )
        opened = _store(args).open(incident)
    except ValueError as error:  # a bad time, or a field the model refuses (ValidationError is one)
        return _fail(_input_error(error), 2)
    except (BotoCoreError, ClientError) as error:
        if aws_setup_problem(error):
            raise  # no credentials, region or profile: main() says so in one line, exit 2
        return _fail(f"table {args.table}: {error}", 1)
    if not opened:
        print(f"{args.incident} is open already in table {args.table}: nothing changed")
        return 0
    what = f"{incident.incident_class}, {incident.severity}, {incident.service}"
    print(f"opened {args.incident}: {incident.title} ({what})")
    return 0


def run_show(args: argparse.Namespace) -> int:
    try:
        incident = _store(args).get(args.incident)
    except (BotoCoreError, ClientError) as error:
        if aws_setup_problem(error):
            raise  # no credentials, region or profile: main() says so in one line, exit 2
        return _fail(f"table {args.table}: {error}", 1)
    if incident is None:
        return _fail(f"no incident {args.incident} in table {args.table}", 1)
    sys.stdout.write(_as_json(incident) if args.format == "json" else _describe(incident))
    return 0


def run_list(args: argparse.Namespace) -> int:
    try:
        incidents = _store(args).list(args.incident_class)
    except (BotoCoreError, ClientError) as error:
        if aws_setup_problem(error):
            raise  # no credentials, region or profile: main() says so in one line, exit 2
        return _fail(f"table {args.table}: {error}", 1)
    incidents = [i for i in incidents if args.status is None or i.status.value == args.status]
    if args.format == "json":
        sys.stdout.write(_as_json(incidents))
    else:
        for i in incidents:
            when = _at(i.started_at)
            print(f"{i.incident_id}  {i.status.value:<6}  {i.severity}  {i.incident_class:<12}  {when}  {i.title}")
    return 0


def run_close(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    try:
        closed = _store(args).close(args.incident, _time(args.at, "--at", now))
    except ValueError as error:
        return _fail(str(error), 2)
    except KeyError:
        return _fail(f"no incident {args.incident} in table {args.table}", 1)
    except (BotoCoreError, ClientError) as error:
        if aws_setup_problem(error):
            raise  # no credentials, region or profile: main() says so in one line, exit 2
        return _fail(f"table {args.table}: {error}", 1)
    print(f"closed {args.incident}" if closed else f"{args.incident} is closed already: nothing changed")
    return 0


def _input_error(error: ValueError) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(
            f"{FIELD_FLAGS.get(str(e['loc'][0]), '--' + str(e['loc'][0]).replace('_', '-'))}: {e['msg']}"
            for e in error.errors()
        )
    return str(error)


def _at(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else "-"


def _describe(incident: IncidentRecord) -> str:
    rows = [
        ("Incident", incident.incident_id),
        ("Title", incident.title),
        ("Status", incident.status.value),
        ("Class", incident.incident_class),
        ("Severity", incident.severity),
        ("Service", incident.service),
        ("Commander", incident.commander),
        ("Postmortem owner", incident.postmortem_owner or "(not named yet)"),
        ("Started", _at(incident.started_at)),
        ("Opened", _at(incident.opened_at)),
        ("Closed", _at(incident.closed_at)),
        ("Ticket", incident.ticket or "-"),
    ]
    return "".join(f"{name + ':':<18}{value}\n" for name, value in rows)


def _as_json(found: IncidentRecord | list[IncidentRecord]) -> str:
    data = [i.model_dump(mode="json") for i in found] if isinstance(found, list) else found.model_dump(mode="json")
    return json.dumps(data, indent=2) + "\n"


def _fail(message: str, status: int) -> int:
    print(f"closeloop incident: {message}", file=sys.stderr)
    return status
