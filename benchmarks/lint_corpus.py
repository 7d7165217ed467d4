"""Benchmark: `closeloop lint` against cfn-lint on the 244 corpus documents, and what each one finds.

Run on demand: `.venv/bin/python -m benchmarks.lint_corpus`. cfn-lint sees each document as the
Content of an `AWS::SSM::Document` resource; to be fair to it, it is timed both one template per
document and with all documents in a single template, and the faster way is the baseline.
Detection uses the validator's own seeded defects (one per rule) planted in real documents.
"""

import json
import time
from collections.abc import Callable
from typing import Any

from cfnlint.api import lint as cfn_lint

from generator.validator.context import Owner
from generator.validator.engine import validate_text
from generator.validator.registry import RULES
from tests.conftest import CORPUS
from tests.generator.validator.seeds import seeded_case


def _template(documents: dict[str, Any]) -> str:
    resources = {
        f"Doc{index}": {"Type": "AWS::SSM::Document", "Properties": {"DocumentType": "Automation", "Content": data}}
        for index, data in enumerate(documents.values())
    }
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources})


def _timed(work: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    files = sorted(CORPUS.glob("*.json"))
    texts = {p.stem: p.read_text() for p in files}
    datas = {stem: json.loads(text) for stem, text in texts.items()}

    ours = _timed(lambda: [validate_text(t, s, s, Owner.AMAZON) for s, t in texts.items()])
    one_template = _template(datas)
    cfn_batched = _timed(lambda: cfn_lint(one_template), repeat=1)
    per_document = [_template({s: d}) for s, d in datas.items()]
    cfn_each = _timed(lambda: [cfn_lint(t) for t in per_document], repeat=1)
    baseline = min(cfn_batched, cfn_each)

    found_ours = found_cfn = 0
    for rule in RULES:
        case = seeded_case(rule, CORPUS)
        if any(f.rule == rule.id for f in validate_text(case.seeded, case.path.stem, case.name, case.owner)):
            found_ours += 1
        try:
            seeded_data = json.loads(case.seeded)
        except json.JSONDecodeError:
            seeded_data = None  # the unparseable-file seed: cfn-lint cannot be given it as Content
        if seeded_data is not None and cfn_lint(_template({case.path.stem: seeded_data})):
            found_cfn += 1

    print(f"documents: {len(files)}")
    print("| figure | measured | baseline | ratio |")
    print("|---|---|---|---|")
    print(f"| closeloop lint, corpus (s) | {ours:.3f} | cfn-lint {baseline:.3f} | {baseline / ours:.1f}x faster |")
    print(f"| cfn-lint one template per document (s) | {cfn_each:.3f} | one template {cfn_batched:.3f} | - |")
    print(f"| seeded defects found | closeloop {found_ours}/{len(RULES)} | cfn-lint {found_cfn}/{len(RULES)} | - |")


if __name__ == "__main__":
    main()
