"""The closeloop stacks in `closeloop up`'s local AWS: one per NamePrefix, side by side as in an account.

A stack's name follows its prefix as deploy.sh's documentation suggests for a second stack: `closeloop` for
the default prefix (Closeloop-), `closeloop-team2` for Team2-. What runs is read from CloudFormation itself
(every stack with closeloop's table and bucket outputs, its prefix from its NamePrefix parameter), so a state
read back from disk names the stacks it holds without anything else written down.
"""

import re
from pathlib import Path
from typing import Any

from domain.documents import DEFAULT_PREFIX
from generator.local.state import LocalStack

STACK = "closeloop"  # deploy.sh's default stack name
NAME_PREFIX = "NamePrefix"  # the template parameter (generator/stack/parameters.py)


def stack_name(prefix: str) -> str:
    """`closeloop` for the default prefix, else `closeloop-<the prefix's letters and digits, lower case>`."""
    if prefix == DEFAULT_PREFIX:
        return STACK
    slug = re.sub(r"[^a-z0-9]+", "-", prefix.lower()).strip("-")
    return f"{STACK}-{slug}"


def closeloop_stacks(endpoint: str) -> list[LocalStack]:
    """Every closeloop stack the local AWS holds, the default prefix's first."""
    from generator.stack import local

    found = []
    pages = local.emulator_target(endpoint).client("cloudformation").get_paginator("describe_stacks").paginate()
    for stack in (stack for page in pages for stack in page["Stacks"]):
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs") or []}
        if "TableName" not in outputs or "EvidenceBucketName" not in outputs:
            continue
        prefix = _parameter(stack, NAME_PREFIX) or DEFAULT_PREFIX
        found.append(LocalStack(prefix, stack["StackName"], outputs["TableName"], outputs["EvidenceBucketName"]))
    return sorted(found, key=lambda s: (s.prefix != DEFAULT_PREFIX, s.prefix))


def _parameter(stack: dict[str, Any], key: str) -> str | None:
    return next((p["ParameterValue"] for p in stack.get("Parameters") or [] if p["ParameterKey"] == key), None)


def deploy(endpoint: str, prefix: str, state: Path, say: Any) -> None:
    """Deploy the stack of `prefix` into the local AWS (the drill's path, deploy.sh --local's)."""
    from generator.drill.stack import deploy_stack  # moto's CloudFormation: only when a stack is deployed

    name = stack_name(prefix)
    say(f"deploying stack {name} (prefix {prefix}; deploy.sh --local's path)")
    deploy_stack(
        endpoint, state / "stacks" / name, stack=name, params=[f"{NAME_PREFIX}={prefix}"],
        on_heading=lambda heading: say(f"deploy: {heading}"),
    )  # fmt: skip
