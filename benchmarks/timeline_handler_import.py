"""Benchmark: the timeline Lambda's cold import, as a ratio to importing boto3 alone.

Run on demand: `.venv/bin/python -m benchmarks.timeline_handler_import [ROUNDS]`, or with the others through
`python -m benchmarks` (`figures`; quick: 5 rounds instead of 15). Each measurement is a fresh interpreter
(`python -X importtime` would see only one), so nothing is cached in the process; the rounds alternate
baseline and handler so a busy machine slows both alike, and the median is taken. The clock runs inside the
child around the import alone, so the interpreter's start-up is not counted. The handler module makes no AWS
client at import (they are made on the first event), so this is the whole of its cold-start import."""

import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.figures import Figure, ratio_of

ROOT = Path(__file__).resolve().parent.parent
PROBE = "import time; start = time.perf_counter(); {statement}; print(time.perf_counter() - start)"
CASES = {
    "boto3": "import boto3",
    "handler": "import handlers.timeline.app",
}


def measure(statement: str) -> float:
    """Seconds to run `statement` in a fresh interpreter (the import, not the interpreter's start-up)."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(statement=statement)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


ROUNDS, QUICK_ROUNDS = 15, 5


def medians(rounds: int) -> tuple[dict[str, float], dict[str, list[float]]]:
    """Median seconds per case over `rounds` fresh interpreters each, and the samples."""
    samples: dict[str, list[float]] = {name: [] for name in CASES}
    measure(CASES["handler"])  # a first run warms the file-system cache and writes .pyc files; it is not counted
    for _ in range(rounds):
        for name, statement in CASES.items():
            samples[name].append(measure(statement))
    return {name: statistics.median(values) for name, values in samples.items()}, samples


def figures(quick: bool = False, rounds: int | None = None) -> list[Figure]:
    rounds = rounds or (QUICK_ROUNDS if quick else ROUNDS)
    median, samples = medians(rounds)
    handler, boto3 = median["handler"], median["boto3"]
    spread = ", ".join(f"{n} {min(v) * 1000:.0f}-{max(v) * 1000:.0f} ms" for n, v in samples.items())
    return [
        Figure(
            "timeline_handler_import",
            "timeline handler cold import (median, fresh interpreter)",
            handler * 1000,
            "ms",
            "import boto3 alone",
            boto3 * 1000,
            ratio_of(handler, boto3),
            "x the boto3 import (measured / baseline)",
            f"{rounds} alternating rounds; spread {spread}",
        )
    ]


def main(rounds: int = ROUNDS) -> None:
    median, samples = medians(rounds)
    boto3, handler = median["boto3"], median["handler"]
    print(f"rounds: {rounds} (fresh interpreter each), medians:")
    for name, value in median.items():
        print(
            f"  import {name:<8} {value * 1000:8.1f} ms  (spread {min(samples[name]) * 1000:.1f}-"
            f"{max(samples[name]) * 1000:.1f} ms)"
        )
    print(f"handler cold import / boto3 import: {handler / boto3:.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS)
