"""Lambda on the emulator without Docker: closeloop's deployed functions run from their deployed package.

moto 5.2.5 runs function code only in Docker; without it an invoke echoes its payload, EventBridge cannot
deliver to a Lambda target and a function URL is a name that resolves nowhere. `install()` replaces those:
Invoke (RequestResponse, Event, DryRun) runs the function in an execution environment of its own
(runtime.py, bootstrap.py), EventBridge rules deliver to Lambda targets (targets.py), and the emulator's
HTTP server serves function URLs (urls.py, wsgi.py), each authorised by the function's resource policy as
AWS authorises it (policy.py, sigv4.py).
"""

from typing import Any

from generator.emulator.lambdas import invoke, runtime, targets
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
    _installed.append(True)
