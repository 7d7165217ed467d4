"""The `--local` path: the stack deploys into the emulator over HTTP (`aws cloudformation deploy`), its
outputs resolve, what the emulator skips is made up for and reported, and a re-run changes nothing."""

import base64
import contextlib
import copy
import hashlib
import io
import json
import re
import shutil
import subprocess
import time
from typing import Any

import pytest
import yaml
from botocore.exceptions import ClientError

from domain.documents import StackDocuments
from domain.timeline import TimelineEvent
from domain.timeline_store import TimelineStore
from generator.emulator.admin import reset
from generator.emulator.extensions import install
from generator.stack import deploy, local
from generator.stack.handler_specs import HANDLERS, TIMELINE
from generator.stack.local_template import for_emulator
from generator.stack.render import TEMPLATE_FILE
from handlers.timeline.accounts import Clients
from handlers.timeline.app import build
from runbooks.catalogue import BASES, RUNS_AS_CALLER, names
from tests.conftest import FIXTURES, ROOT
from tests.generator.stack.test_step_rule import matches
from tests.handlers.timeline.conftest import FakeLambdaContext

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
    """Deploy once into the session's emulator, closeloop's extensions installed (the bucket policies are
    applied only where their conditions are evaluated); what deploy printed and the stack's outputs.

    moto's state is one per process: a stack an earlier test deployed (the drill's, with the same document
    names) would make this deploy a second stack beside it and fail on DocumentAlreadyExists, as two stacks
    of one prefix do in AWS. So it starts from an empty emulator, whatever ran before."""
    reset(moto_endpoint)
    install()
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
    # An output that did not resolve starts its line with BAD (deploy.py); a generated name may contain it.
    assert not re.search(r"^BAD ", printed, re.MULTILINE)


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
    events = target.client("events")
    rules = [  # this account's own events, and those the organisation's members forward to the members' bus
        rule
        for bus in ("default", outputs["MemberEventBusArn"])
        for rule in events.list_rule_names_by_target(TargetArn=function["FunctionArn"], EventBusName=bus)["RuleNames"]
    ]
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
        "2 AWS::S3::BucketPolicy: skipped by the emulator; put through S3 PutBucketPolicy",
        "run from it by the emulator's Lambda runtime",
    ):
        assert expected in printed, expected


def test_the_evidence_bucket_refuses_a_write_that_could_replace_an_object(deployed: dict[str, Any]) -> None:
    """The stack's bucket policy, applied on the emulator with its Conditions: evidence is written once."""
    s3, bucket = deployed["target"].client("s3"), deployed["outputs"]["EvidenceBucketName"]
    with pytest.raises(ClientError, match="AccessDenied"):
        s3.put_object(Bucket=bucket, Key="incidents/INC-1/evidence/run-1/planted.json", Body=b"{}")
    s3.put_object(Bucket=bucket, Key="incidents/INC-1/evidence/run-1/a.json", Body=b"{}", IfNoneMatch="*")
    with pytest.raises(ClientError, match="PreconditionFailed"):
        s3.put_object(Bucket=bucket, Key="incidents/INC-1/evidence/run-1/a.json", Body=b"[]", IfNoneMatch="*")


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


# Two stacks side by side (issue 14 item 5): the second, with prefix Team2-, made by the emulator's CloudFormation
# from the same template as `deployed` (the package deploy.sh uploaded; lint and upload are the first deploy's).
TEAM2, TEAM2_PREFIX = "closeloop-team2", "Team2-"


