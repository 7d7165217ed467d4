from benchmarks.jira_push import figures, minimum_new, minimum_unchanged
from tests.benchmarks.well_formed import assert_well_formed


def test_a_tiny_push_gives_requests_against_the_minimum_and_the_one_by_one_baseline() -> None:
    rows = figures(sizes=(2,), fault_actions=0)
    assert_well_formed(rows, "jira_push")
    assert len(rows) == 8, "per flavour: push vs minimum, re-push vs minimum, vs one by one (requests, time)"
    minimums = [f.baseline for f in rows if f.baseline_label == "minimum"]
    assert minimums == [minimum_new(2), minimum_unchanged(2)] * 2
    assert {f.figure.split(", ")[1] for f in rows} == {"Cloud", "Data Center"}
