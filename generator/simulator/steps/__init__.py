"""Each action's simulation, one module per action, named like its step model in `generator.document.steps`.

Every module exposes `run(step, inputs, execution) -> StepResult`. An action not listed here fails its
step with a clear message and the document's onFailure decides what happens next; it never ends the run
any other way.
"""

from typing import Any

from generator.document.steps import STEP_MODELS
from generator.document.steps.base import StepBase
from generator.simulator.errors import StepFailed
from generator.simulator.execution import Execution
from generator.simulator.result import ActionRunner, StepResult
from generator.simulator.steps import (
    approve,
    assert_aws_resource_property,
    branch,
    execute_automation,
    execute_aws_api,
    execute_script,
    invoke_lambda_function,
    loop,
    pause,
    sleep,
    update_variable,
    wait_for_aws_resource_property,
)

ACTIONS: dict[str, ActionRunner] = {
    "aws:approve": approve.run,
    "aws:assertAwsResourceProperty": assert_aws_resource_property.run,
    "aws:branch": branch.run,
    "aws:executeAutomation": execute_automation.run,
    "aws:executeAwsApi": execute_aws_api.run,
    "aws:executeScript": execute_script.run,
    "aws:invokeLambdaFunction": invoke_lambda_function.run,
    "aws:loop": loop.run,
    "aws:pause": pause.run,
    "aws:sleep": sleep.run,
    "aws:updateVariable": update_variable.run,
    "aws:waitForAwsResourceProperty": wait_for_aws_resource_property.run,
}

# Actions the document model knows and the simulator does not run (they need instances, stacks or
# managed nodes the emulator does not provide with their AWS behaviour).
UNSUPPORTED_ACTIONS = tuple(sorted(set(STEP_MODELS) - set(ACTIONS)))


def runner_for(action: str) -> ActionRunner:
    return ACTIONS.get(action, _unsupported)


def is_supported(action: str) -> bool:
    return action in ACTIONS


def _unsupported(step: StepBase, inputs: dict[str, Any], execution: Execution) -> StepResult:
    raise StepFailed(f"{step.action} is not supported by the simulator")
