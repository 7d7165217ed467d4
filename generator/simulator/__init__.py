"""Run SSM Automation documents locally, step by step, against an AWS emulator or a live account."""

from generator.simulator.clients import ClientFactory
from generator.simulator.clock import VirtualClock
from generator.simulator.errors import ParameterError
from generator.simulator.execution import RunOptions
from generator.simulator.record import ExecutionRecord, Status, StepRecord
from generator.simulator.runner import simulate

__all__ = [
    "ClientFactory",
    "ExecutionRecord",
    "ParameterError",
    "RunOptions",
    "Status",
    "StepRecord",
    "VirtualClock",
    "simulate",
]
