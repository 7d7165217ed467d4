"""`closeloop lint [PATH ...] [--format text|json]`: validate Automation documents.

Exit 0 when no error is found, 1 when one is, 2 when an input is unusable (missing, unreadable or
unparseable: reported with its name and line, never a traceback).
"""

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from generator.validator.context import Owner
from generator.validator.engine import validate_file
from generator.validator.finding import Finding, Severity
from generator.validator.rules.unreadable_file import UnreadableFile

DEFAULT_PATH = Path("templates/ssm")
DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser("lint", help="validate Automation documents", description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path, help=f"files or folders (default: {DEFAULT_PATH})")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--owner",
        choices=[o.value for o in Owner],
        default=Owner.SELF.value,
        help="'amazon' for documents AWS publishes, which may use the names AWS reserves",
    )
    parser.set_defaults(run=run)


def document_files(paths: Iterable[Path]) -> list[Path]:
    """The files to lint: each file given, and every document file below each folder given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in DOCUMENT_SUFFIXES and p.is_file()))
        else:
            found.append(path)  # a missing file is reported by the validator as unreadable
    return found


def lint(paths: Iterable[Path], owner: Owner = Owner.SELF) -> list[Finding]:
    findings: list[Finding] = []
    for path in document_files(paths):
        findings.extend(validate_file(path, owner))
    return findings


def exit_status(findings: list[Finding]) -> int:
    if any(f.rule == UnreadableFile.id for f in findings):
        return 2
    return 1 if any(f.severity == Severity.ERROR for f in findings) else 0


def run(args: argparse.Namespace) -> int:
    paths = args.paths or [DEFAULT_PATH]
    files = document_files(paths)
    findings = lint(paths, Owner(args.owner))
    if args.format == "json":
        print(json.dumps([f.as_json() for f in findings], indent=2))
    else:
        for finding in findings:
            print(finding.as_text())
        errors = sum(f.severity == Severity.ERROR for f in findings)
        print(
            f"{len(files)} document(s), {errors} error(s), {len(findings) - errors} other finding(s)", file=sys.stderr
        )
    return exit_status(findings)
