"""The tally counts a case as passed only when its block ended and nothing was lost or duplicated."""

from pathlib import Path

import pytest

from tests.faults.tally import Tally


def test_a_clean_case_passes_and_a_lost_item_fails_it(tmp_path: Path) -> None:
    tally = Tally()
    with tally.case("jira push", "429 once"):
        pass
    with tally.case("jira push", "dropped connection") as case:
        case.lost = 1
    with pytest.raises(RuntimeError), tally.case("webhook", "forged"):
        raise RuntimeError("the handler crashed")
    assert tally.summary() == {"tried": 3, "passed": 1, "lost": 1, "duplicates": 0}
    assert tally.by_area()["jira push"] == {"tried": 2, "passed": 1, "lost": 1, "duplicates": 0}
    tally.write(tmp_path / "t.json")
    assert '"tried": 3' in (tmp_path / "t.json").read_text(encoding="utf-8")
