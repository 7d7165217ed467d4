"""`closeloop up`'s saver: a periodic save only after requests came in and between them, and a last one at `down`.
(The snapshot itself is persistence.py's, tested there and over HTTP; here it is a fixed body.)"""

import time
from pathlib import Path

import pytest

from generator.emulator import persistence
from generator.emulator.gate import RequestGate
from generator.local import saver
from generator.local.saver import Saver


@pytest.fixture(autouse=True)
def fixed_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(persistence, "snapshot", lambda: b"snapshot")


def request(gate: RequestGate) -> None:
    gate.wrap(lambda environ, start_response: [b""])({}, lambda *_: None)


def test_the_periodic_save_writes_only_after_requests_came_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(saver, "SAVE_EVERY_SECONDS", 0.01)
    path, gate, said = tmp_path / "aws-state.pickle", RequestGate(), list[str]()
    running = Saver(path, gate, said.append).start()
    try:
        time.sleep(0.1)  # several periods with nothing to save
        assert not path.exists()
        request(gate)
        for _ in range(1000):  # the next period saves it
            if path.exists():
                break
            time.sleep(0.01)
        assert path.read_bytes().endswith(b"\nsnapshot") and said == []
    finally:
        running.final()


def test_the_last_save_at_down_writes_what_came_in_since(tmp_path: Path) -> None:
    path, gate = tmp_path / "state" / "aws-state.pickle", RequestGate()
    running = Saver(path, gate, print).start()
    request(gate)
    running.final()
    header, _, body = path.read_bytes().partition(b"\n")
    assert b"closeloop-emulator-state" in header and body == b"snapshot"
