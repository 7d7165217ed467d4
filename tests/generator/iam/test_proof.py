"""The least-privilege proof `closeloop build --check` runs: a removed grant and an ungranted call both fail it."""

import copy
from typing import Any

from generator.document import Document
from generator.document.steps.execute_script import ExecuteScriptInputs, ExecuteScriptStep
from generator.iam.proof import automation_role_problems, stack_problems
from runbooks.catalogue import RUNBOOKS, RUNS_AS_CALLER
from runbooks.log_timeline_event import build as log_timeline_event

ROLE_RUN = [build() for name, build in sorted(RUNBOOKS.items()) if name not in RUNS_AS_CALLER]


def test_the_shipped_stack_passes() -> None:
    assert stack_problems() == []


def test_a_grant_removed_from_the_template_fails(template: dict[str, Any]) -> None:
    changed = copy.deepcopy(template)
    statements = changed["Resources"]["AutomationRolePolicy"]["Properties"]["PolicyDocument"]["Statement"]
    for statement in statements:
        if isinstance(statement["Action"], list) and "cloudtrail:LookupEvents" in statement["Action"]:
            statement["Action"].remove("cloudtrail:LookupEvents")
    problems = automation_role_problems(changed, ROLE_RUN)
    assert any(p.startswith("cloudtrail:LookupEvents is needed") for p in problems), problems


def test_a_grant_no_step_needs_fails(template: dict[str, Any]) -> None:
    changed = copy.deepcopy(template)
    statements = changed["Resources"]["AutomationRolePolicy"]["Properties"]["PolicyDocument"]["Statement"]
    statements[0]["Action"] = [*statements[0]["Action"], "cloudwatch:DeleteAlarms"]
    problems = automation_role_problems(changed, ROLE_RUN)
    assert "cloudwatch:DeleteAlarms is granted to the Automation role but no step needs it" in problems


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
    problems = automation_role_problems(template, documents)
    assert any(p.startswith("ec2:TerminateInstances is needed") and "(Extra)" in p for p in problems), problems
