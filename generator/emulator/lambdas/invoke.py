"""Lambda's Invoke on the emulator: the function's own code runs (runtime.py) instead of moto's echo.

RequestResponse answers the function's result, or its error with `X-Amz-Function-Error: Unhandled` (and
the log's last 4 KB under `X-Amz-Log-Result` when asked with `LogType=Tail`); Event queues the invocation
and answers 202 at once, as Lambda's asynchronous invocation does, retrying a failed one twice (AWS's
default MaximumRetryAttempts; without AWS's minute-long back-off between tries); DryRun answers 204.
EventBridge's Lambda targets (targets.py) use the same queue. `settle()` waits for the queue to drain, for
callers (the drill, tests) that need what an asynchronous invocation did before they read it.
"""

import base64
import json
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from moto.core.exceptions import JsonRESTError

from generator.emulator.lambdas import runtime

ASYNC_RETRIES = 2
LOG_TAIL_BYTES = 4096
REQUEST_RESPONSE_LIMIT = 6 * 1024 * 1024  # bytes of an event payload (Lambda quotas)
EVENT_LIMIT = 1024 * 1024  # bytes of an asynchronous invocation's payload (raised from 256 KB in 2025)


class InvokeError(JsonRESTError):
    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(code, message)
        self.code = status


class Queue:
    """Lambda's internal queue for asynchronous invocations: a few workers, and a count of what is pending."""

    def __init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="lambda-async")
        self.pending = 0
        self.idle = threading.Condition()
        self.failures: list[dict[str, Any]] = []  # invocations that failed every try (AWS: the DLQ or destination)

    def submit(self, work: Callable[[], None]) -> Future[None]:
        with self.idle:
            self.pending += 1
        return self.executor.submit(self._run, work)

    def _run(self, work: Callable[[], None]) -> None:
        try:
            work()
        finally:
            with self.idle:
                self.pending -= 1
                self.idle.notify_all()

    def settle(self, timeout: float = 60.0) -> bool:
        """Wait until nothing is queued or running (work may queue more); False when `timeout` passed first."""
        with self.idle:
            return self.idle.wait_for(lambda: self.pending == 0, timeout=timeout)


QUEUE = Queue()


def settle(timeout: float = 60.0) -> bool:
    return QUEUE.settle(timeout)


def invoke_async(function: Any, event: Any) -> None:
    """Queue an asynchronous invocation: run, and run again up to twice if the function fails."""

    def attempt() -> None:
        for _ in range(1 + ASYNC_RETRIES):
            answer = runtime.invoke(function, event)
            if answer.error is None:
                return
        QUEUE.failures.append({"function": function.function_arn, "error": json.loads(answer.payload)})

    QUEUE.submit(attempt)


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
