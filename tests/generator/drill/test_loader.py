"""Scenario files: every shipped one loads; a bad one is refused with its file, line and field."""

import io
from pathlib import Path

import pytest

from generator.cli.drill import main
from generator.document.errors import DocumentError
from generator.drill.loader import SCENARIOS, find_scenario, read_scenario, scenario_files
from generator.drill.progress import Progress
from generator.drill.run import DrillError, run_drill

BAD_DEPLOY = SCENARIOS / "bad-deploy.yaml"


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = BAD_DEPLOY.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "bad-deploy.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if needle in line)


@pytest.mark.parametrize("name", sorted(scenario_files()))
def test_every_shipped_scenario_loads_under_its_own_name(name: str) -> None:
    scenario = find_scenario(name)
    assert scenario.name == name and scenario.earlier.id and scenario.postmortem.actions


def test_a_wrong_type_names_the_file_the_line_and_the_field(tmp_path: Path) -> None:
    path = _edited(tmp_path, "lines: 400", "lines: many")
    with pytest.raises(DocumentError) as raised:
        read_scenario(path)
    message = raised.value.describe()
    assert f"{path}:{_line(path, 'lines: many')}: failure.logs.lines:" in message and "'many'" in message


def test_an_unknown_field_is_refused_where_it_is(tmp_path: Path) -> None:
    path = _edited(tmp_path, "severity: SEV2", "severity: SEV2\nseverty: SEV3")
    with pytest.raises(DocumentError) as raised:
        read_scenario(path)
    assert f"{path}:{_line(path, 'severty')}: severty: unknown field" in raised.value.describe()


def test_an_owner_who_is_not_one_of_the_people_is_refused(tmp_path: Path) -> None:
    path = _edited(tmp_path, "owner: grace", "owner: gracie")
    with pytest.raises(DocumentError) as raised:
        read_scenario(path)
    assert f"{path}:{_line(path, 'owner: gracie')}: postmortem.actions[1].owner: 'gracie' is not one of the people" in (
        raised.value.describe()
    )


def test_a_missing_section_and_bad_yaml_are_refused(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    missing.write_text("name: x-y\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="failure: required field is missing"):
        read_scenario(missing)
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"broken.yaml:\d+: \(document\): not valid YAML"):
        read_scenario(broken)


def test_an_unknown_scenario_lists_the_known_ones() -> None:
    with pytest.raises(DocumentError, match="no scenario 'nope': there are bad-deploy, capacity-exhaustion"):
        find_scenario("nope")


def test_the_command_refuses_a_bad_scenario_before_it_starts_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _edited(tmp_path, "severity: SEV2", "severity: high")
    assert main(["--out", str(tmp_path / "out"), "--scenario", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:{_line(path, 'severity: high')}: severity:" in err
    assert not (tmp_path / "out").exists()


OWNERS = "checkout: {owner: tomas, escalation: priya}"
SERVICE = "enforcement.ownership.services"


@pytest.mark.parametrize(
    ("old", "new", "needle", "field", "message"),
    [
        (OWNERS, "checkout: {owner: tomasz, escalation: priya}", "tomasz", f"{SERVICE}.checkout.owner",
         "'tomasz' is not one of the people"),
        (OWNERS, "checkout: {owner: tomas, escalaton: priya}", "escalaton", f"{SERVICE}.checkout.escalaton",
         "unknown field"),
        (OWNERS, "checkout: {owner: tomas}", "checkout: {owner", f"{SERVICE}.checkout.escalation",
         "required field is missing"),
        (OWNERS, "checkout-api: {owner: tomas, escalation: priya}", "    services:", SERVICE,
         "has no entry for the scenario's service 'checkout'"),
        (OWNERS, OWNERS[:-1] + ", sns_topic: 'arn:aws:sns:us-east-1:123456789012:owners'}", "sns_topic",
         f"{SERVICE}.checkout.sns_topic", "the drill's reminders go to the stack's topic: leave sns_topic out"),
        ("passes_after_days: [6, 15, 15]", "passes_after_days: [6, 15, 3]", "passes_after_days",
         "enforcement.passes_after_days[2]", "3 is before the pass on day 15"),
        ("passes_after_days: [6, 15, 15]", "passes_after_days: [6, 15, 15]\n  unassign_after_push: [A9]", "A9",
         "enforcement.unassign_after_push[0]", "'A9' is not one of the postmortem's actions ['A1', 'A2']"),
    ],
)  # fmt: skip
def test_a_bad_ownership_or_enforcement_section_names_the_file_line_and_field(
    tmp_path: Path, old: str, new: str, needle: str, field: str, message: str
) -> None:
    path = _edited(tmp_path, old, new)
    with pytest.raises(DocumentError) as raised:
        read_scenario(path)
    assert f"{path}:{_line(path, needle)}: {field}: {message}" in raised.value.describe()


def test_a_scenario_without_an_ownership_map_is_refused(tmp_path: Path) -> None:
    path = _edited(tmp_path, "  ownership:", "  ownershp:")
    with pytest.raises(DocumentError) as raised:
        read_scenario(path)
    message = raised.value.describe()
    assert f"{path}:{_line(path, 'enforcement:')}: enforcement.ownership: required field is missing" in message
    assert f"{path}:{_line(path, 'ownershp:')}: enforcement.ownershp: unknown field" in message


TIMES = "approved_after_minutes: {Triage: 10, Diagnose: 16, Mitigate: 24, Recover: 36}"


@pytest.mark.parametrize(
    ("new", "field", "message"),
    [
        ("approved_after_minutes: {Triage: 10, Diagnose: 26, Mitigate: 24, Recover: 36}",
         "response.approved_after_minutes.Mitigate", "24 is before Diagnose (26): phases are approved in order"),
        ("approved_after_minutes: {Triage: 10, Diagnose: 16, Mitigate: 24, Recover: 41}",
         "response.approved_after_minutes.Recover", "41 is after now: at most failure.started_minutes_ago (40)"),
        ("approved_after_minutes: {Triage: 10, Diagnose: 16, Mitigate: 24}",
         "response.approved_after_minutes", "no time for Recover"),
        ("approved_after_minutes: {Triage: -1, Diagnose: 16, Mitigate: 24, Recover: 36}",
         "response.approved_after_minutes.Triage", "Input should be greater than or equal to 0 (got -1)"),
    ],
)  # fmt: skip
def test_response_times_follow_the_phases_and_end_by_now(tmp_path: Path, new: str, field: str, message: str) -> None:
    path = _edited(tmp_path, TIMES, new)
    with pytest.raises(DocumentError) as raised:
        read_scenario(path)
    described = raised.value.describe()
    assert f"{path}:{_line(path, 'approved_after_minutes')}: {field}: {message}" in described, described


def test_scenarios_sharing_a_jira_project_are_refused_before_the_deploy(tmp_path: Path) -> None:
    scenario = find_scenario("bad-deploy")
    twin = scenario.model_copy(update={"name": "bad-deploy-twin"})
    with pytest.raises(DrillError, match="scenarios share the Jira project OPS"):
        run_drill([scenario, twin], tmp_path / "out", Progress(io.StringIO()))
    assert not (tmp_path / "out").exists()  # nothing started, nothing written
