"""`closeloop postmortem draft|check|render`: the postmortem document, from records to a checked report.

- `draft --incident ID [--out FILE]`: pre-fill a postmortem from the timeline table and evidence manifest.
- `check FILE [--format text|json] [--accounts FILE]`: completeness and quality rules. Exit 0 when no
  error is found, 1 when one is, 2 when the file is unusable (unreadable or unparseable).
- `render FILE [--out DIR]`: Markdown with a timeline chart (PNG) and evidence links.
"""

import argparse
import json
import os
import sys
from pathlib import Path

from domain.accounts import AccountResolver, DisplayNames
from domain.evidence import region_of
from domain.incident_id import incident_id
from domain.ownership import ConfigError
from generator.cli.account_names import account_names, add_ownership_argument
from generator.cli.usage import output_file, output_folder
from generator.document.errors import DocumentError
from generator.postmortem.accounts_file import accounts_from_file
from generator.postmortem.draft import draft_yaml
from generator.postmortem.engine import check_file
from generator.postmortem.loader import read_file
from generator.postmortem.records import RecordsError, read_records
from generator.postmortem.render import render_report
from generator.postmortem.rules.unreadable_file import UnreadableFile
from generator.validator.finding import Finding, Severity

TABLE_ENV = "CLOSELOOP_TABLE"
BUCKET_ENV = "CLOSELOOP_EVIDENCE_BUCKET"


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser("postmortem", help="draft, check and render postmortems", description=__doc__)
    commands = parser.add_subparsers(dest="postmortem_command", required=True, metavar="SUBCOMMAND")

    draft = commands.add_parser("draft", help="pre-fill a postmortem from the incident's records")
    draft.add_argument("--incident", required=True, type=incident_id, help="the incident id (e.g. INC-42)")
    draft.add_argument("--out", type=Path, help="where to write the YAML (default: standard output)")
    draft.add_argument(
        "--table", default=os.environ.get(TABLE_ENV), help=f"the closeloop table (default: ${TABLE_ENV})"
    )
    draft.add_argument(
        "--bucket", default=os.environ.get(BUCKET_ENV), help=f"the evidence bucket (default: ${BUCKET_ENV})"
    )
    draft.add_argument("--endpoint-url", help="an AWS endpoint to use instead of AWS's (e.g. a local emulator)")
    draft.add_argument("--force", action="store_true", help="overwrite --out when it exists (people's edits are lost)")
    draft.set_defaults(run=run_draft)

    check = commands.add_parser("check", help="check a postmortem's completeness and quality")
    check.add_argument("file", type=Path)
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--accounts", type=Path, help="Jira users (JSON/YAML list) to verify owners against")
    check.set_defaults(run=run_check)

    render = commands.add_parser("render", help="render a postmortem as Markdown with a timeline chart")
    render.add_argument("file", type=Path)
    render.add_argument("--out", type=Path, help="the folder to write into (default: the file's folder)")
    render.add_argument(
        "--accounts", type=Path, help="Jira users (JSON/YAML list) to name people by (default: ask CLOSELOOP_JIRA_URL)"
    )
    render.add_argument("--region", default=region_of(os.environ), help="the evidence bucket's region (console links)")
    add_ownership_argument(render)
    render.set_defaults(run=run_render)


def run_draft(args: argparse.Namespace) -> int:
    if not args.table:
        print(f"closeloop postmortem draft: give --table or set {TABLE_ENV}", file=sys.stderr)
        return 2
    if args.out:
        output_file(args.out)
    if args.out and args.out.exists() and not args.force:
        print(
            f"closeloop postmortem draft: {args.out} exists and may hold people's edits: give --force", file=sys.stderr
        )
        return 2
    try:
        records = read_records(args.incident, args.table, args.bucket, args.endpoint_url)
    except RecordsError as error:
        print(f"closeloop postmortem draft: {error}", file=sys.stderr)
        return 2
    text = draft_yaml(records)
    for note in records.notes:
        print(f"note: {note}", file=sys.stderr)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(
            f"wrote {args.out}: fill in every TODO, then run `closeloop postmortem check {args.out}`", file=sys.stderr
        )
    else:
        sys.stdout.write(text)
    return 0


JIRA_URL_ENV = "CLOSELOOP_JIRA_URL"


def account_resolver(args: argparse.Namespace) -> AccountResolver | None:
    """The accounts file when given; else Jira itself when CLOSELOOP_JIRA_URL says where it is; else none
    (owners are then reported unverified, PW141)."""
    if args.accounts:
        return accounts_from_file(args.accounts)
    if os.environ.get(JIRA_URL_ENV):
        # Imported here: only a check against live Jira needs the jira client loaded.
        from generator.cli.actions import connector
        from handlers.actions.accounts import JiraAccounts

        return JiraAccounts(connector(None))
    return None


def run_check(args: argparse.Namespace) -> int:
    try:
        accounts = account_resolver(args)
    except DocumentError as error:
        print(f"closeloop postmortem check: {error}", file=sys.stderr)
        return 2
    findings = check_file(args.file, accounts)
    if args.format == "json":
        print(json.dumps([f.as_json() for f in findings], indent=2))
    else:
        for finding in findings:
            print(finding.as_text())
        errors = sum(f.severity == Severity.ERROR for f in findings)
        print(f"{args.file}: {errors} error(s), {len(findings) - errors} other finding(s)", file=sys.stderr)
    return exit_status(findings)


def exit_status(findings: list[Finding]) -> int:
    if any(f.rule == UnreadableFile.id for f in findings):
        return 2
    return 1 if any(f.severity == Severity.ERROR for f in findings) else 0


def run_render(args: argparse.Namespace) -> int:
    out = output_folder(args.out or args.file.parent)
    try:
        loaded = read_file(args.file)
    except DocumentError as error:
        print(f"closeloop postmortem render: the postmortem cannot be read:\n{error}", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)  # a place that refuses it is said in one line (generator.cli.main)
    try:
        accounts = account_resolver(args)
        places = account_names(args.ownership)
    except (DocumentError, ConfigError) as error:
        print(f"closeloop postmortem render: {error}", file=sys.stderr)
        return 2
    if accounts is None:
        print("note: no Jira to ask (--accounts or CLOSELOOP_JIRA_URL): people are shown by account", file=sys.stderr)
    names = DisplayNames(accounts)
    for path in render_report(loaded.postmortem, out, args.file.stem, names, args.region, places):
        print(f"wrote {path}")
    return 0
