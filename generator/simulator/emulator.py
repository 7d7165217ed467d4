"""The simulator's embedded AWS emulator: closeloop's extended moto server, for as long as a run needs it."""

from generator.emulator.access import UntrustedService
from generator.emulator.access import may as emulator_allows
from generator.emulator.access import service_credentials as emulator_role_credentials
from generator.emulator.access import strict_endpoint as emulator_is_strict
from generator.emulator.clock import following as emulator_following
from generator.emulator.server import reset as reset_emulator
from generator.emulator.server import running_emulator as embedded_emulator
from generator.emulator.simulated import answering as emulator_answering

__all__ = [
    "UntrustedService",
    "embedded_emulator",
    "emulator_allows",
    "emulator_answering",
    "emulator_following",
    "emulator_is_strict",
    "emulator_role_credentials",
    "reset_emulator",
]
