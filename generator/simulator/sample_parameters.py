"""Plausible values for a document's required parameters, so a document can be run without a person filling them.

A parameter whose name or type asks for a resource (an instance, a volume, a bucket, a role, ...) gets
the id of one created in the emulator; other values come from allowedValues, the type, or a string the
allowedPattern accepts.
"""

import json
from functools import cached_property
from typing import Any

from generator.document.model import Document
from generator.document.parameters import Parameter
from generator.simulator.clients import EMULATOR_ACCOUNT_ID, ClientFactory
from generator.simulator.errors import ParameterError
from generator.simulator.parameters import check, convert
from generator.simulator.regex_sample import sample_for

ROLE_NAME = "AutomationRole"


class World:
    """Resources in the emulator, each created the first time a parameter asks for its kind of id.

    Lazily, because a reset emulator is empty and most documents need one resource or none: creating
    the whole set for each of them would cost more than running them.
    """

    # A hint found in a parameter's name or type, and the resource it asks for; the most specific first.
    HINTS = (
        ("role", "role"),
        ("instanceid", "instance"),
        ("instance::id", "instance"),
        ("volumeid", "volume"),
        ("subnetid", "subnet"),
        ("vpcid", "vpc"),
        ("groupid", "security_group"),
        ("imageid", "image"),
        ("bucket", "bucket"),
        ("accountid", "account"),
        ("region", "region"),
    )

    def __init__(self, clients: ClientFactory) -> None:
        self.clients = clients

    def for_name(self, name: str, type_name: str) -> str | None:
        wanted = f"{name} {type_name}".lower()
        for hint, resource in self.HINTS:
            if hint in wanted:
                return str(getattr(self, resource))
        return None

    @cached_property
    def role(self) -> str:
        statement = {"Effect": "Allow", "Principal": {"Service": "ssm.amazonaws.com"}, "Action": "sts:AssumeRole"}
        trust = {"Version": "2012-10-17", "Statement": [statement]}
        answer = self.clients.client("iam").create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=json.dumps(trust))
        return str(answer["Role"]["Arn"])

    @cached_property
    def vpc(self) -> str:
        return str(self.clients.client("ec2").create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"])

    @cached_property
    def subnet(self) -> str:
        answer = self.clients.client("ec2").create_subnet(VpcId=self.vpc, CidrBlock="10.0.1.0/24")
        return str(answer["Subnet"]["SubnetId"])

    @cached_property
    def security_group(self) -> str:
        answer = self.clients.client("ec2").create_security_group(
            GroupName="sample", Description="sample", VpcId=self.vpc
        )
        return str(answer["GroupId"])

    @cached_property
    def image(self) -> str:
        images = self.clients.client("ec2").describe_images(Owners=["amazon"])["Images"]
        # Without its catalogue of public images (MOTO_EC2_LOAD_DEFAULT_AMIS=false) moto still runs any image id.
        return str(images[0]["ImageId"]) if images else "ami-12345678"

    @cached_property
    def instance(self) -> str:
        ec2 = self.clients.client("ec2")
        answer = ec2.run_instances(ImageId=self.image, MinCount=1, MaxCount=1, SubnetId=self.subnet)
        return str(answer["Instances"][0]["InstanceId"])

    @cached_property
    def volume(self) -> str:
        return str(self.clients.client("ec2").create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"])

    @cached_property
    def bucket(self) -> str:
        self.clients.client("s3").create_bucket(Bucket="sample-bucket")
        return "sample-bucket"

    @property
    def account(self) -> str:
        return EMULATOR_ACCOUNT_ID

    @property
    def region(self) -> str:
        return self.clients.region


def sample_parameters(document: Document, world: World) -> dict[str, Any]:
    """A value for each parameter without a default that the document's own checks accept."""
    values: dict[str, Any] = {}
    for name, parameter in (document.parameters or {}).items():
        if parameter.has_default:
            continue
        for candidate in _candidates(name, parameter, world):
            try:
                values[name] = check(name, parameter, convert(name, parameter.type, candidate))
                break
            except ParameterError:
                continue
    return values


def _candidates(name: str, parameter: Parameter, world: World) -> list[Any]:
    kind = parameter.type
    allowed = list(parameter.allowedValues or [])[:1]
    found: list[Any] = [[str(value) for value in allowed]] if kind == "StringList" and allowed else allowed
    hinted = world.for_name(name, kind)
    if kind == "Integer":
        found += [1, 10]
    elif kind == "Boolean":
        found += [False]
    elif kind == "StringMap":
        found += [{}]
    elif kind == "MapList":
        found += [[]]
    text = [hinted] if hinted else []
    if parameter.allowedPattern:
        sample = sample_for(parameter.allowedPattern)
        text += [sample] if sample is not None else []
    text += [
        f"sample-{name.lower()}",
        "sample",
        "1",
        "10.0.0.1",
        f"arn:aws:iam::{EMULATOR_ACCOUNT_ID}:role/{ROLE_NAME}",
    ]
    found += [[item] for item in text] if kind == "StringList" else text
    return found
