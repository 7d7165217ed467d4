"""The flow model behind W3004: which steps Automation can run after which."""

from generator.validator.rules.unreachable_steps import UnreachableSteps, reachable
from tests.generator.validator.rules.helpers import context

HEADER = "schemaVersion: '0.3'\nparameters:\n  Mode: {type: String, default: a}\nmainSteps:\n"


def sleep(name: str, extra: str = "") -> str:
    return f"  - name: {name}\n    action: aws:sleep\n{extra}    inputs: {{Duration: PT1S}}\n"


def branch(name: str, targets: list[str], default: str | None) -> str:
    choices = "".join(f"        - {{NextStep: {t}, Variable: '{{{{ Mode }}}}', StringEquals: {t}}}\n" for t in targets)
    tail = f"      Default: {default}\n" if default else ""
    return f"  - name: {name}\n    action: aws:branch\n    inputs:\n      Choices:\n{choices}{tail}"


def unreached(text: str) -> list[str]:
    return [issue.path for issue in UnreachableSteps().check(context(HEADER + text))]


def test_steps_fall_through_in_order() -> None:
    assert unreached(sleep("A") + sleep("B") + sleep("C")) == []


def test_is_end_stops_the_flow_unless_it_is_decided_at_run_time() -> None:
    assert unreached(sleep("A", "    isEnd: true\n") + sleep("B")) == ["mainSteps[1].name"]
    assert unreached(sleep("A", "    isEnd: '{{ Mode }}'\n") + sleep("B")) == []


def test_next_step_replaces_falling_through() -> None:
    assert unreached(sleep("A", "    nextStep: C\n") + sleep("B") + sleep("C")) == ["mainSteps[1].name"]


def test_branch_with_default_goes_only_to_its_targets() -> None:
    text = branch("Pick", ["C"], "C") + sleep("B") + sleep("C")
    assert unreached(text) == ["mainSteps[1].name"]


def test_branch_without_default_falls_through_when_no_choice_matches() -> None:
    assert unreached(branch("Pick", ["C"], None) + sleep("B") + sleep("C")) == []


def test_failure_and_cancel_handlers_are_edges() -> None:
    text = sleep("A", "    onFailure: step:C\n    isEnd: true\n") + sleep("B", "    onCancel: step:C\n") + sleep("C")
    assert unreached(text) == ["mainSteps[1].name"]


def test_a_loop_body_step_may_reach_a_main_step() -> None:
    text = (
        "  - name: L\n    action: aws:loop\n    isEnd: true\n    inputs:\n      MaxIterations: 1\n"
        "      Iterators: [a]\n      Steps:\n"
        "        - {name: In, action: aws:sleep, onFailure: 'step:Rescue', inputs: {Duration: PT1S}}\n"
        + sleep("Rescue")
    )
    ctx = context(HEADER + text)
    assert reachable(ctx) == {"mainSteps[0]", "mainSteps[0].inputs.Steps[0]", "mainSteps[1]"}
