"""Events a member account forwards, handled as Lambda calls the timeline function, against the emulator's
accounts: the generated member template deployed in a member account (its timeline reader trusting the central
timeline function's role), the central function acting as that role, and the member's alarm read there.

The central account runs an organisation of the emulator's, with the member in it, and the emulator's AssumeRole
evaluates the member role's trust conditions (aws:PrincipalArn, aws:PrincipalOrgID) as AWS does: the caller is
the role the trust names, from inside the organisation it names.
"""

import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from domain.member_roles import timeline_reader_arn
from generator.emulator.accounts import acting_as
from generator.emulator.extensions import install
from generator.emulator.organizations import join_organization
from handlers.timeline import app
from handlers.timeline.accounts import RENEW_BEFORE, Clients, Home, Readers, Unreachable
from tests.domain.closeloop_table import create_table
from tests.generator.stack.member.conftest import client, credentials, deploy_member_template
from tests.handlers.timeline.conftest import FakeLambdaContext, event_fixture, items
from tests.runbooks.scripts.evidence.seed import put_alarm

# Accounts of this module alone: the session's other tests use 123456789012 and the member deploy test its own.
CENTRAL, MEMBER, OUTSIDER = "222233334444", "555566667777", "888899990000"
HOME, OTHER = "us-east-1", "eu-west-1"
PREFIX = "Closeloop-"
INCIDENT = "INC-4242"
ALARM = "checkout-5xx"
FUNCTION = f"arn:aws:lambda:{HOME}:{CENTRAL}:function:closeloop-timeline"
pytestmark = [
    pytest.mark.filterwarnings("ignore:Tried to parse .* but it's not supported"),
    pytest.mark.filterwarnings("ignore:Exception\\(AccessDenied\\) with code AccessDenied"),  # no shape in STS
]


class CountingSts:
    """The central function's STS client, keeping the roles it assumes and when each session expires."""

    def __init__(self, sts: Any) -> None:
        self.sts = sts
        self.assumed: list[str] = []
        self.expires: list[datetime] = []

    def assume_role(self, **given: Any) -> Any:
        self.assumed.append(given["RoleArn"])
        answer = self.sts.assume_role(**given)
        self.expires.append(answer["Credentials"]["Expiration"])
        return answer


@pytest.fixture(scope="module")
def org(moto_endpoint: str) -> Iterator[dict[str, Any]]:
    """The central account (an organisation, the table, the timeline function's role) and a member account
    with the member template in two regions and a tagged alarm in the second."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {
            "AWS_ENDPOINT_URL": moto_endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": HOME,
            "AWS_MAX_ATTEMPTS": "1",
        }.items():
            patch.setenv(name, value)
        install()  # AssumeRole as AWS refuses it: a missing or untrusting role is AccessDenied
        organization = join_organization(CENTRAL, MEMBER)  # the central account runs it; the member is in it
        iam = client("iam", CENTRAL, HOME)
        trust = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": CENTRAL}, "Action": "sts:AssumeRole"}]}
        roles = {
            name: iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
            for name in ("closeloop-AutomationRole", "closeloop-TimelineHandlerRole")
        }
        statuses = deploy_member_template(
            MEMBER,
            [HOME, OTHER],
            {
                "CentralAutomationRoleArn": roles["closeloop-AutomationRole"],
                "CentralTimelineRoleArn": roles["closeloop-TimelineHandlerRole"],
                "CentralEventBusArn": f"arn:aws:events:{HOME}:{CENTRAL}:event-bus/{PREFIX}MemberEvents",
                "OrganizationId": organization,
            },
        )
        assert statuses == {HOME: "CREATE_COMPLETE", OTHER: "CREATE_COMPLETE"}
        put_alarm(client("cloudwatch", MEMBER, OTHER), ALARM, Tags=[{"Key": "closeloop:incident", "Value": INCIDENT}])
        # The function's own session: the timeline function's role, as Lambda gives it to the function.
        session = client("sts", CENTRAL, HOME).assume_role(
            RoleArn=roles["closeloop-TimelineHandlerRole"], RoleSessionName="closeloop-timeline"
        )
        automation = client("sts", CENTRAL, HOME).assume_role(
            RoleArn=roles["closeloop-AutomationRole"], RoleSessionName="automation"
        )
        yield {
            "session": credentials(session),
            "automation": credentials(automation),
            "alarm": f"arn:aws:cloudwatch:{OTHER}:{MEMBER}:alarm:{ALARM}",
        }


@pytest.fixture
def central(org: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A fresh table in the central account and the handler wired to it, acting as the timeline function's role."""
    name = f"closeloop-{datetime.now(UTC).strftime('%H%M%S%f')}"
    with acting_as(CENTRAL):
        create_table(name)
    home = Clients(client("dynamodb", CENTRAL, HOME), client("ssm", CENTRAL, HOME), client("cloudwatch", CENTRAL, HOME))
    sts = CountingSts(boto3.client("sts", region_name=HOME, **org["session"]))
    handler = app.build(home, name, sts=sts, make=boto3.client)
    yield {"handler": handler, "table": name, "sts": sts, "dynamodb": home.dynamodb}


