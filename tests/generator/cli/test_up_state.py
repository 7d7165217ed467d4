"""What a user made in `closeloop up`'s local AWS is still there after `down` and `up`, read back over HTTP.

Each service is written through boto3 as a user would, the local AWS is stopped and started again, and every
item is read back the same way; a run still waiting for a person comes back Failed, saying why. An unusable
state file stops `up` with one line and exit 2, and `down --purge` starts the next `up` empty.
(--no-stack: the stack deploy is the drill's path; these runs take seconds.)
"""

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
from botocore.config import Config

from generator.local.state import AWS_STATE_FILE, JIRA_STATE_FILE, read_state
from tests.conftest import FIXTURES
from tests.generator.cli.test_up import closeloop, free_port

DOCUMENTS = FIXTURES / "local"


@pytest.fixture
def local(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Start it (`up --no-stack` on a free port, state in tmp_path); returns a client factory for it."""
    state, port = tmp_path / "state", free_port()

    def up() -> None:
        started = closeloop("up", "--no-stack", "--port", str(port), "--state", str(state), "--quiet")
        assert started.returncode == 0, started.stderr

    def client(service: str) -> Any:
        return boto3.client(
            service, endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
            aws_access_key_id="testing", aws_secret_access_key="testing", config=Config(retries={"max_attempts": 1}),
        )  # type: ignore[call-overload]  # fmt: skip

    client.up = up  # type: ignore[attr-defined]
    client.state = state  # type: ignore[attr-defined]
    up()
    yield client
    closeloop("down", "--state", str(state))


def down_and_up(local: Any) -> None:
    stopped = closeloop("down", "--state", str(local.state))
    assert stopped.returncode == 0, stopped.stderr
    local.up()


def execution(ssm: Any, execution_id: str, done: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    for _ in range(500):
        found: dict[str, Any] = ssm.get_automation_execution(AutomationExecutionId=execution_id)["AutomationExecution"]
        if done(found):
            return found
        time.sleep(0.02)
    raise AssertionError(f"the execution never got there: {found}")


def make_everything(local: Any) -> dict[str, str]:
    s3, dynamodb, ssm = local("s3"), local("dynamodb"), local("ssm")
    s3.create_bucket(Bucket="kept")
    s3.put_object(Bucket="kept", Key="incidents/INC-1/note.txt", Body=b"still here")
    dynamodb.create_table(
        TableName="Timeline", AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
    )  # fmt: skip
    dynamodb.put_item(TableName="Timeline", Item={"pk": {"S": "INC-1"}, "text": {"S": "Checkout 503s"}})
    for name in ("ends", "waits"):
        content = (DOCUMENTS / f"{name}.json").read_text(encoding="utf-8")
        ssm.create_document(Name=f"Try-{name}", Content=content, DocumentType="Automation", DocumentFormat="JSON")
    ended = ssm.start_automation_execution(DocumentName="Try-ends")["AutomationExecutionId"]
    execution(ssm, ended, lambda e: e["AutomationExecutionStatus"] == "Success")
    waiting = ssm.start_automation_execution(DocumentName="Try-waits")["AutomationExecutionId"]
    execution(ssm, waiting, lambda e: e["AutomationExecutionStatus"] == "Waiting")
    cloudwatch, logs = local("cloudwatch"), local("logs")
    cloudwatch.put_metric_alarm(
        AlarmName="checkout-5xx", MetricName="5xx", Namespace="Checkout", Statistic="Sum", Period=60,
        EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanThreshold",
    )  # fmt: skip
    cloudwatch.set_alarm_state(AlarmName="checkout-5xx", StateValue="ALARM", StateReason="5xx over 1")
    logs.create_log_group(logGroupName="/checkout")
    logs.create_log_stream(logGroupName="/checkout", logStreamName="web")
    logs.put_log_events(
        logGroupName="/checkout",
        logStreamName="web",
        logEvents=[{"timestamp": int(time.time() * 1000), "message": "503"}],  # AWS drops events over 14 days old
    )
    return {"ended": ended, "waiting": waiting}


def new_issue(local: Any, summary: str) -> str:
    """An issue made through the local Jira's REST API, as the actions push makes one."""
    state = read_state(local.state)
    assert state is not None
    fields: dict[str, Any] = {"project": {"key": state.jira_project}, "summary": summary, "issuetype": {"name": "Task"}}
    made = requests.post(
        f"{state.jira_url}/rest/api/2/issue",
        json={"fields": fields},
        auth=(state.jira_email, state.jira_token),
        timeout=30,
    )
    assert made.status_code == 201, made.text
    return str(made.json()["key"])


def issue_summary(local: Any, key: str) -> str:
    state = read_state(local.state)
    assert state is not None
    found = requests.get(
        f"{state.jira_url}/rest/api/2/issue/{key}", auth=(state.jira_email, state.jira_token), timeout=30
    )
    assert found.status_code == 200, found.text
    return str(found.json()["fields"]["summary"])


def test_what_was_made_is_there_after_down_and_up(local: Any) -> None:
    executions = make_everything(local)
    first = new_issue(local, "Add a 5xx alarm to checkout")
    down_and_up(local)
    assert issue_summary(local, first) == "Add a 5xx alarm to checkout"  # the local Jira's issues are kept too
    assert new_issue(local, "Roll back faster") != first  # and its numbering goes on
    assert local("s3").get_object(Bucket="kept", Key="incidents/INC-1/note.txt")["Body"].read() == b"still here"
    item = local("dynamodb").get_item(TableName="Timeline", Key={"pk": {"S": "INC-1"}})["Item"]
    assert item["text"] == {"S": "Checkout 503s"}
    ssm = local("ssm")
    assert json.loads(ssm.get_document(Name="Try-ends")["Content"])["mainSteps"][0]["name"] == "Done"
    ended = ssm.get_automation_execution(AutomationExecutionId=executions["ended"])["AutomationExecution"]
    assert ended["AutomationExecutionStatus"] == "Success" and ended["StepExecutions"][0]["Outputs"]["Said"] == ["kept"]
    waited = ssm.get_automation_execution(AutomationExecutionId=executions["waiting"])["AutomationExecution"]
    assert waited["AutomationExecutionStatus"] == "Failed" and "closeloop down" in waited["FailureMessage"]
    assert "ExecutionEndTime" in waited and waited["StepExecutions"][-1]["StepStatus"] == "Failed"
    listed = {
        e["AutomationExecutionId"] for e in ssm.describe_automation_executions()["AutomationExecutionMetadataList"]
    }
    assert set(executions.values()) <= listed
    cloudwatch = local("cloudwatch")
    assert cloudwatch.describe_alarms(AlarmNames=["checkout-5xx"])["MetricAlarms"][0]["StateValue"] == "ALARM"
    history = cloudwatch.describe_alarm_history(AlarmName="checkout-5xx", HistoryItemType="StateUpdate")
    assert [h["HistorySummary"] for h in history["AlarmHistoryItems"]] == ["Alarm updated from OK to ALARM"]
    events = local("logs").get_log_events(logGroupName="/checkout", logStreamName="web")["events"]
    assert [e["message"] for e in events] == ["503"]
    # and it goes on working: a new run after the restart
    again = ssm.start_automation_execution(DocumentName="Try-ends")["AutomationExecutionId"]
    assert (
        execution(ssm, again, lambda e: e["AutomationExecutionStatus"] in ("Success", "Failed"))[
            "AutomationExecutionStatus"
        ]
        == "Success"
    )


def test_down_purge_makes_the_next_up_start_empty(local: Any) -> None:
    local("s3").create_bucket(Bucket="forgotten")
    assert closeloop("down", "--state", str(local.state), "--purge").returncode == 0
    assert not (local.state / AWS_STATE_FILE).exists() and not (local.state / JIRA_STATE_FILE).exists()
    local.up()
    assert local("s3").list_buckets()["Buckets"] == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (AWS_STATE_FILE, b"not a state at all"),
        (AWS_STATE_FILE, b'{"format": "closeloop-emulator-state", "version": 1, "moto": "5.2.5"}\n\x80\x05trunc'),
        (JIRA_STATE_FILE, b"not a state at all"),
    ],
    ids=["foreign", "truncated", "jira"],
)
def test_an_unusable_state_file_stops_up_with_one_line_and_exit_2(tmp_path: Path, name: str, content: bytes) -> None:
    state_file = tmp_path / name
    state_file.write_bytes(content)
    refused = closeloop("up", "--no-stack", "--port", str(free_port()), "--state", str(tmp_path), "--quiet")
    assert refused.returncode == 2 and refused.stdout == ""
    (line,) = refused.stderr.splitlines()
    assert line.startswith(f"closeloop up: {state_file}: ") and "--purge" in line
    assert state_file.read_bytes() == content  # left as it was, for the user to look at
