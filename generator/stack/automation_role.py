"""The role SSM Automation assumes to run closeloop's runbooks: read-only evidence APIs, writes only to
closeloop's own table, evidence bucket and topic (and starting closeloop's own documents)."""

from collections.abc import Iterable

from troposphere import AccountId, GetAtt, Ref, Sub, Template
from troposphere.iam import PolicyType, Role

from generator.stack.grants import (
    AccountRead,
    AssumeMemberRole,
    Grant,
    OwnGrant,
    UnscopedRead,
    policy_document,
    service_trust,
)
from generator.stack.names import AUTOMATION_ROLE, AUTOMATION_ROLE_POLICY
from generator.stack.parameters import PREFIX_VARIABLE
from runbooks.catalogue import RUNBOOKS, base
from runbooks.scripts.org import reader_role_name

THIS_REGION = "${AWS::Region}:${AWS::AccountId}"

EVIDENCE_READS: tuple[Grant, ...] = (
    AccountRead(
        "ReadAlarmsAndTheirHistory",
        ("cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory"),
        f"cloudwatch:{THIS_REGION}:alarm:*",
    ),
    # GetQueryResults too: the IAM definitions give it the log-group resource type, like StartQuery.
    AccountRead(
        "ReadLogs",
        ("logs:FilterLogEvents", "logs:StartQuery", "logs:GetQueryResults"),
        f"logs:{THIS_REGION}:log-group:*",
    ),
    AccountRead(
        "ReadDeployments",
        ("codedeploy:ListDeployments", "codedeploy:BatchGetDeployments"),
        f"codedeploy:{THIS_REGION}:deploymentgroup:*",
    ),
    AccountRead("ReadPipelineExecutions", ("codepipeline:ListPipelineExecutions",), f"codepipeline:{THIS_REGION}:*"),
    AccountRead("ReadEcsServices", ("ecs:DescribeServices",), f"ecs:{THIS_REGION}:service/*"),
    AccountRead("ReadStackEvents", ("cloudformation:DescribeStackEvents",), f"cloudformation:{THIS_REGION}:stack/*"),
    AccountRead(
        "ReadFunctionVersions",
        ("lambda:ListVersionsByFunction", "lambda:ListAliases"),
        f"lambda:{THIS_REGION}:function:*",
    ),
    AccountRead(
        "ReadOwnAutomationExecutions",
        ("ssm:GetAutomationExecution",),
        f"ssm:{THIS_REGION}:automation-execution/*",
    ),
    UnscopedRead(
        "ReadApisThatTakeNoResource",
        (
            "cloudwatch:GetMetricData",
            "cloudwatch:GetMetricWidgetImage",
            "xray:GetTraceSummaries",
            "xray:BatchGetTraces",
            "cloudtrail:LookupEvents",
            "ssm:DescribeAutomationExecutions",
        ),
    ),
)

OWN_WRITES: tuple[Grant, ...] = (
    OwnGrant(
        "WriteIncidentsAndTimeline",
        (
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:PutItem",
            "dynamodb:BatchWriteItem",
            "dynamodb:Query",
        ),
        ("table",),
    ),
    OwnGrant("QueryIncidentsByClass", ("dynamodb:Query",), ("table-indexes",)),
    # PutObject covers multipart uploads too, except giving one up.
    OwnGrant("WriteEvidence", ("s3:PutObject", "s3:AbortMultipartUpload", "s3:GetObject"), ("bucket-objects",)),
    # Without ListBucket S3 answers a missing key with 403, not NoSuchKey, and the manifest step cannot tell
    # a record that was never written (a partial collection) from a refusal.
    OwnGrant("TellMissingEvidenceFromRefused", ("s3:ListBucket",), ("bucket",)),
    OwnGrant("NotifyOwnersAndCommanders", ("sns:Publish",), ("topic",)),
    OwnGrant("UseTheStackKey", ("kms:Decrypt", "kms:GenerateDataKey"), ("key",)),
)


def start_own_documents(names: Iterable[str]) -> dict[str, object]:
    """Runbooks that start other runbooks (aws:executeAutomation) may start this stack's documents only."""
    return {
        "Sid": "StartCloseloopDocuments",
        "Effect": "Allow",
        "Action": "ssm:StartAutomationExecution",
        "Resource": [
            Sub(f"arn:${{AWS::Partition}}:ssm:{THIS_REGION}:automation-definition/{PREFIX_VARIABLE}{base(name)}:*")
            for name in sorted(names)
        ],
    }


def pass_itself() -> dict[str, object]:
    """A child automation runs under this same role, so the role may pass itself, to SSM only."""
    return {
        "Sid": "PassThisRoleToChildAutomations",
        "Effect": "Allow",
        "Action": "iam:PassRole",
        "Resource": GetAtt(AUTOMATION_ROLE, "Arn"),
        "Condition": {"StringEquals": {"iam:PassedToService": "ssm.amazonaws.com"}},
    }


def assume_reader_roles() -> dict[str, object]:
    """Evidence from other accounts and regions is read through the evidence-reader role each member stack
    makes (docs/evidence-across-accounts.md): that role's name in any account, and no other role."""
    return AssumeMemberRole("ReadOtherTargetsThroughTheirReaderRole", reader_role_name(PREFIX_VARIABLE)).statement()


def automation_role() -> Role:
    return Role(
        AUTOMATION_ROLE,
        Description="closeloop runbooks: read evidence, write to closeloop's own table, bucket and topic",
        AssumeRolePolicyDocument=service_trust(
            "ssm.amazonaws.com",
            {
                "StringEquals": {"aws:SourceAccount": AccountId},
                "ArnLike": {"aws:SourceArn": Sub(f"arn:${{AWS::Partition}}:ssm:{THIS_REGION}:automation-execution/*")},
            },
        ),
    )


def automation_role_policy(document_names: Iterable[str] = RUNBOOKS) -> PolicyType:
    """A policy of its own, attached to the role, so it can name the role (passing itself) without a cycle."""
    document = policy_document([*EVIDENCE_READS, *OWN_WRITES])
    document["Statement"] += [start_own_documents(document_names), pass_itself(), assume_reader_roles()]
    return PolicyType(
        AUTOMATION_ROLE_POLICY, PolicyName="closeloop-runbooks", PolicyDocument=document, Roles=[Ref(AUTOMATION_ROLE)]
    )


def add_automation_role(template: Template, document_names: Iterable[str] = RUNBOOKS) -> None:
    template.add_resource(automation_role())
    template.add_resource(automation_role_policy(document_names))
