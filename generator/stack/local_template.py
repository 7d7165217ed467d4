"""The template as the embedded emulator (moto) needs it.

Only one kind of change is made to the template itself. moto stores an `AWS::SSM::Document` whose
Content is a mapping corrupted (FACTS.md), and keeps an `AWS::KMS::Key`'s KeyPolicy mapping as a dict
that every later key API then fails to parse (HTTP 500); a JSON string works for both. cfn-lint, on the
other hand, wants the mapping (it flags string Content falsely), so the committed template keeps
mappings and the `--local` path turns those properties into JSON strings here: `Fn::Join` of JSON text
around the intrinsic functions (the stack values in them), so CloudFormation still resolves them.

The emulator also skips `AWS::Lambda::Url`, and an output reading `GetAtt <url>.FunctionUrl` then fails the
whole deploy. Such outputs are left out of the emulator's copy; `--local` makes each URL through Lambda's
own API after the deploy (local_resources.create_function_urls) and reports its output from there.
"""

import copy
import json
from typing import Any

# Resource type -> the mapping-typed property the emulator needs as a JSON string.
JSON_STRING_PROPERTIES = {"AWS::SSM::Document": "Content", "AWS::KMS::Key": "KeyPolicy"}
_MARK = "\u0000closeloop-intrinsic\u0000"
FUNCTION_URL = "AWS::Lambda::Url"


def is_intrinsic(value: Any) -> bool:
    if not isinstance(value, dict) or len(value) != 1:
        return False
    key = next(iter(value))
    return bool(key == "Ref" or key.startswith("Fn::"))


def json_safe(intrinsic: Any) -> Any:
    """An intrinsic that resolves to text fit to stand between JSON quotes: an `Fn::Sub` of a string (text that
    names the stack's documents: a description, a script) gets its text JSON-escaped; `${...}` stays as it is,
    and what it resolves to (a name prefix, an ARN) needs no escaping."""
    template = intrinsic.get("Fn::Sub")
    if isinstance(template, str):
        return {"Fn::Sub": json.dumps(template, ensure_ascii=False)[1:-1]}
    return intrinsic


def content_as_json_string(content: Any) -> Any:
    """Content as JSON text; a plain string when it holds no intrinsic, else an `Fn::Join` around them."""
    found: list[Any] = []

    def mark(value: Any) -> Any:
        if is_intrinsic(value):
            found.append(json_safe(value))
            return _MARK
        if isinstance(value, dict):
            return {k: mark(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v) for v in value]
        return value

    text = json.dumps(mark(content), ensure_ascii=False, sort_keys=False)
    pieces = text.split(json.dumps(_MARK))
    if len(pieces) == 1:
        return text
    parts: list[Any] = [pieces[0]]
    for intrinsic, piece in zip(found, pieces[1:], strict=True):
        # An intrinsic stood where a JSON string was: keep the quotes around the value it resolves to.
        parts += ['"', intrinsic, '"' + piece]
    return {"Fn::Join": ["", parts]}


def function_url_outputs(template: dict[str, Any]) -> dict[str, str]:
    """Output name -> the logical id of the `AWS::Lambda::Url` whose FunctionUrl it reports."""
    found = {}
    for key, output in template.get("Outputs", {}).items():
        value = output.get("Value")
        if isinstance(value, dict) and "Fn::GetAtt" in value:
            logical, attribute = value["Fn::GetAtt"]
            if attribute == "FunctionUrl" and template["Resources"][logical]["Type"] == FUNCTION_URL:
                found[key] = logical
    return found


def for_emulator(template: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A copy of the template as the emulator needs it, and `Logical.Property` (or `Outputs.Name`) of each change."""
    local = copy.deepcopy(template)
    changed = []
    for key in function_url_outputs(template):
        del local["Outputs"][key]
        changed.append(f"Outputs.{key}")
    for logical, resource in local["Resources"].items():
        name = JSON_STRING_PROPERTIES.get(resource["Type"])
        properties = resource.get("Properties", {})
        if name and name in properties and not isinstance(properties[name], str):
            properties[name] = content_as_json_string(properties[name])
            if resource["Type"] == "AWS::SSM::Document":
                properties["DocumentFormat"] = "JSON"
            changed.append(f"{logical}.{name}")
    return local, changed
