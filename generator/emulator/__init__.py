"""The embedded AWS emulator: moto in server mode, with the reads closeloop's evidence needs that moto lacks.

moto 5.2.5 has no CloudWatch DescribeAlarmHistory or GetMetricWidgetImage and no CloudTrail
LookupEvents, and no SSM Automation executions. `install()` adds them to moto's own response classes,
answered from what moto records (alarm state changes, alarm definitions), from the write calls the server
itself receives, and (Automation, generator/emulator/automation.py) by running the stored document in the
simulator in the background, so the collectors and an operator's boto3 or AWS CLI run the same code
locally as in an account. `running_emulator()` starts the server.
"""

from generator.emulator.cloudtrail import TrailEvent, record_event, recorded_events
from generator.emulator.extensions import install, installed
from generator.emulator.server import running_emulator, start_emulator

__all__ = [
    "TrailEvent",
    "install",
    "installed",
    "record_event",
    "recorded_events",
    "running_emulator",
    "start_emulator",
]
