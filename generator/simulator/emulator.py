"""The simulator's embedded AWS emulator: closeloop's extended moto server, for as long as a run needs it."""

from generator.emulator.clock import following as emulator_following
from generator.emulator.server import reset as reset_emulator
from generator.emulator.server import running_emulator as embedded_emulator

__all__ = ["embedded_emulator", "emulator_following", "reset_emulator"]
