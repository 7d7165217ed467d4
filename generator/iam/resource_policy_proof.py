"""The proof for resource policies: each principal a resource policy admits gets exactly what the stack wires it
to do, from where it is wired (a source condition), and the denies that protect evidence are there.

What a principal needs is read from the template's wiring, each with the AWS rule behind it:
- an EventBridge rule's Lambda target needs `lambda:InvokeFunction` for events.amazonaws.com from that rule;
  its queue or topic target, and its dead-letter queue, `sqs:SendMessage`/`sns:Publish` in their policies;
- an alarm's action on a topic needs `sns:Publish` for cloudwatch.amazonaws.com in the topic's policy;
- a function URL without IAM auth needs `lambda:InvokeFunctionUrl` (with `FunctionUrlAuthType` NONE) and
  `lambda:InvokeFunction` (with `InvokedViaFunctionUrl`) for everyone (Lambda developer guide, "Control access
  to Lambda function URLs"): the handler authenticates each request itself;
- a bucket's access logs need `s3:PutObject` for logging.s3.amazonaws.com in the log bucket's policy;
- a service that writes to a queue or topic encrypted with the stack's key needs `kms:GenerateDataKey` and
  `kms:Decrypt` in the key policy (SQS and SNS developer guides, "Key management"); CloudWatch Logs, for
  a log group encrypted with it, the actions of its documented key policy (CloudWatch Logs user guide,
  "Encrypt log data using AWS KMS").
Roles use the key through the key policy's delegation to IAM (the account statement), so what each role may
do with it is its IAM grants, which the identity half of the proof holds to exactly what its calls need.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.iam.findings import ANY, Finding
from generator.iam.iam_data import expanded
from generator.iam.resource_proof import RESOURCE_POLICIES
from generator.iam.statements import as_list, shown

SOURCE_KEYS = frozenset({"aws:sourcearn", "aws:sourceaccount", "kms:encryptioncontext:aws:logs:arn"})
SERVICE_KMS = ("kms:Decrypt", "kms:GenerateDataKey")
LOGS_KMS = ("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*")


@dataclass(frozen=True)
class Need:
    policy: str  # the resource whose policy must admit the principal (a queue, topic, bucket, key or function)
    principal: str  # "*", a service principal, as the template shows it
    actions: tuple[str, ...]
    why: str
    source: str | None = None  # the resource whose requests these are (a rule, an alarm, a bucket), if one


def _target(value: Any) -> str | None:
    if isinstance(value, dict) and "Ref" in value:
        return str(value["Ref"])
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return str(value["Fn::GetAtt"][0])
    return None


def _kind(template: Mapping[str, Any], logical: str | None) -> str:
    return str(template["Resources"].get(logical, {}).get("Type", "")) if logical else ""


def _key_of(template: Mapping[str, Any], logical: str) -> str | None:
    """The stack key a queue or topic is encrypted with, if any."""
    properties = template["Resources"][logical]["Properties"]
    return _target(properties.get("KmsMasterKeyId"))


def _delivery_needs(template: Mapping[str, Any], service: str, target: str, source: str) -> Iterator[Need]:
    kind = _kind(template, target)
    if kind == "AWS::Lambda::Function":
        yield Need(target, service, ("lambda:InvokeFunction",), f"{source} invokes it", source)
        return
    action = {"AWS::SQS::Queue": "sqs:SendMessage", "AWS::SNS::Topic": "sns:Publish"}.get(kind)
    if action is None:
        return
    yield Need(target, service, (action,), f"{source} delivers to it", source)
    key = _key_of(template, target)
    if key:
        yield Need(key, service, SERVICE_KMS, f"{source} delivers to {target}, encrypted with it", source)


def needs(template: Mapping[str, Any]) -> list[Need]:
    found: list[Need] = []
    for logical, resource in template["Resources"].items():
        kind, properties = resource["Type"], resource.get("Properties", {})
        if kind == "AWS::Events::Rule":
            for target in properties.get("Targets", []):
                for arn in (target.get("Arn"), target.get("DeadLetterConfig", {}).get("Arn")):
                    found += _delivery_needs(template, "events.amazonaws.com", _target(arn) or "", logical)
        elif kind == "AWS::CloudWatch::Alarm":
            for field in ("AlarmActions", "OKActions", "InsufficientDataActions"):
                for action in properties.get(field, []):
                    found += _delivery_needs(template, "cloudwatch.amazonaws.com", _target(action) or "", logical)
        elif kind == "AWS::Lambda::Url" and properties.get("AuthType") == "NONE":
            function = _target(properties["TargetFunctionArn"]) or ""
            why = f"{logical} is public (AuthType NONE)"
            found += [
                Need(function, "*", (action,), why) for action in ("lambda:InvokeFunctionUrl", "lambda:InvokeFunction")
            ]
        elif kind == "AWS::S3::Bucket" and "LoggingConfiguration" in properties:
            destination = _target(properties["LoggingConfiguration"].get("DestinationBucketName"))
            if destination:
                why = f"{logical}'s access logs"
                found.append(Need(destination, "logging.s3.amazonaws.com", ("s3:PutObject",), why, logical))
        elif kind == "AWS::Logs::LogGroup" and _target(properties.get("KmsKeyId")):
            key = _target(properties["KmsKeyId"]) or ""
            found.append(Need(key, "logs.${AWS::Region}.amazonaws.com", LOGS_KMS, f"{logical} is encrypted with it"))
    return found


@dataclass(frozen=True)
class Admitted:
    policy: str  # the resource the policy protects
    where: str  # the policy's own logical id
    principal: str
    action: str
    statement: Mapping[str, Any]


def _principals(statement: Mapping[str, Any]) -> list[str]:
    principal = statement.get("Principal")
    if principal == "*":
        return ["*"]
    if isinstance(principal, dict):
        return [shown(p) for kind in ("Service", "AWS") for p in as_list(principal.get(kind, []))]
    return []


def _protected(template: Mapping[str, Any], logical: str, resource: Mapping[str, Any]) -> list[str]:
    properties = resource["Properties"]
    if resource["Type"] == "AWS::KMS::Key":
        return [logical]
    targets = as_list(properties.get("Queues", properties.get("Topics", properties.get("Bucket"))))
    return [t for t in (_target(v) for v in targets) if t]


def admitted(template: Mapping[str, Any]) -> Iterator[Admitted]:
    for logical, resource in template["Resources"].items():
        field = RESOURCE_POLICIES.get(resource["Type"])
        if field:
            for body in as_list(resource["Properties"][field]["Statement"]):
                if body.get("Effect") != "Allow":
                    continue
                for protected in _protected(template, logical, resource):
                    for principal in _principals(body):
                        for pattern in as_list(body["Action"]):
                            for action in expanded(pattern):
                                yield Admitted(protected, logical, principal, action, body)
        elif resource["Type"] == "AWS::Lambda::Permission":
            properties = resource["Properties"]
            function = _target(properties["FunctionName"]) or ""
            yield Admitted(function, logical, shown(properties["Principal"]), properties["Action"], properties)


def _from_its_source(grant: Admitted) -> bool:
    """A service is admitted only for the stack's own requests (no confused deputy)."""
    if "SourceArn" in grant.statement or "SourceAccount" in grant.statement:  # a Lambda permission
        return True
    keys = {k.lower() for operator in grant.statement.get("Condition", {}).values() for k in operator}
    return bool(keys & SOURCE_KEYS)


