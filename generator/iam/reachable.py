"""Which functions of a handler's modules can run: a call graph by name, from the entry point outwards.

Lambda calls the entry function; importing a module runs its top-level code. A function or method is
reachable when its name is referenced (called, passed, named in a string for `getattr`) by reachable code.
By name, not by type: two methods of one name are both reachable when either is, so the graph errs on the
side of more calls, never fewer. Dunder methods run implicitly and a decorated function is registered by
its decorator (a resolver's route), so both are reachable with the code around them.
"""

import ast
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache

Function = ast.FunctionDef | ast.AsyncFunctionDef
# Decorators that register nothing: the function runs only when its name is used.
PLAIN_DECORATORS = frozenset({"property", "staticmethod", "classmethod", "cache", "lru_cache", "cached_property"})


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def _registered(function: Function) -> bool:
    return function.name.startswith("__") or any(
        _decorator_name(d) not in PLAIN_DECORATORS for d in function.decorator_list
    )


def _references(nodes: Iterable[ast.AST]) -> Iterator[str]:
    for root in nodes:
        yield from _named_in(root)


@cache
def _named_in(root: ast.AST) -> tuple[str, ...]:
    """Every name, attribute and string under `root` (read once per function: handlers share modules)."""
    found: list[str] = []
    for node in ast.walk(root):
        if isinstance(node, ast.Name):
            found.append(node.id)
        elif isinstance(node, ast.Attribute):
            found.append(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
    return tuple(found)


@cache
def _functions(tree: ast.Module) -> tuple[Function, ...]:
    return tuple(node for node in ast.walk(tree) if isinstance(node, Function))


def _outside_functions(node: ast.AST) -> Iterator[ast.AST]:
    """The node's code that runs without a call: everything but function bodies (decorators and defaults run)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, Function):
            yield from child.decorator_list
            yield child.args
        elif isinstance(child, ast.ClassDef | ast.If | ast.Try | ast.With | ast.For | ast.While):
            yield from _outside_functions(child)
        else:
            yield child


def reachable_code(trees: Iterable[ast.Module], entry: str) -> list[ast.AST]:
    """The code that may run: each module's top level, and every function reachable from `entry`."""
    trees = list(trees)
    by_name: dict[str, list[Function]] = defaultdict(list)
    for tree in trees:
        for function in _functions(tree):
            by_name[function.name].append(function)
    top = [part for tree in trees for part in _outside_functions(tree)]
    code: list[ast.AST] = list(top)
    seen: set[int] = set()
    pending = [entry, *_references(top)]
    pending += [f.name for tree in trees for f in _functions(tree) if _registered(f)]
    done: set[str] = set()
    while pending:
        name = pending.pop()
        if name in done:
            continue
        done.add(name)
        for function in by_name.get(name, []):
            if id(function) in seen:
                continue
            seen.add(id(function))
            code.append(function)
            pending += list(_references(function.body))
    return code
