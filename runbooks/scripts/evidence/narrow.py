"""What one target is asked about: its own resources, by the name its API takes; the sources without
selectors (alarms, traces, manual actions) read every target whole."""

from typing import Any

from runbooks.scripts.evidence.keys import listed
from runbooks.scripts.evidence.target import Target
from runbooks.scripts.evidence.targets import SELECTORS, arn_target

# An ARN's resource part, less the resource type each service puts before the name the API takes.
RESOURCE_TYPES = ("function:", "log-group:", "stack/", "service/", "deploymentgroup:")


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


def for_target(events: dict[str, Any], target: Target, home: Target) -> dict[str, Any]:
    """The events one target's collection reads: each selector keeps that target's resources, by name."""
    narrowed = dict(events)
    for selector in SELECTORS:
        if selector in events:
            named = listed(events[selector])
            narrowed[selector] = [resource_name(v) for v in named if (arn_target(v, home) or home) == target]
    return narrowed
