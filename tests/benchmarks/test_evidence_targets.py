"""The targets benchmark's figure from given measurements (measuring needs an emulator and a minute)."""

from datetime import UTC, datetime

from benchmarks.evidence_targets import VOLUMES, TargetsRun, named_by_arn, targets_figure
from runbooks.scripts.evidence.narrow import for_target
from runbooks.scripts.evidence.target import Target
from tests.benchmarks.well_formed import assert_well_formed
from tests.runbooks.scripts.evidence.seed import Incident, Volumes

RUN = TargetsRun(
    targets=["123456789012/eu-west-3", "210987654321/eu-west-1", "210987654321/us-west-2"],
    all_at_once=12.0,
    alone={"123456789012/eu-west-3": 9.0, "210987654321/eu-west-1": 10.0, "210987654321/us-west-2": 8.0},
    statuses={"alarms": "complete"},
)


def test_the_figure_is_all_targets_against_the_slowest_alone() -> None:
    figure = targets_figure(RUN, repeat=3)
    assert_well_formed([figure], "evidence_targets")
    assert (figure.measured, figure.baseline, figure.ratio) == (12.0, 10.0, 1.2)
    assert "3 account/region targets" in figure.figure and "at most 1.3" in figure.ratio_reads
    assert "slowest alone 210987654321/eu-west-1" in figure.note and "best of 3" in figure.note


def test_each_target_is_asked_about_its_own_seeded_resources_by_arn() -> None:
    home, member = Target("123456789012", "eu-west-3"), Target("210987654321", "eu-west-1")
    at = datetime(2026, 11, 29, 10, tzinfo=UTC)
    seeded = {
        target: Incident("INC-1", at, at, Volumes(), f"fn-{target.region}", ["prod/web-0"], "shop/prod", "shop-1")
        for target in (home, member)
    }
    named = named_by_arn(seeded)
    asked = for_target(named, member, home)
    assert asked["Functions"] == ["fn-eu-west-1"] and asked["Services"] == ["prod/web-0"]
    assert asked["Stacks"] == ["shop-1"] and asked["DeploymentGroups"] == ["shop/prod"]
    assert len(asked["LogGroups"]) == len(VOLUMES.log_groups) == len(for_target(named, home, home)["LogGroups"])
