"""AWS calls for the evidence collectors: counted, paced, retried on throttling and 5xx with backoff and jitter.

Every call a collector makes goes through `Calls.call`, so the manifest can say how many calls each
source made and, when throttling or a service's outage outlasts the retries, exactly how far it got
instead of losing pages. The clients are built with botocore's own retries off, so the count is the
number of requests sent.
"""

import random
import time
from collections.abc import Iterator
from typing import Any

from botocore.exceptions import ClientError

THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "ProvisionedThroughputExceededException",
        "SlowDown",
        "LimitExceededException",
    }
)
# A service's own transient failure (AWS names it); retried like throttling. A 500 that names no AWS error
# (an emulator lacking the operation answers so) is no service's hiccup: retrying it only costs time.
TRANSIENT_CODES = frozenset(
    {
        "InternalFailure",
        "InternalError",
        "InternalServerError",
        "InternalServiceError",
        "InternalServiceFault",
        "InternalServiceException",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "RequestTimeout",
        "RequestTimeoutException",
        "ConditionalRequestConflict",  # S3's 409 for two conditional writes of one key at once: AWS says retry
    }
)
TRANSIENT_STATUSES = frozenset({502, 503, 504})


def retryable(error: ClientError) -> str:
    """Why the call may be sent again ("throttled", "answered 503 ServiceUnavailable"); empty when it may not."""
    code = str(error.response.get("Error", {}).get("Code", ""))
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    if code in THROTTLING_CODES or status == 429:
        return "throttled"
    if code in TRANSIENT_CODES or status in TRANSIENT_STATUSES:
        return f"answered {status} {code}"
    return ""


class Throttled(Exception):
    """Throttling (or a transient 5xx) outlasted the retries; `done` pages of the current listing were kept."""

    def __init__(self, operation: str, retries: int, done: int, reason: str = "throttled") -> None:
        super().__init__(f"{operation} {reason} after {retries} retries: {done} pages kept")
        self.operation = operation
        self.retries = retries
        self.done = done
        self.reason = reason


class Calls:
    """Counts requests per operation; `min_interval` paces an operation to its documented rate."""

    def __init__(self, retries: int = 5, base_delay: float = 0.25, max_delay: float = 8.0) -> None:
        self.retries = retries
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.counts: dict[str, int] = {}
        self.min_interval: dict[str, float] = {}
        self._last: dict[str, float] = {}

    def call(self, client: Any, operation: str, **params: Any) -> Any:
        for attempt in range(self.retries + 1):
            self._pace(operation)
            self.counts[operation] = self.counts.get(operation, 0) + 1
            try:
                return getattr(client, operation)(**params)
            except ClientError as error:
                reason = retryable(error)
                if not reason:
                    raise
                if attempt == self.retries:
                    raise Throttled(operation, self.retries, 0, reason) from error
                # Full jitter: concurrent callers spread out instead of retrying in step.
                time.sleep(random.uniform(0, min(self.max_delay, self.base_delay * 2**attempt)))
        raise AssertionError("unreachable")

    def pages(
        self, client: Any, operation: str, token: str = "NextToken", out_token: str = "", **params: Any
    ) -> Iterator[Any]:
        """Each page of a listing; a page may be empty and still carry a token (FilterLogEvents)."""
        out_token = out_token or token
        done = 0
        seen: set[str] = set()
        while True:
            try:
                page = self.call(client, operation, **params)
            except Throttled as error:
                raise Throttled(operation, error.retries, done, error.reason) from error
            done += 1
            yield page
            next_token = page.get(out_token)
            if not next_token or next_token in seen:
                return
            seen.add(next_token)
            params[token] = next_token

    def total(self) -> int:
        return sum(self.counts.values())

    def _pace(self, operation: str) -> None:
        interval = self.min_interval.get(operation)
        if not interval:
            return
        wait = self._last.get(operation, float("-inf")) + interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last[operation] = time.monotonic()
