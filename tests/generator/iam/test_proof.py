"""The least-privilege proof `closeloop build --check` runs: a removed grant, an extra grant and an ungranted
call each fail it, for the Automation role and for a Lambda function's role."""

import copy
from typing import Any

from generator.document import Document
from generator.document.steps.execute_script import ExecuteScriptInputs, ExecuteScriptStep
from generator.iam.findings import Finding
from generator.iam.proof import automation_needs, role_findings, stack_findings
from runbooks.catalogue import RUNBOOKS, RUNS_AS_CALLER
from runbooks.log_timeline_event import build as log_timeline_event
from tests.generator.iam.conftest import statements_granting

ROLE_RUN = [build() for name, build in sorted(RUNBOOKS.items()) if name not in RUNS_AS_CALLER]


def test_the_shipped_stack_passes(template: dict[str, Any]) -> None:
    assert stack_findings(template) == []


def test_a_grant_removed_from_the_template_fails(template: dict[str, Any]) -> None:
    changed = copy.deepcopy(template)
    for statement in statements_granting(changed, "AutomationRole", "cloudtrail:LookupEvents"):
        statement["Action"].remove("cloudtrail:LookupEvents")
    findings = role_findings(changed, automation_needs(ROLE_RUN))
    assert [(f.where, f.action) for f in findings] == [("AutomationRole", "cloudtrail:LookupEvents")]
    assert findings[0].problem.startswith("needed (")


def test_a_grant_no_step_needs_fails(template: dict[str, Any]) -> None:
    changed = copy.deepcopy(template)
    statements = changed["Resources"]["AutomationRolePolicy"]["Properties"]["PolicyDocument"]["Statement"]
    statements[0]["Action"] = [*statements[0]["Action"], "cloudwatch:DeleteAlarms"]
    findings = role_findings(changed, automation_needs(ROLE_RUN))
    assert [f.action for f in findings] == ["cloudwatch:DeleteAlarms"]
    assert findings[0].problem == "granted but nothing that runs as the role calls it"


def with_extra_call(document: Document) -> Document:
    script = (
        "import boto3\n\n\ndef handler(events, context):\n"
        "    return boto3.client('ec2').terminate_instances(InstanceIds=[events['Id']])\n"
    )
    step = ExecuteScriptStep(
        name="Extra",
        action="aws:executeScript",
        inputs=ExecuteScriptInputs(Runtime="python3.11", Handler="handler", Script=script),
    )
    return document.model_copy(update={"mainSteps": [*document.mainSteps, step]})


def test_a_call_added_to_a_script_without_its_grant_fails(template: dict[str, Any]) -> None:
    documents = [*ROLE_RUN, with_extra_call(log_timeline_event())]
    findings = role_findings(template, automation_needs(documents))
    assert [f.action for f in findings] == ["ec2:TerminateInstances"]
    assert "(Extra)" in findings[0].problem


def test_a_finding_is_one_line_naming_the_role_the_action_and_the_resource() -> None:
    finding = Finding("WebhookHandlerRole (closeloop-webhook)", "dynamodb:Scan", "Table.Arn", "granted but ...")
    assert finding.line() == "WebhookHandlerRole (closeloop-webhook): dynamodb:Scan on Table.Arn: granted but ..."
    assert (
        Finding("AutomationRole", "ec2:RunInstances", "-", "needed").line()
        == "AutomationRole: ec2:RunInstances: needed"
    )
