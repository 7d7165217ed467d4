"""The state file: written whole behind its header, read back, and refused in one line when it cannot be used.
(Restoring it into moto is tested over HTTP through `closeloop up`: tests/generator/cli/test_up_state.py.)"""

import json
from pathlib import Path

import pytest

from generator.emulator import persistence, pickling


def saved_file(tmp_path: Path) -> Path:
    path = tmp_path / "aws-state.pickle"
    persistence.write(path, pickling.dumps(persistence.Saved([], [])))
    return path


def test_a_written_state_reads_back_and_only_its_owner_may_write_it(tmp_path: Path) -> None:
    path = saved_file(tmp_path)
    assert persistence.load(path) == persistence.Saved([], [])
    assert path.stat().st_mode & 0o077 == 0
    assert not path.with_name(f"{path.name}.partial").exists()


def test_a_state_from_another_moto_is_refused_naming_both_versions(tmp_path: Path) -> None:
    path = saved_file(tmp_path)
    header, _, body = path.read_bytes().partition(b"\n")
    fields = json.loads(header) | {"moto": "4.0.0"}
    path.write_bytes(json.dumps(fields).encode() + b"\n" + body)
    with pytest.raises(persistence.StateError, match=r"another version \(format 1, moto 4.0.0; this is moto "):
        persistence.load(path)


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda p: p.write_bytes(b"\x00\x01"), "not a closeloop emulator state"),
        (lambda p: p.write_bytes(p.read_bytes()[:-5]), "corrupt"),
        (lambda p: (p.unlink(), p.mkdir()), "cannot be read"),
    ],
    ids=["foreign", "truncated", "a folder"],
)
def test_an_unusable_state_is_one_line_naming_the_file(tmp_path: Path, damage: object, said: str) -> None:
    path = saved_file(tmp_path)
    damage(path)  # type: ignore[operator]
    with pytest.raises(persistence.StateError) as raised:
        persistence.load(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ") and said in message and "\n" not in message
