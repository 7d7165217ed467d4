"""The AWS calls a library class makes for the methods a handler uses, read from the installed library's source.

powertools' utilities (parameters providers, the idempotency persistence layer) call AWS with the client a
handler injects. What they call depends on the method used: `SSMProvider.get` reads one parameter
(`ssm:GetParameter`), `get_multiple` pages a path (`ssm:GetParametersByPath`). So the proof follows, in
the library's own source, the methods reachable from the one called (through `self.x()`, `super().x()` and
the class's bases) and keeps the client calls among them. The service is the one the class makes its
default client for (`boto3_session.client("ssm")`), so no table of the library's behaviour is kept here.
"""

import ast
import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.iam.calls import Call, client_services, tree_calls


class LibraryError(Exception):
    """A library class the proof cannot read (not installed, or not a class)."""


@dataclass(frozen=True)
class ClassSource:
    module: str
    node: ast.ClassDef
    imports: dict[str, str]  # a name the module imports -> "module.Name"


@cache
def source_path(module: str) -> Path | None:
    """The file of a module's source, found without importing it (or its package: importing runs its code)."""
    top, _, rest = module.partition(".")
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations))).joinpath(*rest.split(".")) if rest else None
    base = base or Path(next(iter(spec.submodule_search_locations)))
    for path in (base.with_name(base.name + ".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


@cache
def _module_tree(module: str) -> tuple[ast.Module, Path]:
    path = source_path(module)
    if path is None:
        raise LibraryError(f"{module}: no Python source installed")
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path)), path


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


@cache
def _imports(module: str) -> dict[str, str]:
    tree, path = _module_tree(module)
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(module, node, path.name == "__init__.py")
            for alias in node.names:
                found[alias.asname or alias.name] = f"{source}.{alias.name}"
    return found


@cache
def class_source(qualified: str) -> ClassSource:
    """`aws_lambda_powertools.utilities.parameters.SSMProvider` -> its class definition, through re-exports."""
    module, _, name = qualified.rpartition(".")
    tree, _ = _module_tree(module)
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            return ClassSource(module, node, _imports(module))
    reexported = _imports(module).get(name)
    if reexported is None or reexported == qualified:
        raise LibraryError(f"{qualified}: no such class")
    return class_source(reexported)


def is_class(qualified: str) -> bool:
    try:
        class_source(qualified)
    except LibraryError:
        return False
    return True


def _bases(cls: ClassSource) -> list[ClassSource]:
    """The class's bases within its own library (`ABC`, `Generic[...]` and the like make no AWS call)."""
    library = cls.module.split(".")[0] + "."
    names = [b.id for b in cls.node.bases if isinstance(b, ast.Name)]
    qualified = [cls.imports.get(name, f"{cls.module}.{name}") for name in names]
    return [class_source(q) for q in qualified if q.startswith(library)]


def _mro(cls: ClassSource) -> list[ClassSource]:
    order = [cls]
    for base in _bases(cls):
        order += [c for c in _mro(base) if c not in order]
    return order


def _methods(cls: ClassSource) -> list[ast.FunctionDef]:
    return [n for n in cls.node.body if isinstance(n, ast.FunctionDef)]


def _resolve(order: list[ClassSource], name: str, after: int = -1) -> tuple[int, ast.FunctionDef] | None:
    for index, cls in enumerate(order):
        if index <= after:
            continue
        for method in _methods(cls):
            if method.name == name:
                return index, method
    return None


def _called_on_self(method: ast.FunctionDef) -> list[tuple[str, bool]]:
    """(method name, through super()) for each `self.name(...)` / `super().name(...)` in a method's body."""
    found = []
    for node in ast.walk(method):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        if isinstance(owner, ast.Name) and owner.id == "self":
            found.append((node.func.attr, False))
        elif isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "super":
            found.append((node.func.attr, True))
    return found


def public_methods(qualified: str) -> list[str]:
    """Every public method of the class and its bases: what a library may call on an instance handed to it."""
    return sorted(
        {m.name for cls in _mro(class_source(qualified)) for m in _methods(cls) if not m.name.startswith("_")}
    )


@cache
def library_calls(qualified: str, methods: tuple[str, ...]) -> list[Call]:
    """The AWS calls an instance of the class makes when `methods` are called on it (line numbers: the library's)."""
    order = _mro(class_source(qualified))
    services = set().union(*(client_services(cls.node) for cls in order))
    seen: set[tuple[int, str]] = set()
    pending = [found for name in methods if (found := _resolve(order, name))]
    calls: set[Call] = set()
    while pending:
        index, method = pending.pop()
        if (index, method.name) in seen:
            continue
        seen.add((index, method.name))
        calls.update(tree_calls(method, services))
        for name, through_super in _called_on_self(method):
            found = _resolve(order, name, after=index if through_super else -1)
            if found:
                pending.append(found)
    return sorted(calls)
