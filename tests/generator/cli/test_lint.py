"""`closeloop lint`: exit codes, text and JSON output, unusable input."""

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import FIXTURES

RULES = FIXTURES / "validator"


def test_clean_documents_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(RULES / "unknown_action" / "good.yaml")]) == 0
    assert "1 document(s), 0 error(s)" in capsys.readouterr().err


def test_errors_exit_1_and_json_lists_findings(capsys: pytest.CaptureFixture[str]) -> None:
    bad = RULES / "unknown_action" / "bad.yaml"
    assert main(["lint", "--format", "json", str(bad)]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert {f["rule"] for f in findings} == {"E3001"}
    assert set(findings[0]) >= {"file", "rule", "severity", "path", "message"}
    assert findings[0]["file"] == str(bad) and findings[0]["line"] == 5


def test_unparseable_and_missing_files_exit_2_with_name_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    broken = FIXTURES / "documents" / "broken_indent.yaml"
    assert main(["lint", str(broken), str(FIXTURES / "absent.yaml")]) == 2
    out = capsys.readouterr().out
    assert f"{broken}:6: error E0000" in out
    assert "absent.yaml: error E0000 (document): cannot read the file" in out


def test_a_folder_is_linted_recursively(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "nested").mkdir()
    shutil.copy(RULES / "duplicate_step_names" / "good.yaml", tmp_path / "good.yaml")
    shutil.copy(RULES / "duplicate_step_names" / "bad.yaml", tmp_path / "nested" / "bad.yml")
    (tmp_path / "notes.txt").write_text("not a document")
    assert main(["lint", str(tmp_path)]) == 1
    assert "2 document(s), 1 error(s)" in capsys.readouterr().err


def test_the_default_is_the_generated_templates(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "templates" / "ssm").mkdir(parents=True)
    (tmp_path / "templates" / "ssm" / "My-Doc.yaml").write_text((RULES / "unknown_action" / "bad.yaml").read_text())
    monkeypatch.chdir(tmp_path)
    assert main(["lint"]) == 1
