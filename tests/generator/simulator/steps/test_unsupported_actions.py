"""Actions and scripts the simulator does not run fail their step with a clear message, never the runner."""

from generator.simulator import ClientFactory, Status
from generator.simulator.steps import UNSUPPORTED_ACTIONS
from tests.generator.simulator.documents import run_fixture


def test_each_unsupported_step_fails_clearly_and_on_failure_decides_the_rest(clients: ClientFactory) -> None:
    record = run_fixture("unsupported_actions", clients)

    messages = {step.name: step.failure_message for step in record.steps}
    assert messages == {
        "RunShell": "aws:runCommand is not supported by the simulator",
        "PowerShell": "Runtime PowerShell 7.4 is not supported by the simulator: only Python scripts run in-process",
        "Attached": "scripts in an Attachment are not supported by the simulator: give the Script inline",
        "MakeStack": "aws:createStack is not supported by the simulator",
    }
    assert record.status is Status.FAILED  # MakeStack aborts; NeverReached never runs


def test_the_unsupported_list_names_the_actions_that_need_instances_or_stacks() -> None:
    assert {"aws:runCommand", "aws:createStack", "aws:deleteStack", "aws:runInstances"} <= set(UNSUPPORTED_ACTIONS)
    assert "aws:executeAwsApi" not in UNSUPPORTED_ACTIONS
