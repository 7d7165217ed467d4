"""The AWS calls a Lambda handler makes, read from its code and from the library code it drives.

A handler's code is its `handlers.<name>.app` module and every module of `handlers/` and `domain/` it
imports, directly or not: all of it runs in that function. The services are the ones the code makes
clients for (`boto3.client("dynamodb")`); clients are handed around as arguments, so a method of one of
those services called anywhere in the code counts (calls.py). powertools' utilities call AWS with the
client they are given: where the code makes one (`SSMProvider(boto3_client=ssm)`), the methods it calls
on it (or, when it hands the instance to the library, every public method) are followed in powertools'
own source (library_calls.py). A library function that makes its own client cannot be followed, so it is
a finding, not a silent gap: inject a client through the provider class instead.
"""

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.iam.calls import client_services, node_calls
from generator.iam.library_calls import is_class, library_calls, public_methods, source_path
from generator.iam.reachable import reachable_code

LOCAL_PACKAGES = ("handlers", "domain")
LIBRARIES = ("aws_lambda_powertools",)  # libraries whose AWS calls are followed into their source
CODE_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, order=True)
class HandlerCall:
    service: str
    operation: str
    where: str  # "handlers/webhook/deliveries.py:40", or the library method and the line that uses it


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module
    root: Path

    @property
    def shown(self) -> str:
        return self.path.relative_to(self.root).as_posix() if self.path.is_relative_to(self.root) else str(self.path)


def _is_local(name: str) -> bool:
    return name.split(".")[0] in LOCAL_PACKAGES


@cache
def _module(name: str, root: Path = CODE_ROOT) -> Module | None:
    """A module's parsed source: a local one from under `root`, a library's where it is installed."""
    if _is_local(name):
        base = root.joinpath(*name.split("."))
        path: Path | None = next((p for p in (base.with_suffix(".py"), base / "__init__.py") if p.is_file()), None)
    else:
        path = source_path(name)
    if path is None:
        return None
    return Module(name, path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)), root)


def _imported(module: Module) -> Iterator[str]:
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if _is_local(alias.name))
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level and _is_local(node.module):
            yield node.module
            for alias in node.names:  # `from domain import table` imports the module domain.table
                if _module(f"{node.module}.{alias.name}", module.root) is not None:
                    yield f"{node.module}.{alias.name}"


def handler_modules(entry: str, root: Path = CODE_ROOT) -> list[Module]:
    """The handler's entry module and every local module it imports, transitively (read under `root`)."""
    found: dict[str, Module] = {}
    pending = [entry]
    while pending:
        name = pending.pop()
        module = _module(name, root)
        if name in found or module is None:
            continue
        found[name] = module
        pending += list(_imported(module))
    return [found[name] for name in sorted(found)]


def _library_names(module: Module) -> dict[str, str]:
    """Names the module imports from a followed library -> their qualified names."""
    names: dict[str, str] = {}
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in LIBRARIES:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


@cache
def _nodes(root: ast.AST) -> tuple[ast.AST, ...]:
    """Every node under `root` (walked once: the four handlers share most of their modules)."""
    return tuple(ast.walk(root))


@cache
def _calls_in(tree: ast.AST) -> tuple[ast.Call, ...]:
    return tuple(node for node in _nodes(tree) if isinstance(node, ast.Call))


@cache
def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}


def _methods_used(module: Module, made: ast.Call, parents: dict[ast.AST, ast.AST], qualified: str) -> list[str]:
    """The methods the code calls on an instance it makes; every public one where it hands the instance on."""
    parent = parents.get(made)
    if isinstance(parent, ast.Attribute):
        return [parent.attr]
    if not (isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name)):
        return public_methods(qualified)
    variable = parent.targets[0].id
    methods: set[str] = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Name) and node.id == variable and isinstance(node.ctx, ast.Load):
            used = parents.get(node)
            if not isinstance(used, ast.Attribute):
                return public_methods(qualified)  # handed to the library (persistence_store=...): it may call any
            methods.add(used.attr)
    return sorted(methods)


@dataclass(frozen=True)
class Unfollowed:
    """A library function that calls AWS with a client of its own, which the proof cannot see."""

    name: str
    where: str


def _library_use(module: Module, runs: set[int]) -> tuple[list[HandlerCall], list[Unfollowed]]:
    names = _library_names(module)
    if not names:
        return [], []
    parents = _parents(module.tree)
    calls: list[HandlerCall] = []
    unfollowed: list[Unfollowed] = []
    for node in ast.walk(module.tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names):
            continue
        if id(node) not in runs:
            continue
        qualified = names[node.func.id]
        where = f"{module.shown}:{node.lineno}"
        if not is_class(qualified):
            if _makes_clients(qualified):
                unfollowed.append(Unfollowed(qualified, where))
            continue
        methods = _methods_used(module, node, parents, qualified)
        for call in library_calls(qualified, tuple(methods)):
            shown = f"{qualified.rsplit('.', 1)[-1]} ({where})"
            calls.append(HandlerCall(call.service, call.operation, shown))
    return calls, unfollowed


def _makes_clients(qualified: str) -> bool:
    """Whether a library function's module makes AWS clients (so the function may call AWS on its own)."""
    module = _module(qualified.rpartition(".")[0], CODE_ROOT)
    if module is None:
        return False
    defined = {n.name for n in module.tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    name = qualified.rpartition(".")[2]
    if name not in defined:  # a re-export: look where it is defined
        for node in ast.walk(module.tree):
            if isinstance(node, ast.ImportFrom) and any(a.name == name for a in node.names):
                base = module.name if module.path.name == "__init__.py" else module.name.rpartition(".")[0]
                source = node.module if not node.level else f"{base}.{node.module}" if node.module else base
                return _makes_clients(f"{source}.{name}")
        return False
    return bool(client_services(module.tree))


@dataclass(frozen=True)
class HandlerAnalysis:
    calls: list[HandlerCall]
    unfollowed: list[Unfollowed]


@cache
def handler_calls(entry: str, function: str = "handler", root: Path = CODE_ROOT) -> HandlerAnalysis:
    """Every AWS call the handler `entry.function` can make, with where it is made (its code read under `root`)."""
    modules = handler_modules(entry, root)
    services = set().union(*(client_services(m.tree) for m in modules))
    code = reachable_code([m.tree for m in modules], function)
    runs = {id(node) for root in code for node in _nodes(root)}
    calls: set[HandlerCall] = set()
    unfollowed: list[Unfollowed] = []
    for module in modules:
        for node in _calls_in(module.tree):
            if id(node) in runs:
                shown = f"{module.shown}:{node.lineno}"
                calls |= {HandlerCall(c.service, c.operation, shown) for c in node_calls(node, services)}
        library, missed = _library_use(module, runs)
        calls |= set(library)
        unfollowed += missed
    return HandlerAnalysis(sorted(calls), unfollowed)
