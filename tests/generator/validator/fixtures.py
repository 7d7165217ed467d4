"""Snapshot helpers for the rules' good and bad fixture files."""

import json
import os
from pathlib import Path
from typing import Any

from generator.validator.finding import Finding
from tests.conftest import FIXTURES

RULE_FIXTURES = FIXTURES / "validator"
UPDATE = os.environ.get("CLOSELOOP_UPDATE_SNAPSHOTS") == "1"


def rule_dir(rule: object) -> Path:
    return RULE_FIXTURES / type(rule).__module__.rsplit(".", 1)[-1]


def snapshot(findings: list[Finding], fixture: Path) -> list[dict[str, Any]]:
    """Findings as stored in a snapshot: file names relative to the fixture's folder."""
    return [{**f.as_json(), "file": Path(f.file).name} for f in findings if f.file == str(fixture)]


def compare_snapshot(actual: list[dict[str, Any]], path: Path) -> None:
    if UPDATE or not path.exists():
        path.write_text(json.dumps(actual, indent=2) + "\n")
        if not UPDATE:
            raise AssertionError(f"snapshot {path} was missing and has been written; check it and run again")
    expected = json.loads(path.read_text())
    assert actual == expected, f"findings differ from {path} (CLOSELOOP_UPDATE_SNAPSHOTS=1 rewrites it)"
