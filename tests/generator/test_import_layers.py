"""Imports go one way between the emulator and the simulator: the emulator's server runs documents in the
simulator, and the simulator reaches only the emulator's leaf modules (clock, simulated runs, admin calls).
Each module is imported first in a fresh interpreter, so a circle would fail whichever side loads first."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT

FIRST = (
    "generator.simulator",
    "generator.emulator.automation",
    "generator.emulator.extensions",
    "generator.emulator.server",
)
PROBE = """
import importlib, sys
importlib.import_module(sys.argv[1])
print(" ".join(sorted(m for m in sys.modules if m.startswith(tuple(sys.argv[2:])))))
"""


@pytest.mark.parametrize("module", FIRST)
def test_each_side_imports_first_without_a_circle(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, module], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    if module == "generator.simulator":
        assert result.stdout.strip() == ""  # the simulator never loads the emulator's server or its extensions


def test_no_import_is_hidden_in_a_function_between_the_two() -> None:
    for package in ("generator/emulator", "generator/simulator"):
        for path in (ROOT / package).rglob("*.py"):
            for line in path.read_text().splitlines():
                stripped = line.strip()
                if line.startswith((" ", "\t")) and stripped.startswith("from generator.") and " import " in stripped:
                    imported = stripped.split()[1]
                    other = "generator.simulator" if package.endswith("emulator") else "generator.emulator"
                    assert not imported.startswith(other), f"{path}: {stripped}"
