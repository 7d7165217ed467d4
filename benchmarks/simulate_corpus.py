"""Benchmark: simulated steps per second over the corpus, against the emulator's bare API call rate.

Run on demand: `.venv/bin/python -m benchmarks.simulate_corpus [--limit N] [--warm]`, or with the others
through `python -m benchmarks` (`figures`; quick: the first 40 supported documents). Every corpus document
whose actions are all supported is run as the corpus test runs it (fresh emulator state, a seeded world,
sampled parameters), one embedded emulator for the whole benchmark.

Baseline (same run, same emulator): a bare boto3 loop of cheap calls (`sts:GetCallerIdentity`,
`ec2:DescribeInstances`, `s3:ListBuckets`) through one client each. Most corpus steps are one AWS call,
or a script making a few, so the emulator's raw call rate is the ceiling an API-bound step rate can
reach: the ratio says how much of it the simulator keeps (engine, interpolation, scripts and moto's first
use of each service count against it; each document's emulator reset and sampling are left out).
A second row times reading and validating the same documents, to show what a run costs beyond loading
its document.

`--warm` runs the corpus once untimed first, so moto's one-time set-up of each service (seconds for
EC2) is left out of the measured pass.
"""

import argparse
import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks.figures import Figure, NotRun, ratio_of
from generator.document.reader import read_file
from generator.emulator.server import running_emulator as embedded_emulator
from generator.simulator import ClientFactory
from generator.simulator.batch import DocumentRun, run_document
from generator.simulator.steps import is_supported
from tests.conftest import CORPUS, corpus_files

BASELINE_CALLS = 300
QUICK_LIMIT = 40  # documents


def supported(paths: list[Path]) -> list[Path]:
    return [path for path in paths if all(is_supported(s.action) for _, s in read_file(path).document.all_steps())]


def bare_calls_per_second(endpoint_url: str) -> float:
    clients = ClientFactory(endpoint_url)
    sts, ec2, s3 = clients.client("sts"), clients.client("ec2"), clients.client("s3")
    sts.get_caller_identity()  # the first call of each pays for moto's set-up, not counted
    ec2.describe_instances()
    s3.list_buckets()
    started = time.perf_counter()
    for _ in range(BASELINE_CALLS // 3):
        sts.get_caller_identity()
        ec2.describe_instances()
        s3.list_buckets()
    return (BASELINE_CALLS // 3 * 3) / (time.perf_counter() - started)


def documents_per_second(paths: list[Path]) -> float:
    started = time.perf_counter()
    for path in paths:
        read_file(path)
    return len(paths) / (time.perf_counter() - started)


@dataclass(frozen=True)
class CorpusSimulation:
    runs: list[DocumentRun]
    elapsed: float  # the whole pass, with each document's emulator reset and sampling
    baseline: float  # bare boto3 calls per second, same emulator
    loading: float  # documents read and validated per second

    @property
    def steps(self) -> int:
        return sum(run.steps for run in self.runs)

    @property
    def in_runs(self) -> float:
        return sum(run.seconds for run in self.runs)


def measure(limit: int | None = None, warm: bool = False) -> CorpusSimulation:
    paths = supported(corpus_files())[:limit]
    if not paths:
        raise NotRun(f"no corpus documents at {CORPUS}")
    os.environ.setdefault("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
    with embedded_emulator() as endpoint_url:
        if warm:
            for path in paths:
                run_document(path, endpoint_url)
        started = time.perf_counter()
        runs = [run_document(path, endpoint_url) for path in paths]
        elapsed = time.perf_counter() - started
        baseline = bare_calls_per_second(endpoint_url)
    return CorpusSimulation(runs, elapsed, baseline, documents_per_second(paths))


def figures(quick: bool = False, limit: int | None = None) -> list[Figure]:
    return simulation_figures(measure(limit or (QUICK_LIMIT if quick else None)))


def simulation_figures(result: CorpusSimulation) -> list[Figure]:
    rate = result.steps / result.in_runs
    documents = f"{len(result.runs)} supported corpus documents"
    statuses = ", ".join(f"{status} {count}" for status, count in Counter(r.status for r in result.runs).most_common())
    return [
        Figure(
            "simulate_corpus",
            f"simulated steps per second inside the runs, {documents}",
            rate,
            "steps/s",
            "bare boto3 calls per second, same emulator",
            result.baseline,
            ratio_of(rate, result.baseline),
            "x the bare call rate (measured / baseline)",
            f"{result.steps} steps in {result.in_runs:.1f} s inside the runs ({result.elapsed:.1f} s with each"
            f" document's emulator reset and sampling); final status: {statuses}",
            baseline_unit="calls/s",
        ),
        Figure(
            "simulate_corpus",
            f"documents run per second, {documents}",
            len(result.runs) / result.in_runs,
            "documents/s",
            "documents read and validated per second",
            result.loading,
            ratio_of(len(result.runs) / result.in_runs, result.loading),
            "x the loading rate (measured / baseline)",
        ),
    ]


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--limit", type=int, help="run only the first N supported documents")
    arguments.add_argument("--warm", action="store_true", help="run the corpus once untimed first")
    args = arguments.parse_args()
    try:
        result = measure(args.limit, args.warm)
    except NotRun as reason:
        raise SystemExit(str(reason)) from None
    report(result.runs, result.elapsed, result.baseline, result.loading)


def report(runs: list[DocumentRun], elapsed: float, baseline: float, loading: float) -> None:
    steps = sum(run.steps for run in runs)
    calls = sum(run.api_calls for run in runs)
    in_runs = sum(run.seconds for run in runs)
    rate = steps / in_runs
    print("| measure | value |\n|---|---|")
    print(f"| documents run | {len(runs)} in {elapsed:.1f} s, {in_runs:.1f} s of it inside the runs |")
    print(f"| steps run | {steps} |")
    print(f"| simulated steps per second, inside the runs | {rate:.1f} |")
    print(f"| simulated steps per second, with each document's emulator reset and sampling | {steps / elapsed:.1f} |")
    print(f"| API calls through the run's clients per second (scripts' own not counted) | {calls / elapsed:.1f} |")
    print(f"| baseline: bare boto3 calls per second, same emulator | {baseline:.1f} |")
    print(f"| ratio: steps per second inside the runs / bare calls per second | {rate / baseline:.3f} |")
    print(f"| documents read and validated per second | {loading:.1f} |")
    print(f"| ratio: documents run per second / documents loaded per second | {len(runs) / in_runs / loading:.4f} |")
    print("\n| final status | documents |\n|---|---|")
    for status, count in Counter(run.status for run in runs).most_common():
        print(f"| {status} | {count} |")
    print("\n| why the run stopped | documents |\n|---|---|")
    for reason, count in Counter(run.reason for run in runs).most_common():
        print(f"| {reason} | {count} |")
    slowest = sorted(runs, key=lambda run: run.seconds, reverse=True)[:5]
    print("\n| slowest documents | seconds | steps |\n|---|---|---|")
    for run in slowest:
        print(f"| {run.name} | {run.seconds:.1f} | {run.steps} |")


if __name__ == "__main__":
    main()
