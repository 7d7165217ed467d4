"""The template builds from the catalogue and the handler specs, with every resource the issue asks for."""

import json
import re
from pathlib import Path
from typing import Any

from domain import table as keys
from domain.documents import DEFAULT_PREFIX
from generator.compiler.build import compare, render_all
from generator.stack import parameters
from generator.stack.documents import BATCH_SIZE, batches, document_content, document_logical_id, ssm_documents
from generator.stack.handler_specs import HANDLERS, TIMELINE, WEBHOOK, EventPattern, FunctionUrl, HandlerSpec, Schedule
from generator.stack.names import AUTOMATION_ROLE
from generator.stack.render import TEMPLATE_FILE
from generator.stack.template import build_template
from runbooks.catalogue import BASES, RUNBOOKS, RUNS_AS_CALLER, prefixed
from tests.conftest import ROOT
from tests.generator.stack.conftest import resolved, resources_of

# A handler beyond the shipped ones, with every kind of trigger: adding one must stay one spec.
EXTRA_HANDLER = HandlerSpec(
    name="pager",
    description="a handler reached over HTTPS and on a schedule",
    grants=(),
    triggers=(FunctionUrl("Jira webhooks"), Schedule("Daily", "every day", "cron(0 8 * * ? *)")),
)


def test_every_runbook_is_an_automation_document_with_the_stack_values_as_defaults(template: dict[str, Any]) -> None:
    """With the default prefix, every document keeps its catalogue name and content."""
    documents = resolved(resources_of(template, "AWS::SSM::Document"), {"NamePrefix": DEFAULT_PREFIX})
    assert {d["Properties"]["Name"] for d in documents.values()} == set(RUNBOOKS)
    for name, builder in RUNBOOKS.items():
        properties = documents[document_logical_id(name)]["Properties"]
        assert properties["DocumentType"] == "Automation"
        assert properties["UpdateMethod"] == "NewVersion"
        content = properties["Content"]
        declared = builder().to_data().get("parameters") or {}
        assert content["mainSteps"] == builder().to_data()["mainSteps"]
        if "TableName" in declared:
            assert content["parameters"]["TableName"]["default"] == {"Ref": "Table"}


def test_with_another_prefix_every_name_and_every_mention_is_the_stacks(template: dict[str, Any]) -> None:
    """Team2-'s documents start Team2-'s children and mention only Team2-'s names, nothing of Closeloop-'s."""
    documents = resolved(resources_of(template, "AWS::SSM::Document"), {"NamePrefix": "Team2-"})
    assert {d["Properties"]["Name"] for d in documents.values()} == {f"Team2-{base}" for base in BASES}
    text = json.dumps([d["Properties"]["Content"] for d in documents.values()])
    # No name of Closeloop-'s (a script's own constant for the default prefix is code, not a name).
    assert not re.search(r"Closeloop-[A-Za-z]", text)
    children = re.findall(r'"DocumentName": "([^"]+)"', text)
    assert children and all(child.startswith("Team2-") for child in children)
    # The same documents as the catalogue's, but for the names: ${...} in a script or text stays as written.
    for name, builder in RUNBOOKS.items():
        content = documents[document_logical_id(name)]["Properties"]["Content"]
        assert content["mainSteps"] == prefixed(builder(), "Team2-").to_data()["mainSteps"]


def test_documents_are_created_in_dependent_batches_of_five() -> None:
    names = [f"Closeloop-Doc{i:02}" for i in range(12)]
    runbooks = {name: next(iter(RUNBOOKS.values())) for name in names}
    resources = ssm_documents(runbooks)
    depends = {r.title: getattr(r, "DependsOn", []) for r in resources}
    groups = batches(sorted(names))
    assert [len(g) for g in groups] == [5, 5, 2]
    for k, group in enumerate(groups):
        for name in group:
            expected = [] if k == 0 else [document_logical_id(n) for n in groups[k - 1]]
            assert depends[document_logical_id(name)] == expected
    assert BATCH_SIZE == 5


