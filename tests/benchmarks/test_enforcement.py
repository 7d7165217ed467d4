from benchmarks.enforcement import figures
from tests.benchmarks.well_formed import assert_well_formed


def test_a_small_pass_gives_requests_against_the_minimum_for_both_runs() -> None:
    rows = figures(issues=100)
    assert_well_formed(rows, "enforcement")
    requests = [f for f in rows if f.unit == "requests"]
    # 100 issues: 2 unowned (assign + comment each) and 3 due soon (a comment each) on the first run only, whose
    # texts name three people (one user read each); the second run sends nothing and asks for no name
    assert [f.baseline for f in requests] == [2 + 1 + 2 * 2 + 3 + 3, 2 + 1]
    assert [f.measured for f in requests] == [f.baseline for f in requests], "the standin answers one page of 100"
