"""A listing's pages into an artefact, for the sources that page through one (alarms, metrics, traces, manual
actions). Kept apart from source.py so a source that writes otherwise does not carry it in its bundle."""

from collections.abc import Callable, Iterable
from typing import Any

from runbooks.scripts.evidence.artefacts import NdjsonWriter
from runbooks.scripts.evidence.retry import Throttled
from runbooks.scripts.evidence.source import Context


def gather(
    ctx: Context,
    writer: NdjsonWriter,
    pages: Iterable[Any],
    fields: str | tuple[str, ...],
    keep: Callable[[Any], bool] | None = None,
) -> int:
    """Write the `fields` items of each page that `keep` accepts; throttling or running out of time is a gap."""
    written = 0
    names = (fields,) if isinstance(fields, str) else fields
    try:
        for page in pages:
            for item in (item for name in names for item in page.get(name) or []):
                if keep is None or keep(item):
                    writer.write(item)
                    written += 1
            if ctx.out_of_time():
                ctx.gaps.append(f"{writer.key}: stopped at the step's time budget after {written} records")
                break
    except Throttled as error:
        ctx.gaps.append(str(error))
    return written
