"""Fixtures for the stack's tests: the built template (as data and as a file) and its IAM policies."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.document.writer import dump_yaml
from generator.stack.render import template_data


@pytest.fixture(scope="session")
def template() -> dict[str, Any]:
    return template_data()


def write_template(data: dict[str, Any], folder: Path) -> Path:
    path = folder / "closeloop.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def resources_of(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {logical: r for logical, r in template["Resources"].items() if r["Type"] == kind}


def policy_statements(template: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every identity-policy statement of every role, with the role it applies to."""
    for logical, role in resources_of(template, "AWS::IAM::Role").items():
        for policy in role["Properties"].get("Policies", []):
            for statement in policy["PolicyDocument"]["Statement"]:
                yield logical, statement
    for policy in resources_of(template, "AWS::IAM::Policy").values():
        for role in policy["Properties"]["Roles"]:
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
                yield role["Ref"], statement


def resolved(value: Any, parameters: dict[str, str]) -> Any:
    """`value` with every string `Fn::Sub` over these parameters resolved, as CloudFormation resolves it."""
    if isinstance(value, dict) and set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
        text = re.sub(r"\$\{(?!!)([A-Za-z0-9:]+)\}", lambda m: parameters.get(m.group(1), m.group(0)), value["Fn::Sub"])
        return text.replace("${!", "${")
    if isinstance(value, dict):
        return {key: resolved(item, parameters) for key, item in value.items()}
    if isinstance(value, list):
        return [resolved(item, parameters) for item in value]
    return value
