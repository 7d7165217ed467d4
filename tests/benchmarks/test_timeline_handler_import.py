from benchmarks.timeline_handler_import import figures
from tests.benchmarks.well_formed import assert_well_formed


def test_one_round_gives_the_handler_import_against_boto3() -> None:
    rows = figures(rounds=1)
    assert_well_formed(rows, "timeline_handler_import")
    assert [(f.unit, f.baseline_label) for f in rows] == [("ms", "import boto3 alone")]
