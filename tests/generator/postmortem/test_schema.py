"""The published JSON Schema accepts the complete postmortem, refuses bad shapes, and documents every field."""

import json
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from generator.document.reader import parse_text
from generator.postmortem.schema import SCHEMA_FILE, SCHEMA_FOLDER, postmortem_schema
from tests.conftest import ROOT
from tests.generator.postmortem.conftest import COMPLETE, POSTMORTEM_FIXTURES


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(postmortem_schema(), format_checker=jsonschema.FormatChecker())


def test_the_published_schema_is_the_generated_one() -> None:
    assert json.loads((ROOT / SCHEMA_FOLDER / SCHEMA_FILE).read_text()) == postmortem_schema()


def test_the_complete_postmortem_is_valid() -> None:
    validator().validate(parse_text(COMPLETE.read_text(), str(COMPLETE)))


@pytest.mark.parametrize(
    ("fixture", "field"),
    [("action_type/bad.yaml", "type"), ("postmortem_shape/bad.yaml", "attendees"), ("answers/bad_missing.yaml", "")],
)
def test_bad_shapes_are_refused(fixture: str, field: str) -> None:
    path = POSTMORTEM_FIXTURES / fixture
    errors = list(validator().iter_errors(parse_text(path.read_text(), str(path))))
    assert errors and any(field in (e.message + "".join(map(str, e.path))) for e in errors)


def test_every_field_the_people_fill_in_is_described() -> None:
    schema = postmortem_schema()
    models: dict[str, Any] = {"Postmortem": schema, **schema["$defs"]}
    for name in ("Postmortem", "Incident", "Impact", "Answers", "ContributingFactor", "Action", "EvidenceLink"):
        for field, spec in models[name]["properties"].items():
            assert spec.get("description") or ("$ref" in spec and name == "Postmortem"), f"{name}.{field}"
    assert models["Incident"]["properties"]["class"]["description"].startswith("The incident class")
