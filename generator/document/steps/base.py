"""Fields that every Automation step has, whatever its action."""

from typing import Any, ClassVar

from generator.document.base import DocumentPart, OpenPart, Templated

OUTPUT_TYPES = ("String", "Integer", "Boolean", "StringList", "StringMap", "MapList")


class StepOutput(DocumentPart):
    Name: str
    Selector: str
    Type: str | None = None


class StepBase(DocumentPart):
    name: str
    action: str
    description: str | None = None
    timeoutSeconds: int | Templated | None = None
    maxAttempts: int | Templated | None = None
    onFailure: str | None = None
    onCancel: str | None = None
    # Real documents write both `true` and `"true"`; AWS accepts both.
    isCritical: bool | Templated | None = None
    isEnd: bool | Templated | None = None
    nextStep: str | None = None
    inputs: Any = None
    outputs: list[StepOutput] | None = None

    # Outputs the action returns without a declared Selector (`{{ Step.Payload }}` for a script).
    implicit_outputs: ClassVar[tuple[str, ...]] = ()

    def output_names(self) -> set[str]:
        return {*self.implicit_outputs, *(o.Name for o in self.outputs or [])}

    def input_data(self) -> dict[str, Any]:
        """The step's inputs as plain data."""
        if isinstance(self.inputs, DocumentPart):
            return self.inputs.to_data()
        return dict(self.inputs or {})


class ApiCallInputs(OpenPart):
    """Inputs that name an AWS API; every other key is a parameter of that API call."""

    Service: str
    Api: str


class ResourcePropertyInputs(ApiCallInputs):
    PropertySelector: str
    DesiredValues: list[Any] | Templated
