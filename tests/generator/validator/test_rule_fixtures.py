"""Every rule has a good fixture it passes and a bad one whose findings match a snapshot."""

import pytest

from generator.validator.engine import validate_file
from generator.validator.registry import RULES
from generator.validator.rule import Rule
from generator.validator.rules.document_shape import DocumentShape
from generator.validator.rules.unreadable_file import UnreadableFile
from tests.generator.validator.fixtures import compare_snapshot, rule_dir, snapshot


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_good_fixtures_have_no_error_and_no_finding_of_the_rule(rule: Rule) -> None:
    goods = sorted(rule_dir(rule).glob("good*.yaml"))
    assert goods, f"{rule.id} has no good fixture in {rule_dir(rule)}"
    for good in goods:
        findings = validate_file(good)
        assert [f for f in findings if f.rule == rule.id] == [], good
        assert [f for f in findings if f.severity == "error"] == [], good


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_bad_fixtures_match_their_snapshots(rule: Rule) -> None:
    bads = sorted(rule_dir(rule).glob("bad*.yaml"))
    assert bads, f"{rule.id} has no bad fixture in {rule_dir(rule)}"
    for bad in bads:
        findings = validate_file(bad)
        assert any(f.rule == rule.id for f in findings), f"{rule.id} did not fire on {bad}"
        compare_snapshot(snapshot(findings, bad), bad.with_suffix(".snapshot.json"))


def test_every_rule_module_is_registered_once_with_its_documentation() -> None:
    from pathlib import Path

    import generator.validator.rules as package

    modules = {p.stem for p in Path(package.__file__).parent.glob("*.py") if p.stem != "__init__"}
    registered = [type(rule).__module__.rsplit(".", 1)[-1] for rule in RULES]
    assert sorted(registered) == sorted(modules)
    assert len({rule.id for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.id[0] == rule.severity.value[0].upper(), f"{rule.id}: the id's letter says its severity"
        assert rule.shortdesc and len(rule.description) > 40
        assert rule.source_url.startswith("https://docs.aws.amazon.com/")
    assert [type(r) for r in RULES[:2]] == [UnreadableFile, DocumentShape]
