"""GetAutomationExecution and the Describe calls answer a live run in botocore's shapes, with AWS's added fields
and output limit."""

from typing import Any

from generator.emulator.automation import RUNS, execution_api
from tests.generator.emulator.automation.driving import SSM, assert_in_shape, until, waiting_at


def test_a_run_waits_for_approval_then_resume_and_ends_success(ssm: Any) -> None:
    execution_id = ssm.start_automation_execution(DocumentName=ssm.document_name, Parameters={"Who": ["ops"]})[
        "AutomationExecutionId"
    ]
    waiting = until(ssm, execution_id, waiting_at("Approval"))
    approval = waiting["StepExecutions"][-1]
    assert approval["StepStatus"] == "Waiting"
    assert "ExecutionEndTime" not in approval and "FailureMessage" not in approval
    assert waiting["ExecutedBy"] and waiting["DocumentVersion"] == "1"
    assert all(step["StepExecutionId"] for step in waiting["StepExecutions"])
    assert waiting["StepExecutions"][0]["Outputs"]["Text"] == ["x" * 512]  # AWS returns at most 512 characters
    # What the emulator serialises (botocore's parser would drop a member its model lacks, so check the source)
    output = SSM.operation_model("GetAutomationExecution").output_shape
    assert_in_shape({"AutomationExecution": execution_api(RUNS[execution_id])}, output, "Get")

    ssm.send_automation_signal(
        AutomationExecutionId=execution_id, SignalType="Approve", Payload={"StepName": ["Approval"]}
    )
    until(ssm, execution_id, waiting_at("Hold"))
    ssm.send_automation_signal(AutomationExecutionId=execution_id, SignalType="Resume")
    done = until(ssm, execution_id, lambda e: e["AutomationExecutionStatus"] == "Success")
    assert [s["StepStatus"] for s in done["StepExecutions"]] == ["Success"] * 3
    assert done["StepExecutions"][1]["Outputs"]["ApprovalStatus"] == ["Approved"]

    listed = ssm.describe_automation_executions(Filters=[{"Key": "ExecutionId", "Values": [execution_id]}])
    assert [m["AutomationExecutionStatus"] for m in listed["AutomationExecutionMetadataList"]] == ["Success"]
    steps = ssm.describe_automation_step_executions(AutomationExecutionId=execution_id, ReverseOrder=True)
    assert [s["StepName"] for s in steps["StepExecutions"]] == ["Hold", "Approval", "Long"]
    for operation, answer in (("DescribeAutomationExecutions", listed), ("DescribeAutomationStepExecutions", steps)):
        assert_in_shape(answer, SSM.operation_model(operation).output_shape, operation)
