"""Every postmortem rule has a good fixture it passes and a bad one whose findings match a snapshot.

Fixtures are checked against the fixture accounts (a Jira that knows them), except files named
`*_no_accounts.yaml`, which are checked with no Jira at all.
"""

from pathlib import Path

import pytest

from domain.accounts import FixedAccounts
from generator.postmortem.engine import check_file
from generator.postmortem.registry import RULES
from generator.postmortem.rule import PostmortemRule
from generator.postmortem.rules.postmortem_shape import PostmortemShape
from generator.postmortem.rules.unreadable_file import UnreadableFile
from generator.validator.finding import Finding
from tests.generator.postmortem.conftest import COMPLETE, fixture_accounts, rule_dir
from tests.generator.validator.fixtures import compare_snapshot, snapshot


def check(path: Path) -> list[Finding]:
    return check_file(path, None if path.stem.endswith("_no_accounts") else fixture_accounts())


def test_the_complete_postmortem_passes_every_rule(accounts: FixedAccounts) -> None:
    assert check_file(COMPLETE, accounts) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_good_fixtures_have_no_finding_at_all(rule: PostmortemRule) -> None:
    goods = sorted(rule_dir(rule).glob("good*.yaml"))
    assert goods, f"{rule.id} has no good fixture in {rule_dir(rule)}"
    for good in goods:
        assert check(good) == [], good


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_bad_fixtures_match_their_snapshots(rule: PostmortemRule) -> None:
    bads = sorted(rule_dir(rule).glob("bad*.yaml"))
    assert bads, f"{rule.id} has no bad fixture in {rule_dir(rule)}"
    for bad in bads:
        findings = check(bad)
        assert any(f.rule == rule.id for f in findings), f"{rule.id} did not fire on {bad}"
        assert all(f.line for f in findings if f.rule != UnreadableFile.id or f.path), (
            f"a finding without a line: {bad}"
        )
        compare_snapshot(snapshot(findings, bad), bad.with_suffix(".snapshot.json"))


def test_every_rule_module_is_registered_once_with_its_documentation() -> None:
    import generator.postmortem.rules as package

    modules = {p.stem for p in Path(package.__file__).parent.glob("*.py") if p.stem != "__init__"}
    registered = [type(rule).__module__.rsplit(".", 1)[-1] for rule in RULES]
    assert sorted(registered) == sorted(modules)
    assert len({rule.id for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.id[:2] == "P" + rule.severity.value[0].upper(), f"{rule.id}: the id's letter says its severity"
        assert rule.shortdesc and len(rule.description) > 40
        assert rule.source_url.startswith(
            ("https://sre.google/", "https://www.atlassian.com/", "https://postmortems.pagerduty.com/")
        )
    assert [type(r) for r in RULES[:2]] == [UnreadableFile, PostmortemShape]
