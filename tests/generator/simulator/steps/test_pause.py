"""aws:pause and aws:approve: decisions given up front, Waiting without one, cancel with onCancel."""

from generator.document.steps.base import StepBase
from generator.simulator import ClientFactory, RunOptions, Status
from generator.simulator.execution import Execution
from tests.generator.simulator.documents import run_fixture, statuses


def test_resume_and_approve_let_the_run_go_on(clients: ClientFactory) -> None:
    options = RunOptions(decisions={"Hold": "resume", "SignOff": "approve"})

    record = run_fixture("waiting_steps", clients, options=options)

    assert record.status is Status.SUCCESS
    assert statuses(record) == [("Hold", "Success"), ("SignOff", "Success"), ("Proceed", "Success")]
    approval = record.step("SignOff").outputs
    assert approval["ApprovalStatus"] == "Approved"
    assert approval["Approvers"] == ["arn:aws:iam::123456789012:role/Approver"]
    assert approval["ApproverDecisions"][0]["Type"] == "Approve"
    assert record.outputs == {"SignOff.ApprovalStatus": "Approved"}


def test_without_a_decision_the_run_stops_waiting_at_the_pause(clients: ClientFactory) -> None:
    record = run_fixture("waiting_steps", clients)

    assert record.status is Status.WAITING
    assert statuses(record) == [("Hold", "Waiting")]
    assert "--decide Hold=resume" in (record.failure_message or "")
    # As GetAutomationExecution shows it: a waiting step has not ended and has not failed
    hold = record.to_api()["AutomationExecution"]["StepExecutions"][0]
    assert hold["StepStatus"] == "Waiting"
    assert not {"ExecutionEndTime", "FailureMessage", "FailureDetails"} & set(hold)


def test_reject_fails_the_approval_step_and_the_run(clients: ClientFactory) -> None:
    options = RunOptions(decisions={"Hold": "resume", "SignOff": "reject"})

    record = run_fixture("waiting_steps", clients, options=options)

    assert record.status is Status.FAILED
    assert record.step("SignOff").status is Status.FAILED
    assert "rejected" in (record.step("SignOff").failure_message or "")


def test_a_rejected_approval_keeps_its_decision_as_aws_shows_it(clients: ClientFactory) -> None:
    options = RunOptions(decisions={"Hold": "resume", "SignOff": "reject: not now"})

    record = run_fixture("waiting_steps", clients, options=options)

    # AWS's ApprovalStatus is Approved, Rejected or Waiting: GetAutomationExecution shows who refused and why.
    step = record.to_api()["AutomationExecution"]["StepExecutions"][1]
    assert (step["StepStatus"], step["Outputs"]["ApprovalStatus"]) == ("Failed", ["Rejected"])
    assert '"Comment": "not now"' in step["Outputs"]["ApproverDecisions"][0]
    # ...but a failed step's outputs are not the document's (nor can a later step refer to them)
    assert "not successfully executed" in record.outputs["SignOff.ApprovalStatus"]


def test_a_callback_decides_when_the_step_is_reached(clients: ClientFactory) -> None:
    seen: list[str] = []

    def decide(step: StepBase, execution: Execution) -> str:
        seen.append(step.name)
        return "resume" if step.name == "Hold" else "approve"

    options = RunOptions(decisions={"Hold": decide, "SignOff": decide})

    record = run_fixture("waiting_steps", clients, options=options)

    assert (record.status, seen) == (Status.SUCCESS, ["Hold", "SignOff"])


def test_cancel_runs_the_on_cancel_step_and_ends_cancelled(clients: ClientFactory) -> None:
    record = run_fixture("waiting_steps", clients, options=RunOptions(decisions={"Hold": "cancel"}))

    assert record.status is Status.CANCELLED
    assert statuses(record) == [("Hold", "Cancelled"), ("CleanUp", "Success")]


def test_cancel_without_on_cancel_ends_cancelled_at_once(clients: ClientFactory) -> None:
    record = run_fixture(
        "waiting_steps", clients, options=RunOptions(decisions={"Hold": "resume", "SignOff": "cancel"})
    )

    assert record.status is Status.CANCELLED
    assert statuses(record) == [("Hold", "Success"), ("SignOff", "Cancelled")]


def test_a_decision_that_does_not_fit_the_action_fails_the_step(clients: ClientFactory) -> None:
    record = run_fixture("waiting_steps", clients, options=RunOptions(decisions={"Hold": "approve"}))

    assert record.status is Status.FAILED
    assert "does not apply to aws:pause" in (record.step("Hold").failure_message or "")
