"""A run's targets: the ones given (`Targets`), the account/region of each resource named by ARN, and the home
one (the run's own) for a resource named plainly or when nothing is named (narrow.py: what each is asked).
"""

from typing import Any

from runbooks.scripts.evidence.keys import listed
from runbooks.scripts.evidence.target import Target, parse_target

# The parameters that name resources; the rest of a source's parameters apply to every target.
SELECTORS = ("LogGroups", "Functions", "Services", "DeploymentGroups", "Pipelines", "Stacks")


def arn_target(value: str, home: Target) -> Target | None:
    """The account and region an ARN names (a part left empty is the home one); None for a plain name."""
    if not value.startswith("arn:"):
        return None
    parts = value.split(":", 5)
    if len(parts) < 6:
        raise ValueError(f"'{value}' is not an ARN (arn:partition:service:region:account:resource)")
    return Target(parts[4] or home.account, parts[3] or home.region)


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
