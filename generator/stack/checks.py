"""What deploy.sh checks before it builds anything: templates/ is fresh, every linter passes on it, and the
stack keeps AWS's quotas."""

import subprocess
import sys
from pathlib import Path
from typing import Any

from domain.documents import DEFAULT_PREFIX
from generator.compiler.build import compare, render_all
from generator.stack.quotas import quota_findings
from generator.stack.render import TEMPLATE_FILES

CHECKOV_VENV = Path(".venv-checkov")


class CheckError(Exception):
    pass


def check_fresh(root: Path) -> None:
    drift = compare(root, render_all())
    if not drift.clean:
        listed = ", ".join(str(p) for p in [*drift.stale, *drift.missing, *drift.extra])
        raise CheckError(f"templates/ is not what the generator makes ({listed}): run .venv/bin/closeloop build")


def check_quotas(template: dict[str, Any], body: str, stack_name: str, prefix: str = DEFAULT_PREFIX) -> list[str]:
    """AWS quotas (quotas.py) for this stack name and document prefix: an error finding stops the deploy (and
    fails `build --check`); the other findings (each document's share of 64 KB) are returned to print."""
    findings = quota_findings(template, body, stack_name, prefix)
    errors = [f.line() for f in findings if f.severity == "error"]
    if errors:
        raise CheckError("over an AWS quota:\n" + "\n".join(errors))
    return [f.line() for f in findings]


def _run(label: str, command: list[str], root: Path) -> None:
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CheckError(f"{label} failed:\n{(result.stdout + result.stderr).strip()}")


def cfn_lint_command(template: Path) -> list[str]:
    return [str(Path(sys.executable).parent / "cfn-lint"), str(template)]


def checkov_command(root: Path, template: Path) -> list[str] | None:
    """checkov from its own virtualenv (./dev setup makes it), or None when it is not there."""
    binary = root / CHECKOV_VENV / "bin" / "checkov"
    if not binary.exists():
        return None
    return [
        str(binary),
        "--quiet",
        "--compact",
        "--skip-download",
        "--framework",
        "cloudformation",
        "-f",
        str(template),
    ]


def lint(root: Path) -> list[str]:
    """Run the linters on templates/; what ran, or an error with the first linter's findings."""
    ran = []
    _run("closeloop lint", [str(Path(sys.executable).parent / "closeloop"), "lint"], root)
    ran.append("closeloop lint")
    for template in TEMPLATE_FILES:
        _run(f"cfn-lint {template.name}", cfn_lint_command(template), root)
        ran.append(f"cfn-lint {template.name}")
        checkov = checkov_command(root, template)
        if checkov is None:
            ran.append(f"checkov skipped: {CHECKOV_VENV}/ is missing (./dev setup creates it)")
        else:
            _run(f"checkov {template.name}", checkov, root)
            ran.append(f"checkov {template.name}")
    return ran
