"""Lambda on the emulator without Docker: closeloop's deployed functions run from their deployed package.

moto 5.2.5 runs function code only in Docker; without it an invoke echoes its payload, EventBridge cannot
deliver to a Lambda target and a function URL is a name that resolves nowhere. `install()` replaces those:
Invoke (RequestResponse, Event, DryRun) runs the function in an execution environment of its own
(runtime.py, bootstrap.py), EventBridge rules deliver to Lambda targets (targets.py), and the emulator's
HTTP server serves function URLs (urls.py, wsgi.py), each authorised by the function's resource policy as
AWS authorises it (policy.py, sigv4.py). A failed asynchronous invocation is retried with Lambda's back-off
on the emulator's clock, under the function's event invoke configuration (invoke.py, async_queue.py), which
PutFunctionEventInvokeConfig replaces and UpdateFunctionEventInvokeConfig changes only where given, as in
AWS (moto keeps every put, answers the first and replaces on update). A function's role must be one Lambda
can assume (roles.py).
"""

from typing import Any

from generator.emulator.lambdas import invoke, roles, runtime, targets
from generator.emulator.lambdas.invoke import settle
from generator.emulator.lambdas.urls import local_url

__all__ = ["install", "settle"]
_installed: list[bool] = []


def install() -> None:
    if _installed:
        return
    from moto.awslambda.models import FunctionUrlConfig, LambdaBackend
    from moto.awslambda_simple.models import LambdaSimpleBackend

    LambdaSimpleBackend.invoke = invoke.invoke  # type: ignore[method-assign]
    targets.install()
    roles.install()
    original_init = FunctionUrlConfig.__init__

    def url_on_emulator(self: FunctionUrlConfig, function: Any, config: dict[str, Any]) -> None:
        original_init(self, function=function, config=config)
        if runtime.Endpoint.url:
            self.url = local_url(self.url, runtime.Endpoint.url)

    FunctionUrlConfig.__init__ = url_on_emulator  # type: ignore[method-assign]
    original_create = LambdaBackend.create_function

    def create_function(self: LambdaBackend, spec: dict[str, Any]) -> Any:
        function = original_create(self, spec)
        runtime.prepare(function)
        return function

    LambdaBackend.create_function = create_function  # type: ignore[method-assign]
    _correct_event_invoke_configs(LambdaBackend)
    _installed.append(True)


def _correct_event_invoke_configs(backend_class: Any) -> None:
    original_put = backend_class.put_function_event_invoke_config

    def put(self: Any, function_name: str, config: dict[str, Any]) -> dict[str, Any]:
        function = self.get_function(function_name)
        before, function.event_invoke_config = function.event_invoke_config, []  # a put replaces the configuration
        try:
            answer: dict[str, Any] = original_put(self, function_name, config)
        except Exception:  # refused (a value over its maximum): the configuration stays as it was
            function.event_invoke_config = before
            raise
        return answer

    def update(self: Any, function_name: str, config: dict[str, Any]) -> dict[str, Any]:
        current = self.get_function(function_name).event_invoke_config
        merged = (current[-1].config if current else {}) | config  # what is not given stays as it was
        return put(self, function_name, merged)

    backend_class.put_function_event_invoke_config = put
    backend_class.update_function_event_invoke_config = update
