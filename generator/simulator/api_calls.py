"""One AWS API call as Automation makes it: Service in lower case, Api in PascalCase, parameters as written.

Automation converts parameter text to the API's types (`"5"` for an integer member), so the call's
parameters are coerced along the operation's input shape first. The answer is made plain JSON data
(timestamps as ISO-8601 text), the document an output's Selector reads.
"""

import base64
from datetime import date, datetime
from typing import Any

from botocore import xform_name
from botocore.exceptions import BotoCoreError, ClientError, UnknownServiceError
from botocore.model import Shape

from generator.simulator.errors import StepFailed
from generator.simulator.execution import Execution


def call_api(execution: Execution, service: str, api: str, params: dict[str, Any]) -> dict[str, Any]:
    service_name = str(service).lower()
    try:
        client = execution.clients.client(service_name)
    except UnknownServiceError:
        raise StepFailed(f"{service} is not an AWS service botocore knows") from None
    operation = _operation_name(client, str(api))
    shape = client.meta.service_model.operation_model(operation).input_shape
    method = getattr(client, xform_name(operation))
    try:
        answer = method(**(coerce(params, shape) if shape is not None else params))
    except ClientError as error:
        raise StepFailed(_client_error(error, service_name, operation)) from None
    except BotoCoreError as error:
        raise StepFailed(f"{service_name}.{operation}: {error}") from None
    answer.pop("ResponseMetadata", None)
    return plain(answer)  # type: ignore[no-any-return]


def _client_error(error: ClientError, service: str, operation: str) -> str:
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    code = str(error.response.get("Error", {}).get("Code", ""))
    # An endpoint without the operation answers an HTML error page, not an AWS error: say so, without the page.
    if status >= 500 and code in ("500", "InternalFailure", "InternalError", ""):
        return f"{service}.{operation}: the endpoint answered HTTP {status} (the emulator does not implement it)"
    if code == str(status):
        return f"{service}.{operation}: the endpoint answered HTTP {status} without an AWS error"
    return str(error).splitlines()[0][:500]


def _operation_name(client: Any, api: str) -> str:
    names = client.meta.service_model.operation_names
    for name in names:
        if name == api or name.lower() == api.lower():
            return str(name)
    raise StepFailed(f"{api} is not an operation of {client.meta.service_model.service_name}")


def coerce(value: Any, shape: Shape) -> Any:
    """`value` with text turned into the numbers and booleans the shape wants, recursively."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        members = shape.members  # type: ignore[attr-defined]
        return {key: coerce(item, members[key]) if key in members else item for key, item in value.items()}
    if kind == "list" and isinstance(value, list):
        return [coerce(item, shape.member) for item in value]  # type: ignore[attr-defined]
    if kind == "map" and isinstance(value, dict):
        return {key: coerce(item, shape.value) for key, item in value.items()}  # type: ignore[attr-defined]
    if kind in ("integer", "long") and isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    if kind in ("float", "double") and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    if kind == "boolean" and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if kind == "string" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return base64.b64encode(value).decode("ascii")
    if hasattr(value, "read"):
        raise StepFailed("the API answers with a stream, which Automation does not support")
    return value
