"""The notification topic for owners and incident commanders, and the secret that holds Jira's credentials.

The Jira token is never a stack parameter (it would show in the console and in change sets): the stack
creates the secret with a generated placeholder token, and the operator stores the real one with
`aws secretsmanager put-secret-value` (the output `JiraSecretArn` names it).
"""

import json

from troposphere import AccountId, GetAtt, Ref, Sub, Template
from troposphere.secretsmanager import GenerateSecretString, Secret
from troposphere.sns import Topic, TopicPolicy

from generator.stack.names import JIRA_SECRET, KEY, TOPIC, TOPIC_POLICY

JIRA_SECRET_FIELDS = {"base_url": "https://example.atlassian.net", "email": "closeloop@example.com"}
JIRA_TOKEN_FIELD = "api_token"


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
            "closeloop (${AWS::StackName}): Jira base_url, email and api_token. Replace the generated token "
            "with a real one: aws secretsmanager put-secret-value."
        ),
        KmsKeyId=GetAtt(KEY, "Arn"),
        GenerateSecretString=GenerateSecretString(
            SecretStringTemplate=json.dumps(JIRA_SECRET_FIELDS, sort_keys=True),
            GenerateStringKey=JIRA_TOKEN_FIELD,
            PasswordLength=32,
            ExcludePunctuation=True,
        ),
    )


def add_topic_and_secret(template: Template) -> None:
    for resource in (topic(), topic_policy(), jira_secret()):
        template.add_resource(resource)
