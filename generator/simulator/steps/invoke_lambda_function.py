"""`aws:invokeLambdaFunction`: a local handler when the caller mapped the function name to one, else a real invoke.

A function that raises fails the step with its error message (AWS sets FunctionError and the step fails).
"""

import json
import uuid
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from generator.document.steps.base import StepBase
from generator.simulator.errors import StepFailed
from generator.simulator.execution import Execution, LambdaHandler
from generator.simulator.result import StepResult

_INVOKE_PARAMETERS = ("FunctionName", "Qualifier", "InvocationType", "LogType", "ClientContext")


def run(step: StepBase, inputs: dict[str, Any], execution: Execution) -> StepResult:
    name = str(inputs["FunctionName"])
    event = _event(inputs)
    handler = _local_handler(name, execution.options.lambda_handlers)
    outputs = _run_locally(name, handler, event) if handler is not None else _invoke(name, inputs, event, execution)
    return StepResult(outputs=outputs, selectable=outputs)


def _invoke(name: str, inputs: dict[str, Any], event: Any, execution: Execution) -> dict[str, Any]:
    params = {key: inputs[key] for key in _INVOKE_PARAMETERS if inputs.get(key) is not None}
    try:
        answer = execution.clients.client("lambda").invoke(**params, Payload=json.dumps(event))
    except (BotoCoreError, ClientError) as error:
        raise StepFailed(f"Lambda function {name} cannot be invoked: {str(error).splitlines()[0]}") from None
    payload = answer["Payload"].read().decode("utf-8", errors="replace") if "Payload" in answer else ""
    if answer.get("FunctionError"):
        raise StepFailed(f"Lambda function {name} failed ({answer['FunctionError']}): {payload[:500]}")
    return {
        "StatusCode": answer.get("StatusCode", 200),
        "Payload": payload,
        "ExecutedVersion": answer.get("ExecutedVersion", "$LATEST"),
        **({"LogResult": answer["LogResult"]} if answer.get("LogResult") else {}),
    }


def _event(inputs: dict[str, Any]) -> Any:
    if inputs.get("InputPayload") is not None:
        return inputs["InputPayload"]
    if inputs.get("Payload"):
        try:
            return json.loads(str(inputs["Payload"]))
        except json.JSONDecodeError as error:
            raise StepFailed(f"Payload is not JSON: {error}") from None
    return {}


def _local_handler(name: str, handlers: dict[str, LambdaHandler]) -> LambdaHandler | None:
    # A function is named by name, by ARN, or by ARN with a qualifier; the mapping may use any of them.
    short = name.split(":function:", 1)[-1].split(":", 1)[0]
    return handlers.get(name) or handlers.get(short)


def _run_locally(name: str, handler: LambdaHandler, event: Any) -> dict[str, Any]:
    context = {"function_name": name, "aws_request_id": str(uuid.uuid4())}
    try:
        result = handler(event, context)
    except Exception as error:
        raise StepFailed(f"Lambda function {name} failed (Unhandled): {type(error).__name__}: {error}") from None
    return {"StatusCode": 200, "Payload": json.dumps(result), "ExecutedVersion": "$LATEST"}
