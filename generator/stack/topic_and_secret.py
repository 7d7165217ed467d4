"""The notification topic for owners and incident commanders, and the secret that holds Jira's credentials.

The Jira token is never a stack parameter (it would show in the console and in change sets). The stack
creates the secret with every key the functions read: `base_url`, `email` and `api_token` (placeholders the
operator replaces with `aws secretsmanager put-secret-value`; the output `JiraSecretArn` names them) and
`webhook_secret`, generated, which Jira's webhook is given. A rotation adds `webhook_secret_previous` and
`webhook_secret_previous_until` (docs/security.md): the old webhook secret verifies until then.
"""

import json

from troposphere import AccountId, GetAtt, Ref, Sub, Template
from troposphere.secretsmanager import GenerateSecretString, Secret
from troposphere.sns import Topic, TopicPolicy

from generator.stack.names import JIRA_SECRET, KEY, TOPIC, TOPIC_POLICY

JIRA_SECRET_FIELDS = {
    "base_url": "https://example.atlassian.net",
    "email": "closeloop@example.com",
    "api_token": "replace-with-a-jira-api-token",
}
WEBHOOK_SECRET_FIELD = "webhook_secret"  # generated: the shared secret Jira signs webhooks with


def topic() -> Topic:
    # aws:approve notifies only topics whose name starts with "Automation" (FACTS.md), and approvals go here too.
    return Topic(
        TOPIC,
        TopicName=Sub("Automation-closeloop-${AWS::StackName}"),
        DisplayName="closeloop",
        KmsMasterKeyId=GetAtt(KEY, "Arn"),
    )


def topic_policy() -> TopicPolicy:
    return TopicPolicy(
        TOPIC_POLICY,
        Topics=[Ref(TOPIC)],
        PolicyDocument={
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "ThisAccountsAlarmsPublish",
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudwatch.amazonaws.com"},
                    "Action": "sns:Publish",
                    "Resource": Ref(TOPIC),
                    "Condition": {"StringEquals": {"aws:SourceAccount": AccountId}},
                }
            ],
        },
    )


def jira_secret() -> Secret:
    return Secret(
        JIRA_SECRET,
        Description=Sub(
            "closeloop (${AWS::StackName}): Jira base_url, email, api_token (replace the placeholders: aws "
            "secretsmanager put-secret-value) and webhook_secret (generated: give it to Jira's webhook)."
        ),
        KmsKeyId=GetAtt(KEY, "Arn"),
        GenerateSecretString=GenerateSecretString(
            SecretStringTemplate=json.dumps(JIRA_SECRET_FIELDS, sort_keys=True),
            GenerateStringKey=WEBHOOK_SECRET_FIELD,
            PasswordLength=40,
            ExcludePunctuation=True,
        ),
    )


def add_topic_and_secret(template: Template) -> None:
    for resource in (topic(), topic_policy(), jira_secret()):
        template.add_resource(resource)
