"""The ownership map and the enforcement policy: files as teams write them, and the errors they get."""

import pytest
import yaml

from domain.action import Priority
from domain.ownership import DEFAULT_POLICY, ConfigError, load_ownership, load_policy
from tests.conftest import FIXTURES

FILES = FIXTURES / "enforcement"


def test_a_map_file_loads_and_resolves_owners() -> None:
    ownership = load_ownership(yaml.safe_load((FILES / "ownership.yaml").read_text()), "ownership.yaml")
    checkout = ownership.owner_of("checkout")
    assert checkout is not None and checkout.owner.startswith("712020:0f1e") and checkout.sns_topic
    assert ownership.owner_of("unknown") is None and ownership.owner_of(None) is None


def test_every_mistake_in_a_map_is_named_with_its_place() -> None:
    with pytest.raises(ConfigError) as raised:
        load_ownership(yaml.safe_load((FILES / "ownership_bad.yaml").read_text()), "ownership_bad.yaml")
    message = str(raised.value)
    assert message.startswith("ownership_bad.yaml: ")
    assert "services.checkout.escalation: Field required" in message
    assert "services.payments.sns_topic: String should match pattern" in message


def test_the_default_policy_caps_priority_actions_at_four_and_eight_weeks() -> None:
    assert DEFAULT_POLICY.rule(Priority.HIGHEST).cap_days == 28
    assert DEFAULT_POLICY.rule(Priority.HIGH).cap_days == 56
    assert DEFAULT_POLICY.rule(None) == DEFAULT_POLICY.rule(Priority.MEDIUM)


def test_an_override_changes_only_the_priorities_it_names() -> None:
    policy = load_policy(yaml.safe_load((FILES / "policy.yaml").read_text()), "policy.yaml")
    assert policy.rule(Priority.MEDIUM).remind_before == (14, 3) and policy.rule(Priority.MEDIUM).cap_days == 90
    assert policy.rule(Priority.HIGH) == DEFAULT_POLICY.rule(Priority.HIGH)
    assert load_policy(None, "nothing") == DEFAULT_POLICY


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (
            {"medium": {"default_days": 100, "cap_days": 30}},
            "rules.medium: Value error, default_days 100 is past cap_days 30",
        ),
        ({"low": {"default_days": 10, "remind_before": [0]}}, "remind_before holds days before the due date"),
        ({"urgent": {"default_days": 1}}, "rules.urgent.[key]"),
    ],
)
def test_a_bad_policy_is_refused_with_the_field(rules: dict[str, object], expected: str) -> None:
    with pytest.raises(ConfigError, match=r"policy\.yaml: ") as raised:
        load_policy({"rules": rules}, "policy.yaml")
    assert expected in str(raised.value)
