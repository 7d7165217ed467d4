"""aws:invokeLambdaFunction: a local handler by name or ARN, a real invoke in the emulator, a failing function."""

import io
import json
import zipfile
from typing import Any

import boto3
from botocore.response import StreamingBody
from botocore.stub import Stubber

from generator.simulator import ClientFactory, RunOptions, Status
from tests.generator.simulator.documents import run_fixture
from tests.runbooks.scripts.evidence.seed import LAMBDA_TRUST


def _create_echo_function(clients: ClientFactory) -> None:
    role = clients.client("iam").create_role(RoleName="lambda-role", AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"][
        "Arn"
    ]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("index.py", "def handler(event, context):\n    return event\n")
    clients.client("lambda").create_function(
        FunctionName="echo",
        Runtime="python3.11",
        Role=role,
        Handler="index.handler",
        Code={"ZipFile": archive.getvalue()},
    )


def _double(event: Any, context: dict[str, Any]) -> Any:
    return event["value"] * 2


def _broken(event: Any, context: dict[str, Any]) -> Any:
    raise KeyError("missing")


def test_local_and_emulated_functions_answer(clients: ClientFactory) -> None:
    _create_echo_function(clients)
    options = RunOptions(lambda_handlers={"double": _double, "broken": _broken})

    record = run_fixture("lambda_functions", clients, {"RemoteFunction": "echo"}, options)

    assert record.status is Status.SUCCESS, record.failure_message
    assert record.outputs["Local.Result"] == "42"  # mapped by the function name inside the ARN
    assert record.outputs["Remote.StatusCode"] == 200
    assert json.loads(record.outputs["Remote.Payload"]) == {"ping": "pong"}  # the function ran: it answers its event
    broken = record.step("Broken")
    assert broken.status is Status.FAILED
    assert broken.failure_message == "Lambda function broken failed (Unhandled): KeyError: 'missing'"


def test_a_function_error_from_the_service_fails_the_step(clients: ClientFactory) -> None:
    # A function error as the service reports it, from a stubbed client (no function here raises).
    client = boto3.session.Session(region_name="us-east-1").client(
        "lambda", aws_access_key_id="x", aws_secret_access_key="x"
    )
    with Stubber(client) as stub:
        stub.add_response(
            "invoke",
            {"StatusCode": 200, "FunctionError": "Unhandled", "Payload": StreamingBody(io.BytesIO(b"boom"), 4)},
        )
        clients.overrides["lambda"] = client
        options = RunOptions(lambda_handlers={"double": _double})

        record = run_fixture("lambda_functions", clients, {"RemoteFunction": "absent"}, options)

    assert record.status is Status.FAILED
    assert record.step("Remote").failure_message == "Lambda function absent failed (Unhandled): boom"
