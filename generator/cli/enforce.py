"""`closeloop actions enforce`: run the daily enforcement locally, the same service the Lambda runs.

Reads every prevention-action issue in the Jira project and fixes or flags it: assigns the service owner
from the ownership map, sets a due date from the policy, flags a due date past its priority's cap, reminds
(in Jira and through the owner's SNS topic), escalates, and reopens "not doing" without a reason and an
approver. What was sent is kept in `--ledger` (default .closeloop/reminders.json), so a rerun sends
nothing twice; `--dry-run` reads the ledger and Jira, writes nothing, and prints what it would do.

Exit 0 when everything was done, 1 when a write failed (it is retried next run), 2 when an input is unusable.
"""

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import boto3
import yaml

from domain.ownership import ConfigError, EnforcementPolicy, OwnershipMap, load_ownership, load_policy
from handlers.actions.jira_api import JiraFailure
from handlers.actions.outbox import JsonFileOutbox, OutboxError
from handlers.actions.settings import SettingsError
from handlers.enforcement.config import service_lookup
from handlers.enforcement.ledger import JsonFileLedger
from handlers.enforcement.notify import Notifier, SnsNotifier
from handlers.enforcement.service import EnforcementReport, Enforcer

DEFAULT_LEDGER = Path(".closeloop/reminders.json")


def add_parser(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "enforce",
        help="keep every action issue owned, dated and reminded (what the daily Lambda does)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--ownership", type=Path, required=True, help="the ownership map (YAML or JSON)")
    parser.add_argument("--policy", type=Path, help="a policy file overriding the default (YAML or JSON)")
    parser.add_argument("--dry-run", action="store_true", help="read Jira and the ledger, write nothing")
    parser.add_argument("--now", type=date.fromisoformat, help="the day to enforce as (YYYY-MM-DD); default today")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--outbox", type=Path, default=Path(".closeloop/outbox.json"), help="where incidents' services are"
    )
    parser.add_argument("--ledger", type=Path, default=DEFAULT_LEDGER, help=f"default: {DEFAULT_LEDGER}")
    parser.add_argument("--config", type=Path, help="Jira settings file (JSON or TOML) instead of CLOSELOOP_JIRA_*")
    parser.add_argument("--endpoint-url", help="SNS endpoint (an emulator) for reminders")
    parser.set_defaults(run=run_enforce)


def read_config(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: cannot read: nested too deeply") from None


def inputs(args: argparse.Namespace) -> tuple[OwnershipMap, EnforcementPolicy]:
    ownership = load_ownership(read_config(args.ownership), str(args.ownership))
    policy = load_policy(read_config(args.policy) if args.policy else None, str(args.policy))
    return ownership, policy


def print_report(report: EnforcementReport, output_format: str) -> None:
    if output_format == "json":
        print(json.dumps(report.as_json(), indent=2))
        return
    for outcome in report.outcomes:
        step = outcome.step
        print(f"{step.issue_key}: {step.kind.value}: {outcome.result}: {step.text}")
    suffix = " (dry run: nothing written)" if report.dry_run else ""
    print(f"{report.issues} action issue(s), {len(report.outcomes)} step(s){suffix}", file=sys.stderr)


def notifier(args: argparse.Namespace) -> Notifier:
    """SNS for a real pass; a dry run publishes nothing, so it needs no AWS region or credentials."""
    if args.dry_run:
        return lambda topic, subject, message: False
    return SnsNotifier(boto3.client("sns", endpoint_url=args.endpoint_url))


def run_enforce(args: argparse.Namespace, enforcer: Enforcer | None = None) -> int:
    from generator.cli.actions import connector  # the push's settings rules, one place

    try:
        if enforcer is None:
            ownership, policy = inputs(args)
            service_of = service_lookup(JsonFileOutbox(args.outbox))
            api = connector(args.config)()
            enforcer = Enforcer(api, ownership, policy, JsonFileLedger(args.ledger), notifier(args), service_of)
        report = enforcer.run(args.now or date.today(), dry_run=args.dry_run)
    except (ConfigError, SettingsError, OutboxError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except JiraFailure as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print_report(report, args.format)
    return 1 if report.failed() else 0
