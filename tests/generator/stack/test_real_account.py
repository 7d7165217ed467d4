"""What a real account refuses that the emulator let through (issue 14): each a property of the generated stack."""

import json
from typing import Any

from generator.stack.artefact_bucket import tls_only_policy
from tests.generator.stack.conftest import policy_statements, resources_of


def granted(template: dict[str, Any], role: str) -> set[str]:
    found: set[str] = set()
    for owner, statement in policy_statements(template):
        if owner == role:
            action = statement["Action"]
            found |= {action} if isinstance(action, str) else set(action)
    return found


def test_the_function_url_grants_invoke_function_url_and_invoke_function_through_the_url(
    template: dict[str, Any],
) -> None:
    permissions = [
        p["Properties"]
        for p in resources_of(template, "AWS::Lambda::Permission").values()
        if p["Properties"]["FunctionName"] == {"Ref": "WebhookHandler"} and p["Properties"]["Principal"] == "*"
    ]
    by_action = {p["Action"]: p for p in permissions}
    assert by_action["lambda:InvokeFunctionUrl"]["FunctionUrlAuthType"] == "NONE"
    # The second grant only through the URL: a direct Invoke by anyone stays refused.
    assert by_action["lambda:InvokeFunction"]["InvokedViaFunctionUrl"] is True


def test_the_webhook_may_read_and_mark_its_deliveries(template: dict[str, Any]) -> None:
    assert {"dynamodb:GetItem", "dynamodb:UpdateItem"} <= granted(template, "WebhookHandlerRole")


def test_the_automation_role_may_list_the_evidence_bucket_so_a_missing_record_is_no_such_key(
    template: dict[str, Any],
) -> None:
    statements = [s for role, s in policy_statements(template) if role == "AutomationRole"]
    listing = [s for s in statements if "s3:ListBucket" in s["Action"]]
    assert listing and all(s["Resource"] == [{"Fn::GetAtt": ["EvidenceBucket", "Arn"]}] for s in listing)


def test_stateful_resources_are_retained_except_when_the_first_create_fails(template: dict[str, Any]) -> None:
    for kind in ("AWS::KMS::Key", "AWS::S3::Bucket", "AWS::DynamoDB::Table"):
        for logical, resource in resources_of(template, kind).items():
            assert resource["DeletionPolicy"] == "RetainExceptOnCreate", logical
            assert resource["UpdateReplacePolicy"] == "Retain", logical
    # Deletion protection would make the rollback of a failed first create fail on the table.
    assert "DeletionProtectionEnabled" not in template["Resources"]["Table"]["Properties"]


def test_the_deploy_buckets_policy_names_the_partition_it_is_in() -> None:
    for partition in ("aws", "aws-cn", "aws-us-gov"):
        statement = json.loads(tls_only_policy("b", partition))["Statement"][0]
        assert statement["Resource"] == [f"arn:{partition}:s3:::b", f"arn:{partition}:s3:::b/*"]


def test_the_jira_secret_generates_the_webhook_secret_the_webhook_requires_and_the_outputs_say_so(
    template: dict[str, Any],
) -> None:
    generated = template["Resources"]["JiraSecret"]["Properties"]["GenerateSecretString"]
    assert generated["GenerateStringKey"] == "webhook_secret"
    assert set(json.loads(generated["SecretStringTemplate"])) == {"base_url", "email", "api_token"}
    assert "webhook_secret" in template["Outputs"]["JiraSecretArn"]["Description"]


def test_the_enforcement_role_may_publish_to_the_service_topics_the_prefix_names(template: dict[str, Any]) -> None:
    statements = [s for role, s in policy_statements(template) if role == "EnforcementHandlerRole"]
    resources = [s["Resource"] for s in statements if "sns:Publish" in s["Action"]]
    assert {
        "Fn::Sub": "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${ReminderTopicPrefix}*"
    } in resources
    variables = template["Resources"]["EnforcementHandler"]["Properties"]["Environment"]["Variables"]
    assert variables["CLOSELOOP_REMINDER_TOPIC_PREFIX"] == {"Ref": "ReminderTopicPrefix"}


def test_no_function_carries_the_ownership_map_or_policy_in_its_environment(template: dict[str, Any]) -> None:
    for logical, function in resources_of(template, "AWS::Lambda::Function").items():
        variables = function["Properties"]["Environment"]["Variables"]
        assert {"Ref": "OwnershipMap"} not in variables.values(), logical
        assert {"Ref": "EnforcementPolicy"} not in variables.values(), logical
    variables = template["Resources"]["WebhookHandler"]["Properties"]["Environment"]["Variables"]
    assert variables["CLOSELOOP_OWNERSHIP_PARAMETER"] == {"Ref": "OwnershipMapSetting"}
    assert "ssm:GetParameter" in granted(template, "WebhookHandlerRole")
