"""The emulator's own admin calls over HTTP (moto's /moto-api): configure it and reset it. A leaf module: the
simulator resets the emulator between corpus runs without loading the server or its extensions."""

import json
from typing import Any
from urllib.request import Request, urlopen

# No Docker here: creating a Lambda function would wait for a Docker daemon. moto's Docker-less backend then
# echoes an invoke's payload; closeloop's extension runs the function's code instead (lambdas/).
WITHOUT_DOCKER = {"lambda": {"use_docker": False}, "batch": {"use_docker": False}}


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
