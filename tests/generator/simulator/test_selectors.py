"""The JSONPath subset of output Selectors."""

from typing import Any

import pytest

from generator.simulator.selectors import SelectorError, select

RESPONSE: dict[str, Any] = {
    "Reservations": [
        {"Instances": [{"InstanceId": "i-1", "State": {"Name": "running"}, "SecurityGroups": [{"GroupId": "sg-1"}]}]},
        {"Instances": [{"InstanceId": "i-2", "State": {"Name": "stopped"}, "SecurityGroups": [{"GroupId": "sg-2"}]}]},
    ],
    "Outputs": [{"OutputKey": "A", "OutputValue": "1"}, {"OutputKey": "B", "OutputValue": "2", "Size": 5}],
}


@pytest.mark.parametrize(
    ("selector", "values", "definite"),
    [
        ("$", [RESPONSE], True),
        ("$.Reservations[0].Instances[0].InstanceId", ["i-1"], True),
        ("$.Reservations[-1].Instances[0].InstanceId", ["i-2"], True),
        ("$..GroupId", ["sg-1", "sg-2"], False),
        ("$.Reservations[*].Instances[*].State.Name", ["running", "stopped"], False),
        ("$.Reservations[0].Instances[0]['InstanceId']", ["i-1"], True),
        ("$.Outputs[?(@.OutputKey == 'B')].OutputValue", ["2"], False),
        ("$.Outputs[?(@.OutputKey != 'B')].OutputValue", ["1"], False),
        ("$.Outputs[?(@.Size > 4)].OutputKey", ["B"], False),
        ("$.Outputs[?(@.Size)].OutputKey", ["B"], False),
        ("$.Missing.Path", [], True),
        ("$.Reservations[9]", [], True),
        ("Reservations[0].Instances[0].InstanceId", ["i-1"], True),  # AWS also takes a path without `$`
    ],
)
def test_selector(selector: str, values: list[Any], definite: bool) -> None:
    selection = select(RESPONSE, selector)

    assert (selection.values, selection.definite) == (values, definite)


def test_a_selector_outside_the_subset_is_refused() -> None:
    with pytest.raises(SelectorError, match="cannot read"):
        select(RESPONSE, "$.Reservations(0)")
