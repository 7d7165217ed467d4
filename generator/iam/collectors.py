"""What the evidence collectors call, read from their source: the actions a member account's evidence-reader
role needs, and so the only actions it is granted (generator/stack/member/reader_role.py).

A collector is a module of runbooks/scripts/evidence/ that defines `SOURCE` and `collect(ctx)` (source.py).
Only its own source is read: the shared code around it (source.py, artefacts.py) writes to the central
evidence bucket with the central account's credentials, never with the reader role's.
"""

import importlib
import inspect
import pkgutil
from types import ModuleType

from generator.iam.calls import source_calls
from generator.iam.operations import iam_actions

COLLECTOR_PACKAGE = "runbooks.scripts.evidence"


def collector_modules(package: str = COLLECTOR_PACKAGE) -> list[ModuleType]:
    found = []
    for info in pkgutil.iter_modules(importlib.import_module(package).__path__):
        module = importlib.import_module(f"{package}.{info.name}")
        if hasattr(module, "SOURCE") and callable(getattr(module, "collect", None)):
            found.append(module)
    return found


def collector_actions(modules: list[ModuleType] | None = None) -> dict[str, str]:
    """IAM action -> the first collector call that needs it (`module:line`), sorted by action."""
    needed: dict[str, str] = {}
    for module in modules if modules is not None else collector_modules():
        for call in source_calls(inspect.getsource(module)):
            for action in iam_actions(call.service, call.operation):
                needed.setdefault(action, f"{module.__name__}:{call.line}")
    return dict(sorted(needed.items()))
