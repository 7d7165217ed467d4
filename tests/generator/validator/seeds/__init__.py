"""One module per rule, named like the rule's module: `CORPUS_DOCUMENT` (a corpus file's stem) and either
`seed(data)`, which plants exactly the defect the rule exists to catch into that document's data, or
`seed_text(text)` for a defect of the file itself. A seed may also set `NAME` and `OWNER` for the rules
about document names."""

import copy
import importlib
import json
from dataclasses import dataclass
from pathlib import Path

from generator.document.writer import dump_json
from generator.validator.context import Owner
from generator.validator.rule import Rule


@dataclass(frozen=True)
class SeededCase:
    path: Path
    original: str
    seeded: str
    name: str
    owner: Owner


def seeded_case(rule: Rule, corpus: Path) -> SeededCase:
    seeds = importlib.import_module(f"{__name__}.{type(rule).__module__.rsplit('.', 1)[-1]}")
    path = corpus / f"{seeds.CORPUS_DOCUMENT}.json"
    text = path.read_text()
    if hasattr(seeds, "seed_text"):
        seeded = seeds.seed_text(text)
    else:
        data = copy.deepcopy(json.loads(text))
        seeds.seed(data)
        seeded = dump_json(data)
    return SeededCase(path, text, seeded, getattr(seeds, "NAME", path.stem), getattr(seeds, "OWNER", Owner.AMAZON))
