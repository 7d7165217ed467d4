"""One drill run over every scenario (one emulator, one deploy), shared by the tests that read its results.

The local Jira and the emulator stop with the run, so the enforcement stage is wrapped: after the real stage
has run, what it left is read back for the tests, Jira over HTTP (each action issue's comments and assignee)
and the reminder ledger from the stack's table.
"""

import argparse
import io
from collections.abc import Iterator
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from domain import table
from generator.cli import drill as drill_cli
from generator.drill import seams
from generator.drill.enforcement_stage import EnforcementResult
from generator.drill.loader import scenario_files
from handlers.actions.issue_content import plain_text


@dataclass(frozen=True)
class IssueAfterEnforcement:
    assignee: str | None  # accountId
    comments: list[str]  # plain text, oldest first
    ledger: list[str]  # the reminder keys the table holds for the issue


@dataclass(frozen=True)
class EnforcedScenario:
    accounts: dict[str, str]  # username -> accountId in the scenario's Jira
    issues: dict[str, IssueAfterEnforcement]  # by key


@dataclass(frozen=True)
class DrillRun:
    status: int
    out: Path
    printed: str
    enforced: dict[str, EnforcedScenario] = field(default_factory=dict)  # by scenario name


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    drill_cli.register(parser.add_subparsers())
    args = parser.parse_args(["drill", *argv])
    status: int = args.run(args)
    return status


def read_back(state: seams.LoopState) -> EnforcedScenario:
    settings, dynamodb = state.jira.settings, state.clients.client("dynamodb")
    auth = (settings.email or "", settings.token.get_secret_value())
    issues = {}
    for key in state.issue_keys:
        api = f"{settings.base_url}/rest/api/3/issue/{key}"
        fields = requests.get(api, params={"fields": "assignee"}, auth=auth, timeout=10).json()["fields"]
        answer = requests.get(f"{api}/comment", auth=auth, timeout=10).json()
        ledger = dynamodb.query(
            TableName=state.table,
            KeyConditionExpression="#pk = :pk",
            ExpressionAttributeNames={"#pk": table.PARTITION_KEY},
            ExpressionAttributeValues={":pk": {"S": table.reminder_pk(key)}},
        )["Items"]
        issues[key] = IssueAfterEnforcement(
            assignee=(fields.get("assignee") or {}).get("accountId"),
            comments=[plain_text(comment["body"]) for comment in answer["comments"]],
            ledger=sorted(item[table.SORT_KEY]["S"] for item in ledger),
        )
    return EnforcedScenario(dict(state.jira.accounts), issues)


@pytest.fixture(scope="session")
def drill_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DrillRun]:
    out = tmp_path_factory.mktemp("drill")
    printed = io.StringIO()
    enforced: dict[str, EnforcedScenario] = {}
    stage = seams.ENFORCEMENT
    assert stage is not None, "the drill's enforcement stage is not wired (generator/drill/seams.py)"

    def enforce_and_read_back(state: seams.LoopState) -> EnforcementResult:
        result = stage(state)
        enforced[state.scenario.name] = read_back(state)
        return result

    with pytest.MonkeyPatch.context() as patch, redirect_stdout(printed):
        patch.setattr(seams, "ENFORCEMENT", enforce_and_read_back)
        status = run_cli(["--out", str(out), *[arg for name in scenario_files() for arg in ("--scenario", name)]])
    yield DrillRun(status, out, printed.getvalue(), enforced)
