"""`aws:executeScript`: the Python handler run in-process with `events` and `context`; its return is `Payload`."""

import json
import traceback
from typing import Any

from generator.document.steps.base import StepBase
from generator.simulator.errors import StepFailed
from generator.simulator.execution import Execution
from generator.simulator.result import StepResult
from generator.simulator.script_runtime import on_run_clock, script_runtime

MAX_PAYLOAD_BYTES = 100 * 1024


def run(step: StepBase, inputs: dict[str, Any], execution: Execution) -> StepResult:
    runtime = str(inputs.get("Runtime", ""))
    if not runtime.lower().startswith("python"):
        raise StepFailed(f"Runtime {runtime} is not supported by the simulator: only Python scripts run in-process")
    if inputs.get("Attachment") or not inputs.get("Script"):
        raise StepFailed("scripts in an Attachment are not supported by the simulator: give the Script inline")
    events = inputs.get("InputPayload") or {}
    handler_name = str(inputs.get("Handler") or "").rsplit(".", 1)[-1]
    namespace: dict[str, Any] = {"__name__": f"script_{step.name}"}
    with script_runtime(execution):
        try:
            exec(compile(str(inputs["Script"]), f"<{step.name} script>", "exec"), namespace)
            on_run_clock(namespace, execution.clock)
            handler = namespace.get(handler_name)
            if not callable(handler):
                raise StepFailed(f"the script defines no handler function {handler_name!r}")
            payload = handler(events, dict(execution.builtins()))
        except StepFailed:
            raise
        except (Exception, SystemExit) as error:
            raise StepFailed(f"the script raised {_describe(error)}") from None
    return StepResult(outputs={"Payload": _checked(payload)}, selectable={"Payload": payload})


def _describe(error: BaseException) -> str:
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.endswith(" script>")]
    where = f" at line {frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}: {error}{where}"


def _checked(payload: Any) -> Any:
    try:
        text = json.dumps(payload)
    except (TypeError, ValueError) as error:
        raise StepFailed(f"the script returned a value that is not JSON: {error}") from None
    if len(text.encode()) > MAX_PAYLOAD_BYTES:
        raise StepFailed(f"the script's payload is {len(text.encode())} bytes, over AWS's {MAX_PAYLOAD_BYTES}")
    return payload
