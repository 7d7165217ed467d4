"""`aws cloudformation deploy` with a change set, and what deploy.sh says around it.

Before deploying, the stack's current template and parameters are compared with what would be sent:
when they are the same, nothing is sent and deploy.sh says the stack is up to date (CloudFormation
would say the same through an empty change set; the emulator would not). After a failed deploy, the
stack's events since the deploy began name each failed resource and CloudFormation's reason.
"""

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from botocore.exceptions import ClientError

from generator.stack.target import Target

CAPABILITIES = ("CAPABILITY_IAM",)
NO_CHANGES = "No changes to deploy"
FAILED_STATES = ("CREATE_FAILED", "UPDATE_FAILED", "DELETE_FAILED", "IMPORT_FAILED")
STUCK_STATES = ("ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_FAILED")


class DeployError(Exception):
    pass


@dataclass(frozen=True)
class Outcome:
    changed: bool
    output: str


def current_stack(target: Target, stack: str) -> dict[str, Any] | None:
    try:
        stacks = target.client("cloudformation").describe_stacks(StackName=stack)["Stacks"]
    except ClientError as error:
        if "does not exist" in str(error):
            return None
        raise
    return dict(stacks[0]) if stacks else None


def check_deployable(described: Mapping[str, Any] | None, stack: str) -> None:
    if described and described["StackStatus"] in STUCK_STATES:
        raise DeployError(
            f"stack {stack} is {described['StackStatus']}: CloudFormation cannot update it. Delete it "
            f"(aws cloudformation delete-stack --stack-name {stack}; the retained buckets, key and table stay) "
            "and run again."
        )


def _as_data(body: Any) -> Any:
    return yaml.safe_load(body) if isinstance(body, str) else body


def up_to_date(
    target: Target, described: Mapping[str, Any] | None, template: Path, parameters: Mapping[str, str]
) -> bool:
    """True when the stack runs exactly this template with these parameter values, in a settled state."""
    if (
        not described
        or not str(described["StackStatus"]).endswith("_COMPLETE")
        or "ROLLBACK" in described["StackStatus"]
    ):
        return False
    deployed = {p["ParameterKey"]: p.get("ParameterValue") for p in described.get("Parameters", [])}
    if any(deployed.get(key) != value for key, value in parameters.items()):
        return False
    body = target.client("cloudformation").get_template(StackName=described["StackName"])["TemplateBody"]
    return bool(_as_data(body) == yaml.safe_load(template.read_text(encoding="utf-8")))


def deploy_command(target: Target, stack: str, template: Path, bucket: str, parameters: Mapping[str, str]) -> list[str]:
    overrides = [f"{key}={value}" for key, value in sorted(parameters.items())]
    return [
        "aws", "cloudformation", "deploy", *target.cli_arguments(),
        "--template-file", str(template), "--stack-name", stack,
        "--s3-bucket", bucket, "--s3-prefix", "closeloop/templates",
        "--capabilities", *CAPABILITIES, "--no-fail-on-empty-changeset",
        "--parameter-overrides", *overrides,
        "--tags", "closeloop:stack=" + stack,
    ]  # fmt: skip


def run_deploy(target: Target, command: list[str]) -> Outcome:
    """Run the CLI, echoing its lines as they come; an error with the failed resources' reasons on failure."""
    started = datetime.now().astimezone()
    lines: list[str] = []
    with subprocess.Popen(
        command, env=target.cli_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            print(f"  | {line.rstrip()}", flush=True)
            lines.append(line)
    output = "".join(lines)
    if process.returncode != 0:
        raise DeployError(failure_report(target, command[command.index("--stack-name") + 1], started, output))
    return Outcome(changed=NO_CHANGES not in output, output=output)


def failed_events(target: Target, stack: str, since: datetime) -> list[dict[str, Any]]:
    """Events of resources that failed since `since`, oldest first (the first is usually the cause)."""
    client = target.client("cloudformation")
    failed: list[dict[str, Any]] = []
    try:
        for page in client.get_paginator("describe_stack_events").paginate(StackName=stack):
            for event in page["StackEvents"]:  # newest first
                if event["Timestamp"] < since:
                    return list(reversed(failed))
                if event["ResourceStatus"] in FAILED_STATES or (
                    event["ResourceStatus"].endswith("ROLLBACK_IN_PROGRESS") and event.get("ResourceStatusReason")
                ):
                    failed.append(dict(event))
    except ClientError:
        pass  # the stack never came to exist: the CLI's own message says why
    return list(reversed(failed))


def failure_report(target: Target, stack: str, since: datetime, cli_output: str) -> str:
    events = failed_events(target, stack, since)
    lines = [f"deploying stack {stack} failed."]
    if events:
        lines.append("Failed resources (oldest first):")
        lines += [
            f"  {e['LogicalResourceId']} ({e['ResourceType']}): {e.get('ResourceStatusReason', 'no reason given')}"
            for e in events
        ]
    else:
        last = [line for line in cli_output.strip().splitlines() if line.strip()][-1:] or ["(no output)"]
        lines.append(f"No resource failed; the AWS CLI said: {last[0]}")
    return "\n".join(lines)


def stack_outputs(target: Target, stack: str) -> dict[str, str]:
    described = current_stack(target, stack) or {}
    return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs") or []}
