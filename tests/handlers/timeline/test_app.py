"""The timeline Lambda, called as Lambda calls it, with AWS's event shapes, against the emulator.

DynamoDB and CloudWatch are the emulator's; GetAutomationExecution (which the emulator lacks) is
answered by botocore's Stubber on an SSM client handed to the same handler.
"""

import copy
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from pydantic import ValidationError

from domain import table
from domain.evidence_anchor import ManifestAnchor
from domain.incident import IncidentRecord
from domain.incident_store import Anchored, IncidentStore
from generator.emulator.extensions import install
from handlers.timeline import app
from handlers.timeline.accounts import Clients
from tests.handlers.timeline.conftest import FakeLambdaContext, event_fixture, items
from tests.runbooks.scripts.evidence.seed import put_alarm

ALARM_ARN = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh"
EXECUTION = "333ba70b-2333-48db-b17e-a5e69c6f4d1c"
ANA = "arn:aws:iam::123456789012:user/ana"


def tag_alarm(name: str, incident: str | None) -> None:
    cloudwatch = boto3.client("cloudwatch")
    put_alarm(cloudwatch, name)
    arn = f"arn:aws:cloudwatch:us-east-1:123456789012:alarm:{name}"
    if incident:
        cloudwatch.tag_resource(ResourceARN=arn, Tags=[{"Key": "closeloop:incident", "Value": incident}])


@pytest.fixture
def incident(table_name: str) -> str:
    name = f"INC-{uuid.uuid4().hex[:6]}"
    tag_alarm("ServerCpuTooHigh", name)
    return name


@pytest.fixture
def ssm_stub(table_name: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubber]:
    """The real handler, with a stubbed SSM client in place of the one it would make."""
    ssm = boto3.client("ssm")
    clients = Clients(boto3.client("dynamodb"), ssm, boto3.client("cloudwatch"))
    monkeypatch.setattr(app, "configured", lambda: app.build(clients, table_name))
    with Stubber(ssm) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def execution(parameters: dict[str, list[str]], steps: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "AutomationExecution": {
            "AutomationExecutionId": EXECUTION,
            "DocumentName": "runcommand1",
            "ExecutedBy": ANA,
            "Parameters": parameters,
            "StepExecutions": steps or [],
        }
    }


def test_an_alarm_event_delivered_twice_is_recorded_once(
    table_name: str, incident: str, context: FakeLambdaContext
) -> None:
    event = event_fixture("cloudwatch_alarm_state_change_alarm.json")
    first = app.handler(event, context)
    second = app.handler(event, context)

    assert first["recorded"] is True and first["incident_id"] == incident
    assert second == first  # answered from the idempotency record, not run again
    [item] = items(table_name, incident)
    assert item["kind"] == {"S": "alert"}
    assert item["occurred_at"] == {"S": "2019-10-02T17:04:40Z"}
    assert item["source"] == {"S": ALARM_ARN}
    assert item["actor"] == {"S": "aws.cloudwatch"}
    assert item["text"]["S"].startswith("Alarm ServerCpuTooHigh went to ALARM: Threshold Crossed")
    guard = boto3.client("dynamodb").query(
        TableName=table_name,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": table.idempotency_pk("timeline")}},
    )["Items"]
    assert len(guard) == 1 and "expires_at" in guard[0]


def test_the_same_fact_in_a_new_delivery_is_not_written_twice(
    table_name: str, incident: str, context: FakeLambdaContext
) -> None:
    event = event_fixture("cloudwatch_alarm_state_change_alarm.json")
    replayed = {**copy.deepcopy(event), "id": "0e4f0c3c-0000-4000-8000-000000000001", "replay-name": "archive"}
    app.handler(event, context)
    again = app.handler(replayed, context)
    assert again["recorded"] is False and again["skipped"] == "already on the timeline"
    assert len(items(table_name, incident)) == 1


def test_alarm_back_to_ok_is_the_recovery(table_name: str, incident: str, context: FakeLambdaContext) -> None:
    app.handler(event_fixture("cloudwatch_alarm_state_change_alarm.json"), context)
    result = app.handler(event_fixture("cloudwatch_alarm_state_change_ok.json"), context)
    assert result["recorded"] is True
    kinds = {item["kind"]["S"]: item["occurred_at"]["S"] for item in items(table_name, incident)}
    assert kinds == {"alert": "2019-10-02T17:04:40Z", "recovery": "2019-10-02T17:49:40Z"}


def test_an_alarm_of_no_incident_is_left_alone(table_name: str, context: FakeLambdaContext) -> None:
    tag_alarm("Untagged", None)
    event = event_fixture("cloudwatch_alarm_state_change_alarm.json")
    event["resources"] = ["arn:aws:cloudwatch:us-east-1:123456789012:alarm:Untagged"]
    event["detail"]["alarmName"] = "Untagged"
    result = app.handler(event, context)
    assert result["recorded"] is False and "no closeloop:incident tag" in result["skipped"]


