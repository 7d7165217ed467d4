"""Benchmark: collecting over N account/region targets against collecting the slowest one alone.

Issue 18 asks that collection over N targets take at most 1.3x the wall time of the slowest single target.
Run on demand: `.venv/bin/python -m benchmarks.evidence_targets`, or with the others through `python -m
benchmarks`. The emulator holds the home account's region and a member account's regions, each seeded
with the same volumes; the member is reached through its reader role (STS AssumeRole), as in an
organisation. Every request, the AssumeRole and the S3 writes included, waits a fixed latency first, as a
distant endpoint would, so the figure is about waiting, which is what parallel targets save.

Measured: every source over all N targets in one run (each source's targets in parallel threads, sources one
after another as the document's steps run them). Baseline, same run: the same sources over each target
alone; the slowest of those. Each wall time is the best of `REPEAT` runs.
"""

import json
import os
import time
import uuid
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config

from benchmarks.evidence_collectors import LATENCY_SECONDS, REPEAT, SOURCES
from benchmarks.figures import Figure, ratio_of
from generator.emulator.accounts import acting_as, make_reader_role
from generator.emulator.extensions import install
from generator.emulator.server import running_emulator
from runbooks.scripts.evidence.source import run_source
from runbooks.scripts.evidence.target import Target
from tests.runbooks.scripts.evidence.seed import ACCOUNT, Incident, Volumes, seed

MEMBER = "210987654321"
HOME = Target(ACCOUNT, "eu-west-3")
MEMBER_REGIONS = ("eu-west-1", "us-west-2", "ap-southeast-2")
VOLUMES = Volumes(
    alarms=40,
    alarming=20,
    log_groups={f"/bench/g{i}": 50 for i in range(4)},
    traces=10,
    human_events=60,
    deployments=10,
    services=4,
    lambda_versions=2,
)
BOUND = 1.3  # issue 18: at most 1.3x the slowest single target


class Latency:
    """Client makers for the home account and the member sessions, each request waiting `seconds` first."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.config = Config(retries={"total_max_attempts": 1})

    def _slow(self, client: Any) -> Any:
        client.meta.events.register("before-send", self._wait)
        return client

    def _wait(self, **_: Any) -> None:
        time.sleep(self.seconds)

    def home(self, service: str) -> Any:
        return self._slow(boto3.client(service, config=self.config))  # type: ignore[call-overload]

    def member(self, session: Any, service: str) -> Any:
        return self._slow(session.client(service, config=self.config))


@dataclass(frozen=True)
class TargetsRun:
    targets: list[str]
    all_at_once: float  # every source over all targets, best of the repeats
    alone: dict[str, float]  # every source over that target alone, best of the repeats
    statuses: dict[str, str]  # per source, over all targets

    @property
    def slowest(self) -> float:
        return max(self.alone.values())


def seeded_targets(quick: bool) -> dict[Target, Incident]:
    """The home target and the member's regions, each with the same volumes; the member's reader role."""
    regions = MEMBER_REGIONS[:2] if quick else MEMBER_REGIONS
    make_reader_role(boto3.client("iam"), MEMBER, ACCOUNT)
    seeded = {}
    for target in [HOME] + [Target(MEMBER, region) for region in regions]:
        os.environ.update(AWS_DEFAULT_REGION=target.region, AWS_REGION=target.region)
        with acting_as(target.account):
            seeded[target] = seed(target.region, VOLUMES, account=target.account)
    os.environ.update(AWS_DEFAULT_REGION=HOME.region, AWS_REGION=HOME.region)
    return seeded


def named_by_arn(seeded: dict[Target, Incident]) -> dict[str, list[str]]:
    """Each target's seeded resources by ARN, so each target is asked about its own (as an operator names them)."""
    found: dict[str, list[str]] = {
        "Functions": [],
        "DeploymentGroups": [],
        "Services": [],
        "Stacks": [],
        "LogGroups": [],
    }
    for t, incident in seeded.items():
        where = f"{t.region}:{t.account}"
        found["Functions"].append(f"arn:aws:lambda:{where}:function:{incident.function}")
        found["DeploymentGroups"].append(f"arn:aws:codedeploy:{where}:deploymentgroup:{incident.deployment_group}")
        found["Services"] += [f"arn:aws:ecs:{where}:service/{service}" for service in incident.services]
        found["Stacks"].append(f"arn:aws:cloudformation:{where}:stack/{incident.stack}/1")
        found["LogGroups"] += [f"arn:aws:logs:{where}:log-group:{group}" for group in VOLUMES.log_groups]
    return found


def collect_all(events: dict[str, Any], latency: Latency) -> tuple[float, dict[str, str]]:
    statuses: dict[str, str] = {}
    started = time.perf_counter()
    for source, collect in SOURCES.items():
        payload = run_source(source, collect, events, clients=latency.home, member=latency.member)
        statuses[source] = payload["Status"]
    return time.perf_counter() - started, statuses


def measure(quick: bool = False, repeat: int = REPEAT) -> TargetsRun:
    install()
    with running_emulator() as endpoint:
        os.environ.update(AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench")
        os.environ.update(AWS_DEFAULT_REGION=HOME.region, AWS_REGION=HOME.region)
        bucket = f"bench-targets-{uuid.uuid4().hex[:8]}"
        boto3.client("s3").create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": HOME.region})  # type: ignore[typeddict-item]
        seeded = seeded_targets(quick)
        targets, incident, named = list(seeded), seeded[HOME], named_by_arn(seeded)
        latency = Latency(LATENCY_SECONDS)

        def events(chosen: list[Target]) -> dict[str, Any]:
            return (
                incident.events(bucket, MaxSnapshots=5, SlowestTraces=5, PollSeconds=0.05)
                | named
                | {
                    "IncidentId": f"INC-{uuid.uuid4().hex[:6]}",
                    "Home": HOME.label,
                    "Targets": [target.label for target in chosen],
                }
            )

        alone: dict[str, float] = {}
        for target in targets:
            alone[target.label] = min(collect_all(events([target]), latency)[0] for _ in range(repeat))
        best, statuses = float("inf"), dict[str, str]()
        for _ in range(repeat):
            wall, statuses = collect_all(events(targets), latency)
            best = min(best, wall)
    return TargetsRun([target.label for target in targets], best, alone, statuses)


def targets_figure(run: TargetsRun, repeat: int) -> Figure:
    slowest = max(run.alone, key=lambda label: run.alone[label])
    return Figure(
        "evidence_targets",
        f"collection over {len(run.targets)} account/region targets: wall time",
        run.all_at_once,
        "s",
        "the slowest target collected alone",
        run.slowest,
        ratio_of(run.all_at_once, run.slowest),
        f"x the slowest single target (measured / baseline; issue 18 asks at most {BOUND})",
        f"targets {', '.join(run.targets)} (the member through AssumeRole); slowest alone {slowest};"
        f" {LATENCY_SECONDS * 1000:.0f} ms before every request; best of {repeat};"
        f" statuses {json.dumps(run.statuses, sort_keys=True)}",
    )


def figures(quick: bool = False) -> list[Figure]:
    repeat = 1 if quick else REPEAT
    return [targets_figure(measure(quick, repeat), repeat)]


def main() -> None:
    run = measure()
    for label, wall in run.alone.items():
        print(f"{label:<28} alone {wall:6.2f} s")
    print(f"{'all ' + str(len(run.targets)) + ' targets':<28}       {run.all_at_once:6.2f} s")
    print(f"ratio to the slowest alone: {run.all_at_once / run.slowest:.2f} (bound {BOUND}); {run.statuses}")


if __name__ == "__main__":
    main()
