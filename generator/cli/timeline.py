"""`closeloop timeline add|show`: write an incident timeline event, or show the timeline and where its time went.

  closeloop timeline add --incident ID --kind KIND --at TIME --text TEXT [--source S] [--actor A]
  closeloop timeline show --incident ID [--format md|json|png] [--out FILE]

TIME is ISO-8601 with a zone (2026-11-29T17:05:00Z, 2026-11-29T18:05+01:00) or `now`; a time without a
zone is refused. Both read and write the closeloop table (--table, default $CLOSELOOP_TABLE or
`closeloop`); --endpoint-url sends the calls to an emulator. Exit 0 on success, 1 when AWS refuses or
the incident has no events, 2 on unusable input.
"""

import argparse
import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError
from pydantic import ValidationError

from domain.incident_id import incident_id
from domain.ownership import ConfigError
from domain.timeline import Kind, TimelineEvent, parse_time
from domain.timeline_store import TimelineStore
from generator.cli.account_names import account_names, add_ownership_argument
from generator.cli.usage import aws_client, aws_setup_problem, output_file
from generator.timeline.report import as_json, markdown

DEFAULT_SOURCE = "closeloop timeline add"
# Clocks disagree a little; an event further ahead than this is a typo (a wrong date or zone).
FUTURE_TOLERANCE = timedelta(minutes=5)


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser("timeline", help="add to or show an incident's timeline", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    actions = parser.add_subparsers(dest="timeline_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="record one event")
    add.add_argument("--incident", required=True, type=incident_id, help="the incident's id")
    add.add_argument("--kind", required=True, choices=[kind.value for kind in Kind])
    add.add_argument("--at", required=True, help="when it happened: ISO-8601 with a zone, or `now`")
    add.add_argument("--text", required=True, help="what happened, in a sentence")
    add.add_argument("--source", default=DEFAULT_SOURCE, help="where the evidence is: URL, ARN, ticket, commit")
    add.add_argument("--actor", help="who did it (default: your AWS identity)")
    show = actions.add_parser("show", help="the timeline, its phases and checks")
    show.add_argument("--incident", required=True, type=incident_id)
    show.add_argument("--format", choices=("md", "json", "png"), default="md")
    show.add_argument("--out", type=Path, help="write here instead of standard output (png: default ID-timeline.png)")
    add_ownership_argument(show)
    for sub in (add, show):
        sub.add_argument("--table", default=os.environ.get("CLOSELOOP_TABLE", "closeloop"))
        sub.add_argument("--endpoint-url", help="send AWS calls here (an emulator) instead of AWS")
        sub.add_argument("--region", help="the AWS region (default: your configuration's)")
    add.set_defaults(run=run_add)
    show.set_defaults(run=run_show)


def run_add(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    try:
        occurred = now if args.at.strip().lower() == "now" else parse_time(args.at, "--at")
    except ValueError as error:
        return _fail(str(error), 2)
    if occurred - now > FUTURE_TOLERANCE:
        return _fail(f"--at '{args.at}' is {occurred - now} in the future: give when it happened", 2)
    try:
        actor = args.actor or str(aws_client(args, "sts").get_caller_identity()["Arn"])
        event = TimelineEvent(
            incident_id=args.incident,
            kind=Kind(args.kind),
            occurred_at=occurred,
            recorded_at=now,
            actor=actor,
            source=args.source,
            text=args.text,
        )
        created = TimelineStore(aws_client(args, "dynamodb"), args.table).put(event)
    except ValidationError as error:
        return _fail("; ".join(f"--{e['loc'][0]}: {e['msg']}" for e in error.errors()), 2)
    except (BotoCoreError, ClientError) as error:
        if aws_setup_problem(error):
            raise  # no credentials, region or profile: main() says so in one line, exit 2
        return _fail(f"table {args.table}: {error}", 1)
    state = "recorded" if created else "already on the timeline"
    print(
        f"{state}: {event.event_id} ({event.kind.value} at {event.occurred_at:%Y-%m-%dT%H:%M:%SZ}) on {args.incident}"
    )
    return 0


def run_show(args: argparse.Namespace) -> int:
    if args.out:
        output_file(args.out)
    try:
        places = account_names(args.ownership)
    except ConfigError as error:
        return _fail(str(error), 2)
    try:
        events = TimelineStore(aws_client(args, "dynamodb"), args.table).events(args.incident)
    except (BotoCoreError, ClientError) as error:
        if aws_setup_problem(error):
            raise  # no credentials, region or profile: main() says so in one line, exit 2
        return _fail(f"table {args.table}: {error}", 1)
    if not events:
        return _fail(f"incident {args.incident} has no timeline events in table {args.table}", 1)
    if args.format == "png":
        from generator.timeline.chart import render  # matplotlib only when a chart is asked for

        path = render(args.incident, events, args.out or Path(f"{args.incident}-timeline.png"), places)
        print(f"wrote {path} ({len(events)} events)")
        return 0
    text = (
        markdown(args.incident, events, places)
        if args.format == "md"
        else json.dumps(as_json(args.incident, events), indent=2) + "\n"
    )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out} ({len(events)} events)")
    else:
        sys.stdout.write(text)
    return 0


def _fail(message: str, status: int) -> int:
    print(f"closeloop timeline: {message}", file=sys.stderr)
    return status
