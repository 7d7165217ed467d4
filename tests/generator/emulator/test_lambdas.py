"""Lambda on the emulator: Invoke runs the function's own code from its zip, in an environment of its own
(its environment variables, its role's credentials, the emulator as its AWS, the emulator's clock), function
URLs answer over HTTP under the function's resource policy, and EventBridge rules deliver to Lambda targets."""

import base64
import io
import json
import uuid
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

from generator.emulator import lambdas
from generator.emulator.clock import following
from generator.emulator.server import start_emulator

ROOT = Path(__file__).resolve().parents[3]
REGION = "eu-west-3"  # this module's own: the function, its role and its rule see nobody else's
LAMBDA_TRUSTS = {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
TRUST = {"Version": "2012-10-17", "Statement": [LAMBDA_TRUSTS]}


def package() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.write(ROOT / "tests/fixtures/lambda/echo_app.py", "echo_app.py")
        archive.write(ROOT / "domain/clock.py", "domain/clock.py")
        archive.writestr("domain/__init__.py", "")
    return data.getvalue()


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server, url = start_emulator()
    yield url
    server.stop()


def client(endpoint: str, service: str, **keys: str) -> Any:
    credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"} | keys
    config = Config(retries={"max_attempts": 1})
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION, config=config, **credentials)  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def function(endpoint: str) -> str:
    role = client(endpoint, "iam").create_role(
        RoleName=f"echo-{uuid.uuid4().hex[:6]}", AssumeRolePolicyDocument=json.dumps(TRUST)
    )
    name = f"echo-{uuid.uuid4().hex[:6]}"
    client(endpoint, "lambda").create_function(
        FunctionName=name,
        Runtime="python3.11",
        Role=role["Role"]["Arn"],
        Handler="echo_app.handler",
        Code={"ZipFile": package()},
        Timeout=3,
        Environment={"Variables": {"SETTING": "from the function's configuration"}},
    )
    return name


def invoke(endpoint: str, name: str, event: dict[str, Any], **extra: Any) -> tuple[dict[str, Any], Any]:
    answer = client(endpoint, "lambda").invoke(FunctionName=name, Payload=json.dumps(event).encode(), **extra)
    payload = answer["Payload"].read()
    return answer, json.loads(payload) if payload else None


def test_invoke_runs_the_functions_code_with_its_environment_and_role(endpoint: str, function: str) -> None:
    answer, result = invoke(endpoint, function, {"hello": "world"})
    assert "FunctionError" not in answer
    assert result["event"] == {"hello": "world"}
    assert result["function"] == function
    assert result["setting"] == "from the function's configuration"
    assert result["endpoint"] == endpoint
    assert 0 < result["remaining_ms"] <= 3000
    assert ":assumed-role/echo-" in result["caller"]  # the function's role, through the emulator's STS
    assert result["has_moto"] is False  # the package and the runtime's boto3, not the emulator's packages


def test_a_warm_environment_answers_the_next_invocation(endpoint: str, function: str) -> None:
    first = invoke(endpoint, function, {})[1]
    second = invoke(endpoint, function, {})[1]
    assert first["request_id"] != second["request_id"]


def test_an_unhandled_error_is_answered_in_lambdas_shape_with_the_log_tail(endpoint: str, function: str) -> None:
    answer, result = invoke(endpoint, function, {"fail": "checkout is down"}, LogType="Tail")
    assert answer["FunctionError"] == "Unhandled"
    assert result["errorType"] == "RuntimeError" and result["errorMessage"] == "checkout is down"
    assert "checkout is down" in base64.b64decode(answer["LogResult"]).decode()


def test_an_invocation_past_the_timeout_is_ended(endpoint: str, function: str) -> None:
    answer, result = invoke(endpoint, function, {"sleep": 10})
    assert answer["FunctionError"] == "Unhandled"
    assert result["errorMessage"] == "Task timed out after 3.00 seconds"
    assert "FunctionError" not in invoke(endpoint, function, {})[0]  # a fresh environment takes over


def test_an_event_invocation_answers_202_and_runs_in_the_background(endpoint: str, function: str) -> None:
    name = f"/echo/{uuid.uuid4().hex}"
    answer, _ = invoke(endpoint, function, {"put": name}, InvocationType="Event")
    assert answer["StatusCode"] == 202
    assert lambdas.settle(30)
    stored = client(endpoint, "ssm").get_parameter(Name=name)["Parameter"]["Value"]
    assert json.loads(stored) == {"put": name}


def test_the_function_reads_the_emulators_clock(endpoint: str, function: str) -> None:
    moment = datetime(2026, 11, 30, 19, 13, 0, tzinfo=UTC)
    with following(lambda: moment):
        result = invoke(endpoint, function, {})[1]
    assert result["now"] == moment.isoformat()