@pytest.fixture(scope="module")
def team2(deployed: dict[str, Any]) -> dict[str, str]:
    target = deployed["target"]
    cloudformation = target.client("cloudformation")
    first = cloudformation.describe_stacks(StackName=STACK)["Stacks"][0]["Parameters"]
    code = [p for p in first if p["ParameterKey"] in ("LambdaCodeBucket", "LambdaCodeKey")]
    body, _ = for_emulator(yaml.safe_load((ROOT / TEMPLATE_FILE).read_text()))
    cloudformation.create_stack(
        StackName=TEAM2,
        TemplateBody=json.dumps(body),
        Parameters=[*code, {"ParameterKey": "NamePrefix", "ParameterValue": TEAM2_PREFIX}],
        Capabilities=["CAPABILITY_IAM"],
    )
    stack = cloudformation.describe_stacks(StackName=TEAM2)["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack
    return {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}


def _log_event(target: Any, document: str, incident: str) -> dict[str, Any]:
    """Run a stack's LogTimelineEvent through the emulator's Automation API, its defaults its stack's."""
    install()  # the Automation API is closeloop's extension of the session's emulator
    ssm = target.client("ssm")
    started = ssm.start_automation_execution(
        DocumentName=document, Parameters={"IncidentId": [incident], "Kind": ["note"], "Text": ["side by side"]}
    )["AutomationExecutionId"]
    for _ in range(500):
        execution: dict[str, Any] = ssm.get_automation_execution(AutomationExecutionId=started)["AutomationExecution"]
        if execution["AutomationExecutionStatus"] not in ("Pending", "InProgress", "Waiting"):
            return execution
        time.sleep(0.02)
    raise AssertionError(f"{document} never ended: {execution}")


def _timeline(target: Any, table: str, incident: str) -> list[TimelineEvent]:
    return TimelineStore(target.client("dynamodb"), table).events(incident)


def test_two_stacks_each_name_their_documents_and_grants_with_their_prefix(
    deployed: dict[str, Any], team2: dict[str, str]
) -> None:
    target, first = deployed["target"], deployed["outputs"]
    ssm = target.client("ssm")
    assert first["TableName"] != team2["TableName"]
    assert sorted(first["DocumentNames"].split(",")) == names()
    assert sorted(team2["DocumentNames"].split(",")) == sorted(f"{TEAM2_PREFIX}{base}" for base in BASES)
    response = json.loads(ssm.get_document(Name=f"{TEAM2_PREFIX}IncidentResponse")["Content"])
    children = [s["inputs"]["DocumentName"] for s in response["mainSteps"] if s["action"] == "aws:executeAutomation"]
    # the timeline steps run LogTimelineEvent as a child (size's change), the evidence step CollectEvidence
    assert set(children) == {f"{TEAM2_PREFIX}CollectEvidence", f"{TEAM2_PREFIX}LogTimelineEvent"}
    assert "Closeloop-" not in json.dumps(response)
    role = team2["AutomationRoleArn"].rsplit("/", 1)[-1]
    iam = target.client("iam")
    policy = next(
        iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
        for name in iam.list_role_policies(RoleName=role)["PolicyNames"]
    )
    starts = next(s for s in policy["Statement"] if s["Action"] == "ssm:StartAutomationExecution")["Resource"]
    assert starts and all(f":automation-definition/{TEAM2_PREFIX}" in arn for arn in starts)


def test_each_stack_runs_its_own_documents_into_its_own_table(deployed: dict[str, Any], team2: dict[str, str]) -> None:
    target, first = deployed["target"], deployed["outputs"]
    ours = _log_event(target, f"{TEAM2_PREFIX}LogTimelineEvent", "INC-SIDE-1")
    theirs = _log_event(target, "Closeloop-LogTimelineEvent", "INC-SIDE-1")
    assert ours["AutomationExecutionStatus"] == theirs["AutomationExecutionStatus"] == "Success"
    assert ours["Parameters"]["TableName"] == [team2["TableName"]]
    assert [e.text for e in _timeline(target, team2["TableName"], "INC-SIDE-1")] == ["side by side"]
    assert [e.text for e in _timeline(target, first["TableName"], "INC-SIDE-1")] == ["side by side"]


def test_one_stacks_runs_and_evidence_never_reach_the_other_stacks_handler_or_table(
    deployed: dict[str, Any], team2: dict[str, str]
) -> None:
    """Stack Closeloop-'s step events, as its runs make them, against stack Team2-'s rules as deployed and its
    timeline handler as configured (its environment read back from Lambda): nothing reaches Team2-'s table."""
    target, first = deployed["target"], deployed["outputs"]
    theirs = _log_event(target, "Closeloop-LogTimelineEvent", "INC-SIDE-2")
    events = target.client("events")
    function = target.client("lambda").get_function(FunctionName=team2["TimelineHandlerName"])["Configuration"]
    rules = [
        events.describe_rule(Name=name)["EventPattern"]
        for name in events.list_rule_names_by_target(TargetArn=function["FunctionArn"])["RuleNames"]
    ]
    documents = StackDocuments.from_environment(function["Environment"]["Variables"])
    assert documents == StackDocuments(TEAM2_PREFIX, frozenset(BASES))
    clients = Clients(target.client("dynamodb"), target.client("ssm"), target.client("cloudwatch"))
    handler = build(clients, team2["TableName"], documents=documents)
    fixture = json.loads((FIXTURES / "events" / "ssm_automation_step_status_change.json").read_text())
    handled: list[str] = []
    for definition, step in (
        ("Closeloop-LogTimelineEvent", "RecordEvent"),
        ("Closeloop-CollectEvidence", "WriteManifest"),
    ):
        event = copy.deepcopy(fixture)
        event["detail"].update(
            Definition=definition, StepName=step, Status="Success", ExecutionId=theirs["AutomationExecutionId"]
        )
        # moto's matcher, held to AWS's documented semantics in test_step_rule.py
        matched = [json.loads(rule) for rule in rules if matches(json.loads(rule), event)]
        # The manifest rule names Team2-'s documents only; the rule for other runbooks cannot know Closeloop-'s
        # names (EventBridge), so the handler gets those and leaves them to their stack.
        assert all(rule["detail"].get("StepName") != ["WriteManifest"] for rule in matched)
        if matched:
            answer = handler(event, FakeLambdaContext())
            assert answer["recorded"] is False and "that stack records it" in answer["skipped"], answer
            handled.append(definition)
    assert handled == ["Closeloop-LogTimelineEvent", "Closeloop-CollectEvidence"]
    assert _timeline(target, team2["TableName"], "INC-SIDE-2") == []
    assert [e.text for e in _timeline(target, first["TableName"], "INC-SIDE-2")] == ["side by side"]
