"""`aws:approve`: `approve` goes on with the approval outputs (the approver's comment among them), `reject`
fails the step, none leaves it Waiting."""

from typing import Any

from generator.document.steps.base import StepBase
from generator.simulator.decisions import decided
from generator.simulator.errors import StepFailed, StepWaiting
from generator.simulator.execution import Execution
from generator.simulator.result import StepResult


def run(step: StepBase, inputs: dict[str, Any], execution: Execution) -> StepResult:
    approvers = inputs.get("Approvers") or []
    approvers = approvers if isinstance(approvers, list) else [approvers]
    decision = decided(step, execution, ("approve", "reject"))
    if decision is None:
        raise StepWaiting(f"waiting for approval by {approvers} (give --decide {step.name}=approve or reject)")
    verdict = "Approve" if decision.verb == "approve" else "Reject"
    comment = {"Comment": decision.comment} if decision.comment else {}
    decisions = [
        {"Type": verdict, "Approver": approver, "Timestamp": execution.clock.now.isoformat(), **comment}
        for approver in approvers[:1]
    ]
    if decision.verb == "reject":
        # AWS's ApprovalStatus is Approved, Rejected or Waiting: a rejected step shows its decisions too.
        rejected = {"ApprovalStatus": "Rejected", "ApproverDecisions": decisions, "Approvers": approvers}
        raise StepFailed(f"Step rejected by approver {approvers[0] if approvers else 'unknown'}", rejected)
    outputs = {"ApprovalStatus": "Approved", "ApproverDecisions": decisions, "Approvers": approvers}
    return StepResult(outputs=outputs, selectable=outputs)
