"""Lambda's refusals on the strict emulator, over HTTP with boto3, as AWS answers them.

- A caller not allowed lambda:InvokeFunction gets 403 AccessDeniedException in Lambda's REST-JSON shape
  (`x-amzn-ErrorType`, a body with `Message`) naming the principal, the action and the function. An Invoke
  without a payload is checked like any other (moto failed its signature, in XML a JSON client cannot read).
- A key the emulator does not know is UnrecognizedClientException, readable by a JSON client (moto answered
  it in XML).
- A function whose role Lambda cannot assume is refused at CreateFunction and UpdateFunctionConfiguration
  with InvalidParameterValueException, as AWS refuses it.
"""

import json
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from generator.emulator.server import running_emulator
from generator.simulator import ClientFactory
from tests.generator.emulator.test_strict import role_with, zipped
from tests.runbooks.scripts.evidence.seed import LAMBDA_TRUST

CODE = {"ZipFile": zipped("def handler(event, context):\n    return 'ran'\n")}
NOT_ASSUMABLE = "The role defined for the function cannot be assumed by Lambda."


@pytest.fixture(scope="module")
def strict() -> Iterator[ClientFactory]:
    with running_emulator(strict=True) as endpoint:
        yield ClientFactory(endpoint)


def new_role(admin: ClientFactory, trust: str) -> str:
    name = f"fn-{uuid.uuid4().hex[:8]}"
    return str(admin.client("iam").create_role(RoleName=name, AssumeRolePolicyDocument=trust)["Role"]["Arn"])


def new_function(admin: ClientFactory, role: str) -> dict[str, Any]:
    name = f"f-{uuid.uuid4().hex[:8]}"
    return dict(
        admin.client("lambda").create_function(
            FunctionName=name, Runtime="python3.11", Role=role, Handler="app.handler", Code=CODE, Publish=True
        )
    )


def refusal(call: Any) -> ClientError:
    with pytest.raises(ClientError) as refused:
        call()
    return refused.value


def test_invoke_without_the_grant_is_access_denied_naming_principal_action_and_function(
    strict: ClientFactory,
) -> None:
    function = new_function(strict, new_role(strict, LAMBDA_TRUST))
    name, arn = function["FunctionName"], function["FunctionArn"]
    caller = role_with(strict, [{"Effect": "Allow", "Action": "lambda:GetFunction", "Resource": "*"}])
    lambda_ = caller.client("lambda")
    for kind, qualifier, resource in (("RequestResponse", None, arn), ("Event", "1", f"{arn}:1")):
        extra = {"Qualifier": qualifier} if qualifier else {}
        error = refusal(lambda kind=kind, extra=extra: lambda_.invoke(FunctionName=name, InvocationType=kind, **extra))
        assert error.response["Error"]["Code"] == "AccessDeniedException"
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 403
        assert error.response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == "AccessDeniedException"
        principal = caller.client("sts").get_caller_identity()["Arn"]
        assert error.response["Error"]["Message"] == (
            f"User: {principal} is not authorized to perform: lambda:InvokeFunction on resource: {resource} "
            "because no identity-based policy allows the lambda:InvokeFunction action"
        )
    # The grant is what was missing: with it the same caller invokes the function.
    allowed = role_with(strict, [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": arn}])
    assert json.loads(allowed.client("lambda").invoke(FunctionName=name)["Payload"].read()) == "ran"


def test_an_unknown_key_is_a_readable_unrecognized_client_error(strict: ClientFactory) -> None:
    session = boto3.session.Session(aws_access_key_id="AKIAUNKNOWNKEY000000", aws_secret_access_key="wrong")
    for service, status, call in (
        ("lambda", 403, lambda client: client.invoke(FunctionName="any")),
        ("dynamodb", 400, lambda client: client.list_tables()),
    ):
        client = session.client(service, endpoint_url=strict.endpoint_url, region_name=strict.region)  # type: ignore[call-overload]
        error = refusal(lambda call=call, client=client: call(client))
        assert error.response["Error"]["Code"] == "UnrecognizedClientException", error.response
        assert error.response["Error"]["Message"] == "The security token included in the request is invalid."
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == status


def test_a_function_whose_role_does_not_trust_lambda_is_refused_on_create_and_update(strict: ClientFactory) -> None:
    ssm_only = json.dumps(
        {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ssm.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    )
    lambda_, untrusting = strict.client("lambda"), new_role(strict, ssm_only)
    absent = untrusting.replace(":role/", ":role/absent-")
    for role in (untrusting, absent):
        error = refusal(lambda role=role: new_function(strict, role))
        assert error.response["Error"] == {"Code": "InvalidParameterValueException", "Message": NOT_ASSUMABLE}
    function = new_function(strict, new_role(strict, LAMBDA_TRUST))
    for role in (untrusting, absent):
        update = refusal(
            lambda role=role: lambda_.update_function_configuration(FunctionName=function["FunctionName"], Role=role)
        )
        assert update.response["Error"] == {"Code": "InvalidParameterValueException", "Message": NOT_ASSUMABLE}
    # The function keeps the role it had, and a role that trusts Lambda is taken.
    kept = lambda_.get_function_configuration(FunctionName=function["FunctionName"])["Role"]
    assert kept == function["Role"]
    other = new_role(strict, LAMBDA_TRUST)
    lambda_.update_function_configuration(FunctionName=function["FunctionName"], Role=other)
    assert lambda_.get_function_configuration(FunctionName=function["FunctionName"])["Role"] == other


def test_a_trust_condition_on_the_function_is_read_with_the_function_lambda_names(strict: ClientFactory) -> None:
    lambda_trust = json.loads(LAMBDA_TRUST)["Statement"][0]
    account = strict.client("sts").get_caller_identity()["Account"]
    conditioned = {**lambda_trust, "Condition": {"StringEquals": {"aws:SourceAccount": account}}}
    assert new_function(strict, new_role(strict, json.dumps({"Statement": [conditioned]})))["FunctionArn"]
    elsewhere = {**lambda_trust, "Condition": {"StringEquals": {"aws:SourceAccount": "210987654321"}}}
    error = refusal(lambda: new_function(strict, new_role(strict, json.dumps({"Statement": [elsewhere]}))))
    assert error.response["Error"]["Message"] == NOT_ASSUMABLE
