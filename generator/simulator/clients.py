"""Where a run's AWS calls go: one factory hands every action its boto3 clients, so tests can swap them.

Against an emulator the clients carry the emulator's well-known credentials (its administrator), or, for a
run that assumes a role on a strict emulator, that role's session credentials (`as_role`); us-east-1 and a
single attempt (moto answers an operation it lacks with HTTP 500, which botocore would otherwise retry).
Every call is recorded, so a test or a corpus report can say which APIs a run used and which ones failed.
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


@dataclass(frozen=True)
class Credentials:
    """A role session's credentials (sts:AssumeRole's answer)."""

    access_key_id: str
    secret_access_key: str
    session_token: str

    def as_client_arguments(self) -> dict[str, str]:
        return {
            "aws_access_key_id": self.access_key_id,
            "aws_secret_access_key": self.secret_access_key,
            "aws_session_token": self.session_token,
        }


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
    # A role session's credentials (emulator only); None: the emulator's administrator.
    credentials: Credentials | None = None
    _cache: dict[str, BaseClient] = field(default_factory=dict, repr=False)

    def as_role(self, credentials: Credentials) -> "ClientFactory":
        """Clients for the same endpoint acting with a role's credentials; calls are recorded in the same list."""
        return ClientFactory(self.endpoint_url, self.region, dict(self.overrides), self.calls, credentials)

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
            identity = self.credentials.as_client_arguments() if self.credentials else {}
            client = _emulator_session(self.region).client(  # type: ignore[call-overload]
                service, endpoint_url=self.endpoint_url, config=Config(retries={"max_attempts": 1}), **identity
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
        """The environment a script's own `boto3.client(...)` reads, pointed at the same endpoint, with the same
        identity (process-wide: two runs at once on different roles would see each other's)."""
        if self.live:
            yield
            return
        identity = self.credentials.as_client_arguments() if self.credentials else _FAKE_CREDENTIALS
        settings = {
            "AWS_ENDPOINT_URL": self.endpoint_url or "",
            "AWS_ACCESS_KEY_ID": identity["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": identity["aws_secret_access_key"],
            "AWS_SESSION_TOKEN": identity["aws_session_token"],
            "AWS_DEFAULT_REGION": self.region,
            "AWS_REGION": self.region,
            "AWS_MAX_ATTEMPTS": "1",
        }
        saved = {key: os.environ.get(key) for key in settings}
        os.environ.update(settings)
        # boto3's default session resolves its credentials once and keeps them: a script's clients would act
        # with whatever identity the first one read, so the run's are set on it for the step.
        default: Any = boto3._get_default_session()._session
        kept = default._credentials
        default.set_credentials(
            identity["aws_access_key_id"], identity["aws_secret_access_key"], identity["aws_session_token"]
        )
        try:
            yield
        finally:
            default._credentials = kept
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
