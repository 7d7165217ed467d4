"""Sampled values for required parameters: real ids from the emulator, allowed values, pattern matches."""

from generator.document.reader import read_text
from generator.simulator import ClientFactory
from generator.simulator.sample_parameters import World, sample_parameters

DOCUMENT = """
schemaVersion: "0.3"
parameters:
  InstanceId: {type: "AWS::EC2::Instance::Id"}
  AutomationAssumeRole: {type: String, allowedPattern: "^arn:aws:iam::\\\\d{12}:role/[\\\\w+=,.@-]+$"}
  StatusCodes: {type: StringList, allowedValues: [403, 404]}
  ClusterName: {type: String, allowedPattern: "^[a-z][a-z0-9-]{2,20}$"}
  Count: {type: Integer}
  Optional: {type: String, default: kept}
mainSteps:
  - {name: Wait, action: aws:sleep, inputs: {Duration: PT1S}}
"""


def test_each_required_parameter_gets_a_value_its_checks_accept(clients: ClientFactory) -> None:
    values = sample_parameters(read_text(DOCUMENT, "doc.yaml").document, World(clients))

    reservations = clients.client("ec2").describe_instances(InstanceIds=[values["InstanceId"]])["Reservations"]
    assert reservations[0]["Instances"][0]["InstanceId"] == values["InstanceId"]
    assert values["AutomationAssumeRole"] == "arn:aws:iam::123456789012:role/AutomationRole"
    assert clients.client("iam").get_role(RoleName="AutomationRole")["Role"]["Arn"] == values["AutomationAssumeRole"]
    assert values["StatusCodes"] == ["403"]
    assert values["ClusterName"] == "aaa"
    assert values["Count"] == 1
    assert "Optional" not in values


def test_the_world_creates_only_what_is_asked_for(clients: ClientFactory) -> None:
    World(clients).for_name("BucketName", "String")

    assert clients.client("ec2").describe_vpcs()["Vpcs"] == [] or all(
        vpc["IsDefault"] for vpc in clients.client("ec2").describe_vpcs()["Vpcs"]
    )
    assert [bucket["Name"] for bucket in clients.client("s3").list_buckets()["Buckets"]] == ["sample-bucket"]
