"""Benchmark: `closeloop lint` against cfn-lint on the 244 corpus documents, and what each one finds.

Run on demand: `.venv/bin/python -m benchmarks.lint_corpus`, or with the others through `python -m benchmarks`
(`figures`; quick leaves out the one-template-per-document cfn-lint pass, minutes long and never the faster).
cfn-lint sees each document as the Content of an `AWS::SSM::Document` resource; to be fair to it, it is timed
both one template per document and with all documents in a single template, and the faster way is the
baseline. Detection uses the validator's own seeded defects (one per rule) planted in real documents.
"""

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cfnlint.api import lint as cfn_lint

from benchmarks.figures import Figure, NotRun, faster_than, ratio_of
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


@dataclass(frozen=True)
class LintComparison:
    documents: int
    ours: float  # seconds, closeloop lint over the corpus (best of `repeat`)
    cfn_batched: float  # seconds, cfn-lint with every document in one template
    cfn_each: float | None  # seconds, cfn-lint one template per document (None: not measured)
    rules: int
    found_ours: int
    found_cfn: int

    @property
    def baseline(self) -> float:
        """cfn-lint's faster way, of those measured."""
        return self.cfn_batched if self.cfn_each is None else min(self.cfn_batched, self.cfn_each)


def measure(per_document: bool = True, repeat: int = 3) -> LintComparison:
    files = sorted(CORPUS.glob("*.json"))
    if not files:
        raise NotRun(f"no corpus documents at {CORPUS}")
    texts = {p.stem: p.read_text() for p in files}
    datas = {stem: json.loads(text) for stem, text in texts.items()}

    ours = _timed(lambda: [validate_text(t, s, s, Owner.AMAZON) for s, t in texts.items()], repeat)
    one_template = _template(datas)
    cfn_batched = _timed(lambda: cfn_lint(one_template), repeat=1)
    cfn_each = None
    if per_document:
        per_template = [_template({s: d}) for s, d in datas.items()]
        cfn_each = _timed(lambda: [cfn_lint(t) for t in per_template], repeat=1)

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
    return LintComparison(len(files), ours, cfn_batched, cfn_each, len(RULES), found_ours, found_cfn)


def figures(quick: bool = False) -> list[Figure]:
    """Quick leaves out cfn-lint one template per document (minutes, and never the faster way) and repeats."""
    repeat = 1 if quick else 3
    return comparison_figures(measure(per_document=not quick, repeat=repeat), repeat)


def comparison_figures(result: LintComparison, repeat: int) -> list[Figure]:
    baseline_label = "cfn-lint, all documents in one template"
    if result.cfn_each is not None and result.cfn_each < result.cfn_batched:
        baseline_label = "cfn-lint, one template per document (the faster way)"
    rows = [
        faster_than(
            "lint_corpus",
            f"closeloop lint, {result.documents} corpus documents",
            result.ours,
            result.baseline,
            baseline_label,
            f"closeloop: best of {repeat}; cfn-lint: one run of each way timed, every document the Content of an"
            " AWS::SSM::Document resource",
        ),
        Figure(
            "lint_corpus",
            "seeded defects found by closeloop lint (one per rule, planted in real documents)",
            result.found_ours,
            f"of {result.rules}",
            "found by cfn-lint",
            result.found_cfn,
            ratio_of(result.found_ours, result.found_cfn),
            "x as many (measured / baseline)",
        ),
    ]
    if result.cfn_each is not None:
        rows.insert(
            1,
            Figure(
                "lint_corpus",
                "cfn-lint, one template per document",
                result.cfn_each,
                "s",
                "cfn-lint, all documents in one template",
                result.cfn_batched,
                ratio_of(result.cfn_each, result.cfn_batched),
                "x slower (measured / baseline)",
            ),
        )
    return rows


def main() -> None:
    try:
        result = measure()
    except NotRun as reason:
        raise SystemExit(str(reason)) from None
    rules = result.rules
    print(f"documents: {result.documents}")
    print("| figure | measured | baseline | ratio |")
    print("|---|---|---|---|")
    print(
        f"| closeloop lint, corpus (s) | {result.ours:.3f} | cfn-lint {result.baseline:.3f} | "
        f"{result.baseline / result.ours:.1f}x faster |"
    )
    each, batched = result.cfn_each, result.cfn_batched
    print(f"| cfn-lint one template per document (s) | {each:.3f} | one template {batched:.3f} | - |")
    print(f"| seeded defects found | closeloop {result.found_ours}/{rules} | cfn-lint {result.found_cfn}/{rules} | - |")


if __name__ == "__main__":
    main()
