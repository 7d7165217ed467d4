"""Scenario files: every shipped one loads; a bad one is refused with its file, line and field."""

from pathlib import Path

import pytest

from generator.cli.drill import main
from generator.document.errors import DocumentError
from generator.drill.loader import SCENARIOS, find_scenario, read_scenario, scenario_files

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
