"""Where a run's AWS calls go: one factory hands every action its boto3 clients, so tests can swap them.

Against an emulator the clients carry fake credentials, us-east-1 and a single attempt (moto answers an
operation it lacks with HTTP 500, which botocore would otherwise retry). Every call is recorded, so a
test or a corpus report can say which APIs a run used and which ones failed.
"""

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import boto3
from botocore.client import BaseClient
from botocore.config import Config

EMULATOR_REGION = "us-east-1"
EMULATOR_ACCOUNT_ID = "123456789012"
_FAKE_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "aws_session_token": "testing"}


@lru_cache(maxsize=4)
def _emulator_session(region: str) -> boto3.session.Session:
    # One session for every emulator client: a session loads botocore's models once, and loading them
    # again for each run costs more than the run itself.
    return boto3.session.Session(
        aws_access_key_id=_FAKE_CREDENTIALS["aws_access_key_id"],
        aws_secret_access_key=_FAKE_CREDENTIALS["aws_secret_access_key"],
        aws_session_token=_FAKE_CREDENTIALS["aws_session_token"],
        region_name=region,
    )


@dataclass
class RecordedCall:
    service: str
    operation: str
    params: dict[str, Any]
    # The error code the endpoint answered with (moto's 500 for an operation it lacks), None on success.
    error: str | None = None


@dataclass
class ClientFactory:
    """Clients for one endpoint: an emulator URL, or None for the account in the environment (`--live`)."""

    endpoint_url: str | None
    region: str = EMULATOR_REGION
    # Clients given ready-made (a botocore Stubber's client, say) win over the ones the factory builds.
    overrides: dict[str, BaseClient] = field(default_factory=dict)
    calls: list[RecordedCall] = field(default_factory=list)
    _cache: dict[str, BaseClient] = field(default_factory=dict, repr=False)

    @property
    def live(self) -> bool:
        return self.endpoint_url is None

    def client(self, service: str) -> Any:
        # Any: boto3 generates each service's methods at run time, and the actions call them by name.
        if service in self.overrides:
            return self.overrides[service]
        if service not in self._cache:
            self._cache[service] = self._build(service)
        return self._cache[service]

    def _build(self, service: str) -> Any:
        if self.live:
            client = boto3.session.Session().client(service)  # type: ignore[call-overload]
        else:
            client = _emulator_session(self.region).client(  # type: ignore[call-overload]
                service, endpoint_url=self.endpoint_url, config=Config(retries={"max_attempts": 1})
            )
        client.meta.events.register("before-call", self._record_call)
        client.meta.events.register("after-call", self._record_answer)
        client.meta.events.register("after-call-error", self._record_exception)
        return client

    def _record_call(self, model: Any, params: Mapping[str, Any], **_: Any) -> None:
        body = params.get("body") if isinstance(params, Mapping) else None
        self.calls.append(RecordedCall(model.service_model.service_name, model.name, {"body": body}))

    def _record_answer(self, http_response: Any, parsed: Mapping[str, Any], **_: Any) -> None:
        if self.calls and getattr(http_response, "status_code", 200) >= 400:
            error = parsed.get("Error", {}) if isinstance(parsed, Mapping) else {}
            self.calls[-1].error = str(error.get("Code") or f"HTTP {http_response.status_code}")

    def _record_exception(self, exception: Exception, **_: Any) -> None:
        if self.calls:
            self.calls[-1].error = type(exception).__name__

    @contextmanager
    def script_environment(self) -> Iterator[None]:
        """The environment a script's own `boto3.client(...)` reads, pointed at the same endpoint."""
        if self.live:
            yield
            return
        settings = {
            "AWS_ENDPOINT_URL": self.endpoint_url or "",
            "AWS_ACCESS_KEY_ID": _FAKE_CREDENTIALS["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": _FAKE_CREDENTIALS["aws_secret_access_key"],
            "AWS_SESSION_TOKEN": _FAKE_CREDENTIALS["aws_session_token"],
            "AWS_DEFAULT_REGION": self.region,
            "AWS_REGION": self.region,
            "AWS_MAX_ATTEMPTS": "1",
        }
        saved = {key: os.environ.get(key) for key in settings}
        os.environ.update(settings)
        try:
            yield
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
