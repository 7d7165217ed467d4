"""Logical ids of the stack's shared resources, and the ARNs by which grants name them.

Grants (for the Automation role and every handler's role) name closeloop's own resources by an `Own`
value, never by a free-form ARN, so no policy can reach outside the stack by construction.
"""

from typing import Any, Literal

from troposphere import GetAtt, Ref, Sub

# Stateful resources outlive the stack, except when its first create fails: then nothing is left behind
# (an empty key, buckets and table from a stack that never worked). UpdateReplacePolicy knows no such value.
RETAIN_EXCEPT_ON_CREATE = "RetainExceptOnCreate"

KEY = "Key"
KEY_ALIAS = "KeyAlias"
EVIDENCE_BUCKET = "EvidenceBucket"
EVIDENCE_BUCKET_POLICY = "EvidenceBucketPolicy"
ACCESS_LOG_BUCKET = "AccessLogBucket"
ACCESS_LOG_BUCKET_POLICY = "AccessLogBucketPolicy"
TABLE = "Table"
TOPIC = "Topic"
TOPIC_POLICY = "TopicPolicy"
JIRA_SECRET = "JiraSecret"
AUTOMATION_ROLE = "AutomationRole"
AUTOMATION_ROLE_POLICY = "AutomationRolePolicy"
# The organisation's side (organization.py): the bus member accounts forward their events to, made only when
# the stack is told its organisation; the timeline handler's rules on it share its condition.
MEMBER_BUS = "MemberEventBus"
HAS_ORGANIZATION = "HasOrganization"

# What a grant may name: the table (and its indexes), the evidence objects, the topic, the Jira secret, the key.
Own = Literal["table", "table-indexes", "bucket", "bucket-objects", "topic", "secret", "key", "settings"]


def own_arns(target: Own) -> list[Any]:
    """The ARN(s) of one of closeloop's own resources, as CloudFormation expressions."""
    match target:
        case "table":
            return [GetAtt(TABLE, "Arn")]
        case "table-indexes":
            return [Sub(f"${{{TABLE}.Arn}}/index/*")]
        case "bucket":
            return [GetAtt(EVIDENCE_BUCKET, "Arn")]
        case "bucket-objects":
            return [Sub(f"${{{EVIDENCE_BUCKET}.Arn}}/*")]
        case "topic":
            return [Ref(TOPIC)]
        case "secret":
            return [Ref(JIRA_SECRET)]
        case "key":
            return [GetAtt(KEY, "Arn")]
        case "settings":  # the stack's SSM parameters (settings.py), under /closeloop/<stack>/
            return [
                Sub(
                    "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/closeloop/${AWS::StackName}/*"
                )
            ]


def logical_id(name: str) -> str:
    """A CloudFormation logical id from any name: its alphanumeric words, capitalised and joined."""
    words = "".join(c if c.isalnum() else " " for c in name).split()
    return "".join(w[:1].upper() + w[1:] for w in words)
