"""Rule behaviour the fixture files do not show: Jira unreachable, a team's policy, who counts as a person."""

from dataclasses import replace

import pytest

from domain.accounts import AccountLookupError, JiraAccount
from domain.action import DueDatePolicy, Priority
from generator.postmortem.context import CheckContext, CheckPolicy
from generator.postmortem.engine import check_context
from generator.postmortem.loader import read_file
from generator.postmortem.registry import rule_by_id, rule_for_path
from generator.postmortem.rules.blameless import people
from tests.generator.postmortem.conftest import COMPLETE, fixture_accounts


def context(**changes: object) -> CheckContext:
    loaded = read_file(COMPLETE)
    ctx = CheckContext(loaded.postmortem, loaded.data, loaded.source, loaded.text, fixture_accounts())
    return replace(ctx, **changes)  # type: ignore[arg-type]


def test_when_jira_cannot_be_asked_owners_are_unverified_not_wrong() -> None:
    def unreachable(key: str) -> JiraAccount | None:
        raise AccountLookupError("Jira answered 503")

    findings = check_context(context(accounts=unreachable))
    assert {f.rule for f in findings} == {"PW141"}
    assert findings[0].message.endswith("is unverified: Jira answered 503")


def test_a_team_policy_can_cap_medium_priority_and_add_verbs() -> None:
    policy = CheckPolicy(due_dates=DueDatePolicy(caps={Priority.MEDIUM: 30}), action_verbs=frozenset({"lower"}))
    findings = check_context(context(policy=policy))
    assert [(f.rule, f.path) for f in findings] == [("PE142", "actions[2].due")]
    assert "within 30 days of 2026-11-24, by 2026-12-24" in findings[0].message


def test_stricter_answer_length_flags_short_answers() -> None:
    findings = check_context(context(policy=CheckPolicy(min_answer_words=20)))
    short = {"answers.when_it_started", "answers.how_detected", "answers.what_changed"}
    assert {f.path for f in findings if f.rule == "PE101"} == short


def test_people_come_from_accounts_emails_and_session_names_but_not_roles_or_services() -> None:
    names = set(people(context()))
    assert {"Priya Raman", "Priya", "priya.raman", "tlindqvist", "Tomas Lindqvist", "grace.okafor"} <= names
    assert not names & {"aws.cloudwatch", "aws.codedeploy", "Oncall"}


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("The rollback waited for Priya to approve.", True),
        ("The grace period for retries was too short.", False),  # a first name only counts capitalised
        ("The pool default changed from 100 to 10, a human-error-prone default.", False),
        ("It was operator error.", True),
    ],
)
def test_what_counts_as_naming_a_person(text: str, flagged: bool) -> None:
    ctx = context()
    ctx = replace(ctx, postmortem=ctx.postmortem.model_copy(update={"root_cause": text}))
    assert any(f.rule == "PE130" for f in check_context(ctx, [rule_by_id("PE130")])) is flagged


def test_refused_fields_go_to_the_rule_that_owns_them() -> None:
    assert rule_for_path("actions[3].owner").id == "PE140"
    assert rule_for_path("timeline[0].occurred_at").id == "PE111"
    assert rule_for_path("answers.how_detected").id == "PE101"
    assert rule_for_path("actions[0].colour").id == "PE001"
