"""The fresh-machine proof: clone the repository into an empty folder and run the README's two commands
exactly as the README writes them (its first `sh` block), each of which must set itself up and pass.

It installs every dependency from the package index into the clone's own virtualenvs and runs the whole
suite again inside the clone, so it takes minutes and needs the network: it runs where
CLOSELOOP_FRESH_CLONE=1 is set (the CI job that proves a fresh machine), and never inside the clone's own
`./dev test` (the variable is not passed on, so the suite does not clone itself again).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

ENABLE = "CLOSELOOP_FRESH_CLONE"
STEP_TIMEOUT = 45 * 60
# What setting up and running leaves in a checkout; a fresh machine has none of it.
LEFT_BY_RUNS = (".venv", ".venv-*", "build", ".closeloop", "__pycache__", ".*_cache", "*.egg-info")

slow = pytest.mark.skipif(
    os.environ.get(ENABLE) != "1", reason=f"clones and installs from scratch (minutes, network): set {ENABLE}=1"
)


def readme_commands(readme: str) -> list[str]:
    """The commands of the README's first `sh` block, comments dropped, in order."""
    block = re.search(r"```sh\n(.*?)```", readme, re.DOTALL)
    assert block, "the README has no ```sh block of commands"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.split("#")[0].strip()]


def test_readme_commands_are_the_two_dev_commands() -> None:
    assert readme_commands((ROOT / "README.md").read_text(encoding="utf-8")) == ["./dev main", "./dev test"]


@slow
def test_a_fresh_clone_runs_the_readme_commands_as_written(tmp_path: Path) -> None:
    clone = tmp_path / "closeloop"
    git = shutil.which("git")
    if git and (ROOT / ".git").exists():
        subprocess.run([git, "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=300)
    else:  # a checkout without its history (an exported tree): the same files, without what runs made
        shutil.copytree(ROOT, clone, ignore=shutil.ignore_patterns(*LEFT_BY_RUNS))
    assert not (clone / ".venv").exists()
    env = {k: v for k, v in os.environ.items() if k != ENABLE and not k.startswith(("VIRTUAL_ENV", "AWS_"))}
    for command in readme_commands((clone / "README.md").read_text(encoding="utf-8")):
        done = subprocess.run(
            command, shell=True, cwd=clone, env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT, check=False
        )
        assert done.returncode == 0, f"`{command}` failed in a fresh clone:\n{(done.stdout + done.stderr)[-4000:]}"
        if command == "./dev main":
            assert "== done" in done.stdout, done.stdout[-3000:]
