"""Lambda's refusals on the strict emulator, over HTTP with boto3, as AWS answers them.

- A caller not allowed lambda:InvokeFunction gets 403 AccessDeniedException in Lambda's REST-JSON shape
  (`x-amzn-ErrorType`, a body with `Message`) naming the principal, the action and the function. An Invoke
  without a payload is checked like any other (moto failed its signature, in XML a JSON client cannot read).
- A key the emulator does not know is UnrecognizedClientException, readable by a JSON client (moto answered
  it in XML).
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
