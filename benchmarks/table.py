"""The benchmarks' one table: markdown for people, JSON with the same rows for tools.

Columns: benchmark | figure | measured | baseline | ratio. A header says when and where the figures were
measured and whether the run was quick (smaller sizes: not the figures to quote). Notes that qualify a
figure are numbered under the table rather than widening it.
"""

import json
import os
import platform
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure, Outcome, Row


@dataclass(frozen=True)
class RunInfo:
    """When, where and how the figures were measured."""

    date: datetime
    python: str
    cpus: int
    system: str
    quick: bool
    seconds: float  # the whole run's wall time

    @classmethod
    def here(cls, started: datetime, quick: bool, seconds: float) -> "RunInfo":
        python = f"{platform.python_implementation()} {platform.python_version()}"
        return cls(started, python, os.cpu_count() or 0, f"{platform.system()} {platform.machine()}", quick, seconds)

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(timespec="seconds"),
            "python": self.python,
            "cpus": self.cpus,
            "system": self.system,
            "quick": self.quick,
            "seconds": round(self.seconds, 1),
        }


def number(value: float) -> str:
    """Enough digits to read, no more: counts as integers, times and rates to about three figures."""
    if value == int(value) and abs(value) >= 1:
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def ratio_text(figure: Figure) -> str:
    if figure.ratio is None:
        return "- (baseline is 0)"
    if abs(figure.ratio) >= 10:
        shown = f"{figure.ratio:.1f}"
    else:
        shown = f"{figure.ratio:.2f}" if abs(figure.ratio) >= 0.1 else f"{figure.ratio:#.2g}"
    return f"{shown}{figure.ratio_reads}" if figure.ratio_reads.startswith("x") else f"{shown} {figure.ratio_reads}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(rows: list[Row], info: RunInfo) -> str:
    mode = "QUICK (smaller sizes: do not quote these figures)" if info.quick else "full"
    lines = [
        "# closeloop benchmarks",
        "",
        f"- date: {info.date:%Y-%m-%d %H:%M} UTC",
        f"- machine: {info.python}, {info.cpus} CPUs, {info.system}",
        f"- mode: {mode}",
        f"- run time: {info.seconds:.0f} s",
        "",
        "| benchmark | figure | measured | baseline | ratio |",
        "|---|---|---|---|---|",
    ]
    notes: list[str] = []
    for row in rows:
        name = f"{row.benchmark} (quick)" if info.quick else row.benchmark
        if isinstance(row, Outcome):
            lines.append(f"| {name} | **{row.status}**: {_cell(row.reason)} | - | - | - |")
            continue
        figure = row.figure
        if row.note:
            if row.note not in notes:
                notes.append(row.note)
            figure += f" [{notes.index(row.note) + 1}]"
        unit = f" {row.unit}" if row.unit else ""
        baseline_unit = f" {row.baseline_unit}" if row.baseline_unit else unit
        lines.append(
            f"| {name} | {_cell(figure)} | {number(row.measured)}{unit} | "
            f"{_cell(row.baseline_label)}: {number(row.baseline)}{baseline_unit} | {_cell(ratio_text(row))} |"
        )
    if notes:
        lines += ["", *(f"{index}. {note}" for index, note in enumerate(notes, start=1))]
    return "\n".join(lines) + "\n"


def as_json(rows: list[Row], info: RunInfo) -> str:
    return json.dumps({**info.as_json(), "rows": [row.as_json() for row in rows]}, indent=2) + "\n"


def write(rows: list[Row], info: RunInfo, out: Path) -> tuple[Path, Path]:
    """Write the markdown table to `out` and the same rows as JSON beside it (`out` with `.json`)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown(rows, info))
    data = out.with_suffix(".json")
    data.write_text(as_json(rows, info))
    return out, data
