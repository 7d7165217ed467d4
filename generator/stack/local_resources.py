"""Resources the emulator's CloudFormation skips, made through each service's own API instead.

The Jira secret (handlers read it), the alarms, the webhook's function URL and the buckets' policies are
created with the same properties the template gives them; the values they refer to are read from the stack's
physical resource ids and parameters.
"""

import json
import re
import uuid
from typing import Any

from generator.stack import names
from generator.stack.local_template import function_url_outputs
from generator.stack.target import Target
from generator.stack.topic_and_secret import WEBHOOK_SECRET_FIELD

SECRET_NOTE = f"{names.JIRA_SECRET} (AWS::SecretsManager::Secret): skipped by the emulator"


class Resolver:
    """Ref and the few GetAtts the alarms use, from the stack's physical ids (skipped resources have none)."""

    def __init__(self, target: Target, stack: str) -> None:
        summaries = target.client("cloudformation").list_stack_resources(StackName=stack)["StackResourceSummaries"]
        self.physical = {s["LogicalResourceId"]: s.get("PhysicalResourceId", "") for s in summaries}

    def __call__(self, value: Any) -> Any:
        if isinstance(value, dict) and "Ref" in value:
            return self.physical[value["Ref"]]
        if isinstance(value, dict) and "Fn::GetAtt" in value:
            logical, attribute = value["Fn::GetAtt"]
            if attribute == "QueueName":
                return self.physical[logical].rsplit("/", 1)[-1]
            raise KeyError(f"{logical}.{attribute}")
        if isinstance(value, list):
            return [self(v) for v in value]
        if isinstance(value, dict):
            return {k: self(v) for k, v in value.items()}
        return value


def put_bucket_policies(
    target: Target, stack: str, template: dict[str, Any], policies: list[str], params: dict[str, str]
) -> str:
    """Each bucket policy as the template gives it, through S3's PutBucketPolicy: the emulator checks object
    requests against it, Conditions included (generator/emulator/bucket_policy.py), so the evidence bucket
    refuses a write without If-None-Match here as it does in AWS."""
    resolve = Resolver(target, stack)
    s3 = target.client("s3")
    known = params | pseudo_parameters(target, stack)
    for logical in policies:
        properties = template["Resources"][logical]["Properties"]
        document = _resolved(properties["PolicyDocument"], resolve.physical, known)
        s3.put_bucket_policy(Bucket=resolve(properties["Bucket"]), Policy=json.dumps(document))
    return f"{len(policies)} AWS::S3::BucketPolicy: skipped by the emulator; put through S3 PutBucketPolicy"


def pseudo_parameters(target: Target, stack: str) -> dict[str, str]:
    """CloudFormation's pseudo parameters (the access log bucket's policy names the account, as S3's logging
    service is admitted only for it)."""
    account = target.client("sts").get_caller_identity()["Account"]
    return {"AWS::AccountId": account, "AWS::Region": target.region, "AWS::StackName": stack,
            "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}  # fmt: skip


def _resolved(value: Any, physical: dict[str, str], params: dict[str, str]) -> Any:
    """Ref (a resource or a parameter), a bucket's GetAtt Arn and Fn::Sub of those, as CloudFormation resolves them."""
    arns = {f"{logical}.Arn": f"arn:aws:s3:::{name}" for logical, name in physical.items()}
    names = physical | params | arns
    if isinstance(value, dict) and "Ref" in value:
        return names[value["Ref"]]
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return names[".".join(value["Fn::GetAtt"])]
    if isinstance(value, dict) and "Fn::Sub" in value:
        return re.sub(r"\$\{([^}]+)\}", lambda found: names[found[1]], value["Fn::Sub"])
    if isinstance(value, list):
        return [_resolved(v, physical, params) for v in value]
    if isinstance(value, dict):
        return {k: _resolved(v, physical, params) for k, v in value.items()}
    return value


def create_jira_secret(target: Target, stack: str, template: dict[str, Any], outputs: dict[str, str]) -> str:
    """The secret the emulator skipped, made through Secrets Manager with the same placeholder content."""
    client = target.client("secretsmanager")
    name = f"closeloop/{stack}/jira"
    properties = template["Resources"][names.JIRA_SECRET]["Properties"]
    try:
        arn = str(client.describe_secret(SecretId=name)["ARN"])
        outputs["JiraSecretArn"] = arn
        return f"{SECRET_NOTE}; exists from a previous run: {arn}"
    except client.exceptions.ResourceNotFoundException:
        pass
    content = json.loads(properties["GenerateSecretString"]["SecretStringTemplate"])
    content[WEBHOOK_SECRET_FIELD] = uuid.uuid4().hex  # generated, as the stack generates it
    arn = str(client.create_secret(Name=name, KmsKeyId=outputs["KeyArn"], SecretString=json.dumps(content))["ARN"])
    outputs["JiraSecretArn"] = arn
    return f"{SECRET_NOTE}; created through Secrets Manager: {arn}"


def create_alarms(target: Target, stack: str, template: dict[str, Any], alarms: list[str]) -> str:
    resolve = Resolver(target, stack)
    cloudwatch = target.client("cloudwatch")
    for logical in alarms:
        properties = resolve(template["Resources"][logical]["Properties"])
        cloudwatch.put_metric_alarm(AlarmName=f"{stack}-{logical}", **properties)
    return f"{len(alarms)} AWS::CloudWatch::Alarm: skipped by the emulator; created through CloudWatch PutMetricAlarm"


def create_function_urls(
    target: Target, stack: str, template: dict[str, Any], urls: list[str], outputs: dict[str, str]
) -> list[str]:
    """Each skipped function URL made (or found) through Lambda's API, and the outputs that report it filled in."""
    physical = Resolver(target, stack).physical
    client = target.client("lambda")
    reported = function_url_outputs(template)
    notes = []
    for logical in urls:
        properties = template["Resources"][logical]["Properties"]
        function = physical[properties["TargetFunctionArn"]["Fn::GetAtt"][0]]
        try:
            url = client.get_function_url_config(FunctionName=function)["FunctionUrl"]
            how = "exists from a previous run"
        except client.exceptions.ResourceNotFoundException:
            url = client.create_function_url_config(FunctionName=function, AuthType=properties["AuthType"])[
                "FunctionUrl"
            ]
            how = "created through Lambda CreateFunctionUrlConfig"
        outputs.update({key: url for key, url_logical in reported.items() if url_logical == logical})
        notes.append(f"{logical} (AWS::Lambda::Url): skipped by the emulator; {how}: {url}")
    return notes
