"""Check that every stack output names something that exists, read back through each service's API."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from domain import table as keys
from generator.stack.target import Target


@dataclass(frozen=True)
class Check:
    key: str
    value: str
    ok: bool
    detail: str


def _table(target: Target, name: str) -> str:
    table = target.client("dynamodb").describe_table(TableName=name)["Table"]
    schema = {k["AttributeName"]: k["KeyType"] for k in table["KeySchema"]}
    if schema != {keys.PARTITION_KEY: "HASH", keys.SORT_KEY: "RANGE"}:
        raise ValueError(f"key schema {schema} is not domain/table.py's")
    indexes = [i["IndexName"] for i in table.get("GlobalSecondaryIndexes", [])]
    if keys.CLASS_INDEX not in indexes:
        raise ValueError(f"index {keys.CLASS_INDEX} missing (has {indexes})")
    return f"{table['TableStatus']}, index {keys.CLASS_INDEX}"


def _document(target: Target, name: str, outputs: dict[str, str]) -> str:
    import json

    found = target.client("ssm").get_document(Name=name, DocumentFormat="JSON")
    content = json.loads(found["Content"])
    defaults = {p: v.get("default") for p, v in (content.get("parameters") or {}).items()}
    if "TableName" in defaults and defaults["TableName"] != outputs.get("TableName"):
        raise ValueError(f"TableName default {defaults['TableName']!r} is not the stack's table")
    return f"{found['DocumentType']}, {len(content['mainSteps'])} step(s)"


def _function(target: Target, name: str) -> str:
    configuration = target.client("lambda").get_function(FunctionName=name)["Configuration"]
    return f"{configuration['Runtime']}, {configuration['Handler']}"


def _function_url(target: Target, url: str, function: str) -> str:
    config = target.client("lambda").get_function_url_config(FunctionName=function)
    # AWS serves function URLs over HTTPS only; the local emulator serves them on its own plain-HTTP port.
    schemes = ("https://", "http://") if target.endpoint_url else ("https://",)
    if config["FunctionUrl"] != url or not url.startswith(schemes):
        raise ValueError(f"{function}'s function URL is {config['FunctionUrl']!r}")
    scheme = url.split(":", 1)[0].upper()
    return f"{function}'s {scheme} URL, auth {config['AuthType']}"


def checker(key: str, target: Target, outputs: dict[str, str]) -> Callable[[str], Any] | None:
    if key.endswith("BucketName"):
        return lambda v: target.client("s3").head_bucket(Bucket=v) and "bucket exists"
    if key in ("TableName", "TableArn"):
        return lambda v: _table(target, v)
    if key == "TopicArn":
        return lambda v: target.client("sns").get_topic_attributes(TopicArn=v) and "topic exists"
    if key == "JiraSecretArn":
        return lambda v: target.client("secretsmanager").describe_secret(SecretId=v)["Name"]
    if key == "KeyArn":
        return lambda v: target.client("kms").describe_key(KeyId=v)["KeyMetadata"]["KeyState"]
    if key == "AutomationRoleArn":
        return lambda v: target.client("iam").get_role(RoleName=v.rsplit("/", 1)[-1])["Role"]["RoleName"]
    if key == "DocumentNames":
        return lambda v: ", ".join(_document(target, n, outputs) for n in v.split(","))
    if key.startswith("Document") and key.endswith("Name"):
        return lambda v: _document(target, v, outputs)
    if key == "MemberEventBusArn":
        return lambda v: target.client("events").describe_event_bus(Name=v)["Name"]
    if key.endswith("HandlerName"):
        return lambda v: _function(target, v)
    if key.endswith("WebhookUrl"):
        return lambda v: _function_url(target, v, outputs[key.removesuffix("WebhookUrl") + "Name"])
    return None


def expected_outputs(template: dict[str, Any], reported: dict[str, str]) -> list[str]:
    """The outputs the stack must report: each declared one, except a conditional one whose condition did
    not hold (an OrganizationId left empty makes no member bus, so no MemberEventBusArn)."""
    declared = template.get("Outputs", {})
    return [key for key, output in declared.items() if "Condition" not in output or key in reported]


def verify_outputs(target: Target, outputs: dict[str, str], expected: list[str]) -> list[Check]:
    """One check per output the template declares; a declared output the stack did not report fails."""
    checks = []
    for key in expected:
        value = outputs.get(key)
        if value is None:
            checks.append(Check(key, "", False, "the stack reported no value"))
            continue
        check = checker(key, target, outputs)
        try:
            detail = str(check(value)) if check else "not checked (no reader for this output)"
            checks.append(Check(key, value, True, detail))
        except Exception as error:  # each failure is reported with its output, not raised
            checks.append(Check(key, value, False, str(error)))
    return checks
