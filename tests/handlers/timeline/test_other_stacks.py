"""Two closeloop stacks in one account: the timeline handler of stack Team2- records its own manifests, skips
its own runbooks' steps, and leaves every run of stack Closeloop- to that stack, children included; a
runbook of the customer's own that only looks like closeloop's is still recorded (botocore's Stubber checks
every SSM request and answer against SSM's service model)."""

import copy
import json
from datetime import UTC, datetime
from typing import Any

from botocore.stub import Stubber

from domain.documents import StackDocuments
from handlers.timeline import service
from handlers.timeline.models import REQUEST, StepStatusChangeEvent
from runbooks.catalogue import BASES
from tests.conftest import FIXTURES

TEAM2 = StackDocuments("Team2-", frozenset(BASES))
OWN_TABLE, OTHER_TABLE = "closeloop-team2-Table", "closeloop-Table"
RUN, PARENT = "333ba70b-2333-48db-b17e-a5e69c6f4d1c", "4a0f2c6e-1d3b-4c5a-9e8f-7b6a5d4c3b2a"
NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)


def step(definition: str, step_name: str = "RecordTriage") -> StepStatusChangeEvent:
    event = copy.deepcopy(json.loads((FIXTURES / "events" / "ssm_automation_step_status_change.json").read_text()))
    event["detail"].update(Definition=definition, StepName=step_name, Status="Success", ExecutionId=RUN)
    request = REQUEST.validate_python(event)
    assert isinstance(request, StepStatusChangeEvent)
    return request


def reads(stubber: Stubber, execution_id: str, **fields: Any) -> None:
    execution = {"AutomationExecutionId": execution_id, "DocumentName": "x", **fields}
    stubber.add_response(
        "get_automation_execution", {"AutomationExecution": execution}, {"AutomationExecutionId": execution_id}
    )


def skipped(client: Any, definition: str, step_name: str = "RecordTriage") -> str:
    outcome = service.step_event(step(definition, step_name), client, NOW, TEAM2, OWN_TABLE)
    assert isinstance(outcome, str), outcome
    return outcome


def test_its_own_runbooks_steps_are_skipped_without_a_call(ssm: tuple[Any, Stubber]) -> None:
    client, _ = ssm
    assert "records its own steps" in skipped(client, "Team2-IncidentResponse")


def test_another_stacks_runbook_is_left_to_that_stack(ssm: tuple[Any, Stubber]) -> None:
    client, stubber = ssm
    reads(stubber, RUN, Parameters={"TableName": [OTHER_TABLE], "IncidentId": ["INC-1"]})
    assert "closeloop stack Closeloop-'s runbook" in skipped(client, "Closeloop-IncidentResponse")


def test_another_stacks_manifest_is_not_anchored_here(ssm: tuple[Any, Stubber]) -> None:
    client, stubber = ssm
    reads(stubber, RUN, Parameters={"TableName": [OTHER_TABLE], "IncidentId": ["INC-1"]})
    assert f"(table {OTHER_TABLE})" in skipped(client, "Closeloop-CollectEvidence", service.MANIFEST_STEP)


def test_a_child_of_another_stacks_runbook_is_known_by_its_parent(ssm: tuple[Any, Stubber]) -> None:
    client, stubber = ssm
    reads(stubber, RUN, Parameters={"IncidentId": ["INC-1"]}, ParentAutomationExecutionId=PARENT)
    reads(stubber, PARENT, Parameters={"TableName": [OTHER_TABLE]})
    assert "that stack records it" in skipped(client, "Closeloop-LogTimelineEvent")


def test_a_customer_runbook_that_only_looks_like_closeloops_is_recorded(ssm: tuple[Any, Stubber]) -> None:
    """`Ops-IncidentResponse` of the customer's own names no closeloop table: its step is the incident's event."""
    client, stubber = ssm
    reads(stubber, RUN, Parameters={"IncidentId": ["INC-1"]})
    event = service.step_event(step("Ops-IncidentResponse"), client, NOW, TEAM2, OWN_TABLE)
    assert not isinstance(event, str)
    assert event.incident_id == "INC-1" and event.text.startswith("Ops-IncidentResponse: step RecordTriage")


def test_without_the_stacks_environment_every_closeloop_name_is_its_own() -> None:
    default = StackDocuments.from_environment({})
    assert default.own("Closeloop-IncidentResponse") and default.other_stack("Team2-IncidentResponse") is None
    team2 = StackDocuments.from_environment(
        {"CLOSELOOP_DOCUMENT_PREFIX": "Team2-", "CLOSELOOP_DOCUMENT_BASES": ",".join(BASES)}
    )
    assert team2 == TEAM2
    assert team2.own("Team2-CollectEvidence") and not team2.own("Team2-Other")
    assert team2.other_stack("Closeloop-CollectEvidence") == "Closeloop-"
    assert team2.other_stack("Team2-CollectEvidence") is None
