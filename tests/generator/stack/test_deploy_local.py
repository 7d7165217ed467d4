"""The `--local` path: the stack deploys into the emulator over HTTP (`aws cloudformation deploy`), its
outputs resolve, what the emulator skips is made up for and reported, and a re-run changes nothing."""

import base64
import contextlib
import hashlib
import io
import json
import shutil
import subprocess
from typing import Any

import pytest
import yaml

from generator.stack import deploy, local
from generator.stack.handler_specs import HANDLERS, TIMELINE
from generator.stack.render import TEMPLATE_FILE
from runbooks.catalogue import RUNS_AS_CALLER
from tests.conftest import ROOT

STACK = "closeloop-test"
# Told its organisation, the stack makes the members' bus (and MemberEventBusArn); no OUs: no StackSet.
ORGANIZATION = "OrganizationId=o-exampleorg1"
pytestmark = [
    pytest.mark.skipif(shutil.which("aws") is None, reason="the AWS CLI (`aws`) is not on PATH"),
    # moto warns per skipped resource type; the deploy's own report lists them, and the tests check that report.
    pytest.mark.filterwarnings("ignore:Tried to parse .* but it's not supported"),
]


@pytest.fixture(scope="module")
def deployed(moto_endpoint: str) -> dict[str, Any]:
    """Deploy once into the session's emulator; what deploy printed and the stack's outputs."""
    local.configure(moto_endpoint)
    target = local.emulator_target(moto_endpoint)
    capture: list[str] = []
    status = _deploy(target, capture, [ORGANIZATION])
    outputs = {
        o["OutputKey"]: o["OutputValue"]
        for o in target.client("cloudformation").describe_stacks(StackName=STACK)["Stacks"][0]["Outputs"]
    }
    return {"status": status, "printed": capture[0], "outputs": outputs, "target": target}


def _deploy(target: Any, capture: list[str], params: list[str] | None = None) -> int:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        status = deploy.deploy(target, STACK, params or [], ROOT)
    capture.append(buffer.getvalue())
    return status


def test_the_stack_deploys_and_every_declared_output_resolves(deployed: dict[str, Any]) -> None:
    assert deployed["status"] == 0, deployed["printed"]
    printed = deployed["printed"]
    assert f"stack {STACK} deployed" in printed
    assert "Waiting for changeset to be created" in printed  # the CLI's change-set path, not create-stack
    declared = yaml.safe_load((ROOT / TEMPLATE_FILE).read_text())["Outputs"]
    for key in declared:
        assert f"ok  {key} = " in printed, key
    assert "BAD" not in printed


def test_the_resources_are_there_when_read_back_over_http(deployed: dict[str, Any]) -> None:
    target, outputs = deployed["target"], deployed["outputs"]
    s3 = target.client("s3")
    s3.head_bucket(Bucket=outputs["EvidenceBucketName"])
    assert s3.get_bucket_versioning(Bucket=outputs["EvidenceBucketName"])["Status"] == "Enabled"
    table = target.client("dynamodb").describe_table(TableName=outputs["TableName"])["Table"]
    assert [k["AttributeName"] for k in table["KeySchema"]] == ["pk", "sk"]
    for name in outputs["DocumentNames"].split(","):
        content = json.loads(target.client("ssm").get_document(Name=name)["Content"])
        parameters = content.get("parameters", {})
        if "TableName" in parameters:
            assert parameters["TableName"]["default"] == outputs["TableName"]
        if "AutomationAssumeRole" in parameters:
            expected = "" if name in RUNS_AS_CALLER else outputs["AutomationRoleArn"]
            assert parameters["AutomationAssumeRole"]["default"] == expected, name


