"""The fault suite's tally: one per session, written to build/fault-suite.json and printed at the end."""

import pytest

from tests.conftest import ROOT
from tests.faults.tally import Tally

REPORT = ROOT / "build" / "fault-suite.json"
_TALLY = Tally()


@pytest.fixture(scope="session")
def tally() -> Tally:
    """Session-scoped so hypothesis' @given tests may use it (function-scoped fixtures are not reset per example)."""
    return _TALLY


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _TALLY.cases:
        _TALLY.write(REPORT)
        for line in _TALLY.lines():
            terminalreporter.write_line(line)
        terminalreporter.write_line(f"  (every case: {REPORT.relative_to(ROOT)})")
