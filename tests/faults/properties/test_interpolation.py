"""Property-based tests of the simulator's `{{ }}` interpolation and of parameter values' conversion.

Each example hypothesis runs is counted as one case of the fault suite.
"""

import json
from typing import Any, cast

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.document.model import Document
from generator.document.references import Reference, ReferenceKind
from generator.simulator.execution import Execution, RunOptions
from generator.simulator.interpolation import Unresolved, interpolate, render
from generator.simulator.parameters import convert
from tests.faults.tally import Tally

EXAMPLES = settings(max_examples=100, deadline=None)
NAMES = st.from_regex(r"[A-Z][A-Za-z0-9]{0,20}", fullmatch=True)
TEXT = st.one_of(st.text(max_size=80), st.sampled_from(["{{ Other }}", "{{Other}}", "a {{ B }} b", "{{ ssm:/x }}"]))
SCALARS = st.one_of(st.text(max_size=20), st.integers(), st.booleans())
TYPED = {
    "String": st.text(max_size=60),
    "StringList": st.lists(st.text(max_size=20), max_size=5),
    "Integer": st.integers(min_value=-(2**31), max_value=2**31),
    "Boolean": st.booleans(),
    "StringMap": st.dictionaries(st.text(max_size=10), SCALARS, max_size=4),
    "MapList": st.lists(st.dictionaries(st.text(max_size=10), SCALARS, max_size=3), max_size=3),
}


def parameters_only(values: dict[str, Any], asked: list[str]) -> Any:
    def lookup(reference: Reference) -> Any:
        assert reference.kind is ReferenceKind.PARAMETER, reference
        asked.append(reference.name)
        return values[reference.name]

    return lookup


def refuse_every_lookup(reference: Reference) -> Any:
    raise AssertionError(f"looked up {reference.token} in text without a reference")


@EXAMPLES
@given(text=st.text(max_size=200).filter(lambda t: "{{" not in t))
def test_text_without_a_reference_is_unchanged(tally: Tally, text: str) -> None:
    with tally.case("property: interpolation", "text without {{", kind="property"):
        assert interpolate(text, refuse_every_lookup) == text
        assert interpolate({"k": [text, {text: text}]}, refuse_every_lookup) == {"k": [text, {text: text}]}


@EXAMPLES
@given(
    name=NAMES.filter(lambda n: n not in ("Other", "B")),
    value=TEXT,
    before=st.text(max_size=20).filter(lambda t: "{" not in t and "}" not in t),
)
def test_a_substituted_value_is_never_interpolated_again(tally: Tally, name: str, value: str, before: str) -> None:
    with tally.case("property: interpolation", "value holding {{ }} substituted once", kind="property"):
        asked: list[str] = []
        lookup = parameters_only({name: value, "Other": "EXPANDED", "B": "EXPANDED"}, asked)
        assert interpolate("{{ " + name + " }}", lookup) == value  # whole: the value itself
        assert interpolate(f"{before}{{{{ {name} }}}}!", lookup) == f"{before}{value}!"  # inside text: verbatim
        assert asked == [name, name]


@EXAMPLES
@given(type_name=st.sampled_from(sorted(TYPED)), data=st.data())
def test_every_parameter_type_round_trips(tally: Tally, type_name: str, data: st.DataObject) -> None:
    value = data.draw(TYPED[type_name])
    with tally.case("property: parameter type round trip", type_name, kind="property"):
        asked: list[str] = []
        lookup = parameters_only({"P": value}, asked)
        assert interpolate("{{ P }}", lookup) == value  # a whole reference keeps the type
        embedded = interpolate("x={{ P }}", lookup)
        assert embedded == "x=" + render(value)
        if type_name != "String":
            assert convert("P", type_name, render(value)) == value  # as text (the CLI) it converts back
        assert convert("P", type_name, value) == value  # as data (tests, parent automations) it is kept


def execution(parameters: dict[str, Any]) -> Execution:
    """Only the lookup is under test: the parts it does not touch for these references are left out."""
    step = {"name": "s", "action": "aws:sleep", "inputs": {"Duration": "PT1S"}}
    document = Document.model_validate({"schemaVersion": "0.3", "mainSteps": [step]})
    none = cast(Any, None)
    return Execution(document, "Doc", parameters, {}, none, none, RunOptions(), none, none)


@EXAMPLES
@given(
    known=st.dictionaries(NAMES, st.text(max_size=10), max_size=4),
    unknown=NAMES,
    kind=st.sampled_from(["", "variable:", "Step."]),
)
def test_an_unknown_reference_is_a_clear_error(tally: Tally, known: dict[str, str], unknown: str, kind: str) -> None:
    with tally.case("property: interpolation", "unknown reference", kind="property"):
        if not kind and unknown in known:
            return
        token = f"{kind}{unknown}" + ("Output" if kind == "Step." else "")
        run = execution(known)
        try:
            interpolate(f"a {{{{ {token} }}}} b", run.lookup)
        except Unresolved as error:
            assert token in str(error) and "cannot resolve" in str(error)
        else:
            raise AssertionError(f"{token} resolved to something")


@EXAMPLES
@given(value=st.lists(st.text(max_size=10), max_size=4))
def test_a_string_list_given_as_text_or_json_text_is_the_same_list(tally: Tally, value: list[str]) -> None:
    with tally.case("property: parameter type round trip", "StringList as JSON text", kind="property"):
        assert convert("L", "StringList", json.dumps(value)) == value
