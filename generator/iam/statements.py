"""The policy statements of a template: a role's own (inline policies and the IAM policies attached to it) and
resource policies, with their CloudFormation expressions shown as a reader of the template writes them."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

IDENTITY_POLICY_TYPES = ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")


@dataclass(frozen=True)
class Statement:
    where: str  # "<Role> (<policy name>)" or a resource policy's logical id
    body: dict[str, Any]

    @property
    def actions(self) -> list[str]:
        return as_list(self.body.get("Action", []))

    @property
    def resources(self) -> list[Any]:
        return as_list(self.body.get("Resource", []))

    @property
    def allows(self) -> bool:
        return self.body.get("Effect") == "Allow"


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _refers_to(value: Any, logical_id: str) -> bool:
    return isinstance(value, dict) and value.get("Ref") == logical_id


def role_statements(template: dict[str, Any], role: str) -> Iterator[Statement]:
    """The statements of every identity policy the role carries: inline, or attached through an IAM policy."""
    resources = template["Resources"]
    for policy in resources[role]["Properties"].get("Policies", []):
        for body in as_list(policy["PolicyDocument"]["Statement"]):
            yield Statement(f"{role} ({policy['PolicyName']})", body)
    for name, resource in resources.items():
        if resource["Type"] not in IDENTITY_POLICY_TYPES:
            continue
        if any(_refers_to(r, role) for r in resource["Properties"].get("Roles", [])):
            for body in as_list(resource["Properties"]["PolicyDocument"]["Statement"]):
                yield Statement(f"{role} ({name})", body)


def shown(value: Any) -> str:
    """A resource or condition value as the template reads: `Table.Arn`, `Ref:Topic`, the Sub string."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        ((function, argument),) = value.items()
        if function == "Fn::GetAtt":
            return ".".join(argument)
        if function == "Ref":
            return f"Ref:{argument}"
        if function == "Fn::Sub":
            return argument if isinstance(argument, str) else argument[0]
    return repr(value)
