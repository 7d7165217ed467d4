"""Running an operator runbook in the simulator against the session's emulator, and reading its timeline."""

import io
import uuid
import zipfile
from collections.abc import Mapping
from typing import Any

import boto3

from domain.timeline import TimelineEvent
from domain.timeline_store import TimelineStore
from generator.emulator.extensions import install as install_emulator_extensions
from generator.simulator import ClientFactory, ExecutionRecord, RunOptions, simulate
from runbooks import catalogue
from tests.domain.closeloop_table import create_table
from tests.runbooks.scripts.evidence.seed import LAMBDA_TRUST

RESPONDER = "arn:aws:iam::123456789012:user/ana"
APPROVER = "arn:aws:iam::123456789012:user/bo"
# What the emulator's STS says the caller is: who started a simulated run (its ExecutedBy).
EMULATOR_CALLER = "arn:aws:sts::123456789012:user/moto"


def new_table() -> str:
    name = f"closeloop-{uuid.uuid4().hex[:8]}"
    create_table(name)
    return name


def run(
    endpoint: str, runbook: str, parameters: Mapping[str, Any], options: RunOptions | None = None
) -> ExecutionRecord:
    document = catalogue.find(runbook)
    assert document is not None, f"{runbook} is not in the catalogue"
    # The session's emulator answers as closeloop's does: GetAutomationExecution for the run, among others.
    install_emulator_extensions()
    return simulate(document, parameters, name=runbook, clients=ClientFactory(endpoint), options=options)


def timeline(table: str, incident: str) -> list[TimelineEvent]:
    return TimelineStore(boto3.client("dynamodb"), table).events(incident)


def lambda_with_versions(versions: int) -> str:
    """A function with `versions` published versions and an alias `live` on the last one."""
    iam, lam = boto3.client("iam"), boto3.client("lambda")
    name = f"checkout-{uuid.uuid4().hex[:6]}"
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return 1\n")
    lam.create_function(
        FunctionName=name,
        Runtime="python3.11",
        Role=role["Arn"],
        Handler="app.handler",
        Code={"ZipFile": code.getvalue()},
    )
    for index in range(versions):
        lam.update_function_configuration(FunctionName=name, Description=f"release {index + 1}")
        lam.publish_version(FunctionName=name)
    lam.create_alias(FunctionName=name, Name="live", FunctionVersion=str(versions))
    return name


def alias_version(name: str) -> str:
    return str(boto3.client("lambda").get_alias(FunctionName=name, Name="live")["FunctionVersion"])
