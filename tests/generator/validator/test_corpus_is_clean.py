"""AWS runs every corpus document today, so the validator must report no error on any of them.

The corpus documents are published by AWS, under names reserved for AWS, so they are validated as
Amazon-owned. Errors that AWS itself would refuse today are listed in KNOWN_REAL_DEFECTS with why.
"""

from pathlib import Path

from generator.validator.context import Owner
from generator.validator.engine import validate_file
from generator.validator.finding import Severity

# (document, rule): defects AWS would refuse if the document were created today.
KNOWN_REAL_DEFECTS: dict[tuple[str, str], str] = {}


def test_no_false_error_on_any_corpus_document(corpus: list[Path]) -> None:
    unexpected = []
    for path in corpus:
        for finding in validate_file(path, Owner.AMAZON):
            if finding.severity == Severity.ERROR and (path.stem, finding.rule) not in KNOWN_REAL_DEFECTS:
                unexpected.append(finding.as_text())
    assert unexpected == []


def test_known_real_defects_are_still_found(corpus: list[Path]) -> None:
    by_stem = {p.stem: p for p in corpus}
    for stem, rule in KNOWN_REAL_DEFECTS:
        findings = validate_file(by_stem[stem], Owner.AMAZON)
        assert any(f.rule == rule and f.severity == Severity.ERROR for f in findings), (stem, rule)
