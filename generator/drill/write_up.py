"""The postmortem: drafted from the timeline and the manifest, its judgement fields filled from the scenario
(owners as the local Jira's accounts), checked with owners verified against Jira, and rendered."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from domain.accounts import AccountResolver, DisplayNames
from domain.postmortem import Postmortem, is_placeholder
from generator.drill.scenario import Scenario
from generator.postmortem.draft import draft_data
from generator.postmortem.engine import check_file
from generator.postmortem.loader import read_file
from generator.postmortem.records import read_records
from generator.postmortem.render import render_report
from generator.validator.finding import Finding, Severity

HEADER = "# Drafted by `closeloop drill` from the incident's records; judgement fields from scenario {name}.\n"


class PostmortemError(Exception):
    """The filled postmortem does not pass `closeloop postmortem check`."""


@dataclass(frozen=True)
class WrittenPostmortem:
    path: Path
    postmortem: Postmortem
    findings: list[Finding]
    rendered: list[Path]


def draft(incident_id: str, table_name: str, bucket: str, dynamodb: Any, s3: Any, today: date) -> dict[str, Any]:
    records = read_records(incident_id, table_name, bucket, dynamodb=dynamodb, s3=s3)
    return draft_data(records, today)


def fill(data: dict[str, Any], scenario: Scenario, accounts: dict[str, str]) -> dict[str, Any]:
    """The draft with the scenario's judgement in place of every TODO the records could not answer."""
    judgement = scenario.postmortem
    today = datetime.fromisoformat(str(data["written_on"])).date()
    data["summary"] = judgement.summary
    data["impact"] = {"description": judgement.impact, "user_affecting": judgement.user_affecting}
    answers = data["answers"]
    answers["what_happened"] = judgement.what_happened
    answers["what_changed"] = judgement.what_changed
    unanswered = [name for name, value in answers.items() if is_placeholder(str(value))]
    if unanswered:
        raise PostmortemError(f"the records leave {', '.join(unanswered)} unanswered: the drill's timeline is short")
    data["root_cause"] = judgement.root_cause
    data["contributing_factors"] = [f.model_dump(mode="json") for f in judgement.contributing_factors]
    data["actions"] = [
        {
            "id": a.id,
            "title": a.title,
            "type": a.type.value,
            "owner": accounts[a.owner],
            "due": (today + timedelta(days=a.due_in_days)).isoformat(),
            "priority": a.priority.value,
            "done_condition": a.done_condition,
        }
        for a in judgement.actions
    ]
    return data


def write(data: dict[str, Any], path: Path, scenario: Scenario) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)
    path.write_text(HEADER.format(name=scenario.name) + text, encoding="utf-8")


def check_and_render(path: Path, accounts: AccountResolver) -> WrittenPostmortem:
    findings = check_file(path, accounts)
    errors = [f for f in findings if f.severity == Severity.ERROR]
    if errors:
        raise PostmortemError("closeloop postmortem check found errors:\n" + "\n".join(f.as_text() for f in errors))
    postmortem = read_file(path).postmortem
    rendered = render_report(postmortem, path.parent, path.stem, DisplayNames(accounts))
    return WrittenPostmortem(path, postmortem, findings, rendered)
