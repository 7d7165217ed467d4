"""The one way closeloop starts its embedded AWS emulator: moto's ThreadedMotoServer on loopback, with
closeloop's extensions installed and Lambda set to run without Docker. The simulator, the evidence CLI
and `deploy.sh --local` all start it through here."""

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.request import Request, urlopen

from moto.server import ThreadedMotoServer

from generator.emulator.extensions import install

# No Docker here: creating a Lambda function would wait for a Docker daemon, and an invoke echoes its
# payload instead of running the function.
WITHOUT_DOCKER = {"lambda": {"use_docker": False}, "batch": {"use_docker": False}}


def start_emulator() -> tuple[ThreadedMotoServer, str]:
    """A started server and its endpoint URL (on a free port); the caller stops it with `server.stop()`."""
    install()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request is noise in a run's output
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint_url = f"http://{host}:{port}"
    configure(endpoint_url)
    return server, endpoint_url


@contextmanager
def running_emulator() -> Iterator[str]:
    server, endpoint_url = start_emulator()
    try:
        yield endpoint_url
    finally:
        server.stop()


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
