"""Each rule fires on its defect planted into a real AWS document, and only that rule adds an error."""

import copy
import importlib
import json
from pathlib import Path

import pytest

from generator.document.writer import dump_json
from generator.validator.context import Owner
from generator.validator.engine import validate_text
from generator.validator.registry import RULES
from generator.validator.rule import Rule
from generator.validator.rules.document_shape import DocumentShape


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_fires_on_its_seeded_defect(rule: Rule, corpus: list[Path]) -> None:
    name = type(rule).__module__.rsplit(".", 1)[-1]
    seeds = importlib.import_module(f"tests.generator.validator.seeds.{name}")
    path = next(p for p in corpus if p.stem == seeds.CORPUS_DOCUMENT)
    original = json.loads(path.read_text())
    data = copy.deepcopy(original)
    seeds.seed(data)
    assert data != original, "the seed changed nothing"

    before = {(f.rule, f.path) for f in validate_text(path.read_text(), str(path), path.stem, Owner.AMAZON)}
    after = validate_text(dump_json(data), str(path), path.stem, Owner.AMAZON)
    new = [f for f in after if (f.rule, f.path) not in before]
    assert any(f.rule == rule.id for f in new), f"{rule.id} did not fire: {[f.as_text() for f in after]}"
    if not isinstance(rule, DocumentShape):
        assert {f.rule for f in new if f.severity == "error"} <= {rule.id}, [f.as_text() for f in new]
