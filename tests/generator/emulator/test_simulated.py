"""A run of `simulate` in this process is one the emulator answers GetAutomationExecution for, while it runs."""

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from generator.document.reader import read_text
from generator.simulator import ClientFactory, RunOptions, Status, simulate

DOCUMENT = """
schemaVersion: "0.3"
mainSteps:
  - name: SignOff
    action: aws:approve
    onFailure: step:ReadSelf
    inputs: {Approvers: ["arn:aws:iam::123456789012:user/ana"]}
  - name: ReadSelf
    action: aws:executeAwsApi
    isEnd: true
    inputs: {Service: ssm, Api: GetAutomationExecution, AutomationExecutionId: "{{ automation:EXECUTION_ID }}"}
    outputs:
      - {Name: By, Selector: $.AutomationExecution.ExecutedBy, Type: String}
      - {Name: Refused, Selector: "$.AutomationExecution.StepExecutions[0].Outputs.ApprovalStatus[0]", Type: String}
"""


def test_a_step_reads_its_own_simulated_run_and_afterwards_the_run_is_not_found(emulated: str, aws_env: str) -> None:
    document = read_text(DOCUMENT, "ReadsItself").document
    options = RunOptions(decisions={"SignOff": "reject: no"})
    record = simulate(
        document, {}, name="ReadsItself", clients=ClientFactory(aws_env, region=emulated), options=options
    )

    assert record.status is Status.FAILED  # the rejected step is critical
    assert record.step("ReadSelf").status is Status.SUCCESS, record.step("ReadSelf").failure_message
    outputs: dict[str, Any] = record.step("ReadSelf").outputs
    assert outputs["By"] == "arn:aws:sts::123456789012:user/moto"  # who ran simulate: the emulator's caller
    assert outputs["Refused"] == "Rejected"
    with pytest.raises(ClientError, match="AutomationExecutionNotFoundException"):
        boto3.client("ssm").get_automation_execution(AutomationExecutionId=record.execution_id)