def test_content_keeps_parameters_that_name_no_stack_resource() -> None:
    name, builder = next(iter(sorted(RUNBOOKS.items())))
    data = builder().to_data()
    content = document_content(builder())
    for parameter, spec in (data.get("parameters") or {}).items():
        # EvidenceReaderRole names the member stacks' role, which carries the stack's prefix.
        if parameter not in ("TableName", "EvidenceBucket", "TopicArn", "AutomationAssumeRole", "EvidenceReaderRole"):
            assert content["parameters"][parameter] == spec, name


def test_the_table_has_the_domain_keys_recovery_and_its_own_key(template: dict[str, Any]) -> None:
    table = template["Resources"]["Table"]["Properties"]
    assert table["KeySchema"] == [
        {"AttributeName": keys.PARTITION_KEY, "KeyType": "HASH"},
        {"AttributeName": keys.SORT_KEY, "KeyType": "RANGE"},
    ]
    [index] = table["GlobalSecondaryIndexes"]
    assert index["IndexName"] == keys.CLASS_INDEX
    assert [k["AttributeName"] for k in index["KeySchema"]] == [
        keys.CLASS_INDEX_PARTITION_KEY,
        keys.CLASS_INDEX_SORT_KEY,
    ]
    assert table["TimeToLiveSpecification"] == {"AttributeName": keys.TTL_ATTRIBUTE, "Enabled": True}
    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert table["SSESpecification"]["KMSMasterKeyId"] == {"Fn::GetAtt": ["Key", "Arn"]}


