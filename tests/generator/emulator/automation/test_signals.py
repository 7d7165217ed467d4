"""SendAutomationSignal's StartStep and StopStep, and an approval's comment, with boto3 against botocore's model.

AWS's API reference: StartStep (Payload StepName) starts a step of an execution run in Interactive mode;
StopStep (Payload StepExecutionId) stops a step in progress; Approve/Reject take an optional Comment.
A signal that does not apply is InvalidAutomationSignalException, an unknown step AutomationStepNotFoundException."""

from typing import Any

import pytest

from tests.generator.emulator.automation.driving import SSM, pending_at, signal, start, until, waiting_at


def test_reject_fails_the_run_and_stop_cancels_a_waiting_one(ssm: Any) -> None:
    rejected = ssm.start_automation_execution(DocumentName=ssm.document_name, Parameters={"Who": ["ops"]})
    until(ssm, rejected["AutomationExecutionId"], waiting_at("Approval"))
    ssm.send_automation_signal(AutomationExecutionId=rejected["AutomationExecutionId"], SignalType="Reject")
    failed = until(ssm, rejected["AutomationExecutionId"], lambda e: e["AutomationExecutionStatus"] == "Failed")
    assert failed["StepExecutions"][-1]["StepStatus"] == "Failed"

    stopped = ssm.start_automation_execution(DocumentName=ssm.document_name, Parameters={"Who": ["ops"]})
    until(ssm, stopped["AutomationExecutionId"], waiting_at("Approval"))
    ssm.stop_automation_execution(AutomationExecutionId=stopped["AutomationExecutionId"])
    until(ssm, stopped["AutomationExecutionId"], lambda e: e["AutomationExecutionStatus"] == "Cancelled")


def test_the_model_knows_every_signal_the_emulator_takes() -> None:
    signals = SSM.shape_for("SignalType").enum  # type: ignore[attr-defined]
    assert {"Approve", "Reject", "StartStep", "StopStep", "Resume"} <= set(signals)
    errors = {shape.name for shape in SSM.operation_model("SendAutomationSignal").error_shapes}
    assert {"AutomationStepNotFoundException", "InvalidAutomationSignalException"} <= errors


def test_an_interactive_run_waits_before_each_step_for_start_step(ssm: Any) -> None:
    execution_id = start(ssm, Mode="Interactive")
    pending = until(ssm, execution_id, pending_at("Long"))
    assert pending["Mode"] == "Interactive"
    assert "ExecutionEndTime" not in pending["StepExecutions"][-1]
    with pytest.raises(ssm.exceptions.InvalidAutomationSignalException):  # not the step that waits to start
        ssm.send_automation_signal(
            AutomationExecutionId=execution_id, SignalType="StartStep", Payload={"StepName": ["Hold"]}
        )
    with pytest.raises(ssm.exceptions.AutomationStepNotFoundException):
        ssm.send_automation_signal(
            AutomationExecutionId=execution_id, SignalType="StartStep", Payload={"StepName": ["Nope"]}
        )
    ssm.send_automation_signal(
        AutomationExecutionId=execution_id, SignalType="StartStep", Payload={"StepName": ["Long"]}
    )
    after = until(ssm, execution_id, pending_at("Approval"))
    assert after["StepExecutions"][0]["StepStatus"] == "Success"
    ssm.send_automation_signal(
        AutomationExecutionId=execution_id, SignalType="StartStep", Payload={"StepName": ["Approval"]}
    )
    until(ssm, execution_id, waiting_at("Approval"))
    signal(ssm, execution_id, "Approve", Comment="rolled back to 4.1")
    until(ssm, execution_id, pending_at("Hold"))
    approval = ssm.get_automation_execution(AutomationExecutionId=execution_id)["AutomationExecution"][
        "StepExecutions"
    ][1]
    assert "rolled back to 4.1" in str(approval["Outputs"])


def test_start_step_is_refused_in_auto_mode(ssm: Any) -> None:
    execution_id = start(ssm)
    until(ssm, execution_id, waiting_at("Approval"))
    with pytest.raises(ssm.exceptions.InvalidAutomationSignalException):
        signal(ssm, execution_id, "StartStep", StepName="Approval")


def test_stop_step_stops_the_step_in_progress_by_its_execution_id(ssm: Any) -> None:
    execution_id = start(ssm)
    waiting = until(ssm, execution_id, waiting_at("Approval"))
    done_step, approval = waiting["StepExecutions"]
    with pytest.raises(ssm.exceptions.AutomationStepNotFoundException):
        signal(ssm, execution_id, "StopStep", StepExecutionId="0" * 36)
    with pytest.raises(ssm.exceptions.InvalidAutomationSignalException):  # it ended already
        signal(ssm, execution_id, "StopStep", StepExecutionId=done_step["StepExecutionId"])
    ssm.send_automation_signal(
        AutomationExecutionId=execution_id,
        SignalType="StopStep",
        Payload={"StepExecutionId": [approval["StepExecutionId"]]},
    )
    ended = until(ssm, execution_id, lambda e: e["AutomationExecutionStatus"] == "Cancelled")
    assert ended["StepExecutions"][1]["StepStatus"] == "Cancelled"  # onCancel: Abort (the default) ends the run
