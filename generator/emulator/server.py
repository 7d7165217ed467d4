"""The one way closeloop starts its embedded AWS emulator: moto's ThreadedMotoServer on loopback, with
closeloop's extensions installed and Lambda set to run without Docker. The simulator, the evidence CLI,
`closeloop up` and `deploy.sh --local` all start it through here."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

from generator.emulator import access
from generator.emulator.admin import configure, reset
from generator.emulator.extensions import install
from generator.emulator.gate import RequestGate
from generator.emulator.lambdas.runtime import POOL, Endpoint
from generator.emulator.lambdas.wsgi import with_function_urls


class EmulatorServer(ThreadedMotoServer):
    """moto's threaded server, answering function URLs and the emulator's clock before moto (lambdas/wsgi.py),
    behind a gate that lets a state snapshot happen between requests (gate.py, persistence.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gate = RequestGate()

    def _server_entry(self) -> None:
        app = self.gate.wrap(with_function_urls(DomainDispatcherApplication(create_backend_app)))
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()

    def stop(self) -> None:
        host, port = self.get_host_and_port()
        super().stop()
        POOL.stop_all()  # the functions' environments (processes) end with the server that ran them
        if Endpoint.url == f"http://{host}:{port}":
            Endpoint.url = ""


def start_emulator(port: int = 0, strict: bool = False) -> tuple[EmulatorServer, str]:
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


__all__ = ["EmulatorServer", "configure", "reset", "running_emulator", "start_emulator"]
