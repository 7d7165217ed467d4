"""The JSONPath subset E4002 accepts: what AWS's own runbooks use, and nothing Automation cannot read."""

import pytest

from generator.validator.rules.output_selector import reads_script_payload, selector_problem


@pytest.mark.parametrize(
    "selector",
    [
        "$",
        "$.Payload",
        "$.Reservations[0].Instances[0].BlockDeviceMappings..DeviceName",
        "$.Stacks[*].StackName",
        "$.A[-1]",
        "$.A[0:2]",
        "$['a','b']",
        "$.AutomationExecution.Outputs.'GenerateReport.OutputPayload'",
        "$.Stacks[0].Outputs[?(@.OutputKey == 'ProbingEC2InstanceId')].OutputValue",
        "$.Items[?(@.Size > 10)].Id",
        "SnapshotId",
        "Payload.KeyName",
    ],
)
def test_supported_selectors(selector: str) -> None:
    assert selector_problem(selector) is None


@pytest.mark.parametrize(
    "selector",
    ["", "  ", "$.A[0", "$.A.", "$.A..", "$.A[?(B)]", "$.A.length()", "$.A[a]", "$ .A", "$.A[?(@.B == )]"],
)
def test_unsupported_selectors(selector: str) -> None:
    assert selector_problem(selector) is not None


@pytest.mark.parametrize("selector", ["$", "$.Payload", "$.Payload.a", "$.Payload[0]", "Payload.a", "$..a"])
def test_script_selectors_that_read_the_payload(selector: str) -> None:
    assert reads_script_payload(selector)


@pytest.mark.parametrize("selector", ["$.result", "$.PayloadX", "$.Output", "result"])
def test_script_selectors_beside_the_payload(selector: str) -> None:
    assert not reads_script_payload(selector)
