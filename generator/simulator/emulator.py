"""What the simulator asks of an in-process emulator: stamp with the run's clock, answer GetAutomationExecution
for the run, and be reset between corpus runs. Only the emulator's leaf modules: starting an emulator is the
caller's business (the CLI, the drill, the tests), so the emulator's server can run documents in the simulator
without an import circle."""

from generator.emulator.access import strict_endpoint as emulator_is_strict
from generator.emulator.admin import reset as reset_emulator
from generator.emulator.clock import following as emulator_following
from generator.emulator.principals import UntrustedService
from generator.emulator.principals import may as emulator_allows
from generator.emulator.principals import service_credentials as emulator_role_credentials
from generator.emulator.simulated import answering as emulator_answering

__all__ = [
    "UntrustedService",
    "emulator_allows",
    "emulator_answering",
    "emulator_following",
    "emulator_is_strict",
    "emulator_role_credentials",
    "reset_emulator",
]
