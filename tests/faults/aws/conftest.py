"""The fault proxy in front of the emulator, and clients that reach AWS only through it.

`faulty` points every boto3 client made in the test at the proxy and takes away the suite's
AWS_MAX_ATTEMPTS=1: botocore's own retries (standard mode, 3 attempts, DynamoDB 4, in botocore 1.44)
are part of what is under test. Their waits are recorded instead of slept, so the suite stays fast and
a test can say how often botocore backed off.
"""

import time
from collections.abc import Iterator
from typing import Any

import botocore.endpoint
import pytest

from tests.faults.aws.proxy import FaultProxy
from tests.handlers.webhook import conftest as webhook_conftest

# The webhook tests' world (table, secret, local Jira, signed function URL events), reused as it is.
hooks = webhook_conftest.hooks


class RecordingClock:
    """The `time` module as botocore's endpoint sees it: a retry's wait is recorded, not slept."""

    def __init__(self) -> None:
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


@pytest.fixture(scope="session")
def fault_proxy(moto_endpoint: str) -> Iterator[FaultProxy]:
    proxy = FaultProxy(moto_endpoint).start()
    yield proxy
    proxy.stop()


@pytest.fixture
def botocore_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    clock = RecordingClock()
    monkeypatch.setattr(botocore.endpoint, "time", clock)
    return clock.slept


@pytest.fixture
def faulty(aws_env: str, fault_proxy: FaultProxy, monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultProxy]:
    """Every client through the proxy, botocore's default retries on, no fault planted yet."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", fault_proxy.url)
    monkeypatch.delenv("AWS_MAX_ATTEMPTS", raising=False)
    monkeypatch.delenv("AWS_RETRY_MODE", raising=False)
    fault_proxy.clear()
    yield fault_proxy
    fault_proxy.clear()
