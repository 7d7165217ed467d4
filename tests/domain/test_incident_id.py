"""One incident id pattern: the model, the CLI and every runbook's IncidentId parameter use the same one."""

from pathlib import Path

import pytest
import yaml

from domain.incident_id import INCIDENT_ID_PATTERN, incident_id, is_incident_id
from generator.cli import main
from tests.conftest import ROOT


@pytest.mark.parametrize("good", ["INC-42", "INC-2026-0042", "sev1.checkout_7"])
def test_ordinary_ids_pass(good: str) -> None:
    assert is_incident_id(good) and incident_id(good) == good


@pytest.mark.parametrize("bad", ['INC-9\\"', "INC 9", "-INC", "I", "x" * 65, "INC/9", "INC:9", ""])
def test_ids_that_would_need_escaping_are_refused(bad: str) -> None:
    assert not is_incident_id(bad)
    with pytest.raises(ValueError, match="not an incident id"):
        incident_id(bad)


def test_every_runbook_takes_the_one_pattern() -> None:
    documents = sorted((ROOT / "templates" / "ssm").glob("*.yaml"))
    patterns = {
        path.name: yaml.safe_load(path.read_text(encoding="utf-8"))["parameters"]["IncidentId"]["allowedPattern"]
        for path in documents
        if "IncidentId" in yaml.safe_load(path.read_text(encoding="utf-8")).get("parameters", {})
    }
    assert len(patterns) >= 3
    assert set(patterns.values()) == {INCIDENT_ID_PATTERN}


def test_the_cli_refuses_a_bad_id_in_one_line_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["postmortem", "draft", "--incident", 'INC-9\\"', "--out", str(tmp_path / "p.yaml")])
    assert exited.value.code == 2
    error = capsys.readouterr().err.splitlines()[-1]
    assert "argument --incident" in error and "is not an incident id" in error
