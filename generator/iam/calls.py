"""The AWS calls in Python source (an executeScript step's script, a Lambda handler module), read from its syntax.

A client is `boto3.client("<service>")` (or `ctx.client(...)`); the code hands clients around as
arguments, so a method call counts as a call of a service when the service is one the module makes a
client for and the method is one of that service's operations. So does an operation named in a string
argument, as a retrying wrapper takes it. A method two of the module's services share counts for both.
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
    found: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in CLIENT_FACTORIES
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def _methods(node: ast.Call) -> list[str]:
    """The method a call makes, and any method it names as a string argument (a retrying wrapper's
    `calls.pages(client, "describe_alarms", ...)`, or `get_paginator("list_x")`)."""
    named = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    own = [node.func.attr] if isinstance(node.func, ast.Attribute) else []
    return own + named


def source_calls(source: str, services: set[str] | None = None) -> list[Call]:
    """Every AWS call in `source`; `services` adds clients the code is handed from outside (a handler's)."""
    tree = ast.parse(source)
    known = client_services(tree) | (services or set())
    calls: set[Call] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for method in _methods(node):
            for service in known:
                operation = operations(service).get(method)
                if operation:
                    calls.add(Call(service, operation, node.lineno))
    return sorted(calls)
