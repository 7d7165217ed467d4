"""Lambda's Invoke on the emulator: the function's own code runs (runtime.py) instead of moto's echo.

RequestResponse answers the function's result, or its error with `X-Amz-Function-Error: Unhandled` (and
the log's last 4 KB under `X-Amz-Log-Result` when asked with `LogType=Tail`); Event queues the invocation
and answers 202 at once, as Lambda's asynchronous invocation does; DryRun answers 204. EventBridge's Lambda
targets (targets.py) use the same queue. `settle()` waits for the queue to drain, for callers (the drill,
tests) that need what an asynchronous invocation did before they read it.

A failed asynchronous invocation is retried as Lambda retries it (Lambda developer guide, "How Lambda
handles errors and retries with asynchronous invocation"): two more times by default, one minute after the
first attempt and two minutes after the second, on the emulator's clock (async_queue.py). The function's
event invoke configuration (PutFunctionEventInvokeConfig) sets MaximumRetryAttempts (0-2) and
MaximumEventAgeInSeconds (60-21600, default 6 hours): an event older than that when a retry is due is
discarded instead. A discarded event is recorded in `QUEUE.failures` with its condition, RetriesExhausted or
EventAgeExceeded, as Lambda names them in an on-failure destination's record.
"""

import base64
import json
from datetime import timedelta
from typing import Any

from moto.core.exceptions import JsonRESTError

from generator.emulator import clock
from generator.emulator.lambdas import runtime
from generator.emulator.lambdas.async_queue import AsyncQueue

ASYNC_RETRIES = 2  # Lambda's default MaximumRetryAttempts
RETRY_WAITS = (timedelta(minutes=1), timedelta(minutes=2))  # before the first retry, before the second
MAX_EVENT_AGE = timedelta(hours=6)  # Lambda's default MaximumEventAgeInSeconds
LOG_TAIL_BYTES = 4096
REQUEST_RESPONSE_LIMIT = 6 * 1024 * 1024  # bytes of an event payload (Lambda quotas)
EVENT_LIMIT = 1024 * 1024  # bytes of an asynchronous invocation's payload (raised from 256 KB in 2025)


class InvokeError(JsonRESTError):
    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(code, message)
        self.code = status


QUEUE = AsyncQueue()


def settle(timeout: float = 60.0) -> bool:
    return QUEUE.settle(timeout)


def retry_settings(function: Any) -> tuple[int, timedelta]:
    """(MaximumRetryAttempts, MaximumEventAgeInSeconds) from the function's event invoke configuration."""
    configs = getattr(function, "event_invoke_config", None) or []
    config: dict[str, Any] = configs[-1].config if configs else {}
    retries = config.get("MaximumRetryAttempts")
    age = config.get("MaximumEventAgeInSeconds")
    return (
        ASYNC_RETRIES if retries is None else int(retries),
        MAX_EVENT_AGE if age is None else timedelta(seconds=int(age)),
    )


def invoke_async(function: Any, event: Any) -> None:
    """Queue an asynchronous invocation: run it, and retry a failed one as Lambda does (see above)."""
    retries, max_age = retry_settings(function)
    queued = clock.now()

    def attempt(number: int) -> None:
        answer = runtime.invoke(function, event)
        if answer.error is None:
            return
        if number > retries:
            return give_up("RetriesExhausted", number, answer.payload)
        due = clock.now() + RETRY_WAITS[min(number, len(RETRY_WAITS)) - 1]
        if due - queued > max_age:
            return give_up("EventAgeExceeded", number, answer.payload)
        QUEUE.hold(due, lambda: attempt(number + 1))

    def give_up(condition: str, attempts: int, payload: bytes) -> None:
        failure = {"function": function.function_arn, "condition": condition, "approximateInvokeCount": attempts}
        QUEUE.failures.append(failure | {"error": json.loads(payload), "queued": queued, "at": clock.now()})

    QUEUE.submit(lambda: attempt(1))


def parse_payload(body: Any, limit: int) -> Any:
    if body in (None, b"", ""):
        return {}
    size = len(body.encode() if isinstance(body, str) else body)
    if size > limit:
        raise InvokeError(
            "RequestTooLargeException",
            f"Request must be smaller than {limit} bytes for the InvokeFunction operation",
            413,
        )
    try:
        return json.loads(body)
    except ValueError:
        raise InvokeError("InvalidRequestContentException", "Could not parse request body into json") from None


def invoke(
    self: Any, function_name: str, qualifier: str | None, body: Any, headers: Any, response_headers: Any
) -> bytes:
    """LambdaSimpleBackend.invoke: what moto's Invoke response asks the backend for."""
    function = self.get_function(function_name, qualifier)
    if not runtime.Endpoint.url and headers.get("Host"):  # a server this process did not start through server.py
        runtime.Endpoint.url = f"http://{headers['Host']}"
    kind = headers.get("X-Amz-Invocation-Type") or "RequestResponse"
    response_headers["x-amz-executed-version"] = "$LATEST"
    if kind == "DryRun":
        return b""
    if kind == "Event":
        invoke_async(function, parse_payload(body, EVENT_LIMIT))
        return b""
    if kind != "RequestResponse":
        raise InvokeError("InvalidParameterValueException", f"Unsupported invocation type {kind}")
    answer = runtime.invoke(function, parse_payload(body, REQUEST_RESPONSE_LIMIT))
    if answer.error:
        response_headers["x-amz-function-error"] = answer.error
    tail = answer.log.encode()[-LOG_TAIL_BYTES:]
    response_headers["x-amz-log-result"] = base64.b64encode(tail).decode()
    return answer.payload
