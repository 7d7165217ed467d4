"""The strict emulator (generator/emulator/access.py): a missing grant fails as it fails in AWS.

The proof against the stack itself: the Automation role and the timeline handler's role, as the rendered
template makes them, run a runbook and the handler's writes on a strict emulator; with one grant taken out of
the template the same run is refused with AccessDenied.
"""

import io
import json
import uuid
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError

from generator.emulator.access import allowed
from generator.emulator.principals import UntrustedService, role_credentials, trusts
from generator.emulator.server import running_emulator
from generator.iam.describe import listed_actions
from generator.simulator import ClientFactory, RunOptions, simulate
from generator.simulator.clients import EMULATOR_ACCOUNT_ID, Credentials
from generator.simulator.errors import ParameterError
from generator.simulator.roles import function_clients
from generator.stack.render import template_data
from runbooks import catalogue, log_timeline_event
from runbooks.rollback_deployment import NAME as ROLLBACK
from tests.generator.emulator.automation.driving import until
from tests.generator.emulator.strict_stack import deploy_part, part, without_action
from tests.runbooks.operator_runs import APPROVER, alias_version, lambda_with_versions, new_table

SSM = {"Service": "ssm.amazonaws.com"}
TRUST_SSM = {"Statement": [{"Effect": "Allow", "Principal": SSM, "Action": "sts:AssumeRole"}]}


KEY = {"pk": {"S": "INC-strict"}, "sk": {"S": "event"}}
COMPLETED: dict[str, Any] = {
    "UpdateExpression": "SET #s = :s",
    "ExpressionAttributeNames": {"#s": "status"},
    "ExpressionAttributeValues": {":s": {"S": "COMPLETED"}},
}


def zipped(source: str) -> bytes:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("app.py", source)
    return packed.getvalue()


UPDATING = zipped(
    "import boto3\n\n"
    "def handler(event, context):\n"
    f"    boto3.client('dynamodb').update_item(TableName=event['table'], Key={KEY!r}, **{COMPLETED!r})\n"
    "    return 'updated'\n"
)


@pytest.fixture(scope="module")
def strict() -> Iterator[ClientFactory]:
    with running_emulator(strict=True) as endpoint:
        yield ClientFactory(endpoint)


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return template_data()


def role_with(admin: ClientFactory, statements: list[dict[str, Any]]) -> ClientFactory:
    iam, name = admin.client("iam"), f"r-{uuid.uuid4().hex[:8]}"
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST_SSM))["Role"]["Arn"]
    policy = {"Version": "2012-10-17", "Statement": statements}
    iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
    found = role_credentials(EMULATOR_ACCOUNT_ID, admin.region, arn, "ssm.amazonaws.com", "test", {})
    return admin.as_role(Credentials(found.access_key_id, found.secret_access_key, found.session_token))


def error_code(call: Any) -> str:
    with pytest.raises(ClientError) as refused:
        call()
    return str(refused.value.response["Error"]["Code"])


def test_identity_policies_are_read_as_iam_reads_them() -> None:
    table = "arn:aws:dynamodb:*:1:table/t"
    policy = {
        "Statement": [
            {"Effect": "Allow", "Action": ["dynamodb:Get*", "S3:getobject"], "Resource": table},
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"},
            {"Effect": "Deny", "Action": "dynamodb:GetItem", "Resource": "*", "Condition": {"Bool": {"x": "y"}}},
            {"Effect": "Deny", "NotAction": ["dynamodb:*", "s3:*"], "Resource": "*"},
        ]
    }
    assert allowed([policy], "dynamodb:GetItem", "*")  # a resource the emulator cannot name matches any
    assert allowed([policy], "s3:GetObject", "*")  # actions compare without case
    assert not allowed([policy], "dynamodb:PutItem", "*")
    assert not allowed([policy], "s3:ListBucket", "arn:aws:s3:::other")  # a named resource is compared
    assert not allowed([policy], "sns:Publish", "*")  # the unconditional NotAction deny


