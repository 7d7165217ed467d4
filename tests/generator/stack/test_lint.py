"""cfn-lint and checkov pass on the template: no error, no warning, no failed check, no skip without a reason.

The same checks run on a template with one more handler (a function URL and a schedule), so the next
handler's resources pass too, including the checkov skip the function URL carries.
"""

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from generator.stack.checks import CHECKOV_VENV, cfn_lint_command
from generator.stack.handler_specs import HANDLERS
from generator.stack.template import build_template
from tests.conftest import ROOT
from tests.generator.stack.conftest import write_template
from tests.generator.stack.test_template import EXTRA_HANDLER

CHECKOV = ROOT / CHECKOV_VENV / "bin" / "checkov"


def cfn_lint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cfn_lint_command(path), capture_output=True, text=True, check=False)


def test_cfn_lint_finds_nothing_in_the_template(template: dict[str, Any], tmp_path: Path) -> None:
    result = cfn_lint(write_template(template, tmp_path))
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_cfn_lint_finds_nothing_with_another_handler(tmp_path: Path) -> None:
    data = build_template(handlers=(*HANDLERS, EXTRA_HANDLER)).to_dict()
    result = cfn_lint(write_template(data, tmp_path))
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_cfn_lint_would_report_a_broken_template(template: dict[str, Any], tmp_path: Path) -> None:
    broken = json.loads(json.dumps(template))
    broken["Resources"]["Table"]["Properties"]["BillingMode"] = "FREE"
    result = cfn_lint(write_template(broken, tmp_path))
    assert result.returncode != 0 and "PAY_PER_REQUEST" in result.stdout


@pytest.mark.skipif(not CHECKOV.exists(), reason=f"{CHECKOV_VENV}/ is absent: `./dev setup` or `./dev test` creates it")
def test_checkov_fails_no_check_and_every_skip_says_why(tmp_path: Path) -> None:
    # The template with one more handler is a superset of the real one: one checkov run covers both.
    data = build_template(handlers=(*HANDLERS, EXTRA_HANDLER)).to_dict()
    path = write_template(data, tmp_path)
    command = [str(CHECKOV), "--skip-download", "--framework", "cloudformation", "-o", "json", "-f", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    report = json.loads(result.stdout)
    failed = [(c["check_id"], c["resource"]) for c in report["results"]["failed_checks"]]
    assert failed == []
    assert report["summary"]["passed"] > 50 and report["summary"]["parsing_errors"] == 0
    skipped = report["results"]["skipped_checks"]
    assert {c["check_id"] for c in skipped} == {"CKV_AWS_18", "CKV_AWS_115", "CKV_AWS_117", "CKV_AWS_258"}
    for check in skipped:
        why = check["check_result"].get("suppress_comment") or ""
        assert len(why) > 40, f"{check['check_id']} on {check['resource']} says no why"
