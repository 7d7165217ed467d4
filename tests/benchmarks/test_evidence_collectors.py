"""The evidence benchmark's figures from given measurements (measuring needs an emulator and minutes)."""

from benchmarks.evidence_collectors import MemoryRun, SourceRun, memory_figure, source_figures
from tests.benchmarks.well_formed import assert_well_formed

RUNS = [
    SourceRun("alarms", calls=4, minimal=6, wall0=0.5, wall_latency=0.8, bound=0.35, status="Success"),
    SourceRun("manual_actions", calls=20, minimal=20, wall0=0.2, wall_latency=10.0, bound=1.15, status="Success"),
]


def test_each_source_gives_its_calls_against_the_minimum_and_its_added_time_against_the_bound() -> None:
    rows = source_figures(RUNS, repeat=3)
    assert_well_formed(rows, "evidence_collectors")
    assert [(f.figure, f.measured, f.baseline) for f in rows] == [
        ("alarms: calls made", 4, 6),
        ("manual_actions: calls made", 20, 20),
        ("alarms: time added by 50 ms latency per request", 0.8 - 0.5, 0.35),
        ("manual_actions: time added by 50 ms latency per request", 10.0 - 0.2, 1.15),
    ]
    assert "best of 3" in rows[2].note
    assert "CloudTrail's 2 lookups/s alone need" in rows[3].note


def test_memory_is_the_peak_against_the_events_held_whole() -> None:
    figure = memory_figure(
        MemoryRun(100_000, 2.5, peak_bytes=2**20, text_bytes=4 * 2**20, status="Success", summary={})
    )
    assert_well_formed([figure], "evidence_collectors")
    assert (figure.measured, figure.baseline, figure.ratio, figure.unit) == (1.0, 4.0, 0.25, "MiB")
    assert "100,000 log events" in figure.figure
