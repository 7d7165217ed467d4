"""Each rule fires on its defect planted into a real AWS document, and only that rule adds an error."""

from pathlib import Path

import pytest

from generator.validator.context import Owner
from generator.validator.engine import validate_text
from generator.validator.registry import RULES
from generator.validator.rule import Rule
from generator.validator.rules.document_shape import DocumentShape
from generator.validator.rules.unreadable_file import UnreadableFile
from tests.generator.validator.seeds import seeded_case


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_fires_on_its_seeded_defect(rule: Rule, corpus: list[Path]) -> None:
    case = seeded_case(rule, corpus[0].parent)
    assert case.seeded != case.original, "the seed changed nothing"

    before = {(f.rule, f.path) for f in validate_text(case.original, str(case.path), case.path.stem, Owner.AMAZON)}
    after = validate_text(case.seeded, str(case.path), case.name, case.owner)
    new = [f for f in after if (f.rule, f.path) not in before]
    assert any(f.rule == rule.id for f in new), f"{rule.id} did not fire: {[f.as_text() for f in after]}"
    if not isinstance(rule, DocumentShape | UnreadableFile):
        assert {f.rule for f in new if f.severity == "error"} <= {rule.id}, [f.as_text() for f in new]