def add_permission(endpoint: str, name: str, action: str, **extra: Any) -> None:
    client(endpoint, "lambda").add_permission(
        FunctionName=name, StatementId=uuid.uuid4().hex, Action=action, Principal=extra.pop("Principal", "*"), **extra
    )


@pytest.fixture
def url_function(endpoint: str, function: str) -> Iterator[str]:
    """A copy of the function (its own resource policy) with a function URL of AuthType NONE."""
    lam = client(endpoint, "lambda")
    configuration = lam.get_function_configuration(FunctionName=function)
    name = f"url-{uuid.uuid4().hex[:6]}"
    lam.create_function(
        FunctionName=name, Runtime="python3.11", Role=configuration["Role"], Handler="echo_app.handler",
        Code={"ZipFile": package()}, Timeout=3,
    )  # fmt: skip
    yield name
    lam.delete_function(FunctionName=name)


def url_of(endpoint: str, name: str, auth: str = "NONE") -> str:
    return str(client(endpoint, "lambda").create_function_url_config(FunctionName=name, AuthType=auth)["FunctionUrl"])


def test_the_url_is_served_by_the_emulator(endpoint: str, url_function: str) -> None:
    url = url_of(endpoint, url_function)
    assert url.startswith(f"{endpoint}/lambda-url/")
    assert client(endpoint, "lambda").get_function_url_config(FunctionName=url_function)["FunctionUrl"] == url


def test_a_url_without_both_permissions_is_refused_as_aws_refuses_it(endpoint: str, url_function: str) -> None:
    url = url_of(endpoint, url_function)
    assert requests.post(url, json={}, timeout=30).status_code == 403
    add_permission(endpoint, url_function, "lambda:InvokeFunctionUrl", FunctionUrlAuthType="NONE")
    # Since October 2025 lambda:InvokeFunction is needed as well.
    refused = requests.post(url, json={}, timeout=30)
    assert (refused.status_code, refused.json()) == (403, {"Message": "Forbidden"})
    add_permission(endpoint, url_function, "lambda:InvokeFunction", InvokedViaFunctionUrl=True)
    assert requests.post(url, json={}, timeout=30).status_code == 200


def test_invoke_function_limited_to_other_callers_does_not_open_the_url(endpoint: str, url_function: str) -> None:
    url = url_of(endpoint, url_function)
    add_permission(endpoint, url_function, "lambda:InvokeFunctionUrl", FunctionUrlAuthType="NONE")
    add_permission(endpoint, url_function, "lambda:InvokeFunction", Principal="events.amazonaws.com")
    assert requests.post(url, json={}, timeout=30).status_code == 403


def open_url(endpoint: str, name: str) -> str:
    url = url_of(endpoint, name)
    add_permission(endpoint, name, "lambda:InvokeFunctionUrl", FunctionUrlAuthType="NONE")
    add_permission(endpoint, name, "lambda:InvokeFunction", InvokedViaFunctionUrl=True)
    return url


def test_the_request_reaches_the_function_in_payload_format_2(endpoint: str, url_function: str) -> None:
    url = open_url(endpoint, url_function)
    answer = requests.post(
        f"{url}hooks/jira?a=1&a=2&b=3", data=b'{"x": 1}', timeout=30,
        headers={"Content-Type": "application/json", "X-Hub-Signature": "sha256=00", "Cookie": "s=1; t=2"},
    )  # fmt: skip
    assert answer.status_code == 200
    event = answer.json()["event"]
    assert event["version"] == "2.0" and event["routeKey"] == "$default"
    assert event["rawPath"] == "/hooks/jira" and event["rawQueryString"] == "a=1&a=2&b=3"
    assert event["queryStringParameters"] == {"a": "1,2", "b": "3"}
    assert event["headers"]["x-hub-signature"] == "sha256=00" and event["cookies"] == ["s=1", "t=2"]
    assert event["body"] == '{"x": 1}' and event["isBase64Encoded"] is False
    assert event["requestContext"]["http"]["method"] == "POST"
    assert event["requestContext"]["http"]["path"] == "/hooks/jira"
    binary = requests.post(url, data=b"\x00\x01", headers={"Content-Type": "application/octet-stream"}, timeout=30)
    assert binary.json()["event"]["isBase64Encoded"] is True
    assert base64.b64decode(binary.json()["event"]["body"]) == b"\x00\x01"


def test_the_functions_answer_becomes_the_http_response(endpoint: str, url_function: str) -> None:
    url = open_url(endpoint, url_function)
    http: dict[str, Any] = {"statusCode": 409, "headers": {"Retry-After": "60"}, "body": '{"message": "replayed"}'}
    answer = requests.post(url, json={"http": http}, timeout=30)
    assert (answer.status_code, answer.headers["Retry-After"], answer.json()) == (409, "60", {"message": "replayed"})
    failed = requests.post(url, json={"fail": "boom"}, timeout=30)
    assert failed.status_code == 502


