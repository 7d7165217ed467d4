"""The AWS calls read from source and documents: what the least-privilege proof and caller descriptions rest on."""

from generator.iam.calls import source_calls
from generator.iam.describe import listed_actions
from generator.iam.document_calls import document_actions
from generator.iam.operations import iam_actions
from runbooks import collect_evidence, incident_response, rollback_deployment
from tests.conftest import FIXTURES

SCRIPT = (FIXTURES / "iam" / "script_calls.py").read_text(encoding="utf-8")


def test_calls_are_found_on_clients_handed_around_and_through_retrying_wrappers() -> None:
    found = {(c.service, c.operation) for c in source_calls(SCRIPT)}
    assert found == {
        ("codedeploy", "GetDeployment"),
        ("codedeploy", "ListDeployments"),
        ("logs", "GetQueryResults"),
        ("s3", "ListObjectsV2"),
    }


def test_an_api_whose_iam_action_is_named_otherwise_or_needs_more_maps_as_aws_documents() -> None:
    assert iam_actions("s3", "ListObjectsV2") == ("s3:ListBucket",)
    assert iam_actions("sts", "GetCallerIdentity") == ()
    assert set(iam_actions("codedeploy", "CreateDeployment")) == {
        "codedeploy:CreateDeployment",
        "codedeploy:GetDeploymentConfig",
        "codedeploy:GetApplicationRevision",
    }


def test_the_rollback_runbooks_description_lists_exactly_the_twelve_actions_it_needs_and_the_topic() -> None:
    document = rollback_deployment.build()
    # With what the logging child it starts needs: it runs with the same caller's permissions.
    needed = set(document_actions(document, rollback_deployment.CHILDREN))
    assert listed_actions(document.description or "") == needed
    assert "dynamodb:PutItem" not in document_actions(document)  # only through Closeloop-LogTimelineEvent
    assert "ssm:StartAutomationExecution" in needed
    assert {
        "codedeploy:ListDeployments",
        "codedeploy:BatchGetDeployments",
        "codedeploy:GetDeploymentConfig",
        "codedeploy:GetApplicationRevision",
        "ssm:GetAutomationExecution",
        "codedeploy:GetDeployment",
        "codedeploy:StopDeployment",
        "codedeploy:CreateDeployment",
        "lambda:GetAlias",
        "lambda:ListVersionsByFunction",
        "lambda:UpdateAlias",
        "dynamodb:PutItem",
    } <= needed
    # Its approval notifies the approvers, which needs sns:Publish too when the caller runs it.
    assert "sns:Publish" in needed


def test_each_evidence_source_is_read_in_its_own_document_and_the_parent_starts_them() -> None:
    needed: set[str] = set()
    for build in collect_evidence.SOURCE_DOCUMENTS.values():
        needed |= set(document_actions(build()))
    for action in ("cloudtrail:LookupEvents", "logs:StartQuery", "xray:BatchGetTraces", "s3:PutObject"):
        assert action in needed
    parent = document_actions(collect_evidence.build())
    assert {"ssm:StartAutomationExecution", "ssm:GetAutomationExecution"} <= set(parent)
    assert "cloudtrail:LookupEvents" not in parent


def test_every_approval_tells_its_approvers_through_an_automation_topic() -> None:
    for document in (incident_response.build(), rollback_deployment.build()):
        approvals = [step for _, step in document.all_steps() if step.action == "aws:approve"]
        assert approvals
        for step in approvals:
            assert step.inputs.NotificationArn.endswith(":{{ NotificationTopic }}")
        assert "^Automation" in str((document.parameters or {})["NotificationTopic"].allowedPattern)
