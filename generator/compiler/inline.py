"""Inline the source of an `aws:executeScript` module into a document at build time.

Script code lives in ordinary modules under `runbooks/scripts/`, tested on their own. Automation runs
the inlined text with only the standard library and boto3 available, so the module is checked for
exactly that before it is inlined: a stray `import requests` fails the build, not the incident.

`script_source` inlines one module. `script_bundle` inlines a module together with the project-local
script modules it imports (`from runbooks.scripts.x import name`): their sources are concatenated in
dependency order, the local import lines dropped, so the names they imported are defined above them.
A dependency's own `handler` is dropped too (the bundled module's handler is the one Automation calls),
and any other top-level name defined by two bundled modules is refused: one would silently replace the other.
"""

import ast
import importlib.util
import inspect
import sys
from dataclasses import dataclass
from types import ModuleType

# What an aws:executeScript Python runtime offers besides the standard library.
RUNTIME_PACKAGES = frozenset({"boto3", "botocore"})
# The packages whose modules may be bundled into a script: the code written to run inside Automation, and
# the escaping functions (standard library only) that scripts share with the handlers and the CLI.
LOCAL_PACKAGE = ("runbooks.scripts", "domain.escape")


class InlineError(Exception):
    """A script module that cannot run inside aws:executeScript, with the file and line that say why."""


def script_source(module: ModuleType, handler: str = "handler") -> str:
    source = inspect.getsource(module)
    path = inspect.getsourcefile(module) or module.__name__
    tree = ast.parse(source, filename=path)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        for name in _imported_top_names(node):
            if name not in sys.stdlib_module_names and name not in RUNTIME_PACKAGES:
                raise InlineError(
                    f"{path}:{node.lineno}: imports '{name}', which aws:executeScript does not provide "
                    "(only the standard library and boto3)"
                )
    if not _has_handler(tree, handler):
        raise InlineError(f"{path}: no top-level 'def {handler}(events, context)' for aws:executeScript to call")
    return source


def script_bundle(
    module: ModuleType, handler: str = "handler", *, local_package: str | tuple[str, ...] = LOCAL_PACKAGE
) -> str:
    """`module` with the local script modules it imports, as one source that runs without the package.

    The sources are inlined as written, comments and all: the console shows an operator the code that runs.
    """
    order: list[_Unit] = []
    _collect(module.__name__, order, visiting=[], local_package=local_package)
    main = order[-1]
    if not _has_handler(main.tree, handler):
        raise InlineError(f"{main.path}: no top-level 'def {handler}(events, context)' for aws:executeScript to call")
    _refuse_clashes(order, handler)
    parts = [_rendered(unit, drop_handler=unit is not main, handler=handler) for unit in order]
    bundle = "\n\n".join(parts)
    compile(bundle, f"<bundle of {module.__name__}>", "exec")  # a bundle that does not parse fails the build
    return bundle


def bundled_modules(module: ModuleType, local_package: str | tuple[str, ...] = LOCAL_PACKAGE) -> list[str]:
    order: list[_Unit] = []
    _collect(module.__name__, order, visiting=[], local_package=local_package)
    return [unit.name for unit in order]


@dataclass
class _Unit:
    name: str
    path: str
    source: str
    tree: ast.Module
    # Line numbers (1-based, inclusive ranges) of the local imports, removed when bundled.
    local_imports: list[tuple[int, int]]


def _collect(name: str, order: list[_Unit], visiting: list[str], local_package: str | tuple[str, ...]) -> None:
    if any(unit.name == name for unit in order):
        return
    if name in visiting:
        raise InlineError(f"{name}: circular import between script modules: {' -> '.join([*visiting, name])}")
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        raise InlineError(f"{name}: no Python source to inline")
    path = spec.origin
    with open(path, encoding="utf-8") as file:
        source = file.read()
    tree = ast.parse(source, filename=path)
    local_imports: list[tuple[int, int]] = []
    dependencies: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        local = _local_dependency(node, path, local_package)
        if local is None:
            continue
        if node not in tree.body:
            raise InlineError(f"{path}:{node.lineno}: a local script import must be at the top level to be bundled")
        local_imports.append((node.lineno, node.end_lineno or node.lineno))
        dependencies.append(local)
    for dependency in dependencies:
        _collect(dependency, order, [*visiting, name], local_package)
    order.append(_Unit(name, path, source, tree, local_imports))


def _local_dependency(node: ast.Import | ast.ImportFrom, path: str, local_package: str | tuple[str, ...]) -> str | None:
    """The local module a statement imports from, None for stdlib/boto3; anything else is refused."""
    packages = (local_package,) if isinstance(local_package, str) else local_package
    if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith(packages):
        module = node.module or ""
        spec = importlib.util.find_spec(module)
        is_package = spec is not None and spec.submodule_search_locations is not None
        for alias in node.names:
            if alias.asname is not None or alias.name == "*":
                raise InlineError(f"{path}:{node.lineno}: import names from '{module}' without 'as' or '*' to bundle")
            if is_package and importlib.util.find_spec(f"{module}.{alias.name}") is not None:
                raise InlineError(
                    f"{path}:{node.lineno}: '{alias.name}' is a module; import the names it defines "
                    f"(from {module}.{alias.name} import ...) so the bundle can define them"
                )
        return module
    for name in _imported_top_names(node):
        if name.startswith(".") or name in {package.split(".")[0] for package in packages}:
            raise InlineError(
                f"{path}:{node.lineno}: write local script imports as 'from {packages[0]}.<module> import <name>'"
            )
        if name not in sys.stdlib_module_names and name not in RUNTIME_PACKAGES:
            raise InlineError(
                f"{path}:{node.lineno}: imports '{name}', which aws:executeScript does not provide "
                "(only the standard library and boto3)"
            )
    return None


def _top_level_names(tree: ast.Module) -> dict[str, int]:
    names: dict[str, int] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names[node.name] = node.lineno
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for leaf in ast.walk(target):
                    if isinstance(leaf, ast.Name):
                        names[leaf.id] = node.lineno
    return names


def _refuse_clashes(order: list["_Unit"], handler: str) -> None:
    seen: dict[str, str] = {}
    for unit in order:
        for name, line in _top_level_names(unit.tree).items():
            if name == handler:
                continue
            if name in seen:
                raise InlineError(f"{unit.path}:{line}: '{name}' is also defined in {seen[name]}; rename one")
            seen[name] = f"{unit.path}:{line}"


def _rendered(unit: _Unit, *, drop_handler: bool, handler: str) -> str:
    dropped = list(unit.local_imports)
    if drop_handler:
        for node in unit.tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == handler:
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                dropped.append((first, node.end_lineno or node.lineno))
    lines = unit.source.splitlines()
    kept = [line for number, line in enumerate(lines, 1) if not any(a <= number <= b for a, b in dropped)]
    return f"# --- {unit.name} ---\n" + "\n".join(kept).strip() + "\n"


def _imported_top_names(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name.split(".")[0] for alias in node.names]
    # A relative import would need the package, which is not there once the source is inlined.
    return [("." * node.level) + (node.module or "").split(".")[0]]


def _has_handler(tree: ast.Module, handler: str) -> bool:
    return any(
        isinstance(node, ast.FunctionDef) and node.name == handler and len(node.args.args) == 2 for node in tree.body
    )
