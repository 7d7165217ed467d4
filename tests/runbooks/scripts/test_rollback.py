"""The rollback script: Lambda aliases against the emulator; CodeDeploy where the emulator falls short, by Stubber."""

from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from runbooks.scripts import rollback
from tests.runbooks.operator_runs import alias_version, lambda_with_versions

DEPLOYMENT = "d-ABCDEF123"


def test_an_alias_goes_back_one_version_once_as_approved(aws_env: str) -> None:
    name = lambda_with_versions(3)
    events: dict[str, Any] = {"DeploymentId": "", "FunctionName": name, "AliasName": "live", "TargetVersion": ""}
    planned = rollback.plan(events, None)
    assert planned == {"Action": "alias", "Plan": f"Point alias live of {name} from version 3 to version 2"}

    done = rollback.execute({**events, "ApprovedPlan": planned["Plan"], "IncidentId": "INC-1"}, None)
    assert done["Result"] == f"Alias live of {name} now points to version 2" and alias_version(name) == "2"
    # Run again (a retried step, a second click): the approved plan no longer holds, so nothing more happens.
    with pytest.raises(rollback.RollbackError, match="the situation changed since approval"):
        rollback.execute({**events, "ApprovedPlan": planned["Plan"], "IncidentId": "INC-1"}, None)
    assert alias_version(name) == "2"


def test_an_explicit_target_version_and_a_pointless_one(aws_env: str) -> None:
    name = lambda_with_versions(3)
    events = {"FunctionName": name, "AliasName": "live", "TargetVersion": "1"}
    assert rollback.plan(events, None)["Plan"].endswith("from version 3 to version 1")
    with pytest.raises(rollback.RollbackError, match="already points to version 3"):
        rollback.plan({**events, "TargetVersion": "3"}, None)


def test_an_alias_on_the_first_version_has_nothing_to_go_back_to(aws_env: str) -> None:
    name = lambda_with_versions(1)
    with pytest.raises(rollback.RollbackError, match="no published version below 1: give TargetVersion"):
        rollback.plan({"FunctionName": name, "AliasName": "live"}, None)


def test_without_a_target_nothing_is_planned() -> None:
    with pytest.raises(rollback.RollbackError, match="give DeploymentId"):
        rollback.make_plan({"DeploymentId": "", "FunctionName": "f", "AliasName": ""}, None, None)


def _info(deployment_id: str, status: str, hour: int) -> dict[str, Any]:
    return {
        "deploymentId": deployment_id,
        "applicationName": "checkout",
        "deploymentGroupName": "prod",
        "status": status,
        "createTime": datetime(2026, 11, 29, hour, tzinfo=UTC),
        "revision": {"revisionType": "S3", "s3Location": {"bucket": "releases", "key": f"{deployment_id}.zip"}},
    }


def test_a_running_deployment_is_stopped_with_auto_rollback() -> None:
    codedeploy = boto3.client("codedeploy", region_name="us-east-1")
    with Stubber(codedeploy) as stub:
        for _ in range(2):  # planned, then planned again before acting
            stub.add_response(
                "get_deployment", {"deploymentInfo": _info(DEPLOYMENT, "InProgress", 17)}, {"deploymentId": DEPLOYMENT}
            )
        stub.add_response(
            "stop_deployment",
            {"status": "Pending", "statusMessage": "stopping"},
            {"deploymentId": DEPLOYMENT, "autoRollbackEnabled": True},
        )
        planned = rollback.make_plan({"DeploymentId": DEPLOYMENT}, codedeploy, None)
        done = rollback.carry_out(
            {"DeploymentId": DEPLOYMENT, "ApprovedPlan": planned["Plan"], "IncidentId": "INC-1"}, codedeploy, None
        )
        stub.assert_no_pending_responses()
    assert planned["Action"] == "stop" and "(InProgress)" in planned["Plan"]
    assert done["Result"].startswith(f"Stopped deployment {DEPLOYMENT}")


def test_a_finished_deployment_is_replaced_by_the_latest_earlier_success_across_pages() -> None:
    codedeploy = boto3.client("codedeploy", region_name="us-east-1")
    group = {"applicationName": "checkout", "deploymentGroupName": "prod", "includeOnlyStatuses": ["Succeeded"]}
    with Stubber(codedeploy) as stub:
        stub.add_response(
            "get_deployment", {"deploymentInfo": _info(DEPLOYMENT, "Succeeded", 17)}, {"deploymentId": DEPLOYMENT}
        )
        stub.add_response("list_deployments", {"deployments": [DEPLOYMENT, "d-OLDER0001"], "nextToken": "2"}, group)
        stub.add_response(
            "list_deployments", {"deployments": ["d-LATER0001", "d-OLDER0002"]}, {**group, "nextToken": "2"}
        )
        stub.add_response(
            "batch_get_deployments",
            {
                "deploymentsInfo": [
                    _info("d-OLDER0001", "Succeeded", 9),
                    _info("d-LATER0001", "Succeeded", 18),
                    _info("d-OLDER0002", "Succeeded", 12),
                ]
            },
            {"deploymentIds": ["d-OLDER0001", "d-LATER0001", "d-OLDER0002"]},
        )
        planned = rollback.make_plan({"DeploymentId": DEPLOYMENT}, codedeploy, None)
        stub.assert_no_pending_responses()
    assert planned["Action"] == "redeploy"
    assert planned["Plan"] == f"Redeploy the revision of d-OLDER0002 to checkout/prod, replacing {DEPLOYMENT}"
    assert planned["Revision"]["s3Location"]["key"] == "d-OLDER0002.zip"


def test_a_failed_deployment_is_left_alone() -> None:
    codedeploy = boto3.client("codedeploy", region_name="us-east-1")
    with Stubber(codedeploy) as stub:
        stub.add_response(
            "get_deployment", {"deploymentInfo": _info(DEPLOYMENT, "Failed", 17)}, {"deploymentId": DEPLOYMENT}
        )
        with pytest.raises(rollback.RollbackError, match="is Failed: nothing to roll back"):
            rollback.make_plan({"DeploymentId": DEPLOYMENT}, codedeploy, None)