def test_the_evidence_bucket_is_locked_versioned_encrypted_logged_and_tiered(template: dict[str, Any]) -> None:
    bucket = template["Resources"]["EvidenceBucket"]["Properties"]
    [rule] = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "aws:kms",
        "KMSMasterKeyID": {"Fn::GetAtt": ["Key", "Arn"]},
    }
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    assert bucket["ObjectLockEnabled"] is True
    retention = bucket["ObjectLockConfiguration"]["Rule"]["DefaultRetention"]
    assert retention == {"Mode": {"Ref": parameters.OBJECT_LOCK_MODE}, "Days": {"Ref": parameters.OBJECT_LOCK_DAYS}}
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["LoggingConfiguration"]["DestinationBucketName"] == {"Ref": "AccessLogBucket"}
    [lifecycle] = bucket["LifecycleConfiguration"]["Rules"]
    assert lifecycle["Transitions"][0]["StorageClass"] == "GLACIER_IR"
    policy = template["Resources"]["EvidenceBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert any(s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in policy)


def test_the_topic_and_secret_are_encrypted_and_the_secret_is_no_parameter(template: dict[str, Any]) -> None:
    resources = template["Resources"]
    assert resources["Topic"]["Properties"]["KmsMasterKeyId"] == {"Fn::GetAtt": ["Key", "Arn"]}
    assert resources["JiraSecret"]["Properties"]["KmsKeyId"] == {"Fn::GetAtt": ["Key", "Arn"]}
    assert "SecretString" not in resources["JiraSecret"]["Properties"]
    # Jira's credentials live only in the secret; the project key is no credential and may be a parameter.
    credentials = ("token", "password", "email", "secret", "credential")
    assert not any(word in name.lower() for name in template["Parameters"] for word in credentials)
    assert resources["Key"]["Properties"]["EnableKeyRotation"] is True


def test_every_handler_gets_a_function_role_queue_logs_rules_and_alarms(template: dict[str, Any]) -> None:
    assert TIMELINE in HANDLERS
    resources = template["Resources"]
    for spec in HANDLERS:
        base = spec.logical_name
        function = resources[base]["Properties"]
        assert function["Handler"] == spec.entry == f"handlers.{spec.name}.app.handler"
        assert function["Runtime"] == "python3.11"
        assert function["DeadLetterConfig"] == {"TargetArn": {"Fn::GetAtt": [f"{base}DeadLetterQueue", "Arn"]}}
        assert function["Role"] == {"Fn::GetAtt": [f"{base}Role", "Arn"]}
        assert resources[f"{base}Logs"]["Properties"]["RetentionInDays"] == {"Ref": parameters.LOG_RETENTION_DAYS}
        assert {"Ref": "Topic"} in resources[f"{base}ErrorsAlarm"]["Properties"]["AlarmActions"]
        assert resources[f"{base}DeadLettersAlarm"]["Properties"]["MetricName"] == "ApproximateNumberOfMessagesVisible"
        for trigger in spec.triggers:
            if isinstance(trigger, FunctionUrl):
                assert resources[f"{base}Url"]["Properties"]["TargetFunctionArn"] == {"Fn::GetAtt": [base, "Arn"]}
                url = {"Fn::GetAtt": [f"{base}Url", "FunctionUrl"]}
                assert template["Outputs"][f"{base}WebhookUrl"]["Value"] == url
                continue
            rule = resources[f"{base}{trigger.name}Rule"]["Properties"]
            if isinstance(trigger, EventPattern):
                assert rule["EventPattern"] == trigger.pattern
            else:
                assert rule["ScheduleExpression"] == trigger.expression
            assert resources[f"{base}{trigger.name}RulePermission"]["Properties"]["Principal"] == "events.amazonaws.com"


def test_the_timeline_handler_hears_alarm_and_automation_step_changes() -> None:
    patterns = [t.pattern for t in TIMELINE.triggers if isinstance(t, EventPattern)]
    assert {"source": ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"]} in patterns
    assert any(p["detail-type"] == ["EC2 Automation Step Status-change Notification"] for p in patterns)


def test_adding_a_handler_is_one_spec_with_its_url_schedule_and_outputs() -> None:
    data = build_template(handlers=(*HANDLERS, EXTRA_HANDLER)).to_dict()
    resources = data["Resources"]
    assert resources["PagerHandlerUrl"]["Properties"]["AuthType"] == "NONE"
    assert resources["PagerHandlerDailyRule"]["Properties"]["ScheduleExpression"] == "cron(0 8 * * ? *)"
    assert "PagerHandlerWebhookUrl" in data["Outputs"]
    assert "PagerHandlerName" in data["Outputs"]


def test_the_jira_webhook_handler_is_deployed_behind_a_function_url(template: dict[str, Any]) -> None:
    assert WEBHOOK in HANDLERS
    url = template["Resources"]["WebhookHandlerUrl"]["Properties"]
    assert url["AuthType"] == "NONE"  # Jira cannot sign with SigV4: the handler checks X-Hub-Signature itself
    assert "WebhookHandlerWebhookUrl" in template["Outputs"]


def test_outputs_name_everything_the_cli_needs(template: dict[str, Any]) -> None:
    outputs = template["Outputs"]
    for key in ("EvidenceBucketName", "TableName", "TopicArn", "JiraSecretArn", "AutomationRoleArn", "DocumentNames"):
        assert key in outputs
    listed = outputs["DocumentNames"]["Value"]["Fn::Join"]
    assert listed == [",", [{"Ref": document_logical_id(name)} for name in sorted(RUNBOOKS)]]


def test_the_golden_copy_in_templates_is_fresh() -> None:
    drift = compare(ROOT, render_all())
    assert Path(TEMPLATE_FILE) not in drift.stale + drift.missing + drift.extra, "run .venv/bin/closeloop build"


def test_runbooks_that_change_customer_resources_do_not_default_to_closeloops_role(template: dict[str, Any]) -> None:
    for name in RUNBOOKS:
        content = template["Resources"][document_logical_id(name)]["Properties"]["Content"]
        default = content["parameters"]["AutomationAssumeRole"].get("default")
        expected = "" if name in RUNS_AS_CALLER else {"Fn::GetAtt": [AUTOMATION_ROLE, "Arn"]}
        assert default == expected, name
