"""The template as the embedded emulator (moto) needs it.

Only one kind of change is made to the template itself. moto stores an `AWS::SSM::Document` whose
Content is a mapping corrupted (FACTS.md), and keeps an `AWS::KMS::Key`'s KeyPolicy mapping as a dict
that every later key API then fails to parse (HTTP 500); a JSON string works for both. cfn-lint, on the
other hand, wants the mapping (it flags string Content falsely), so the committed template keeps
mappings and the `--local` path turns those properties into JSON strings here: `Fn::Join` of JSON text
around the intrinsic functions (the stack values in them), so CloudFormation still resolves them.
"""

import copy
import json
from typing import Any

# Resource type -> the mapping-typed property the emulator needs as a JSON string.
JSON_STRING_PROPERTIES = {"AWS::SSM::Document": "Content", "AWS::KMS::Key": "KeyPolicy"}
_MARK = "\u0000closeloop-intrinsic\u0000"


def is_intrinsic(value: Any) -> bool:
    if not isinstance(value, dict) or len(value) != 1:
        return False
    key = next(iter(value))
    return bool(key == "Ref" or key.startswith("Fn::"))


def content_as_json_string(content: Any) -> Any:
    """Content as JSON text; a plain string when it holds no intrinsic, else an `Fn::Join` around them."""
    found: list[Any] = []

    def mark(value: Any) -> Any:
        if is_intrinsic(value):
            found.append(value)
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


def for_emulator(template: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A copy of the template with those properties as JSON strings, and `Logical.Property` of each change."""
    local = copy.deepcopy(template)
    changed = []
    for logical, resource in local["Resources"].items():
        name = JSON_STRING_PROPERTIES.get(resource["Type"])
        properties = resource.get("Properties", {})
        if name and name in properties and not isinstance(properties[name], str):
            properties[name] = content_as_json_string(properties[name])
            if resource["Type"] == "AWS::SSM::Document":
                properties["DocumentFormat"] = "JSON"
            changed.append(f"{logical}.{name}")
    return local, changed
