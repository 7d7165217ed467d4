"""Injected clients: a botocore Stubber answers an API the emulator lacks, on the same code path."""

import boto3
from botocore.stub import Stubber

from generator.document.reader import read_text
from generator.simulator import ClientFactory, Status, simulate

MISSING = """
schemaVersion: "0.3"
mainSteps:
  - name: LookUp
    action: aws:executeAwsApi
    inputs: {Service: ssm, Api: GetCalendarState, CalendarNames: [Closeloop-Freeze]}
    outputs:
      - {Name: State, Selector: $.State, Type: String}
"""
DOCUMENT = """
schemaVersion: "0.3"
mainSteps:
  - name: LookUp
    action: aws:executeAwsApi
    inputs: {Service: ssm, Api: GetAutomationExecution, AutomationExecutionId: "{{ automation:EXECUTION_ID }}"}
    outputs:
      - {Name: DocumentName, Selector: $.AutomationExecution.DocumentName, Type: String}
"""


def test_a_stubbed_client_answers_in_place_of_the_emulator(clients: ClientFactory) -> None:
    ssm = boto3.session.Session(region_name="us-east-1").client("ssm", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(ssm) as stub:
        stub.add_response("get_automation_execution", {"AutomationExecution": {"DocumentName": "Parent"}})
        clients.overrides["ssm"] = ssm

        record = simulate(read_text(DOCUMENT, "doc.yaml").document, clients=clients)

        stub.assert_no_pending_responses()
    assert record.status is Status.SUCCESS
    assert record.step("LookUp").outputs == {"DocumentName": "Parent"}


def test_an_operation_the_emulator_lacks_fails_the_step_once_and_clearly(clients: ClientFactory) -> None:
    record = simulate(read_text(MISSING, "doc.yaml").document, clients=clients)

    assert record.status is Status.FAILED
    assert record.step("LookUp").failure_message == (
        "ssm.GetCalendarState: the endpoint answered HTTP 500 (the emulator does not implement it)"
    )
    # One attempt only: botocore does not retry the emulator's 500.
    assert [(call.operation, call.error) for call in clients.calls if call.service == "ssm"] == [
        ("GetCalendarState", "500")
    ]