def _named_sources(grant: Admitted) -> set[str]:
    """The template's resources a grant's source ARN condition names (empty when it names none)."""
    values = [grant.statement.get("SourceArn")]
    for operator in grant.statement.get("Condition", {}).values():
        values += [v for key, value in operator.items() if key.lower() == "aws:sourcearn" for v in as_list(value)]
    return {t for t in (_target(v) for v in values if v is not None) if t}


def _public_only_through_the_url(grant: Admitted) -> bool:
    return (grant.action == "lambda:InvokeFunctionUrl" and grant.statement.get("FunctionUrlAuthType") == "NONE") or (
        grant.action == "lambda:InvokeFunction" and grant.statement.get("InvokedViaFunctionUrl") is True
    )


def _is_account_root(principal: str) -> bool:
    return principal.endswith(":root")


def resource_policy_findings(template: Mapping[str, Any]) -> list[Finding]:
    required = needs(template)
    wanted = {(n.policy, n.principal, a) for n in required for pattern in n.actions for a in expanded(pattern)}
    sources: dict[tuple[str, str, str], set[str]] = {}
    for n in required:
        for action in (a for pattern in n.actions for a in expanded(pattern)):
            sources.setdefault((n.policy, n.principal, action), set()).add(n.source or "")
    findings: list[Finding] = []
    given: set[tuple[str, str, str]] = set()
    for grant in admitted(template):
        given.add((grant.policy, grant.principal, grant.action))
        where = f"{grant.where} (admits {grant.principal})"
        if _is_account_root(grant.principal):
            continue  # the key's delegation to IAM: roles get what their IAM grants (proven) allow
        if (grant.policy, grant.principal, grant.action) not in wanted:
            findings.append(Finding(where, grant.action, grant.policy, "admitted but nothing the stack wires needs it"))
        if grant.principal == "*" and not _public_only_through_the_url(grant):
            findings.append(Finding(where, grant.action, grant.policy, "open to everyone"))
        elif grant.principal != "*" and not _from_its_source(grant):
            findings.append(Finding(where, grant.action, grant.policy, "a service admitted without a source condition"))
        extra = _named_sources(grant) - sources.get((grant.policy, grant.principal, grant.action), set())
        if extra:
            findings.append(
                Finding(
                    where,
                    grant.action,
                    grant.policy,
                    f"admitted from {', '.join(sorted(extra))}, which does not deliver to it",
                )
            )
    for need in required:
        for pattern in need.actions:
            for action in expanded(pattern):
                if (need.policy, need.principal, action) not in given:
                    findings.append(
                        Finding(f"{need.policy}'s policy", action, ANY, f"{need.principal} needs it ({need.why})")
                    )
    return sorted(set(findings))
