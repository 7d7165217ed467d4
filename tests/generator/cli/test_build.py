"""`closeloop build`: writes templates/ from the catalogue; `--check` names every drift."""

import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.compiler.build import MARKER, render_all
from generator.document import Document
from generator.stack.render import _built
from runbooks import log_timeline_event
from runbooks.catalogue import RUNBOOKS
from tests.conftest import ROOT

# A runbook closeloop build once generated (it carries the marker) and that nothing renders any more.
OLD_RUNBOOK = f"# {MARKER} from runbooks/old.py.\nschemaVersion: '0.3'\n"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_committed_templates_are_fresh() -> None:
    assert main(["build", "--check", "--root", str(ROOT)]) == 0


def test_check_names_stale_missing_and_extra_files(checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    generated = sorted(render_all())
    (checkout / generated[0]).write_text("# edited by hand\n")
    (checkout / "templates" / "ssm" / "Old-Runbook.yaml").write_text(OLD_RUNBOOK)
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
    (checkout / "templates" / "ssm" / "Old-Runbook.yaml").write_text(OLD_RUNBOOK)
    assert main(["build", "--root", str(checkout)]) == 0
    assert not (checkout / "templates" / "ssm" / "Old-Runbook.yaml").exists()
    assert main(["build", "--check", "--root", str(checkout)]) == 0


def test_every_generated_document_lints_clean() -> None:
    assert main(["lint", str(ROOT / "templates" / "ssm")]) == 0


def test_a_file_without_the_marker_is_left_alone_and_named(checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = checkout / "templates" / "ssm" / "My-Runbook.yaml"
    mine.write_text("schemaVersion: '0.3'\n")
    assert main(["build", "--root", str(checkout)]) == 0
    assert main(["build", "--check", "--root", str(checkout)]) == 0
    assert mine.read_text() == "schemaVersion: '0.3'\n"
    assert "left alone: templates/ssm/My-Runbook.yaml" in capsys.readouterr().err


def test_every_generated_file_carries_the_marker_or_is_always_rendered() -> None:
    # extra files are recognised by the marker: every YAML file build writes must carry it
    for path, text in render_all().items():
        assert path.suffix == ".json" or MARKER in text[:512], path


@pytest.mark.parametrize("root", ["missing", "not-closeloop"])
def test_root_must_be_a_closeloop_checkout(tmp_path: Path, root: str, capsys: pytest.CaptureFixture[str]) -> None:
    place = tmp_path / root
    if root == "not-closeloop":
        place.mkdir()
        (place / "pyproject.toml").write_text('[project]\nname = "other"\n')
    assert main(["build", "--root", str(place)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"--root {place}" in err[0]
    assert not (place / "templates").exists()


def test_check_fails_on_a_document_over_three_quarters_of_64_kb_and_shows_each_share(
    checkout: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """AWS counts run-time parameter values in the 64 KB too: a document without a quarter free is an error."""

    def fat() -> Document:
        document = log_timeline_event.build()
        return document.model_copy(update={"description": "Fills the document. " * 1_900})  # ~51 KB, 0.78

    monkeypatch.setitem(RUNBOOKS, "Closeloop-Fat", fat)
    _built.cache_clear()  # the template is built once a process: build it with the fat runbook
    assert main(["build", "--root", str(checkout)]) == 0  # written: the validator's limit is 64 KB itself
    assert main(["build", "--check", "--root", str(checkout)]) == 1
    captured = capsys.readouterr()
    assert re.search(
        r"error: Closeloop-Fat: content is [\d,]+ bytes, 0\.7\d of 64 KB: less than a quarter", captured.err
    )
    monkeypatch.delitem(RUNBOOKS, "Closeloop-Fat")
    _built.cache_clear()
    assert main(["build", "--root", str(checkout)]) == 0
    assert main(["build", "--check", "--root", str(checkout)]) == 0
    shares = [line for line in capsys.readouterr().out.splitlines() if line.startswith("quota info:")]
    assert len(shares) == len(RUNBOOKS) and all(" of 64 KB" in line for line in shares)
