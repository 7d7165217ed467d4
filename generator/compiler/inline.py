"""Inline the source of an `aws:executeScript` module into a document at build time.

Script code lives in ordinary modules under `runbooks/scripts/`, tested on their own. Automation runs
the inlined text with only the standard library and boto3 available, so the module is checked for
exactly that before it is inlined: a stray `import requests` fails the build, not the incident.
"""

import ast
import inspect
import sys
from types import ModuleType

# What an aws:executeScript Python runtime offers besides the standard library.
RUNTIME_PACKAGES = frozenset({"boto3", "botocore"})


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


def _imported_top_names(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name.split(".")[0] for alias in node.names]
    # A relative import would need the package, which is not there once the source is inlined.
    return [("." * node.level) + (node.module or "").split(".")[0]]


def _has_handler(tree: ast.Module, handler: str) -> bool:
    return any(
        isinstance(node, ast.FunctionDef) and node.name == handler and len(node.args.args) == 2 for node in tree.body
    )
