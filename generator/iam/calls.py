"""The AWS calls in Python source (an executeScript step's script, a Lambda handler module), read from its syntax.

A client is `boto3.client("<service>")` (or `ctx.client(...)`); the code hands clients around as
arguments, so a method call counts as a call of a service when the service is one the module makes a
client for and the method is one of that service's operations. So does an operation named in a string
argument, as a retrying wrapper takes it. A method two of the module's services share counts for both,
unless it is called on a name that is a service's (`ssm.list_tags_for_resource(...)`).
"""

import ast
from dataclasses import dataclass

from generator.iam.operations import operations

CLIENT_FACTORIES = frozenset({"client"})


@dataclass(frozen=True, order=True)
class Call:
    service: str  # as boto3 names it
    operation: str  # as the API names it
    line: int


def client_services(tree: ast.AST) -> set[str]:
    """The services the code makes clients for: `client("ssm")`, or `client(name) for name in ("ssm", ...)`."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CLIENT_FACTORIES:
            found |= _names_given(node.args[0], tree) if node.args else set()
    return found


def _names_given(argument: ast.expr, tree: ast.AST) -> set[str]:
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return {argument.value}
    if not isinstance(argument, ast.Name):
        return set()
    # A comprehension's variable over a literal tuple or list of names.
    return {
        element.value
        for node in ast.walk(tree)
        if isinstance(node, ast.comprehension)
        and isinstance(node.target, ast.Name)
        and node.target.id == argument.id
        and isinstance(node.iter, ast.Tuple | ast.List)
        for element in node.iter.elts
        if isinstance(element, ast.Constant) and isinstance(element.value, str)
    }


def _methods(node: ast.Call) -> list[str]:
    """The method a call makes, and any method it names as a string argument (a retrying wrapper's
    `calls.pages(client, "describe_alarms", ...)`, or `get_paginator("list_x")`)."""
    named = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    own = [node.func.attr] if isinstance(node.func, ast.Attribute) else []
    return own + named


def _receiver(node: ast.Call) -> str | None:
    """The name a method is called on (`ssm` in `ssm.get_parameter()`, `cloudwatch` in `clients.cloudwatch.x()`):
    where it is a service's name, the call is that service's, though another client has a method of that name."""
    owner = node.func.value if isinstance(node.func, ast.Attribute) else None
    if isinstance(owner, ast.Name):
        return owner.id
    return owner.attr if isinstance(owner, ast.Attribute) else None


def source_calls(source: str, services: set[str] | None = None) -> list[Call]:
    """Every AWS call in `source`; `services` adds clients the code is handed from outside (a handler's)."""
    return tree_calls(ast.parse(source), services)


def tree_calls(tree: ast.AST, services: set[str] | None = None) -> list[Call]:
    """Every AWS call in a parsed module, class or function (line numbers as in its file)."""
    known = client_services(tree) | (services or set())
    return sorted({call for node in ast.walk(tree) if isinstance(node, ast.Call) for call in node_calls(node, known)})


def node_calls(node: ast.Call, known: set[str]) -> set[Call]:
    """The AWS calls one call expression makes, given the services whose clients the code has."""
    calls: set[Call] = set()
    named = _receiver(node)
    for method in _methods(node):
        for service in {named} if named in known else known:
            operation = operations(service).get(method)
            if operation:
                calls.add(Call(service, operation, node.lineno))
    return calls
