"""A function's resource-based policy, evaluated as Lambda evaluates it for a caller that holds no identity
policy of its own: an AWS service (EventBridge) or anyone on the internet (a function URL with AuthType NONE).

A request is allowed when some statement allows the action for the principal, on this function, with every
condition met, and no statement denies it. moto stores AddPermission's statements almost as sent: a
`SourceArn` becomes an `ArnLike aws:SourceArn` condition, but `FunctionUrlAuthType` and
`InvokedViaFunctionUrl` stay top-level keys; they are read here as the conditions AWS makes of them
(`lambda:FunctionUrlAuthType`, `lambda:InvokedViaFunctionUrl`). An unknown condition operator never matches:
refusing what AWS might allow is the safe side for an emulator that must not let through what AWS refuses.
"""

import fnmatch
import json
from collections.abc import Callable, Mapping
from typing import Any

URL_ACTIONS = ("lambda:InvokeFunctionUrl", "lambda:InvokeFunction")  # both, for URLs made since October 2025
TOP_LEVEL_CONDITIONS = {
    "FunctionUrlAuthType": ("StringEquals", "lambda:FunctionUrlAuthType"),
    "InvokedViaFunctionUrl": ("Bool", "lambda:InvokedViaFunctionUrl"),
}


def statements(function: Any) -> list[dict[str, Any]]:
    return [dict(statement) for statement in getattr(function.policy, "statements", [])]


def _values(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(v).lower() if isinstance(v, bool) else str(v) for v in values]


def _one_principal(principal: str, caller: str) -> bool:
    """An account id stands for the account's root: any of its principals the account lets in."""
    if principal.isdigit():
        principal = f"arn:aws:iam::{principal}:root"
    return principal in ("*", caller)


def _principal_matches(principal: Any, caller: str) -> bool:
    """`caller` is a service name (events.amazonaws.com), an IAM ARN, or "*" for an anonymous caller."""
    if isinstance(principal, Mapping):
        return any(_one_principal(p, caller) for key in ("Service", "AWS") for p in _values(principal.get(key, [])))
    return isinstance(principal, str) and _one_principal(principal, caller)


def _action_matches(actions: Any, action: str) -> bool:
    return any(fnmatch.fnmatchcase(action.lower(), pattern.lower()) for pattern in _values(actions))


def _resource_matches(resources: Any, function_arn: str) -> bool:
    """$LATEST is the unqualified function, whichever of the two names it (moto stores both forms)."""
    arn = function_arn.removesuffix(":$LATEST")
    return any(fnmatch.fnmatchcase(arn, r.removesuffix(":$LATEST")) for r in _values(resources or "*"))


Compare = Callable[[str, str], bool]
OPERATORS: dict[str, Compare] = {
    "StringEquals": lambda have, want: have == want,
    "StringLike": lambda have, want: fnmatch.fnmatchcase(have, want),
    "ArnEquals": lambda have, want: have == want,
    "ArnLike": lambda have, want: fnmatch.fnmatchcase(have, want),
    "Bool": lambda have, want: have.lower() == want.lower(),
}


def _conditions(statement: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    conditions: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (statement.get("Condition") or {}).items()}
    for key, (operator, condition_key) in TOP_LEVEL_CONDITIONS.items():
        if key in statement:
            conditions.setdefault(operator, {})[condition_key] = statement[key]
    return conditions


def _conditions_met(statement: Mapping[str, Any], context: Mapping[str, str]) -> bool:
    lowered = {key.lower(): value for key, value in context.items()}
    for operator, tests in _conditions(statement).items():
        compare = OPERATORS.get(operator)
        if compare is None:
            return False
        for key, wanted in tests.items():
            have = lowered.get(key.lower())
            if have is None or not any(compare(have, want) for want in _values(wanted)):
                return False
    return True


def _applies(statement: Mapping[str, Any], action: str, caller: str, arn: str, context: Mapping[str, str]) -> bool:
    return (
        _principal_matches(statement.get("Principal"), caller)
        and _action_matches(statement.get("Action", []), action)
        and _resource_matches(statement.get("Resource"), arn)
        and _conditions_met(statement, context)
    )


def allowed(function: Any, action: str, caller: str, context: Mapping[str, str]) -> bool:
    """Whether the function's policy lets `caller` do `action` on it under the request's condition keys."""
    found = [s for s in statements(function) if _applies(s, action, caller, function.function_arn, context)]
    return any(s.get("Effect", "Allow") == "Allow" for s in found) and not any(s.get("Effect") == "Deny" for s in found)


def describe(function: Any) -> str:
    return json.dumps(statements(function))
