"""`closeloop build`: writes templates/ from the catalogue; `--check` names every drift."""

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.compiler.build import render_all
from tests.conftest import ROOT


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


def test_the_committed_templates_are_fresh() -> None:
    assert main(["build", "--check", "--root", str(ROOT)]) == 0


def test_check_names_stale_missing_and_extra_files(checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    generated = sorted(render_all())
    (checkout / generated[0]).write_text("# edited by hand\n")
    (checkout / "templates" / "ssm" / "Old-Runbook.yaml").write_text("schemaVersion: '0.3'\n")
    if len(generated) > 1:
        (checkout / generated[1]).unlink()
    assert main(["build", "--check", "--root", str(checkout)]) == 1
    out = capsys.readouterr().out
    assert f"stale: {generated[0]}" in out
    assert "extra: templates/ssm/Old-Runbook.yaml" in out
    if len(generated) > 1:
        assert f"missing: {generated[1]}" in out


def test_build_repairs_drift_and_check_then_passes(checkout: Path) -> None:
    generated = sorted(render_all())
    (checkout / generated[0]).unlink()
    (checkout / "templates" / "ssm" / "Old-Runbook.yaml").write_text("schemaVersion: '0.3'\n")
    assert main(["build", "--root", str(checkout)]) == 0
    assert not (checkout / "templates" / "ssm" / "Old-Runbook.yaml").exists()
    assert main(["build", "--check", "--root", str(checkout)]) == 0


def test_every_generated_document_lints_clean() -> None:
    assert main(["lint", str(ROOT / "templates" / "ssm")]) == 0
