"""The simulator's embedded AWS emulator: closeloop's extended moto server, for as long as a run needs it."""

from generator.emulator.clock import following as emulator_following
from generator.emulator.server import reset as reset_emulator
from generator.emulator.server import running_emulator as embedded_emulator
from generator.emulator.simulated import answering as emulator_answering

__all__ = ["embedded_emulator", "emulator_answering", "emulator_following", "reset_emulator"]