def forwarded(alarm_arn: str, account: str = MEMBER, region: str = OTHER) -> dict[str, Any]:
    """AWS's documented alarm event, as it reaches the central bus from the member: its account and region kept."""
    event = copy.deepcopy(event_fixture("cloudwatch_alarm_state_change_alarm.json"))
    event.update(account=account, region=region, resources=[alarm_arn])
    event["detail"]["alarmName"] = alarm_arn.rsplit(":", 1)[1]
    return event


def context() -> FakeLambdaContext:
    return FakeLambdaContext(invoked_function_arn=FUNCTION)


def recorded(central: dict[str, Any]) -> list[dict[str, Any]]:
    with acting_as(CENTRAL):
        return items(central["table"], INCIDENT)


def test_a_member_alarm_lands_on_its_incident_with_the_members_account_and_region(
    org: dict[str, Any], central: dict[str, Any]
) -> None:
    outcome = central["handler"](forwarded(org["alarm"]), context())
    assert outcome["recorded"] is True and outcome["incident_id"] == INCIDENT, outcome
    [item] = recorded(central)
    assert (item["account"]["S"], item["region"]["S"], item["source"]["S"]) == (MEMBER, OTHER, org["alarm"])
    assert item["kind"]["S"] == "alert"
    assert central["sts"].assumed == [timeline_reader_arn(MEMBER, PREFIX)]


def test_a_redelivered_or_replayed_copy_is_the_same_event(org: dict[str, Any], central: dict[str, Any]) -> None:
    event = forwarded(org["alarm"])
    first = central["handler"](event, context())
    again = central["handler"](event, context())  # EventBridge's retry of the same delivery
    replayed = central["handler"]({**event, "id": "0e4f0c3c-0000-4000-8000-000000000002"}, context())
    assert first["recorded"] is True and again == first
    assert replayed["recorded"] is False and replayed["skipped"] == "already on the timeline"
    assert len(recorded(central)) == 1


