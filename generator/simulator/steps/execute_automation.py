"""`aws:executeAutomation`: a nested document (a catalogue runbook or a file) run as a child execution.

The child shares the run's clients and virtual clock; its document outputs surface as `Output`, with its
`ExecutionId` and final `Status`. A child that does not end in Success fails the step, as in AWS.
"""

import json
from typing import Any

from generator.document.errors import DocumentError
from generator.document.model import Document
from generator.document.steps.base import StepBase
from generator.simulator.errors import ParameterError, StepFailed
from generator.simulator.execution import Execution
from generator.simulator.record import Status
from generator.simulator.result import StepResult

_LIST_TYPES = ("StringList", "MapList")
_RATE_CONTROL = ("Targets", "TargetMaps", "TargetLocations", "TargetLocationsURL", "TargetParameterName")


def run(step: StepBase, inputs: dict[str, Any], execution: Execution) -> StepResult:
    name = str(inputs["DocumentName"])
    targeted = [key for key in _RATE_CONTROL if inputs.get(key)]
    if targeted:
        raise StepFailed(f"rate-controlled child automations ({', '.join(targeted)}) are not supported here")
    if execution.depth >= execution.options.max_nesting:
        raise StepFailed(f"child automations nest deeper than {execution.options.max_nesting}")
    try:
        document = execution.options.find_document(name)
    except DocumentError as error:
        raise StepFailed(f"document {name} cannot be read: {error}") from None
    if document is None:
        raise StepFailed(f"document {name} is neither in the catalogue nor a readable file")
    try:
        child = execution.engine.run(
            document,
            name,
            _runtime_parameters(inputs, document),
            execution.execution_id,
            execution.depth + 1,
            caller=execution.clients,
        )
    except ParameterError as error:
        raise StepFailed(f"child automation {name} cannot start: {error}") from None
    execution.record.children.append(child)
    outputs = {"ExecutionId": child.execution_id, "Status": str(child.status), "Output": child.outputs}
    if child.status is not Status.SUCCESS:
        raise StepFailed(f"child automation {name} ended {child.status}: {child.failure_message}")
    return StepResult(outputs=outputs, selectable=outputs)


def _runtime_parameters(inputs: dict[str, Any], document: Document) -> dict[str, Any]:
    given = inputs.get("RuntimeParameters") or {}
    if isinstance(given, str):
        try:
            given = json.loads(given)
        except json.JSONDecodeError as error:
            raise StepFailed(f"RuntimeParameters is not JSON: {error}") from None
    if not isinstance(given, dict):
        raise StepFailed(f"RuntimeParameters must be a mapping, got {given!r:.100}")
    declared = document.parameters or {}
    # AWS passes every parameter value as a list of strings: a one-item list stands for a single value.
    return {
        key: value[0]
        if isinstance(value, list) and len(value) == 1 and key in declared and declared[key].type not in _LIST_TYPES
        else value
        for key, value in given.items()
    }
