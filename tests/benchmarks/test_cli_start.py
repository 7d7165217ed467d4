from benchmarks.cli_start import figures
from tests.benchmarks.well_formed import assert_well_formed


def test_one_round_gives_help_and_lint_against_the_boto3_process() -> None:
    rows = figures(rounds=1)
    assert_well_formed(rows, "cli_start")
    assert [f.figure.split("`")[1] for f in rows] == ["closeloop --help", "closeloop lint (one document)"]
