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
from generator.validator.rules.unreadable_file import UnreadableFile


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_fires_on_its_seeded_defect(rule: Rule, corpus: list[Path]) -> None:
    name = type(rule).__module__.rsplit(".", 1)[-1]
    seeds = importlib.import_module(f"tests.generator.validator.seeds.{name}")
    path = next(p for p in corpus if p.stem == seeds.CORPUS_DOCUMENT)
    text = path.read_text()
    if hasattr(seeds, "seed_text"):  # a defect of the file itself, not of the data in it
        seeded = seeds.seed_text(text)
    else:
        original = json.loads(text)
        data = copy.deepcopy(original)
        seeds.seed(data)
        assert data != original, "the seed changed nothing"
        seeded = dump_json(data)
    assert seeded != text

    before = {(f.rule, f.path) for f in validate_text(text, str(path), path.stem, Owner.AMAZON)}
    # A seed may also name the document and its owner, for the rules about names.
    name, owner = getattr(seeds, "NAME", path.stem), getattr(seeds, "OWNER", Owner.AMAZON)
    after = validate_text(seeded, str(path), name, owner)
    new = [f for f in after if (f.rule, f.path) not in before]
    assert any(f.rule == rule.id for f in new), f"{rule.id} did not fire: {[f.as_text() for f in after]}"
    if not isinstance(rule, DocumentShape | UnreadableFile):
        assert {f.rule for f in new if f.severity == "error"} <= {rule.id}, [f.as_text() for f in new]