def test_a_service_gets_a_roles_credentials_only_when_the_trust_policy_names_it() -> None:
    trust = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ssm.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:ssm:*:1:automation-execution/*"}},
            }
        ]
    }
    assert trusts(trust, "ssm.amazonaws.com", {"aws:SourceArn": "arn:aws:ssm:us-east-1:1:automation-execution/e"})
    assert not trusts(trust, "ssm.amazonaws.com", {"aws:SourceArn": "arn:aws:ssm:us-east-1:2:automation-execution/e"})
    assert not trusts(trust, "lambda.amazonaws.com", {})


def test_the_administrator_may_do_anything_and_a_role_only_what_it_is_granted(strict: ClientFactory) -> None:
    admin = strict
    admin.client("sns").create_topic(Name="strict-topic")
    role = role_with(admin, [{"Effect": "Allow", "Action": "cloudwatch:DescribeAlarms", "Resource": "*"}])
    role.client("cloudwatch").describe_alarms()  # checked as cloudwatch:, not the signing name monitoring:
    # Each refusal in the service's own protocol, as botocore reads AWS's: JSON, CBOR, query (SNS's own code).
    denied = "AccessDeniedException"
    assert error_code(lambda: role.client("dynamodb").list_tables()) == denied
    assert error_code(lambda: role.client("cloudwatch").describe_alarm_history()) == denied
    assert error_code(lambda: role.client("xray").get_trace_summaries(StartTime=1, EndTime=2)) == denied
    assert error_code(lambda: role.client("sns").list_topics()) == "AuthorizationError"
    # A REST GET with path parameters: its signature checks out (moto's did not), then the grant is missing.
    assert error_code(lambda: role.client("lambda").get_function(FunctionName="absent")) == denied


def test_a_missing_key_is_no_such_key_only_to_a_caller_allowed_to_list_the_bucket(strict: ClientFactory) -> None:
    bucket = f"strict-{uuid.uuid4().hex[:8]}"
    strict.client("s3").create_bucket(Bucket=bucket)
    read = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}
    listing = {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{bucket}"}
    for statements, expected in (([read], "AccessDenied"), ([read, listing], "NoSuchKey")):
        s3 = role_with(strict, statements).client("s3")
        assert error_code(lambda s3=s3: s3.get_object(Bucket=bucket, Key="absent")) == expected


def log_event(clients: ClientFactory, table: str, role: str) -> Any:
    parameters = {
        "IncidentId": f"INC-strict-{uuid.uuid4().hex[:6]}",
        "Kind": "note",
        "Text": "checked on a strict emulator",
        "OccurredAt": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "TableName": table,
        "AutomationAssumeRole": role,
    }
    return simulate(log_timeline_event.build(), parameters, name=log_timeline_event.NAME, clients=clients)


@pytest.mark.parametrize("removed", [None, "dynamodb:PutItem"])
def test_a_runbook_runs_with_the_stacks_automation_role_and_fails_without_its_grant(
    strict: ClientFactory, template: dict[str, Any], removed: str | None
) -> None:
    stack = template if removed is None else without_action(template, "AutomationRole", removed)
    deployed = deploy_part(strict, part(stack, {"AutomationRole"}))
    role = strict.client("iam").get_role(RoleName=deployed["AutomationRole"])["Role"]["Arn"]
    record = log_event(strict, deployed["Table"], role)
    if removed is None:
        assert record.status == "Success", record.failure_message
    else:
        assert record.status == "Failed"
        assert f"not authorized to perform: {removed}" in str(record.failure_message), record.failure_message


def test_a_run_cannot_assume_a_role_that_does_not_trust_automation(strict: ClientFactory) -> None:
    iam, name = strict.client("iam"), f"lambda-only-{uuid.uuid4().hex[:6]}"
    trust = {"Statement": [{**TRUST_SSM["Statement"][0], "Principal": {"Service": "lambda.amazonaws.com"}}]}
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    with pytest.raises(ParameterError, match=r"does not trust ssm\.amazonaws\.com"):
        log_event(strict, "any-table", arn)
    with pytest.raises(UntrustedService):
        role_credentials(EMULATOR_ACCOUNT_ID, strict.region, arn, "ssm.amazonaws.com", "s", {})


@pytest.mark.parametrize("removed", [None, "dynamodb:UpdateItem"])
def test_a_handler_acts_with_its_function_role_and_fails_without_its_grant(
    strict: ClientFactory, template: dict[str, Any], removed: str | None
) -> None:
    stack = template if removed is None else without_action(template, "TimelineHandlerRole", removed)
    deployed = deploy_part(strict, part(stack, {"TimelineHandlerRole", "Table"}))
    role = strict.client("iam").get_role(RoleName=deployed["TimelineHandlerRole"])["Role"]["Arn"]
    function = f"timeline-{uuid.uuid4().hex[:6]}"
    strict.client("lambda").create_function(
        FunctionName=function, Runtime="python3.11", Role=role, Handler="app.handler", Code={"ZipFile": UPDATING}
    )
    table = deployed["Table"]
    strict.client("dynamodb").put_item(TableName=table, Item=KEY)
    # Called in this process, as the drill calls its handlers, with the clients the function's role gets ...
    dynamodb = function_clients(strict, function).client("dynamodb")

    def update() -> Any:  # what the handler's idempotency layer does when the event is recorded
        return dynamodb.update_item(TableName=table, Key=KEY, **COMPLETED)

    # ... and invoked: the emulator runs the function's code in its own environment with its role's credentials.
    invoked = strict.client("lambda").invoke(FunctionName=function, Payload=json.dumps({"table": table}).encode())
    outcome = json.loads(invoked["Payload"].read())
    if removed is None:
        update()
        assert outcome == "updated"
    else:
        assert error_code(update) == "AccessDeniedException"
        assert invoked.get("FunctionError") and "AccessDeniedException" in json.dumps(outcome)


def test_a_caller_must_be_allowed_to_pass_the_role_its_automation_assumes(
    strict: ClientFactory, template: dict[str, Any]
) -> None:
    deployed = deploy_part(strict, part(template, {"AutomationRole"}))
    role = strict.client("iam").get_role(RoleName=deployed["AutomationRole"])["Role"]["Arn"]
    name = f"strict-log-{uuid.uuid4().hex[:6]}"
    content = json.dumps(log_timeline_event.build().to_data())
    strict.client("ssm").create_document(Name=name, Content=content, DocumentType="Automation", DocumentFormat="JSON")
    parameters = {
        "IncidentId": ["INC-strict-pass"], "Kind": ["note"], "Text": ["passed on"],
        "OccurredAt": [datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")], "TableName": [deployed["Table"]],
        "AutomationAssumeRole": [role],
    }  # fmt: skip
    start = {"Effect": "Allow", "Action": "ssm:StartAutomationExecution", "Resource": "*"}
    pass_role = {"Effect": "Allow", "Action": "iam:PassRole", "Resource": role}
    refused = role_with(strict, [start]).client("ssm")
    with pytest.raises(ClientError, match=r"may not iam:PassRole"):
        refused.start_automation_execution(DocumentName=name, Parameters=parameters)
    started = (
        role_with(strict, [start, pass_role])
        .client("ssm")
        .start_automation_execution(DocumentName=name, Parameters=parameters)
    )
    finished = until(strict.client("ssm"), started["AutomationExecutionId"], lambda e: "ExecutionEndTime" in e)
    assert finished["AutomationExecutionStatus"] == "Success", finished.get("FailureMessage")


@pytest.mark.parametrize("removed", [None, "lambda:UpdateAlias"])
def test_rollback_runs_as_its_caller_with_exactly_the_permissions_its_description_lists(
    strict: ClientFactory, monkeypatch: pytest.MonkeyPatch, removed: str | None
) -> None:
    for name, value in {"AWS_ENDPOINT_URL": strict.endpoint_url or "", "AWS_DEFAULT_REGION": strict.region}.items():
        monkeypatch.setenv(name, value)  # the fixtures' boto3 clients: the strict emulator, as its administrator
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    table, function = new_table(), lambda_with_versions(3)
    document = catalogue.find(ROLLBACK)
    assert document is not None and document.description
    listed = sorted(listed_actions(document.description) - {removed})
    caller = role_with(strict, [{"Effect": "Allow", "Action": listed, "Resource": "*"}])
    parameters = {
        "IncidentId": "INC-strict-rollback", "Approvers": [APPROVER], "FunctionName": function, "AliasName": "live",
        "TableName": table,
    }  # fmt: skip
    approved = RunOptions(decisions={"ApproveRollback": "approve"})
    record = simulate(document, parameters, name=ROLLBACK, clients=caller, options=approved)
    if removed is None:
        assert record.status == "Success", record.failure_message
        assert alias_version(function) == "2"
    else:
        assert record.status == "Failed" and removed in str(record.failure_message), record.failure_message
        assert alias_version(function) == "3"


def test_a_dynamodb_grant_holds_for_its_own_table_and_index_only(strict: ClientFactory) -> None:
    admin, names = strict.client("dynamodb"), [f"strict-{uuid.uuid4().hex[:6]}" for _ in range(2)]
    keys = {"AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"}
    index = {"IndexName": "by-pk", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}
    for name in names:
        admin.create_table(
            TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            GlobalSecondaryIndexes=[index | {"Projection": {"ProjectionType": "ALL"}}], **keys,
        )  # fmt: skip
    own = admin.describe_table(TableName=names[0])["Table"]["TableArn"]
    grant = {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": own}
    dynamodb = role_with(strict, [grant]).client("dynamodb")
    dynamodb.get_item(TableName=names[0], Key={"pk": {"S": "a"}})
    assert error_code(lambda: dynamodb.get_item(TableName=names[1], Key={"pk": {"S": "a"}})) == "AccessDeniedException"
    query = {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "a"}}}
    dynamodb.query(TableName=names[0], **query)
    # An index is a resource of its own (table/T/index/I): the table's grant does not reach it.
    assert error_code(lambda: dynamodb.query(TableName=names[0], IndexName="by-pk", **query)) == "AccessDeniedException"
