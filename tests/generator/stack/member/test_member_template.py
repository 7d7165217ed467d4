"""The member stack: the reader role reads exactly what the collectors call, the forwarding rules pass AWS's
documented alarm and Automation events to the central bus and nothing else, and cfn-lint and checkov pass."""

import json
import subprocess
from typing import Any

import pytest
import yaml

from generator.iam.collectors import collector_actions
from generator.stack.checks import CHECKOV_VENV, cfn_lint_command
from generator.stack.member.forwarding import FORWARDED
from generator.stack.render import MEMBER_TEMPLATE_FILE
from runbooks.scripts.org import reader_role_name
from tests.conftest import ROOT
from tests.generator.stack.test_step_rule import event, matches, step

CHECKOV = ROOT / CHECKOV_VENV / "bin" / "checkov"


def test_the_generated_file_is_the_member_template(member: dict[str, Any]) -> None:
    assert yaml.safe_load((ROOT / MEMBER_TEMPLATE_FILE).read_text(encoding="utf-8")) == json.loads(json.dumps(member))


def test_cfn_lint_finds_nothing_in_the_member_template() -> None:
    result = subprocess.run(cfn_lint_command(ROOT / MEMBER_TEMPLATE_FILE), capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.skipif(not CHECKOV.exists(), reason=f"{CHECKOV_VENV}/ is absent: `./dev setup` creates it")
def test_checkov_fails_no_check_on_the_member_template() -> None:
    path = ROOT / MEMBER_TEMPLATE_FILE
    command = [str(CHECKOV), "--skip-download", "--framework", "cloudformation", "-o", "json", "-f", str(path)]
    report = json.loads(subprocess.run(command, capture_output=True, text=True, check=False).stdout)
    assert [(c["check_id"], c["resource"]) for c in report["results"]["failed_checks"]] == []
    assert report["summary"]["passed"] > 10 and report["summary"]["parsing_errors"] == 0
    skipped = report["results"]["skipped_checks"]
    assert [c["check_id"] for c in skipped] == ["CKV_AWS_27"]
    assert "SSE-SQS" in skipped[0]["check_result"]["suppress_comment"]


def test_the_reader_role_is_granted_what_the_collectors_call(member: dict[str, Any]) -> None:
    role = member["Resources"]["EvidenceReaderRole"]
    statements = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    granted = sorted(a for s in statements for a in s["Action"])
    assert granted == sorted(collector_actions())
    assert {"cloudtrail:LookupEvents", "logs:StartQuery", "cloudwatch:DescribeAlarmHistory"} <= set(granted)
    assert not any(a.startswith(("s3:", "dynamodb:", "kms:", "sns:")) for a in granted)  # writes go to central


def test_the_timeline_reader_reads_only_what_links_an_event_to_its_incident(member: dict[str, Any]) -> None:
    """Exactly the handler's reads in a member (an alarm's tags; an execution, its tags, its OpsItem), trusted by
    the central timeline function's role alone: not the evidence reader's grants, nor its principal."""
    role = member["Resources"]["TimelineReaderRole"]
    statements = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    granted = sorted(a for s in statements for a in s["Action"])
    assert granted == [
        "cloudwatch:ListTagsForResource",
        "ssm:GetAutomationExecution",
        "ssm:GetOpsItem",
        "ssm:ListTagsForResource",
    ]
    assert role["Properties"]["RoleName"] == {"Fn::Sub": "${NamePrefix}TimelineReader"}
    assert role["Condition"] == "InReaderRoleRegion"
    [trust] = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Condition"]["ArnEquals"] == {"aws:PrincipalArn": {"Ref": "CentralTimelineRoleArn"}}
    assert trust["Condition"]["StringEquals"] == {"aws:PrincipalOrgID": {"Ref": "OrganizationId"}}


def test_the_reader_role_is_made_once_per_account_under_its_published_name(member: dict[str, Any]) -> None:
    role = member["Resources"]["EvidenceReaderRole"]
    # The central stack's prefix (NamePrefix, default Closeloop-): runbooks/scripts/org.py's name for it.
    assert role["Properties"]["RoleName"] == {"Fn::Sub": "${NamePrefix}EvidenceReader"}
    assert member["Parameters"]["NamePrefix"]["Default"] + "EvidenceReader" == reader_role_name()
    assert role["Condition"] == "InReaderRoleRegion"
    assert member["Conditions"]["InReaderRoleRegion"] == {
        "Fn::Equals": [{"Ref": "AWS::Region"}, {"Ref": "ReaderRoleRegion"}]
    }


def test_every_regional_read_names_this_accounts_resources_in_any_region(member: dict[str, Any]) -> None:
    statements = member["Resources"]["EvidenceReaderRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    for statement in statements:
        resource = statement["Resource"]
        if resource != "*":
            assert resource["Fn::Sub"].startswith("arn:${AWS::Partition}:"), statement
            assert ":*:${AWS::AccountId}:" in resource["Fn::Sub"], statement


ALARM = event("cloudwatch_alarm_state_change_alarm.json")
OK = event("cloudwatch_alarm_state_change_ok.json")
STEP_DONE = step(Status="Success")
STEP_RUNNING = step(Status="InProgress")
EXECUTION = event("ssm_automation_execution_status_change.json")


def forwarded_by(member: dict[str, Any], delivered: dict[str, Any]) -> list[str]:
    return [
        logical
        for logical in FORWARDED
        if matches(member["Resources"][logical]["Properties"]["EventPattern"], delivered)
    ]


@pytest.mark.parametrize(
    ("delivered", "rules"),
    [
        (ALARM, ["ForwardAlarmStateChanges"]),
        (OK, ["ForwardAlarmStateChanges"]),
        (STEP_DONE, ["ForwardAutomationSteps"]),
        (STEP_RUNNING, []),
        (EXECUTION, ["ForwardAutomationExecutions"]),
    ],
    ids=["alarm", "ok", "step-ended", "step-running", "execution"],
)
def test_aws_documented_events_are_forwarded_once(
    member: dict[str, Any], delivered: dict[str, Any], rules: list[str]
) -> None:
    assert forwarded_by(member, delivered) == rules


def test_an_unrelated_event_is_not_forwarded(member: dict[str, Any]) -> None:
    other = {**ALARM, "source": "aws.ec2", "detail-type": "EC2 Instance State-change Notification"}
    assert forwarded_by(member, other) == []


def test_each_rule_sends_to_the_central_bus_through_its_role_and_keeps_what_it_cannot(member: dict[str, Any]) -> None:
    for logical in FORWARDED:
        (target,) = member["Resources"][logical]["Properties"]["Targets"]
        assert target["Arn"] == {"Ref": "CentralEventBusArn"}
        assert target["RoleArn"] == {"Fn::GetAtt": ["EventForwarderRole", "Arn"]}
        assert target["DeadLetterConfig"]["Arn"] == {"Fn::GetAtt": ["UndeliveredEventsQueue", "Arn"]}
    policy = member["Resources"]["UndeliveredEventsQueuePolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
    assert policy["Condition"]["ArnEquals"]["aws:SourceArn"] == [{"Fn::GetAtt": [r, "Arn"]} for r in FORWARDED]
