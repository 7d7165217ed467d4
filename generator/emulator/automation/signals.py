"""SendAutomationSignal and StopAutomationExecution: a person's answer to the step waiting for one, a step
started or stopped in an Interactive run, and a stop that cancels the run at its next or waiting step."""

from typing import Any

from moto.core.responses import ActionResult

from generator.emulator.automation.records import execution_api, find_run
from generator.emulator.automation.runs import AutomationError, Run

SIGNALS = {"Approve": "approve", "Reject": "reject", "Resume": "resume"}  # the simulator's decisions


def send_automation_signal(self: Any) -> ActionResult:
    """Approve/Reject (optional Comment) and Resume (StepName) answer the step waiting for a person; StartStep
    (StepName) starts the step an Interactive run waits at; StopStep (StepExecutionId) stops a step in
    progress: it ends Cancelled and the run goes on as the step's onCancel says (API reference,
    SendAutomationSignal). Anything else is InvalidAutomationSignalException, as in AWS."""
    run = find_run(self)
    signal = self._get_param("SignalType")
    payload: dict[str, list[str]] = self._get_param("Payload") or {}
    if signal == "StartStep":
        _start_step(run, (payload.get("StepName") or [""])[0])
    elif signal == "StopStep":
        _stop_step(run, (payload.get("StepExecutionId") or [""])[0])
    elif signal in SIGNALS:
        named = payload.get("StepName")
        _answer(run, SIGNALS[signal], named[0] if named else run.waiting_step, payload.get("Comment"))
    else:
        raise AutomationError("InvalidAutomationSignalException", f"Signal {signal} is not one AWS takes here")
    return ActionResult({})


def _answer(run: Run, decision: str, step: str | None, comment: list[str] | None) -> None:
    with run.signalled:
        if run.waiting_step is None or step != run.waiting_step:
            raise AutomationError(
                "InvalidAutomationSignalException", f"No step is waiting for a signal{f' named {step}' if step else ''}"
            )
        run.signals[step] = f"{decision}:{comment[0]}" if comment and comment[0] else decision
        run.signalled.notify_all()


def _start_step(run: Run, step: str) -> None:
    if run.mode != "Interactive":
        raise AutomationError("InvalidAutomationSignalException", "StartStep applies to an Interactive execution")
    if step not in run.step_names:
        raise AutomationError(
            "AutomationStepNotFoundException", f"Step {step or '(no StepName)'} is not in the document"
        )
    with run.signalled:
        if run.pending_step != step:
            raise AutomationError("InvalidAutomationSignalException", f"Step {step} is not waiting to be started")
        run.start_signals.add(step)
        run.signalled.notify_all()


def _stop_step(run: Run, step_execution_id: str) -> None:
    steps = execution_api(run)["StepExecutions"]
    found = next((s for s in steps if s["StepExecutionId"] == step_execution_id), None)
    if found is None:
        raise AutomationError("AutomationStepNotFoundException", f"Step execution {step_execution_id} not found")
    with run.signalled:
        if found["StepStatus"] not in ("InProgress", "Waiting") or run.waiting_step != found["StepName"]:
            message = f"Step {found['StepName']} is {found['StepStatus']}, not in progress"
            raise AutomationError("InvalidAutomationSignalException", message)
        run.signals[found["StepName"]] = "cancel"
        run.signalled.notify_all()


def stop_automation_execution(self: Any) -> ActionResult:
    run = find_run(self)
    with run.signalled:
        run.stop_requested = True
        run.signalled.notify_all()
    return ActionResult({})
