"""The step-status rule, as deployed, against AWS's documented events: it forwards the steps of every runbook
but closeloop's own that end, and the timeline handler records exactly what it forwards.

Patterns are evaluated by moto's EventBridge matcher, first held to AWS's documented matching semantics
(tests/fixtures/events/patterns/documented_matching.json) for the operators the rule uses.
"""

import copy
import json
from typing import Any

import pytest
from moto.events.models import EventPattern

from domain.documents import DEFAULT_PREFIX
from handlers.timeline import service
from handlers.timeline.models import REQUEST, StepStatusChangeEvent
from runbooks.catalogue import names
from tests.conftest import FIXTURES
from tests.generator.stack.conftest import resolved, resources_of

EVENTS = FIXTURES / "events"
DOCUMENTED = json.loads((EVENTS / "patterns" / "documented_matching.json").read_text())["cases"]


def matches(pattern: dict[str, Any], event: dict[str, Any]) -> bool:
    return bool(EventPattern.load(json.dumps(pattern)).matches_event(event))  # type: ignore[arg-type]


def event(name: str, **detail: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS / name).read_text())
    changed = copy.deepcopy(loaded)
    changed["detail"].update(detail)
    return changed


def step(**detail: str) -> dict[str, Any]:
    return event("ssm_automation_step_status_change.json", **detail)


def deployed_step_rules(template: dict[str, Any], prefix: str = DEFAULT_PREFIX) -> list[dict[str, Any]]:
    """The rules that send SSM step changes to the timeline handler, as a stack with this prefix deploys them."""
    rules = resolved(resources_of(template, "AWS::Events::Rule"), {"NamePrefix": prefix}).values()
    found = [
        rule["Properties"]["EventPattern"]
        for rule in rules
        if "EventPattern" in rule["Properties"]
        and rule["Properties"]["EventPattern"].get("detail-type") == ["EC2 Automation Step Status-change Notification"]
        and rule["Properties"]["Targets"][0]["Id"] == "TimelineHandler"
    ]
    assert found, "no rule sends step changes to the timeline handler"
    return found


@pytest.fixture(scope="module")
def step_rules(template: dict[str, Any]) -> list[dict[str, Any]]:
    return deployed_step_rules(template)


def forwarded(rules: list[dict[str, Any]], delivered: dict[str, Any]) -> bool:
    return any(matches(rule, delivered) for rule in rules)


@pytest.mark.parametrize("case", DOCUMENTED, ids=lambda case: json.dumps(case["pattern"])[:40])
def test_the_matcher_agrees_with_awss_documented_semantics(case: dict[str, Any]) -> None:
    assert matches(case["pattern"], case["event"]) is case["match"]


def test_awss_documented_step_event_of_another_runbook_is_forwarded(step_rules: list[dict[str, Any]]) -> None:
    assert forwarded(step_rules, step())  # `runcommand1`, a document of the customer's own
    assert forwarded(step_rules, step(Definition="AWS-RestartEC2Instance", Status="Failed"))


def test_closeloops_own_runbooks_as_deployed_are_not_forwarded(
    template: dict[str, Any], step_rules: list[dict[str, Any]]
) -> None:
    """By the names the stack gives the documents: a renamed document must keep the rule and handler in step."""
    documents = resolved(resources_of(template, "AWS::SSM::Document"), {"NamePrefix": DEFAULT_PREFIX})
    deployed = [r["Properties"]["Name"] for r in documents.values()]
    assert sorted(deployed) == names()
    for document in deployed:
        assert not forwarded(step_rules, step(Definition=document))


def test_with_another_prefix_the_rules_follow_the_stacks_own_names(template: dict[str, Any]) -> None:
    """Stack Team2-'s rules leave out Team2-'s runbooks and anchor only Team2-'s manifests. Another stack's
    runbooks cannot be left out by name (EventBridge knows no list of prefixes): the handler skips them."""
    rules = deployed_step_rules(template, "Team2-")
    documents = resolved(resources_of(template, "AWS::SSM::Document"), {"NamePrefix": "Team2-"})
    for document in [r["Properties"]["Name"] for r in documents.values()]:
        assert document.startswith("Team2-")
        assert not forwarded(rules, step(Definition=document))
    assert forwarded(rules, step(Definition="Team2-CollectEvidence", StepName="WriteManifest"))
    assert not any(
        matches(rule, step(Definition="Closeloop-CollectEvidence", StepName="WriteManifest"))
        for rule in rules
        if rule["detail"].get("StepName") == ["WriteManifest"]
    )


@pytest.mark.parametrize("status", ["Pending", "InProgress", "Waiting", "Cancelling"])
def test_steps_that_have_not_ended_are_not_forwarded(step_rules: list[dict[str, Any]], status: str) -> None:
    assert not forwarded(step_rules, step(Status=status))


def test_the_documented_execution_status_event_is_not_a_step_event(step_rules: list[dict[str, Any]]) -> None:
    assert not forwarded(step_rules, event("ssm_automation_execution_status_change.json"))


class NoCalls:
    """An SSM client for events the handler must refuse before it asks AWS anything."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the handler called ssm.{name} for an event it should skip")


@pytest.mark.parametrize(
    "detail",
    [
        {},
        {"Definition": "AWS-RestartEC2Instance", "Status": "TimedOut"},
        {"Definition": "Closeloop-IncidentResponse"},
        {"Definition": "Closeloop-RollbackDeployment", "Status": "Failed"},
        {"Status": "InProgress"},
        {"Status": "Waiting"},
        # The evidence manifest's anchor: the one closeloop step the handler records itself.
        {"Definition": "Closeloop-CollectEvidence", "StepName": "WriteManifest"},
    ],
)
def test_the_handler_skips_up_front_exactly_what_the_rule_leaves_out(
    step_rules: list[dict[str, Any]], detail: dict[str, str]
) -> None:
    delivered = step(**detail)
    request = REQUEST.validate_python(delivered)
    assert isinstance(request, StepStatusChangeEvent)
    if forwarded(step_rules, delivered):
        with pytest.raises(AssertionError, match=r"called ssm\.get_automation_execution"):
            service.step_event(request, NoCalls(), request.time)
    else:
        assert isinstance(service.step_event(request, NoCalls(), request.time), str)


@pytest.mark.parametrize(
    ("detail", "sent"),
    [
        ({"Definition": "Closeloop-CollectEvidence", "StepName": "WriteManifest"}, True),
        ({"Definition": "Closeloop-CollectEvidence", "StepName": "WriteManifest", "Status": "Failed"}, False),
        ({"Definition": "Closeloop-CollectEvidence", "StepName": "CollectLogs"}, False),
    ],
)
def test_of_closeloops_steps_only_a_successful_manifest_step_is_forwarded_for_its_anchor(
    step_rules: list[dict[str, Any]], detail: dict[str, str], sent: bool
) -> None:
    assert forwarded(step_rules, step(**detail)) is sent
