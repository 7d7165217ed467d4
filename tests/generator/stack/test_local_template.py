"""The emulator's copy of the template: mapping properties become JSON text that still resolves intrinsics."""

import json
from typing import Any

from generator.stack.local_template import content_as_json_string, for_emulator, function_url_outputs


def resolve(value: Any, refs: dict[str, str]) -> str:
    """What CloudFormation makes of the value: a Join of text and Refs."""
    if isinstance(value, str):
        return value
    parts = value["Fn::Join"][1]
    return "".join(p if isinstance(p, str) else refs[p["Ref"]] for p in parts)


def test_content_without_intrinsics_is_plain_json_text() -> None:
    content = {"schemaVersion": "0.3", "mainSteps": [{"name": "A", "action": "aws:sleep"}]}
    assert json.loads(content_as_json_string(content)) == content


def test_intrinsics_stay_resolvable_inside_the_json_text() -> None:
    content = {"parameters": {"TableName": {"type": "String", "default": {"Ref": "Table"}}}, "text": 'a "quoted" \\'}
    joined = content_as_json_string(content)
    assert json.loads(resolve(joined, {"Table": "closeloop-Table-1"})) == {
        "parameters": {"TableName": {"type": "String", "default": "closeloop-Table-1"}},
        "text": 'a "quoted" \\',
    }


def test_documents_and_key_policies_are_converted_and_nothing_else(template: dict[str, Any]) -> None:
    local, changed = for_emulator(template)
    assert "Key.KeyPolicy" in changed
    assert {c.split(".")[0] for c in changed} - {"Key", "Outputs"} == {
        logical for logical, r in template["Resources"].items() if r["Type"] == "AWS::SSM::Document"
    }
    assert isinstance(template["Resources"]["Key"]["Properties"]["KeyPolicy"], dict)  # the original is untouched
    for logical, resource in local["Resources"].items():
        if logical != "Key" and resource["Type"] != "AWS::SSM::Document":
            assert resource == template["Resources"][logical]


def test_outputs_reading_a_function_url_are_left_to_the_local_path(template: dict[str, Any]) -> None:
    local, changed = for_emulator(template)
    assert function_url_outputs(template) == {"WebhookHandlerWebhookUrl": "WebhookHandlerUrl"}
    assert "Outputs.WebhookHandlerWebhookUrl" in changed
    assert "WebhookHandlerWebhookUrl" not in local["Outputs"]
    assert set(local["Outputs"]) == set(template["Outputs"]) - {"WebhookHandlerWebhookUrl"}
    assert local["Resources"]["WebhookHandlerUrl"] == template["Resources"]["WebhookHandlerUrl"]
