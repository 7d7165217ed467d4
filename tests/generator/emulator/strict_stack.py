"""A part of the rendered stack in a strict emulator: a role, its policies and what they name, nothing else.

Deploying the whole stack costs most of a minute (the Lambda packages); a role with its policies and the
table, bucket, topic and key they are scoped to deploy in a second through the emulator's CloudFormation, from
the same rendered template `deploy.sh` deploys. A test can take a grant out of that template first.
"""

import json
import re
import uuid
from typing import Any

from generator.simulator import ClientFactory
from generator.stack.local_template import for_emulator

_SUB_NAME = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}")


def named(value: Any) -> set[str]:
    """The logical ids a part of the template refers to (Ref, Fn::GetAtt, Fn::Sub's ${X} and ${X.Attr})."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "Ref" and isinstance(inner, str):
                found.add(inner)
            elif key == "Fn::GetAtt":
                found.add(inner[0] if isinstance(inner, list) else str(inner).split(".")[0])
            elif key == "Fn::Sub":
                text = inner[0] if isinstance(inner, list) else inner
                found |= set(_SUB_NAME.findall(text))
            found |= named(inner)
    elif isinstance(value, list):
        for item in value:
            found |= named(item)
    return found


def part(template: dict[str, Any], roots: set[str]) -> dict[str, Any]:
    """The template cut down to `roots`, every resource they refer to, and the policies attached to a role kept."""
    resources = template["Resources"]
    keep: set[str] = set()
    todo = set(roots)
    while todo:
        logical = todo.pop()
        if logical in keep or logical not in resources:
            continue
        keep.add(logical)
        todo |= named(resources[logical])
        if resources[logical]["Type"] == "AWS::IAM::Role":  # its AWS::IAM::Policy resources go with it
            todo |= {
                other
                for other, resource in resources.items()
                if resource["Type"] == "AWS::IAM::Policy" and {"Ref": logical} in resource["Properties"]["Roles"]
            }
    cut = {key: value for key, value in template.items() if key not in ("Resources", "Outputs")}
    cut["Resources"] = {logical: resources[logical] for logical in sorted(keep)}
    return for_emulator(cut)[0]


def without_action(template: dict[str, Any], role: str, action: str) -> dict[str, Any]:
    """The template with `action` taken out of every statement that grants it to `role`."""
    changed: dict[str, Any] = json.loads(json.dumps(template))
    for resource in changed["Resources"].values():
        properties = resource.get("Properties", {})
        if resource["Type"] == "AWS::IAM::Policy" and {"Ref": role} in properties["Roles"]:
            documents = [properties["PolicyDocument"]]
        elif resource is changed["Resources"].get(role):
            documents = [policy["PolicyDocument"] for policy in properties.get("Policies", [])]
        else:
            continue
        for document in documents:
            for statement in document["Statement"]:
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                statement["Action"] = [a for a in actions if a != action] or ["none:NoAction"]
    return changed


def deploy_part(clients: ClientFactory, template: dict[str, Any]) -> dict[str, str]:
    """Create the stack as the administrator; logical id -> physical id of each resource."""
    cloudformation = clients.client("cloudformation")
    name = f"strict-{uuid.uuid4().hex[:8]}"
    # Parameters without a default name what the part leaves out (the Lambda code's bucket): any value does.
    given = [
        {"ParameterKey": key, "ParameterValue": "unused"}
        for key, parameter in template.get("Parameters", {}).items()
        if "Default" not in parameter
    ]
    cloudformation.create_stack(
        StackName=name, TemplateBody=json.dumps(template), Parameters=given, Capabilities=["CAPABILITY_IAM"]
    )
    listed = cloudformation.describe_stack_resources(StackName=name)["StackResources"]
    return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in listed}
