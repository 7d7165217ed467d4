"""Every step action, one module each, and the `Step` union that picks the model by `action`."""

from collections.abc import Iterator, Sequence
from typing import Annotated, Any, Union

from pydantic import Discriminator, Tag

from generator.document.steps.approve import ApproveStep
from generator.document.steps.assert_aws_resource_property import AssertAwsResourcePropertyStep
from generator.document.steps.base import StepBase, StepOutput
from generator.document.steps.branch import BranchStep
from generator.document.steps.change_instance_state import ChangeInstanceStateStep
from generator.document.steps.copy_image import CopyImageStep
from generator.document.steps.create_image import CreateImageStep
from generator.document.steps.create_stack import CreateStackStep
from generator.document.steps.create_tags import CreateTagsStep
from generator.document.steps.delete_image import DeleteImageStep
from generator.document.steps.delete_stack import DeleteStackStep
from generator.document.steps.execute_automation import ExecuteAutomationStep
from generator.document.steps.execute_aws_api import ExecuteAwsApiStep
from generator.document.steps.execute_script import ExecuteScriptStep
from generator.document.steps.execute_state_machine import ExecuteStateMachineStep
from generator.document.steps.install_distributor_package_on_azure import InstallDistributorPackageOnAzureStep
from generator.document.steps.invoke_lambda_function import InvokeLambdaFunctionStep
from generator.document.steps.loop import LoopInputs, LoopStep
from generator.document.steps.pause import PauseStep
from generator.document.steps.put_server_upgrade_metrics import PutServerUpgradeMetricsStep
from generator.document.steps.run_command import RunCommandStep
from generator.document.steps.run_instances import RunInstancesStep
from generator.document.steps.share_sql_media import ShareSQLMediaStep
from generator.document.steps.sleep import SleepStep
from generator.document.steps.unknown import UnknownStep
from generator.document.steps.update_variable import UpdateVariableStep
from generator.document.steps.wait_for_aws_resource_property import WaitForAwsResourcePropertyStep

STEP_MODELS: dict[str, type[StepBase]] = {
    "aws:approve": ApproveStep,
    "aws:assertAwsResourceProperty": AssertAwsResourcePropertyStep,
    "aws:branch": BranchStep,
    "aws:changeInstanceState": ChangeInstanceStateStep,
    "aws:copyImage": CopyImageStep,
    "aws:createImage": CreateImageStep,
    "aws:createStack": CreateStackStep,
    "aws:createTags": CreateTagsStep,
    "aws:deleteImage": DeleteImageStep,
    "aws:deleteStack": DeleteStackStep,
    "aws:executeAutomation": ExecuteAutomationStep,
    "aws:executeAwsApi": ExecuteAwsApiStep,
    "aws:executeScript": ExecuteScriptStep,
    "aws:executeStateMachine": ExecuteStateMachineStep,
    "aws:installDistributorPackageOnAzure": InstallDistributorPackageOnAzureStep,
    "aws:invokeLambdaFunction": InvokeLambdaFunctionStep,
    "aws:loop": LoopStep,
    "aws:pause": PauseStep,
    "aws:putServerUpgradeMetrics": PutServerUpgradeMetricsStep,
    "aws:runCommand": RunCommandStep,
    "aws:runInstances": RunInstancesStep,
    "aws:shareSQLMedia": ShareSQLMediaStep,
    "aws:sleep": SleepStep,
    "aws:updateVariable": UpdateVariableStep,
    "aws:waitForAwsResourceProperty": WaitForAwsResourcePropertyStep,
}


def _action_of(value: Any) -> str:
    action = value.get("action") if isinstance(value, dict) else getattr(value, "action", None)
    return action if action in STEP_MODELS else "unknown"


Step = Annotated[
    Union[  # noqa: UP007 - a tagged union needs the explicit Union form
        Annotated[ApproveStep, Tag("aws:approve")],
        Annotated[AssertAwsResourcePropertyStep, Tag("aws:assertAwsResourceProperty")],
        Annotated[BranchStep, Tag("aws:branch")],
        Annotated[ChangeInstanceStateStep, Tag("aws:changeInstanceState")],
        Annotated[CopyImageStep, Tag("aws:copyImage")],
        Annotated[CreateImageStep, Tag("aws:createImage")],
        Annotated[CreateStackStep, Tag("aws:createStack")],
        Annotated[CreateTagsStep, Tag("aws:createTags")],
        Annotated[DeleteImageStep, Tag("aws:deleteImage")],
        Annotated[DeleteStackStep, Tag("aws:deleteStack")],
        Annotated[ExecuteAutomationStep, Tag("aws:executeAutomation")],
        Annotated[ExecuteAwsApiStep, Tag("aws:executeAwsApi")],
        Annotated[ExecuteScriptStep, Tag("aws:executeScript")],
        Annotated[ExecuteStateMachineStep, Tag("aws:executeStateMachine")],
        Annotated[InstallDistributorPackageOnAzureStep, Tag("aws:installDistributorPackageOnAzure")],
        Annotated[InvokeLambdaFunctionStep, Tag("aws:invokeLambdaFunction")],
        Annotated[LoopStep, Tag("aws:loop")],
        Annotated[PauseStep, Tag("aws:pause")],
        Annotated[PutServerUpgradeMetricsStep, Tag("aws:putServerUpgradeMetrics")],
        Annotated[RunCommandStep, Tag("aws:runCommand")],
        Annotated[RunInstancesStep, Tag("aws:runInstances")],
        Annotated[ShareSQLMediaStep, Tag("aws:shareSQLMedia")],
        Annotated[SleepStep, Tag("aws:sleep")],
        Annotated[UpdateVariableStep, Tag("aws:updateVariable")],
        Annotated[WaitForAwsResourcePropertyStep, Tag("aws:waitForAwsResourceProperty")],
        Annotated[UnknownStep, Tag("unknown")],
    ],
    Discriminator(_action_of),
]

LoopInputs.model_rebuild()


def iter_steps(steps: Sequence[StepBase], path: str) -> Iterator[tuple[str, StepBase]]:
    """Each step with its path (`mainSteps[2]`), depth first into `aws:loop` bodies."""
    for index, step in enumerate(steps):
        step_path = f"{path}[{index}]"
        yield step_path, step
        if isinstance(step, LoopStep):
            yield from iter_steps(step.inputs.Steps, f"{step_path}.inputs.Steps")


__all__ = ["STEP_MODELS", "Step", "StepBase", "StepOutput", "UnknownStep", "iter_steps"]
