"""The one way closeloop starts its embedded AWS emulator: moto's ThreadedMotoServer on loopback, with
closeloop's extensions installed and Lambda set to run without Docker. The simulator, the evidence CLI,
`closeloop up` and `deploy.sh --local` all start it through here."""

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.request import Request, urlopen

from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

from generator.emulator import access
from generator.emulator.extensions import install
from generator.emulator.lambdas.runtime import POOL, Endpoint
from generator.emulator.lambdas.wsgi import with_function_urls

# No Docker here: creating a Lambda function would wait for a Docker daemon. moto's Docker-less backend then
# echoes an invoke's payload; closeloop's extension runs the function's code instead (lambdas/).
WITHOUT_DOCKER = {"lambda": {"use_docker": False}, "batch": {"use_docker": False}}


class EmulatorServer(ThreadedMotoServer):
    """moto's threaded server, answering function URLs and the emulator's clock before moto (lambdas/wsgi.py)."""

    def _server_entry(self) -> None:
        app = with_function_urls(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()

    def stop(self) -> None:
        host, port = self.get_host_and_port()
        super().stop()
        POOL.stop_all()  # the functions' environments (processes) end with the server that ran them
        if Endpoint.url == f"http://{host}:{port}":
            Endpoint.url = ""


def start_emulator(port: int = 0, strict: bool = False) -> tuple[ThreadedMotoServer, str]:
    """A started server and its endpoint URL (on `port`, else a free one); the caller stops it with `server.stop()`.
    A strict one checks every request against its principal's IAM policies (generator/emulator/access.py)."""
    install()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request is noise in a run's output
    server = EmulatorServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    if strict:
        access.enforce(port)
    endpoint_url = f"http://{host}:{port}"
    Endpoint.url = endpoint_url  # where the functions it runs reach it
    configure(endpoint_url)
    return server, endpoint_url


@contextmanager
def running_emulator(strict: bool = False) -> Iterator[str]:
    server, endpoint_url = start_emulator(strict=strict)
    try:
        yield endpoint_url
    finally:
        server.stop()
        access.relax(int(endpoint_url.rpartition(":")[2]))


def configure(endpoint_url: str) -> None:
    """Set the emulator to run without Docker (moto's config endpoint)."""
    _post(endpoint_url, "config", WITHOUT_DOCKER)


def reset(endpoint_url: str) -> None:
    """Forget every resource the emulator holds (moto's reset endpoint), so runs do not see each other's."""
    _post(endpoint_url, "reset", {})


def _post(endpoint_url: str, path: str, body: dict[str, Any]) -> None:
    request = Request(f"{endpoint_url}/moto-api/{path}", data=json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    with urlopen(request, timeout=10):
        pass
