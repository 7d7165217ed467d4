"""A run's targets: the ones given (`Targets`), the account/region of each resource named by ARN, and the home
one (the run's own) for a resource named plainly or when nothing is named. Each target is asked only about
its own resources, by the name its API takes; sources without selectors read every target whole.
"""

from typing import Any

from runbooks.scripts.evidence.keys import listed
from runbooks.scripts.evidence.target import Target, parse_target

# The parameters that name resources; the rest of a source's parameters apply to every target.
SELECTORS = ("LogGroups", "Functions", "Services", "DeploymentGroups", "Pipelines", "Stacks")
# An ARN's resource part, less the resource type each service puts before the name the API takes.
RESOURCE_TYPES = ("function:", "log-group:", "stack/", "service/", "deploymentgroup:")


def arn_target(value: str, home: Target) -> Target | None:
    """The account and region an ARN names (a part left empty is the home one); None for a plain name."""
    if not value.startswith("arn:"):
        return None
    parts = value.split(":", 5)
    if len(parts) < 6:
        raise ValueError(f"'{value}' is not an ARN (arn:partition:service:region:account:resource)")
    return Target(parts[4] or home.account, parts[3] or home.region)


def resource_name(value: str) -> str:
    """The name an API takes for a resource given by ARN (a plain name as it is)."""
    if not value.startswith("arn:"):
        return value
    resource = value.split(":", 5)[5]
    for kind in RESOURCE_TYPES:
        if resource.startswith(kind):
            resource = resource.removeprefix(kind)
            break
    if value.split(":", 3)[2] == "cloudformation":
        resource = resource.split("/", 1)[0]  # stack/<name>/<id>: the name
    return resource.removesuffix(":*")  # a log group's ARN as IAM writes it


def targets_named(events: dict[str, Any], home: Target) -> list[Target]:
    """Every target the run reads: the ones given, the ones the ARNs name, and home for any plain name."""
    found = {parse_target(text) for text in listed(events.get("Targets"))}
    plain = False
    for selector in SELECTORS:
        for value in listed(events.get(selector)):
            target = arn_target(value, home)
            plain = plain or target is None
            found.add(target or home)
    if plain or not found:
        found.add(home)
    return sorted(found, key=lambda target: (target != home, target))


def for_target(events: dict[str, Any], target: Target, home: Target) -> dict[str, Any]:
    """The events one target's collection reads: each selector keeps that target's resources, by name."""
    narrowed = dict(events)
    for selector in SELECTORS:
        if selector in events:
            named = listed(events[selector])
            narrowed[selector] = [resource_name(v) for v in named if (arn_target(v, home) or home) == target]
    return narrowed
