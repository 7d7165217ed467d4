"""Bad documents are refused with the file, line and field at fault."""

import pytest

from generator.document import UnknownStep
from generator.document.errors import DocumentError
from generator.document.reader import read_file, read_text
from generator.document.writer import to_yaml
from tests.conftest import FIXTURES

DOCUMENTS = FIXTURES / "documents"


def test_yaml_syntax_error_names_file_and_line() -> None:
    with pytest.raises(DocumentError) as caught:
        read_file(DOCUMENTS / "broken_indent.yaml")
    assert str(caught.value).startswith(f"{DOCUMENTS / 'broken_indent.yaml'}:6: ")


def test_json_syntax_error_names_line() -> None:
    with pytest.raises(DocumentError, match=r"x\.json:3: \(document\): not valid JSON"):
        read_text('{\n  "schemaVersion": "0.3",\n  "mainSteps": [,]\n}', "x.json")


def test_shape_errors_name_field_path_and_line() -> None:
    with pytest.raises(DocumentError) as caught:
        read_file(DOCUMENTS / "wrong_shape.yaml")
    problems = {(p.path, p.line) for p in caught.value.problems}
    assert ("mainSteps[0].inputs.Duration", 7) in problems
    assert ("mainSteps[1].maxAttempts", 10) in problems


def test_a_missing_file_is_an_error_not_a_traceback() -> None:
    with pytest.raises(DocumentError, match="cannot read the file"):
        read_file(DOCUMENTS / "absent.yaml")


def test_dates_stay_strings_as_written() -> None:
    doc = read_text(
        "schemaVersion: '0.3'\nmainSteps:\n- name: S\n  action: aws:sleep\n  inputs:\n    Timestamp: 2026-11-29\n",
        "x.yaml",
    )
    assert doc.data["mainSteps"][0]["inputs"]["Timestamp"] == "2026-11-29"


def test_unknown_action_is_kept_whole() -> None:
    text = "schemaVersion: '0.3'\nmainSteps:\n- name: S\n  action: aws:future\n  inputs: {A: 1}\n  flavour: new\n"
    loaded = read_text(text, "x.yaml")
    assert isinstance(loaded.document.mainSteps[0], UnknownStep)
    assert read_text(to_yaml(loaded.document), "y.yaml").data == loaded.data


def test_scripts_and_markdown_are_written_as_block_scalars() -> None:
    loaded = read_file(DOCUMENTS / "script_step.yaml")
    written = to_yaml(loaded.document)
    assert "description: |\n" in written
    assert "    Script: |\n      def handler(events, context):\n" in written
