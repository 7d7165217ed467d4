"""The one clock script code reads; the simulator replaces `utc_now` with its run's virtual clock."""

from datetime import UTC, datetime

# A script that works in threads names them with this prefix: the simulator runs them on the run's clock too.
SCRIPT_THREADS = "closeloop-script"


def utc_now() -> datetime:
    return datetime.now(UTC)
