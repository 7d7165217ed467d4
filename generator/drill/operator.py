"""The drill's operator, driving runbooks through the emulator's SSM Automation API with boto3, as an operator's
own client would: StartAutomationExecution, GetAutomationExecution until the run waits for a person or ends,
and SendAutomationSignal (Approve or Reject with the responder's words) at the scenario's minute. The run
goes on in the emulator, on the drill's clock (the emulator follows it: generator/emulator/clock.py), so the
operator moves that clock to the decision's minute before sending the signal."""

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from generator.simulator import ClientFactory
from generator.simulator.clock import VirtualClock

TERMINAL = ("Success", "Failed", "Cancelled", "TimedOut", "CompletedWithFailure")
POLL_SECONDS = 0.02
GIVE_UP_SECONDS = 120.0


class OperatorError(Exception):
    """A run did not get where the operator waits for it; the message says where it was."""


@dataclass(frozen=True)
class Decision:
    verb: str  # approve | reject
    at: datetime  # when the operator gives it, on the drill's clock
    note: str = ""


def parameters_for_api(given: Mapping[str, Any]) -> dict[str, list[str]]:
    """Run-time parameters as the API takes them: every value a list of strings."""

    def strings(value: Any) -> list[str]:
        values = value if isinstance(value, list) else [value]
        return [str(v).lower() if isinstance(v, bool) else str(v) for v in values]

    return {name: strings(value) for name, value in given.items()}


def execution(ssm: Any, execution_id: str) -> dict[str, Any]:
    answer: dict[str, Any] = ssm.get_automation_execution(AutomationExecutionId=execution_id)["AutomationExecution"]
    return answer


def await_person_or_end(ssm: Any, execution_id: str) -> dict[str, Any]:
    """The run once it waits for a person (an approval or a pause) or has ended."""
    given_up = time.monotonic() + GIVE_UP_SECONDS
    while True:
        found = execution(ssm, execution_id)
        if found["AutomationExecutionStatus"] in (*TERMINAL, "Waiting"):
            return found
        if time.monotonic() > given_up:
            raise OperatorError(
                f"{found['DocumentName']} still {found['AutomationExecutionStatus']} after {GIVE_UP_SECONDS:.0f} s"
            )
        time.sleep(POLL_SECONDS)


def run(
    clients: ClientFactory, document: str, given: Mapping[str, Any], clock: VirtualClock,
    decisions: Mapping[str, Decision] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Start `document`, answer each step that waits for a person with its decision, and return the ended run."""
    ssm = clients.client("ssm")
    execution_id = ssm.start_automation_execution(DocumentName=document, Parameters=parameters_for_api(given))[
        "AutomationExecutionId"
    ]
    while True:
        found = await_person_or_end(ssm, execution_id)
        if found["AutomationExecutionStatus"] in TERMINAL:
            return found
        step = found["StepExecutions"][-1]["StepName"]
        decision = (decisions or {}).get(step)
        if decision is None:
            raise OperatorError(f"{document} waits at {step}, which the scenario decides nothing for")
        waited = (decision.at - clock.now).total_seconds()
        if waited < 0:
            raise OperatorError(f"{step} is reached at {clock.now:%H:%M:%S}, after its time {decision.at:%H:%M}")
        clock.sleep(waited)
        payload = {"Comment": [decision.note]} if decision.note else {}
        signal = "Approve" if decision.verb == "approve" else "Reject"
        ssm.send_automation_signal(AutomationExecutionId=execution_id, SignalType=signal, Payload=payload)
        while execution(ssm, execution_id)["StepExecutions"][-1]["StepName"] == step and (
            execution(ssm, execution_id)["AutomationExecutionStatus"] == "Waiting"
        ):
            time.sleep(POLL_SECONDS)  # until the run has taken the signal
