"""`closeloop report`: per incident class, each incident's phases (detect, engage, mitigate, recover)
against the class median, whether the latest incident was faster than the one before, repeats of the
class, and its prevention actions (open, done, not doing, overdue, without owner, by owner), with a PNG
trend chart per class.

Incidents and timelines come from the closeloop table (`--table`, `--endpoint-url` for an emulator);
actions from the table's outbox items, which the webhook keeps in step with Jira, or with `--jira` from
Jira itself (one paged search of the project's action issues; settings from CLOSELOOP_JIRA_* or
`--config`), for when webhooks do not reach closeloop. Writes report.md or
report.json and trend-<class>.png into `--out` (default .closeloop/report).

Exit 0 with a report, 2 when the table or Jira cannot be read or the table holds no incident.
"""

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from domain.accounts import DisplayNames
from domain.escape.filename import safe_name
from domain.ownership import ConfigError, load_ownership, load_policy
from generator.cli.enforce import read_config
from generator.cli.usage import aws_setup_problem, output_folder
from generator.document.errors import DocumentError
from generator.postmortem.accounts_file import accounts_from_file
from generator.report.chart import trend_chart
from generator.report.jira_view import action_issues, jira_view
from generator.report.model import NO_OWNER, class_report, markdown
from generator.report.records import ActionView, outbox_view, read_incidents
from handlers.actions.accounts import JiraAccounts
from handlers.actions.jira_api import JiraApi, JiraFailure, once
from handlers.actions.settings import SettingsError, from_env, from_file


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "report", help="per-class incident trends and action status", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--class", dest="incident_class", help="one incident class (default: every class)")
    parser.add_argument("--format", choices=("md", "json"), default="md")
    parser.add_argument("--out", type=Path, default=Path(".closeloop/report"))
    parser.add_argument("--table", default="closeloop", help="the closeloop table (default: closeloop)")
    parser.add_argument("--endpoint-url", help="DynamoDB endpoint (an emulator)")
    parser.add_argument("--today", type=date.fromisoformat, help="the day 'overdue' is counted from (YYYY-MM-DD)")
    parser.add_argument("--jira", action="store_true", help="count actions as their Jira issues stand now")
    parser.add_argument("--config", type=Path, help="Jira settings file (JSON or TOML) instead of CLOSELOOP_JIRA_*")
    parser.add_argument("--policy", type=Path, help="the enforcement policy file: its not-doing label and approvers")
    parser.add_argument("--ownership", type=Path, help="the ownership map: who may approve each service's not doing")
    parser.add_argument("--accounts", type=Path, help="Jira users (JSON/YAML list) to name owners by, instead of Jira")
    parser.set_defaults(run=run_report)


def action_view(args: argparse.Namespace, connect: Callable[[], JiraApi] | None) -> tuple[ActionView, DisplayNames]:
    """How actions are counted (the outbox, or Jira with --jira) and how owners are named: by their display
    names from --accounts, else from Jira's user API when Jira is configured, else as written."""
    settings = None
    if args.jira or args.config or os.environ.get("CLOSELOOP_JIRA_URL"):
        try:
            settings = from_file(args.config) if args.config else from_env(os.environ)
        except SettingsError:
            if args.jira:
                raise
            # Jira asked only for names: an incomplete configuration costs the names, not the report.

    def connected() -> JiraApi:
        assert settings is not None
        return JiraApi.connect(settings)

    jira = once(connect or connected)
    accounts = accounts_from_file(args.accounts) if args.accounts else JiraAccounts(jira) if settings else None
    if not args.jira:
        return outbox_view, DisplayNames(accounts)
    policy = load_policy(read_config(args.policy) if args.policy else None, str(args.policy))
    ownership = load_ownership(read_config(args.ownership), str(args.ownership)) if args.ownership else None
    assert settings is not None
    view = jira_view(action_issues(jira(), settings.project), policy, ownership, jira().own_account())
    return view, DisplayNames(accounts)


def run_report(args: argparse.Namespace, connect: Callable[[], JiraApi] | None = None) -> int:
    output_folder(args.out)
    dynamodb = boto3.client("dynamodb", endpoint_url=args.endpoint_url)
    try:
        view, names = action_view(args, connect)
    except (SettingsError, ConfigError, JiraFailure) as error:
        print(f"error: cannot read the actions from Jira: {error}", file=sys.stderr)
        return 2
    except DocumentError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        incidents = read_incidents(dynamodb, args.table, args.incident_class, view)
    except (ClientError, BotoCoreError) as error:
        if aws_setup_problem(error):
            raise  # no credentials, region or profile: main() says so in one line, exit 2
        print(f"error: cannot read table '{args.table}': {error}", file=sys.stderr)
        return 2
    if not incidents:
        scope = f"of class '{args.incident_class}'" if args.incident_class else "at all"
        print(f"error: table '{args.table}' holds no incident {scope}", file=sys.stderr)
        return 2
    today = args.today or date.today()
    classes = sorted({i.incident_class for i in incidents})
    reports = [class_report(c, [i for i in incidents if i.incident_class == c], today) for c in classes]
    charts = {
        r.incident_class: trend_chart(r, args.out / f"trend-{safe_name(r.incident_class)}.png").name for r in reports
    }
    if args.format == "json":
        path = args.out / "report.json"
        owners = {owner: names(owner) for r in reports for owner in r.by_owner if owner != NO_OWNER}
        document = {"classes": [r.as_json() for r in reports], "charts": charts, "owner_names": owners}
        path.write_text(json.dumps(document, indent=2) + "\n")
    else:
        path = args.out / "report.md"
        path.write_text(markdown(reports, charts, names) + "\n")
    print(path)
    return 0
