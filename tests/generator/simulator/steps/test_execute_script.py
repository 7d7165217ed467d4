"""aws:executeScript: the handler's return as Payload, and each way a script fails its step."""

import pytest

from generator.document.reader import read_text
from generator.simulator import ClientFactory, Status, simulate

DOCUMENT = """
schemaVersion: "0.3"
mainSteps:
  - name: Run
    action: aws:executeScript
    inputs:
      Runtime: python3.11
      Handler: {handler}
      InputPayload: {{value: 2}}
      Script: |
{script}
"""


def run_script(clients: ClientFactory, body: str, handler: str = "handler") -> tuple[Status, str | None]:
    script = "\n".join(f"        {line}" for line in body.splitlines())
    document = read_text(DOCUMENT.format(handler=handler, script=script), "script.yaml").document
    record = simulate(document, clients=clients)
    return record.status, record.step("Run").failure_message


def test_the_payload_is_the_handlers_return_and_boto3_reaches_the_emulator(clients: ClientFactory) -> None:
    body = """import boto3
def handler(events, context):
    boto3.client("s3").create_bucket(Bucket="from-a-script")
    return {"doubled": events["value"] * 2, "region": context["global:REGION"]}"""

    status, message = run_script(clients, body)

    assert (status, message) == (Status.SUCCESS, None)
    assert [bucket["Name"] for bucket in clients.client("s3").list_buckets()["Buckets"]] == ["from-a-script"]


@pytest.mark.parametrize(
    ("body", "handler", "message"),
    [
        ("def handler(events, context):\n    return 1 / 0", "handler", "ZeroDivisionError: division by zero at line 2"),
        ("def handler(events, context):\n    return {1, 2}", "handler", "the script returned a value that is not JSON"),
        ("def other(events, context):\n    return 1", "handler", "the script defines no handler function 'handler'"),
        ("import sys\ndef handler(events, context):\n    sys.exit(3)", "handler", "the script raised SystemExit: 3"),
        ("def handler(events, context)\n    return 1", "handler", "the script raised SyntaxError"),
    ],
)
def test_a_failing_script_fails_its_step_with_the_reason(
    clients: ClientFactory, body: str, handler: str, message: str
) -> None:
    status, failure = run_script(clients, body, handler)

    assert status is Status.FAILED
    assert message in (failure or "")


def test_a_module_qualified_handler_names_the_function(clients: ClientFactory) -> None:
    status, _ = run_script(clients, "def handler(events, context):\n    return 1", "script.handler")

    assert status is Status.SUCCESS