def test_a_step_event_records_who_ran_the_automation_once(
    table_name: str, ssm_stub: Stubber, context: FakeLambdaContext
) -> None:
    ssm_stub.add_response(
        "get_automation_execution", execution({"IncidentId": ["INC-77"]}), {"AutomationExecutionId": EXECUTION}
    )
    event = event_fixture("ssm_automation_step_status_change.json")
    first = app.handler(event, context)
    second = app.handler(event, context)

    assert first["recorded"] is True and second == first
    [item] = items(table_name, "INC-77")
    assert item["actor"] == {"S": ANA}
    assert item["occurred_at"] == {"S": "2016-11-29T19:43:25Z"}  # the step's EndTime, read as UTC
    assert item["source"] == {"S": f"automation:{EXECUTION}#runFixedCmds"}
    assert item["text"] == {"S": "runcommand1: step runFixedCmds (aws:runCommand) ended Success"}


def test_an_approval_step_is_the_approvers_and_a_tag_names_the_incident(
    table_name: str, ssm_stub: Stubber, context: FakeLambdaContext
) -> None:
    decision = (
        '{"Approver":"arn:aws:iam::123456789012:user/bo","Decision":"Approve",'
        '"ApprovalDecisionTime":"2016-11-29T19:43:20.1Z","Comment":"go"}'
    )
    steps = [{"StepName": "runFixedCmds", "Action": "aws:approve", "Outputs": {"ApproverDecisions": [decision]}}]
    ssm_stub.add_response("get_automation_execution", execution({}, steps), {"AutomationExecutionId": EXECUTION})
    ssm_stub.add_response(
        "list_tags_for_resource",
        {"TagList": [{"Key": "closeloop:incident", "Value": "INC-78"}]},
        {"ResourceType": "Automation", "ResourceId": EXECUTION},
    )
    event = event_fixture("ssm_automation_step_status_change.json")
    event["detail"]["Action"] = "aws:approve"
    assert app.handler(event, context)["recorded"] is True
    [item] = items(table_name, "INC-78")
    assert item["actor"] == {"S": "arn:aws:iam::123456789012:user/bo"}


def test_closeloop_runbooks_and_unfinished_steps_are_not_recorded_here(
    table_name: str, ssm_stub: Stubber, context: FakeLambdaContext
) -> None:
    own = event_fixture("ssm_automation_step_status_change.json")
    own["detail"]["Definition"] = "Closeloop-IncidentResponse"
    running = event_fixture("ssm_automation_step_status_change.json")
    running["id"], running["detail"]["Status"] = "another-delivery", "InProgress"
    assert "records its own steps" in app.handler(own, context)["skipped"]
    assert "not finished" in app.handler(running, context)["skipped"]  # and no SSM call was made


def test_a_runbooks_direct_call_is_recorded(table_name: str, context: FakeLambdaContext) -> None:
    call = {
        "IncidentId": "INC-80",
        "Kind": "mitigation",
        "Text": "Failed over to eu-west-1",
        "OccurredAt": "2026-11-29T18:05:00+01:00",
        "Source": "automation:abc#FailOver",
        "Actor": ANA,
    }
    assert app.handler(call, context)["recorded"] is True
    [item] = items(table_name, "INC-80")
    assert item["occurred_at"] == {"S": "2026-11-29T17:05:00Z"}
    recorded = datetime.fromisoformat(item["recorded_at"]["S"].replace("Z", "+00:00"))
    assert recorded.year >= 2026


def test_a_time_without_zone_is_refused_and_nothing_written(table_name: str, context: FakeLambdaContext) -> None:
    call = {
        "IncidentId": "INC-81",
        "Kind": "note",
        "Text": "Customer call",
        "OccurredAt": "2026-11-29T18:05:00",
        "Source": "https://support/ticket/1",
        "Actor": ANA,
    }
    with pytest.raises(ValidationError, match="has no time zone"):
        app.handler(call, context)
    assert items(table_name, "INC-81") == []


def test_an_aws_runbook_run_from_an_opsitem_lands_on_the_incident_the_opsitem_names(
    table_name: str, ssm_stub: Stubber, context: FakeLambdaContext
) -> None:
    run = execution({"InstanceId": ["i-0abc"]})
    run["AutomationExecution"] |= {"DocumentName": "AWS-RestartEC2Instance", "OpsItemId": "oi-0123456789ab"}
    ssm_stub.add_response("get_automation_execution", run, {"AutomationExecutionId": EXECUTION})
    ssm_stub.add_response(
        "list_tags_for_resource", {"TagList": []}, {"ResourceType": "Automation", "ResourceId": EXECUTION}
    )
    data = {"closeloop:incident": {"Value": "INC-79", "Type": "SearchableString"}}
    ssm_stub.add_response("get_ops_item", {"OpsItem": {"OperationalData": data}}, {"OpsItemId": "oi-0123456789ab"})
    event = event_fixture("ssm_automation_step_status_change.json")
    event["detail"].update(
        Definition="AWS-RestartEC2Instance", StepName="stopInstances", Action="aws:changeInstanceState"
    )
    assert app.handler(event, context)["recorded"] is True
    [item] = items(table_name, "INC-79")
    assert item["text"] == {"S": "AWS-RestartEC2Instance: step stopInstances (aws:changeInstanceState) ended Success"}
    assert (item["actor"], item["kind"]) == ({"S": ANA}, {"S": "human_action"})


