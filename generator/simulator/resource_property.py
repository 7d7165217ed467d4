"""What `aws:assertAwsResourceProperty` and `aws:waitForAwsResourceProperty` share: read a property, compare it.

The PropertySelector may select one value or many (`$.Reservations[*].Instances[*].State.Name`); the
property has a desired value when every value selected is one of DesiredValues, compared as text.
"""

from typing import Any

from generator.simulator.api_calls import call_api
from generator.simulator.errors import StepFailed
from generator.simulator.execution import Execution
from generator.simulator.interpolation import render
from generator.simulator.selectors import SelectorError, select

NOT_API_PARAMETERS = ("Service", "Api", "PropertySelector", "DesiredValues")


def read_property(inputs: dict[str, Any], execution: Execution) -> list[Any]:
    params = {key: value for key, value in inputs.items() if key not in NOT_API_PARAMETERS}
    response = call_api(execution, inputs["Service"], inputs["Api"], params)
    try:
        return select(response, str(inputs["PropertySelector"])).values
    except SelectorError as error:
        raise StepFailed(f"PropertySelector: {error}") from None


def desired_values(inputs: dict[str, Any]) -> list[str]:
    desired = inputs["DesiredValues"]
    return [render(value) for value in (desired if isinstance(desired, list) else [desired])]


def has_desired_value(values: list[Any], desired: list[str]) -> bool:
    return bool(values) and all(_is_desired(value, desired) for value in values)


def _is_desired(value: Any, desired: list[str]) -> bool:
    # AWS's own documents desire a boolean property as "True" / "False": booleans compare without case.
    if isinstance(value, bool):
        return render(value) in (item.lower() for item in desired)
    return render(value) in desired


def describe(values: list[Any], desired: list[str]) -> str:
    found = "nothing" if not values else ", ".join(render(value) for value in values)
    return f"the property is {found}, not one of the desired values {desired}"