def test_an_account_without_the_member_stack_is_dropped_with_its_reason_not_retried(
    org: dict[str, Any], central: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    logged: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(app.logger, "info", lambda message, **fields: logged.append((message, fields)))
    stranger = f"arn:aws:cloudwatch:{OTHER}:{OUTSIDER}:alarm:{ALARM}"
    outcome = central["handler"](forwarded(stranger, account=OUTSIDER), context())  # returns: no DLQ, no retry
    assert outcome["recorded"] is False
    assert outcome["skipped"].startswith(f"dropped: account {OUTSIDER}: cannot assume ")
    assert "AccessDenied" in outcome["skipped"]
    assert logged == [("timeline event handled", {"extra": outcome})]  # one line, saying why
    assert recorded(central) == []


def test_a_home_event_is_read_with_the_functions_own_clients(org: dict[str, Any], central: dict[str, Any]) -> None:
    home_alarm = f"arn:aws:cloudwatch:{HOME}:{CENTRAL}:alarm:{ALARM}"
    outcome = central["handler"](forwarded(home_alarm, account=CENTRAL, region=HOME), context())
    assert outcome["skipped"] == f"alarm {ALARM} was deleted before its tags could be read: it belongs to no incident"
    assert central["sts"].assumed == []  # no role assumed for this account's own event


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_the_members_role_is_assumed_once_per_account_and_region_until_it_nearly_expires(
    org: dict[str, Any], central: dict[str, Any]
) -> None:
    clock = Clock(datetime(2026, 12, 4, tzinfo=UTC))
    home = Home(CENTRAL, HOME)
    readers = Readers(Clients(central["dynamodb"], None, None), central["sts"], PREFIX, boto3.client, clock)
    first = readers.at(MEMBER, OTHER, home)
    assert readers.at(MEMBER, OTHER, home) is first
    assert readers.at(MEMBER, HOME, home) is not first
    assert len(central["sts"].assumed) == 2  # one per region, each kept
    tags = first.cloudwatch.list_tags_for_resource(ResourceARN=org["alarm"])["Tags"]
    assert tags == [{"Key": "closeloop:incident", "Value": INCIDENT}]
    clock.now = central["sts"].expires[0] - RENEW_BEFORE - timedelta(seconds=1)
    assert readers.at(MEMBER, OTHER, home) is first
    clock.now += timedelta(seconds=1)  # within the margin before the session expires: a new one
    renewed = readers.at(MEMBER, OTHER, home)
    assert renewed is not first and len(central["sts"].assumed) == 3


def test_a_throttled_sts_is_raised_so_eventbridge_retries() -> None:
    sts = boto3.client("sts", region_name=HOME, aws_access_key_id="x", aws_secret_access_key="x")
    readers = Readers(Clients(None, None, None), sts, PREFIX, boto3.client)
    with Stubber(sts) as stubber:
        stubber.add_client_error("assume_role", service_error_code="Throttling", http_status_code=400)
        with pytest.raises(ClientError, match="Throttling"):
            readers.at(MEMBER, OTHER, Home(CENTRAL, HOME))


@pytest.mark.parametrize("account", ["12345", "not-an-account"])
def test_an_event_whose_account_is_no_account_id_is_dropped(account: str) -> None:
    readers = Readers(Clients(None, None, None), object(), PREFIX, boto3.client)
    with pytest.raises(Unreachable, match="is not an AWS account id"):
        readers.at(account, OTHER, Home(CENTRAL, HOME))


def test_another_region_of_this_account_is_read_through_its_timeline_reader(
    org: dict[str, Any], central: dict[str, Any]
) -> None:
    """The function's grants name its own region only: elsewhere, even in its own account, it reads through the
    account's timeline reader, which the central account has not deployed here, so the event is dropped."""
    elsewhere = f"arn:aws:cloudwatch:{OTHER}:{CENTRAL}:alarm:{ALARM}"
    outcome = central["handler"](forwarded(elsewhere, account=CENTRAL, region=OTHER), context())
    assert outcome["recorded"] is False and outcome["skipped"].startswith(f"dropped: account {CENTRAL}: ")
    assert central["sts"].assumed == [timeline_reader_arn(CENTRAL, PREFIX)]


RUNBOOK = {
    "schemaVersion": "0.3",
    "description": "The member team's own rollback runbook",
    "parameters": {"IncidentId": {"type": "String"}},
    "mainSteps": [{"name": "ConfirmRollback", "action": "aws:pause", "inputs": {}}],
}


def test_a_member_runbooks_step_links_through_the_members_execution(
    org: dict[str, Any], central: dict[str, Any]
) -> None:
    """AWS's documented step event names only the execution: its IncidentId is read in the member account."""
    ssm = client("ssm", MEMBER, OTHER)
    name = f"Checkout-Rollback-{central['table'][-6:]}"
    ssm.create_document(Name=name, Content=json.dumps(RUNBOOK), DocumentType="Automation", DocumentFormat="JSON")
    execution = ssm.start_automation_execution(DocumentName=name, Parameters={"IncidentId": [INCIDENT]})
    event = copy.deepcopy(event_fixture("ssm_automation_step_status_change.json"))
    event.update(account=MEMBER, region=OTHER)
    event["detail"].update(
        Definition=name, ExecutionId=execution["AutomationExecutionId"], StepName="ConfirmRollback", Status="Success"
    )
    outcome = central["handler"](event, context())
    assert outcome["recorded"] is True and outcome["incident_id"] == INCIDENT, outcome
    [item] = recorded(central)
    assert (item["account"]["S"], item["region"]["S"], item["kind"]["S"]) == (MEMBER, OTHER, "human_action")
    assert item["source"]["S"] == f"automation:{execution['AutomationExecutionId']}#ConfirmRollback"
    ssm.stop_automation_execution(AutomationExecutionId=execution["AutomationExecutionId"])


def test_only_the_timeline_functions_role_may_assume_the_members_timeline_reader(org: dict[str, Any]) -> None:
    """The central Automation role, in the same account and organisation, has its own member role: not this one."""
    sts = boto3.client("sts", region_name=HOME, **org["automation"])
    with pytest.raises(ClientError, match="AccessDenied"):
        sts.assume_role(RoleArn=timeline_reader_arn(MEMBER, PREFIX), RoleSessionName="automation")
    timeline = boto3.client("sts", region_name=HOME, **org["session"])
    assert timeline.assume_role(RoleArn=timeline_reader_arn(MEMBER, PREFIX), RoleSessionName="closeloop-timeline")
