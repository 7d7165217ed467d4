"""The emulator's Lambda runtime inside one execution environment: a process of its own, started as
`python -I -S bootstrap.py`, standard library only (it must not see the emulator's packages).

Like Lambda's Python runtime it puts the function's code (LAMBDA_TASK_ROOT) first on the path and the
runtime's own boto3 after it, imports `_HANDLER` once (a warm environment keeps its module state) and then
runs one invocation at a time: a JSON line in on the request pipe, a JSON line out on the answer pipe
(stdout and stderr are the function's log). An unhandled exception is answered in Lambda's error shape.
When the emulator runs on a clock of its own (a drill's), the package's `domain.clock` reads that one.
"""

import importlib
import json
import os
import sys
import traceback
import urllib.request
from datetime import datetime
from typing import Any

IN_FD, OUT_FD, CLOCK_URL = "_CLOSELOOP_IN_FD", "_CLOSELOOP_OUT_FD", "_CLOSELOOP_CLOCK_URL"


class Context:
    """The attributes and method of Lambda's Python context object."""

    def __init__(self, request: dict[str, Any]) -> None:
        self.function_name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
        self.invoked_function_arn = request["function_arn"]
        self.aws_request_id = request["request_id"]
        self.identity = None
        self.client_context = None
        self._deadline = float(request["deadline"])

    def get_remaining_time_in_millis(self) -> int:
        import time

        return max(0, int((self._deadline - time.time()) * 1000))


def host_clock(url: str) -> Any:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def now() -> datetime:
        with opener.open(url, timeout=10) as answer:
            return datetime.fromisoformat(answer.read().decode())

    return now


def load_handler() -> Any:
    module_name, _, function_name = os.environ["_HANDLER"].rpartition(".")
    clock_url = os.environ.get(CLOCK_URL)
    if clock_url:
        try:
            clock = importlib.import_module("domain.clock")
        except ImportError:
            clock = None
        if clock is not None and hasattr(clock, "use_host_clock"):
            clock.use_host_clock(host_clock(clock_url))
    return getattr(importlib.import_module(module_name), function_name)


def error(exception: BaseException, request_id: str, kind: str | None = None) -> dict[str, Any]:
    return {
        "errorMessage": str(exception),
        "errorType": kind or type(exception).__name__,
        "requestId": request_id,
        "stackTrace": traceback.format_tb(exception.__traceback__),
    }


def main() -> None:
    sys.path[:0] = [
        os.environ["LAMBDA_TASK_ROOT"],
        *filter(None, os.environ.get("_CLOSELOOP_RUNTIME_PATH", "").split(":")),
    ]
    requests = os.fdopen(int(os.environ[IN_FD]), "r", encoding="utf-8")
    answers = os.fdopen(int(os.environ[OUT_FD]), "w", encoding="utf-8")
    try:
        handler: Any = load_handler()
        init_error = None
    except Exception as exception:  # Lambda answers every invocation with the init error
        handler, init_error = None, exception
        traceback.print_exc()
    for line in requests:
        request = json.loads(line)
        answer: dict[str, Any]
        if init_error is not None:
            answer = {"error": error(init_error, request["request_id"], "Runtime.ImportModuleError")}
        else:
            try:
                result = handler(request["event"], Context(request))
            except Exception as exception:
                traceback.print_exc()
                answer = {"error": error(exception, request["request_id"])}
            else:
                try:
                    answer = {"result": json.dumps(result)}
                except (TypeError, ValueError) as exception:  # Lambda cannot send back what is not JSON
                    answer = {"error": error(exception, request["request_id"], "Runtime.MarshalError")}
        sys.stdout.flush()
        sys.stderr.flush()
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    del sys.path[0]  # the emulator's folder: the function sees its own code and the runtime's boto3 only
    main()
