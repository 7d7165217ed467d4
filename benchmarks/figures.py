"""What a benchmark hands the runner: its figures, each a measurement against a baseline from the same run.

A `Figure` is one row of the table. `ratio` is stated the way the figure reads best, and `ratio_reads` says
which way round it is, e.g. "x faster (baseline / measured)" or "x the minimum (measured / minimum)", so a
reader never has to guess whether smaller is better. A benchmark that cannot run where it is run (the corpus
is not there) raises `NotRun` with the reason; the runner turns that, or a crash, into an `Outcome` row.
"""

from dataclasses import asdict, dataclass
from typing import Any, Literal


class NotRun(Exception):
    """The benchmark's prerequisites are missing here (not a bug): the table says why, the run goes on."""


@dataclass(frozen=True)
class Figure:
    benchmark: str  # the module's name, e.g. "lint_corpus"
    figure: str  # what was measured, e.g. "closeloop lint, 244 corpus documents"
    measured: float
    unit: str  # of measured and baseline: "s", "requests", "MiB", "steps/s" ...
    baseline_label: str  # what the baseline is, e.g. "cfn-lint, all documents in one template"
    baseline: float
    ratio: float | None  # None where the baseline is zero
    ratio_reads: str  # how to read ratio, e.g. "x faster (baseline / measured)"
    note: str = ""  # anything a reader needs to trust the figure (sizes, repeats, caveats)
    baseline_unit: str = ""  # where the baseline is counted in something else (steps/s against calls/s)

    def as_json(self) -> dict[str, Any]:
        return {"status": "measured", **asdict(self)}


@dataclass(frozen=True)
class Outcome:
    """A benchmark that produced no figures: it could not run here, or it crashed."""

    benchmark: str
    status: Literal["not run", "crashed"]
    reason: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


Row = Figure | Outcome


def ratio_of(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def against_minimum(
    benchmark: str, figure: str, made: float, minimum: float, unit: str, minimum_label: str, note: str = ""
) -> Figure:
    """A count against the fewest the APIs allow: 1.00 is the best possible, above it is waste."""
    return Figure(
        benchmark,
        figure,
        made,
        unit,
        minimum_label,
        minimum,
        ratio_of(made, minimum),
        "x the minimum (measured / minimum)",
        note,
    )


def faster_than(
    benchmark: str, figure: str, seconds: float, baseline_seconds: float, baseline_label: str, note: str = ""
) -> Figure:
    """A time against a baseline's time: the ratio is how many times faster (above 1) or slower (below 1)."""
    return Figure(
        benchmark,
        figure,
        seconds,
        "s",
        baseline_label,
        baseline_seconds,
        ratio_of(baseline_seconds, seconds),
        "x faster (baseline / measured)",
        note,
    )