def manifest_step_event(status: str = "Success") -> dict[str, Any]:
    event = event_fixture("ssm_automation_step_status_change.json")
    event["detail"].update(Definition="Closeloop-CollectEvidence", StepName="WriteManifest", Status=status,
                           Action="aws:executeScript")  # fmt: skip
    return event


MANIFEST_KEY = f"incidents/INC-77/evidence/{EXECUTION}/manifest.json"


def stub_manifest_run(ssm_stub: Stubber, sha: str, key: str = MANIFEST_KEY) -> None:
    steps = [{"StepName": "WriteManifest", "Outputs": {"ManifestKey": [key],
              "ManifestSha256": [sha], "ManifestVersionId": ["v-1"]}}]  # fmt: skip
    parameters = {"IncidentId": ["INC-77"], "EvidenceBucket": ["closeloop-evidence"]}
    ssm_stub.add_response(
        "get_automation_execution", execution(parameters, steps), {"AutomationExecutionId": EXECUTION}
    )


def test_the_manifest_anchor_is_taken_from_ssms_record_of_the_run(
    table_name: str, ssm_stub: Stubber, context: FakeLambdaContext
) -> None:
    sha = "ab" * 32
    stub_manifest_run(ssm_stub, sha)
    answer = app.handler(manifest_step_event(), context)
    assert answer["recorded"] is True and answer["anchored"] == Anchored.NO_INCIDENT  # never opened: timeline only
    [item] = items(table_name, "INC-77")
    assert item["kind"] == {"S": "evidence"}
    anchor = ManifestAnchor.from_source(item["source"]["S"])
    assert anchor == ManifestAnchor("closeloop-evidence", MANIFEST_KEY, "v-1", sha)


def test_the_manifest_anchor_goes_on_the_incident_item_too(
    table_name: str, ssm_stub: Stubber, context: FakeLambdaContext
) -> None:
    store = IncidentStore(boto3.client("dynamodb"), table_name)
    opened = datetime(2026, 11, 29, 17, 30, tzinfo=UTC)
    store.open(IncidentRecord(incident_id="INC-77", title="Checkout returns 5xx", incident_class="bad-deploy",
                              severity="SEV2", service="checkout", commander="ana", started_at=opened,
                              opened_at=opened))  # fmt: skip
    stub_manifest_run(ssm_stub, "cd" * 32)
    assert app.handler(manifest_step_event(), context)["anchored"] == Anchored.RECORDED
    [on_item] = store.anchors("INC-77")
    assert on_item.run == EXECUTION
    assert on_item.anchor == ManifestAnchor("closeloop-evidence", MANIFEST_KEY, "v-1", "cd" * 32)


def test_a_manifest_key_outside_the_runs_own_prefix_is_no_anchor(
    table_name: str, ssm_stub: Stubber, context: FakeLambdaContext
) -> None:
    stub_manifest_run(ssm_stub, "ab" * 32, key="incidents/INC-77/evidence/another-run/manifest.json")
    answer = app.handler(manifest_step_event(), context)
    assert answer["recorded"] is False and "not this run's manifest" in answer["skipped"]
    assert items(table_name, "INC-77") == []


def test_closeloops_other_steps_are_still_left_to_the_runbooks(table_name: str, context: FakeLambdaContext) -> None:
    event = manifest_step_event()
    event["detail"]["StepName"] = "CollectLogs"
    assert "records its own steps" in app.handler(event, context)["skipped"]


def test_a_deleted_alarm_is_no_incident_not_a_retry(table_name: str, context: FakeLambdaContext) -> None:
    install()  # the emulator as closeloop runs it: ListTagsForResource of a deleted alarm fails as in AWS
    tag_alarm("DeletedSoon", "INC-9")
    boto3.client("cloudwatch").delete_alarms(AlarmNames=["DeletedSoon"])
    event = event_fixture("cloudwatch_alarm_state_change_alarm.json")
    event["resources"] = ["arn:aws:cloudwatch:us-east-1:123456789012:alarm:DeletedSoon"]
    event["detail"]["alarmName"] = "DeletedSoon"
    result = app.handler(event, context)
    assert result["recorded"] is False and "was deleted" in result["skipped"]


def test_an_event_keeps_the_account_and_region_eventbridge_gives_it(
    table_name: str, incident: str, context: FakeLambdaContext
) -> None:
    event = event_fixture("cloudwatch_alarm_state_change_alarm.json")
    app.handler(event, context)
    [item] = items(table_name, incident)
    assert (item["account"], item["region"]) == ({"S": "123456789012"}, {"S": "us-east-1"})
