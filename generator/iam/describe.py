"""A caller-run document's permissions, for its description: the same analysis the proof runs, in Markdown."""

from collections import defaultdict
from collections.abc import Iterable

HEADING = "## Permissions it needs"


def permissions_markdown(actions: Iterable[str]) -> str:
    """One bullet per AWS service, the actions in backticks; generated, so it never drifts from the code."""
    by_service: dict[str, list[str]] = defaultdict(list)
    for action in sorted(set(actions)):
        by_service[action.split(":", 1)[0]].append(action)
    lines = [HEADING, "", "Generated from the calls its steps make (`closeloop build` proves the list complete):", ""]
    lines += [f"* {service}: " + ", ".join(f"`{a}`" for a in listed) for service, listed in by_service.items()]
    return "\n".join(lines) + "\n"


def listed_actions(description: str) -> set[str]:
    """The actions a description's permissions section lists (for the check that it is exact)."""
    _, _, section = description.partition(HEADING)
    return {
        word.strip("`,") for line in section.splitlines() if line.startswith("* ") for word in line.split("`")[1::2]
    }
