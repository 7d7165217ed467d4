"""SSM Automation executions on the emulator: the stored document runs in the simulator, in the background.

StartAutomationExecution reads the document moto stores, resolves its parameters at once (a refused value
is the caller's InvalidAutomationExecutionParametersException, as in AWS) and runs it on a thread of its
own against this same emulator, on the run's virtual clock. A step that waits for a person (`aws:approve`,
`aws:pause`) holds the run Waiting, without an end time or a failure, until SendAutomationSignal brings
Approve, Reject or Resume; StopAutomationExecution cancels the run at its next step or at the waiting one.
Get/DescribeAutomationExecutions and DescribeAutomationStepExecutions answer from the live record in
botocore's shapes. Runs live in this process, like the rest of moto's state, and their records are saved
with it (saved.py, for `closeloop up`'s state on disk).

runs.py holds a run and RUNS; start.py starts one; events.py puts its status events on the bus; records.py
answers the reads; signals.py the signals and the stop.
"""

from generator.emulator.automation.records import (
    describe_automation_executions,
    describe_automation_step_executions,
    execution_api,
    get_automation_execution,
    list_tags_for_resource,
)
from generator.emulator.automation.runs import RUNS, Run
from generator.emulator.automation.signals import send_automation_signal, stop_automation_execution
from generator.emulator.automation.start import start_automation_execution

OPERATIONS = {
    "start_automation_execution": start_automation_execution,
    "get_automation_execution": get_automation_execution,
    "describe_automation_executions": describe_automation_executions,
    "describe_automation_step_executions": describe_automation_step_executions,
    "send_automation_signal": send_automation_signal,
    "stop_automation_execution": stop_automation_execution,
}
# Operations moto has, answered otherwise than AWS answers them for executions: replaced.
CORRECTIONS = {"list_tags_for_resource": list_tags_for_resource}

__all__ = ["CORRECTIONS", "OPERATIONS", "RUNS", "Run", "execution_api"]