def test_the_function_runs_the_zip_deploy_built(deployed: dict[str, Any]) -> None:
    target, outputs = deployed["target"], deployed["outputs"]
    function = target.client("lambda").get_function(FunctionName=outputs["TimelineHandlerName"])["Configuration"]
    assert function["Handler"] == TIMELINE.entry
    assert function["Environment"]["Variables"]["TABLE_NAME"] == outputs["TableName"]
    [package] = sorted((ROOT / "build" / "lambda").glob("closeloop-handlers-*.zip"), key=lambda p: p.stat().st_mtime)[
        -1:
    ]
    assert function["CodeSha256"] == base64.b64encode(hashlib.sha256(package.read_bytes()).digest()).decode()
    rules = target.client("events").list_rule_names_by_target(TargetArn=function["FunctionArn"])["RuleNames"]
    assert len(rules) == len(TIMELINE.triggers)


def test_what_the_emulator_skips_is_made_up_for_and_reported(deployed: dict[str, Any]) -> None:
    target, printed = deployed["target"], deployed["printed"]
    secret = target.client("secretsmanager").describe_secret(SecretId=f"closeloop/{STACK}/jira")
    made = "JiraSecret (AWS::SecretsManager::Secret): skipped by the emulator; created through Secrets Manager"
    assert f"{made}: {secret['ARN']}" in printed
    alarms = target.client("cloudwatch").describe_alarms(AlarmNamePrefix=STACK)["MetricAlarms"]
    assert {a["AlarmName"] for a in alarms} == {
        f"{STACK}-{spec.logical_name}{alarm}" for spec in HANDLERS for alarm in ("ErrorsAlarm", "DeadLettersAlarm")
    }
    assert all(a["AlarmActions"] == [deployed["outputs"]["TopicArn"]] for a in alarms)
    for expected in (
        "Content: sent as a JSON string",
        "Key.KeyPolicy: sent as a JSON string",
        "Object Lock (COMPLIANCE, 365 days)",
        "point-in-time recovery",
        "EvidenceBucketPolicy (AWS::S3::BucketPolicy): skipped by the emulator",
        "run from it by the emulator's Lambda runtime",
    ):
        assert expected in printed, expected


def test_the_webhook_gets_its_function_url_through_lambdas_api(deployed: dict[str, Any]) -> None:
    target, printed, outputs = deployed["target"], deployed["printed"], deployed["outputs"]
    config = target.client("lambda").get_function_url_config(FunctionName=outputs["WebhookHandlerName"])
    assert config["AuthType"] == "NONE"
    assert f"created through Lambda CreateFunctionUrlConfig: {config['FunctionUrl']}" in printed
    assert f"ok  WebhookHandlerWebhookUrl = {config['FunctionUrl']}" in printed


def test_a_rerun_with_nothing_changed_deploys_nothing(deployed: dict[str, Any]) -> None:
    capture: list[str] = []
    assert _deploy(deployed["target"], capture, [ORGANIZATION]) == 0
    assert f"stack {STACK} is up to date: nothing to deploy" in capture[0]
    assert "WebhookHandlerUrl (AWS::Lambda::Url): skipped by the emulator; exists from a previous run" in capture[0]
    assert "Waiting for changeset" not in capture[0]


def test_a_changed_parameter_is_deployed(deployed: dict[str, Any]) -> None:
    capture: list[str] = []
    assert _deploy(deployed["target"], capture, [ORGANIZATION, "LogRetentionDays=30"]) == 0, capture[0]
    assert f"stack {STACK} deployed" in capture[0]
    stack = deployed["target"].client("cloudformation").describe_stacks(StackName=STACK)["Stacks"][0]
    assert {"ParameterKey": "LogRetentionDays", "ParameterValue": "30"} in stack["Parameters"]


def test_deploy_sh_local_starts_its_own_emulator_and_reports() -> None:
    result = subprocess.run([str(ROOT / "deploy.sh"), "--local"], capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "== preflight (the emulator at http://127.0.0.1:" in result.stdout
    assert "stack closeloop deployed" in result.stdout
    assert "ok  TableName = " in result.stdout and "BAD" not in result.stdout
