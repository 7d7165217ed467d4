"""Benchmark: how fast the `closeloop` command answers, as a ratio to `python -c "import boto3"`.

Run on demand: `.venv/bin/python -m benchmarks.cli_start [ROUNDS]`, or with the others through
`python -m benchmarks` (`figures`; quick: 5 rounds instead of 15). Each measurement is a whole fresh
process, timed from outside: what a person waits for at the prompt, interpreter start-up included on both
sides. The rounds alternate the cases so a busy machine slows them alike; the median is taken. Issue 17
asks for at most 2x the baseline for `closeloop --help` and for `closeloop lint` of one document.
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.figures import Figure, ratio_of

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = "templates/ssm/Closeloop-LogTimelineEvent.yaml"
# The console script runs `generator.cli:entry`; running it through the interpreter avoids depending on
# where the script was installed.
CLOSELOOP = [sys.executable, "-c", "from generator.cli import entry; entry()"]
CASES = {
    "import boto3": [sys.executable, "-c", "import boto3"],
    "closeloop --help": [*CLOSELOOP, "--help"],
    "closeloop lint (one document)": [*CLOSELOOP, "lint", DOCUMENT],
}
BASELINE = "import boto3"
ROUNDS, QUICK_ROUNDS = 15, 5


def measure(command: list[str]) -> float:
    """Wall seconds for one fresh process to run `command` to its end."""
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
    return time.perf_counter() - started


def medians(rounds: int) -> tuple[dict[str, float], dict[str, list[float]]]:
    samples: dict[str, list[float]] = {name: [] for name in CASES}
    for command in CASES.values():
        measure(command)  # warms the file-system cache and writes .pyc files; not counted
    for _ in range(rounds):
        for name, command in CASES.items():
            samples[name].append(measure(command))
    return {name: statistics.median(values) for name, values in samples.items()}, samples


def figures(quick: bool = False, rounds: int | None = None) -> list[Figure]:
    rounds = rounds or (QUICK_ROUNDS if quick else ROUNDS)
    median, samples = medians(rounds)
    baseline = median[BASELINE]
    return [
        Figure(
            "cli_start",
            f"`{name}` wall time (median, fresh process)",
            median[name] * 1000,
            "ms",
            'python -c "import boto3" (fresh process)',
            baseline * 1000,
            ratio_of(median[name], baseline),
            "x the boto3 process (measured / baseline); issue 17 asks for at most 2",
            f"{rounds} alternating rounds; spread {min(samples[name]) * 1000:.0f}-{max(samples[name]) * 1000:.0f} ms",
        )
        for name in CASES
        if name != BASELINE
    ]


def main(rounds: int = ROUNDS) -> None:
    median, samples = medians(rounds)
    print(f"rounds: {rounds} (fresh process each), medians:")
    for name, value in median.items():
        spread = f"{min(samples[name]) * 1000:.0f}-{max(samples[name]) * 1000:.0f} ms"
        print(f"  {name:<32} {value * 1000:8.1f} ms  (spread {spread})  {value / median[BASELINE]:.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS)
