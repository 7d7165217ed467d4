"""The stack's own KMS key: evidence, table, topic, queues, log groups, the secret and Lambda settings use it.

One customer-managed key keeps every closeloop record readable only by principals this account allows,
with rotation on. Services that write encrypted data on their own (CloudWatch Logs, alarms publishing to
the topic, EventBridge sending failed events to a dead-letter queue) are named in the key policy, each
limited to this account.
"""

from typing import Any

from troposphere import AccountId, Ref, Sub, Template
from troposphere.kms import Alias, Key

from generator.stack.names import KEY, KEY_ALIAS, RETAIN_EXCEPT_ON_CREATE


def key_policy() -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                # Without this the key becomes unmanageable; IAM policies then decide who may use it.
                "Sid": "AccountAdministersAndDelegatesToIam",
                "Effect": "Allow",
                "Principal": {"AWS": Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "CloudWatchLogsEncryptsThisAccountsLogGroups",
                "Effect": "Allow",
                "Principal": {"Service": Sub("logs.${AWS::Region}.amazonaws.com")},
                # No kms:Describe*: DescribeKey takes no encryption-context key, so under this condition it
                # was never granted (the least-privilege proof checks every condition key against the action).
                "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
                "Resource": "*",
                "Condition": {
                    "ArnLike": {
                        "kms:EncryptionContext:aws:logs:arn": Sub(
                            "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"
                        )
                    }
                },
            },
            {
                # Alarms publish to the encrypted topic; EventBridge sends undeliverable events to a queue. SNS and
                # SQS ask for a data key and decrypt it (kms:GenerateDataKey, kms:Decrypt), nothing else.
                "Sid": "AlarmsAndEventBridgeWriteEncryptedMessages",
                "Effect": "Allow",
                "Principal": {"Service": ["cloudwatch.amazonaws.com", "events.amazonaws.com"]},
                "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceAccount": AccountId}},
            },
        ],
    }


def add_key(template: Template) -> None:
    template.add_resource(
        Key(
            KEY,
            Description=Sub("closeloop (${AWS::StackName}): evidence, incidents, timeline, actions, notifications"),
            EnableKeyRotation=True,
            PendingWindowInDays=30,
            KeyPolicy=key_policy(),
            DeletionPolicy=RETAIN_EXCEPT_ON_CREATE,
            UpdateReplacePolicy="Retain",
        )
    )
    template.add_resource(Alias(KEY_ALIAS, AliasName=Sub("alias/closeloop-${AWS::StackName}"), TargetKeyId=Ref(KEY)))