def signed(url: str, body: bytes, credentials: Credentials) -> dict[str, str]:
    request = AWSRequest(method="POST", url=url, data=body, headers={"Content-Type": "application/json"})
    SigV4Auth(credentials, "lambda", REGION).add_auth(request)
    return dict(request.headers.items())


def test_an_aws_iam_url_wants_a_valid_signature_of_an_allowed_caller(endpoint: str, url_function: str) -> None:
    url = url_of(endpoint, url_function, "AWS_IAM")
    iam = client(endpoint, "iam")
    user = f"caller-{uuid.uuid4().hex[:6]}"
    iam.create_user(UserName=user)
    key = iam.create_access_key(UserName=user)["AccessKey"]
    credentials = Credentials(key["AccessKeyId"], key["SecretAccessKey"])
    body = b"{}"
    assert requests.post(url, data=body, timeout=30).status_code == 403  # unsigned
    assert requests.post(url, data=body, headers=signed(url, body, credentials), timeout=30).status_code == 403
    statement = {"Effect": "Allow", "Action": "lambda:InvokeFunctionUrl", "Resource": "*"}
    document = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    iam.put_user_policy(UserName=user, PolicyName="invoke-url", PolicyDocument=document)
    assert requests.post(url, data=body, headers=signed(url, body, credentials), timeout=30).status_code == 200
    forged = signed(url, body, Credentials(key["AccessKeyId"], "not-the-secret"))
    assert requests.post(url, data=body, headers=forged, timeout=30).status_code == 403


def test_an_eventbridge_rule_delivers_to_its_lambda_target_when_the_policy_allows(
    endpoint: str, url_function: str
) -> None:
    events, sqs = client(endpoint, "events"), client(endpoint, "sqs")
    arn = client(endpoint, "lambda").get_function_configuration(FunctionName=url_function)["FunctionArn"]
    queue = sqs.create_queue(QueueName=f"dlq-{uuid.uuid4().hex[:6]}")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    rule = f"rule-{uuid.uuid4().hex[:6]}"
    rule_arn = events.put_rule(Name=rule, EventPattern=json.dumps({"source": ["closeloop.test"]}))["RuleArn"]
    events.put_targets(Rule=rule, Targets=[{"Id": "fn", "Arn": arn, "DeadLetterConfig": {"Arn": queue_arn}}])
    name = f"/rule/{uuid.uuid4().hex}"
    entry = {"Source": "closeloop.test", "DetailType": "Test", "Detail": json.dumps({"put": name})}
    events.put_events(Entries=[entry])
    assert lambdas.settle(30)
    refused = sqs.receive_message(QueueUrl=queue, MessageAttributeNames=["All"])["Messages"]
    assert refused[0]["MessageAttributes"]["ERROR_CODE"]["StringValue"] == "NO_PERMISSIONS"
    add_permission(
        endpoint, url_function, "lambda:InvokeFunction", Principal="events.amazonaws.com", SourceArn=rule_arn
    )
    events.put_events(Entries=[entry])
    assert lambdas.settle(30)
    # The function wrote the event it was given, as EventBridge delivers it: ISO time, none of moto's own fields.
    delivered = json.loads(client(endpoint, "ssm").get_parameter(Name=name)["Parameter"]["Value"])
    assert delivered["detail"] == {"put": name} and delivered["detail-type"] == "Test"
    assert delivered["source"] == "closeloop.test" and delivered["resources"] == []
    assert datetime.strptime(delivered["time"], "%Y-%m-%dT%H:%M:%SZ")
    assert "ingestion-time" not in delivered


def test_a_schedule_rule_delivers_no_event_from_the_bus(endpoint: str, url_function: str) -> None:
    events = client(endpoint, "events")
    arn = client(endpoint, "lambda").get_function_configuration(FunctionName=url_function)["FunctionArn"]
    rule = f"daily-{uuid.uuid4().hex[:6]}"
    rule_arn = events.put_rule(Name=rule, ScheduleExpression="rate(1 day)")["RuleArn"]
    events.put_targets(Rule=rule, Targets=[{"Id": "fn", "Arn": arn}])
    add_permission(
        endpoint, url_function, "lambda:InvokeFunction", Principal="events.amazonaws.com", SourceArn=rule_arn
    )
    name = f"/schedule/{uuid.uuid4().hex}"
    entry = {"Source": "closeloop.test", "DetailType": "Test", "Detail": json.dumps({"put": name})}
    events.put_events(Entries=[entry])
    assert lambdas.settle(30)
    with pytest.raises(client(endpoint, "ssm").exceptions.ParameterNotFound):
        client(endpoint, "ssm").get_parameter(Name=name)
