"""The simulator's embedded AWS emulator: closeloop's extended moto server, for as long as a run needs it."""

from generator.emulator.server import reset as reset_emulator
from generator.emulator.server import running_emulator as embedded_emulator

__all__ = ["embedded_emulator", "reset_emulator"]
