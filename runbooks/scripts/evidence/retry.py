"""AWS calls for the evidence collectors: counted, paced, retried on throttling with backoff and jitter.

Every call a collector makes goes through `Calls.call`, so the manifest can say how many calls each
source made and, when throttling outlasts the retries, exactly how far it got instead of losing pages.
The clients are built with botocore's own retries off, so the count is the number of requests sent.
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


class Throttled(Exception):
    """Throttling outlasted the retries; `done` pages of the current listing were kept."""

    def __init__(self, operation: str, retries: int, done: int) -> None:
        super().__init__(f"{operation} throttled after {retries} retries: {done} pages kept")
        self.operation = operation
        self.retries = retries
        self.done = done


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
                code = str(error.response.get("Error", {}).get("Code", ""))
                status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
                if (code not in THROTTLING_CODES and status != 429) or attempt == self.retries:
                    if code in THROTTLING_CODES or status == 429:
                        raise Throttled(operation, self.retries, 0) from error
                    raise
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
                raise Throttled(operation, error.retries, done) from error
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
