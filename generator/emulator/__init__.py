"""The embedded AWS emulator: moto in server mode, with the reads closeloop's evidence needs that moto lacks.

moto 5.2.5 has no CloudWatch DescribeAlarmHistory or GetMetricWidgetImage and no CloudTrail
LookupEvents, and no SSM Automation executions. `extensions.install()` adds them to moto's own response
classes, answered from what moto records (alarm state changes, alarm definitions), from the write calls the
server itself receives, and (Automation, automation/) by running the stored document in the simulator in
the background, so the collectors and an operator's boto3 or AWS CLI run the same code locally as in an
account. `server.running_emulator()` starts the server; lambdas/ runs the deployed functions.

Imports go one way: the emulator (server, extensions, automation) uses the simulator; the simulator uses
only the emulator's leaf modules (clock, simulated, admin), which import nothing of either. So this package
re-exports nothing: importing a leaf never loads the server.
"""
