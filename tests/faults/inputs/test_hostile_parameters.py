"""Hostile strings in every String and StringList parameter of every closeloop runbook.

Each (runbook, parameter, value) is one case. The simulator's own parameter checks run first (what AWS's
allowedPattern, allowedValues and size limits do when an execution starts): a refusal must name the
parameter and the rule. A value that is accepted must stay inert data: every step's inputs (script
payloads included) are interpolated with the simulator's own interpolation, and the value must come out
verbatim wherever the document refers to it, with no reference inside it resolved (a value holding
`{{ Other }}` never asks for Other).
"""

from functools import cache
from typing import Any

import pytest

from generator.document.model import Document
from generator.document.parameters import Parameter
from generator.document.references import Reference, ReferenceKind, walk_references
from generator.simulator.errors import ParameterError
from generator.simulator.interpolation import interpolate, render
from generator.simulator.parameters import resolve_parameters
from generator.simulator.regex_sample import sample_for
from runbooks.catalogue import RUNBOOKS
from tests.faults.tally import Tally

HOSTILE = {
    "shell injection": "'; rm -rf /",
    "command substitution": "$(whoami)",
    "backticks": "`id`",
    "interpolation injection": "{{ OTHER }}",  # OTHER: another parameter of the same document
    "built-in injection": "{{ automation:EXECUTION_ID }}",
    "parameter store injection": "{{ssm:/closeloop/secret}}",
    "newlines": "first line\nsecond line\r\n",
    "trailing newline after a valid value": "INC-2026-0042\n",
    "4,000 characters": "A" * 4000,
    "right-to-left and zero-width": "\u202egnp.exe\u200b\u200d\ufeff",
    "path traversal": "../../etc/passwd",
    "JSON fragment": '{"IncidentId": "INC-1", "x": [1, {"y": null}]}',
    "JSON string breaker": '", "admin": true, "x": "',
    "NUL byte": "INC\x00-42",
    "format specifiers": "%s%n%x {0} ${HOME}",
}


@cache
def built(runbook: str) -> Document:
    """Each runbook built once (building inlines its scripts); nothing here changes a document."""
    return RUNBOOKS[runbook]()


def valid_value(parameter: Parameter) -> Any:
    if parameter.has_default:
        return parameter.default
    if parameter.allowedValues:
        return parameter.allowedValues[0]
    if parameter.type == "StringList":
        return [sample_for(parameter.allowedPattern)] if parameter.allowedPattern else ["grace"]
    if parameter.allowedPattern:
        return sample_for(parameter.allowedPattern)
    return "a value"


def cases() -> list[Any]:
    found = []
    for runbook in sorted(RUNBOOKS):
        document = built(runbook)
        for name, parameter in sorted((document.parameters or {}).items()):
            if parameter.type in ("String", "StringList"):
                found += [pytest.param(runbook, name, label, id=f"{runbook}-{name}-{label}") for label in HOSTILE]
    return found


def hostile(document: Document, name: str, label: str) -> str:
    other = next(n for n in sorted(document.parameters or {}) if n != name)
    return HOSTILE[label].replace("OTHER", other)


def given_with(document: Document, name: str, value: Any) -> dict[str, Any]:
    declared = document.parameters or {}
    given = {n: valid_value(p) for n, p in declared.items() if not p.has_default and n != name}
    given[name] = [value] if declared[name].type == "StringList" else value
    return given


def interpolated_steps(document: Document, values: dict[str, Any]) -> tuple[Any, list[str]]:
    """Every step as data, interpolated; and the parameter names the interpolation asked for."""
    asked: list[str] = []

    def lookup(reference: Reference) -> Any:
        if reference.kind is ReferenceKind.PARAMETER:
            asked.append(reference.name)
            return values[reference.name]
        return f"<{reference.token}>"  # outputs, variables, built-ins: stand-ins, not under test here

    steps = [step.model_dump(mode="json", by_alias=True, exclude_none=True) for step in document.mainSteps]
    return interpolate(steps, lookup), asked


def referenced(document: Document) -> set[str]:
    steps = [step.model_dump(mode="json", by_alias=True, exclude_none=True) for step in document.mainSteps]
    return {r.name for _, r in walk_references(steps, "mainSteps") if r.kind is ReferenceKind.PARAMETER}


def contains(value: Any, wanted: Any) -> bool:
    if value == wanted:
        return True
    if isinstance(value, str):
        return isinstance(wanted, str) and wanted in value
    if isinstance(value, list):
        return any(contains(item, wanted) for item in value)
    if isinstance(value, dict):
        return any(contains(item, wanted) for item in value.values())
    return False


@pytest.mark.parametrize(("runbook", "name", "label"), cases())
def test_a_hostile_parameter_is_refused_or_stays_inert(tally: Tally, runbook: str, name: str, label: str) -> None:
    document = built(runbook)
    value = hostile(document, name, label)
    with tally.case("runbook parameter", f"{runbook}.{name}: {label}", kind="attack"):
        try:
            values = resolve_parameters(document, given_with(document, name, value))
        except ParameterError as refusal:
            message = str(refusal)
            assert f"parameter {name}" in message, message
            assert any(rule in message for rule in ("allowedPattern", "allowedValues", "Chars", "Items")), message
            return
        steps, asked = interpolated_steps(document, values)
        assert set(asked) <= referenced(document), f"a reference inside the value was resolved: {asked}"
        if name in referenced(document):
            given = values[name]
            assert contains(steps, given) or contains(steps, render(given)), f"{name}'s value did not arrive verbatim"


FREE_TEXT = ("Text", "Source")  # Closeloop-LogTimelineEvent's parameters without a pattern: they reach the script


@pytest.mark.parametrize("name", FREE_TEXT)
@pytest.mark.parametrize("label", list(HOSTILE))
def test_a_hostile_value_reaches_the_timeline_verbatim(tally: Tally, aws_env: str, name: str, label: str) -> None:
    """The whole run in the simulator against the emulator: the script gets the value as data and stores it."""
    from generator.simulator import Status
    from runbooks.log_timeline_event import NAME
    from tests.runbooks.operator_runs import new_table, run, timeline

    document = built(NAME)
    value = hostile(document, name, label)
    with tally.case("runbook parameter (simulated run)", f"{NAME}.{name}: {label}", kind="attack"):
        table = new_table()
        parameters = {"IncidentId": "INC-777", "Kind": "symptom", "Text": "a symptom", "TableName": table}
        parameters[name] = value
        try:
            record = run(aws_env, NAME, parameters)
        except ParameterError as refusal:  # refused before any step runs (the 4,000 characters: maxChars)
            assert f"parameter {name}" in str(refusal) and "maxChars" in str(refusal), str(refusal)
            return
        assert record.status is Status.SUCCESS, record
        [event] = timeline(table, "INC-777")
        assert getattr(event, name.lower()) == value
