"""The one clock script code reads; the simulator replaces `utc_now` with its run's virtual clock."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)
