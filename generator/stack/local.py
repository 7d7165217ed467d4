"""`deploy.sh --local`: the embedded emulator (moto on 127.0.0.1) and what it leaves out of the stack.

moto's CloudFormation skips resource types it does not model (the stack still reports CREATE_COMPLETE)
and ignores some properties of those it does (FACTS.md). Nothing of that is hidden: before deploying,
every skipped type is listed; after deploying, each gap is closed through the service's own API where
the emulator has one (the Jira secret, bucket versioning, Object Lock and public-access block, the
table's point-in-time recovery, the alarms) and reported either way.
"""

import importlib
import json
import logging
import warnings
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from moto.cloudformation.parsing import get_model_map

from generator.emulator import extensions
from generator.emulator import server as emulator_server
from generator.stack import emulator_fixes, names
from generator.stack.local_properties import close_property_gaps
from generator.stack.local_resources import (
    create_alarms,
    create_function_urls,
    create_jira_secret,
    put_bucket_policies,
)
from generator.stack.local_template import for_emulator
from generator.stack.target import EMULATOR_REGION, Target

MOTO_MODULES = {"Lambda": "awslambda"}
# moto alone enforces a Deny without its Condition: the TLS-only deny would refuse every request (an empty 403).
# Only closeloop's emulator, running in this process, evaluates conditions (generator/emulator/bucket_policy.py).
UNCONDITIONAL_DENY = (
    "the emulator serving this deploy is not closeloop's; moto alone enforces a Deny without its Condition"
)
POLICY_TYPES = {
    "AWS::SNS::TopicPolicy": "not applied (the emulator checks no permission unless told to)",
    "AWS::SQS::QueuePolicy": "not applied (the emulator checks no permission unless told to)",
}


def quiet() -> None:
    """moto warns once per skipped resource; the --local report lists them once, so its warnings are noise."""
    warnings.filterwarnings("ignore", message="Tried to parse .* but it's not supported")
    for noisy in ("werkzeug", "moto"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)


def running_emulator() -> AbstractContextManager[str]:
    """The embedded emulator (generator/emulator): moto on 127.0.0.1 with closeloop's extensions, enforcing IAM
    (the deploy acts as the account's administrator; what the stack runs acts with the roles it gives)."""
    return emulator_server.running_emulator(strict=True)


def configure(endpoint: str) -> None:
    """Lambda functions must be created with use_docker off, or creating one waits for a Docker daemon."""
    emulator_server.configure(endpoint)


def emulator_target(endpoint: str) -> Target:
    """The target for an emulator running in this process (the fixes patch this process's moto)."""
    emulator_fixes.install()
    quiet()
    return Target(region=EMULATOR_REGION, endpoint_url=endpoint)


def supported(resource_type: str) -> bool:
    service = resource_type.split("::")[1]
    try:
        importlib.import_module(f"moto.{MOTO_MODULES.get(service, service.lower())}.models")
    except ImportError:
        return False
    return resource_type in get_model_map()


def skipped_resources(template: dict[str, Any]) -> dict[str, str]:
    """Logical id -> type of every resource the emulator's CloudFormation will skip."""
    return {
        logical: resource["Type"]
        for logical, resource in template["Resources"].items()
        if not supported(resource["Type"])
    }


def write_emulator_template(template: dict[str, Any], skipped: dict[str, str], path: Path) -> list[str]:
    """Write the template as the emulator needs it (local_template.py); what was changed and will be skipped."""
    local, changed = for_emulator(template)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(local, indent=1), encoding="utf-8")
    notes = [
        f"{prop}: left out (the emulator skips the function URL; it is made through Lambda's API after the deploy)"
        if prop.startswith("Outputs.")
        else f"{prop}: sent as a JSON string, not a mapping (the emulator mishandles a mapping)"
        for prop in changed
    ]
    kinds = sorted(set(skipped.values()))
    if kinds:
        notes.append("the emulator's CloudFormation skips (and still reports CREATE_COMPLETE): " + ", ".join(kinds))
    return notes


def close_gaps(
    target: Target, stack: str, template: dict[str, Any], skipped: dict[str, str], outputs: dict[str, str],
    params: dict[str, str],
) -> list[str]:  # fmt: skip
    """Make up, through each service's API, for what the emulator's CloudFormation left out; say what was done."""
    notes: list[str] = []
    remaining = dict(skipped)
    if remaining.pop(names.JIRA_SECRET, None):
        notes.append(create_jira_secret(target, stack, template, outputs))
    alarms = [logical for logical, kind in remaining.items() if kind == "AWS::CloudWatch::Alarm"]
    if alarms:
        notes.append(create_alarms(target, stack, template, alarms))
    urls = [logical for logical, kind in remaining.items() if kind == "AWS::Lambda::Url"]
    if urls:
        notes += create_function_urls(target, stack, template, urls, outputs)
    policies = [logical for logical, kind in remaining.items() if kind == "AWS::S3::BucketPolicy"]
    if policies and extensions.installed():
        notes.append(put_bucket_policies(target, stack, template, policies, params))
    elif policies:
        notes.append(f"{len(policies)} AWS::S3::BucketPolicy: not applied: {UNCONDITIONAL_DENY}")
    for logical, kind in remaining.items():
        if kind in ("AWS::CloudWatch::Alarm", "AWS::Lambda::Url", "AWS::S3::BucketPolicy"):
            continue
        if kind in POLICY_TYPES:
            notes.append(f"{logical} ({kind}): skipped by the emulator; {POLICY_TYPES[kind]}")
        else:
            notes.append(f"{logical} ({kind}): skipped by the emulator; not created")
    notes += close_property_gaps(target, outputs, params)
    resources = template["Resources"].items()
    schedules = [logical for logical, r in resources if "ScheduleExpression" in r.get("Properties", {})]
    if schedules:
        notes.append(f"schedules ({', '.join(schedules)}): stored as EventBridge rules; the emulator never fires them")
    notes.append(
        "Lambda functions: created with the package and run from it by the emulator's Lambda runtime, with their "
        "role's credentials; EventBridge rules deliver to them and function URLs are served on the emulator's port"
    )
    return notes
