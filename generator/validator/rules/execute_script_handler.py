"""E5002: every `aws:executeScript` step has a script and, for Python, a handler it can call."""

import ast
import re
import warnings
from collections.abc import Iterator

from generator.document.steps.execute_script import ExecuteScriptStep
from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule


def callable_with_two_arguments(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether `function(events, context)` is a valid call: Automation passes exactly those two."""
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    required = len(positional) - len(args.defaults)
    takes_two = len(positional) >= 2 or args.vararg is not None
    required_keywords = [a for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is None]
    return takes_two and required <= 2 and not required_keywords


def _parse(source: str) -> ast.Module | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the script's own style ("invalid escape sequence") is not at issue
            return ast.parse(source)
    except SyntaxError:
        return None


def _handler_signature(script: str, handler: str) -> ast.Module | None:
    """Only the top-level `def handler(...):` line(s), parsed with a `pass` body: scripts run to thousands
    of lines and parsing each whole is most of the validator's time on AWS's documents. None when the
    signature cannot be cut out cleanly (the caller then parses the whole script)."""
    start = re.search(rf"^(?:async[ \t]+)?def[ \t]+{re.escape(handler)}[ \t]*\(", script, re.MULTILINE)
    if start is None:
        return None
    depth, position = 0, start.end() - 1
    for position in range(start.end() - 1, len(script)):
        depth += {"(": 1, ")": -1}.get(script[position], 0)
        if depth == 0:
            break
    colon = script.find(":", position)
    if depth or colon == -1:
        return None
    return _parse(script[start.start() : colon + 1] + " pass\n")


def script_problem(script: str, handler: str) -> str | None:
    """What keeps the inline Python `script` from serving `handler`; None when it can, or cannot be parsed."""
    tree = _handler_signature(script, handler) or _parse(script)
    if tree is None:
        return None  # not this rule's concern: the script itself is broken
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    function = functions.get(handler)
    if function is None:
        return f"has no top-level function '{handler}'"
    if isinstance(function, ast.AsyncFunctionDef):
        return f"defines '{handler}' as async, which Automation cannot call"
    if not callable_with_two_arguments(function):
        return f"defines '{handler}' with a signature that cannot take (events, context)"
    return None


class ExecuteScriptHandler(Rule):
    id = "E5002"
    severity = Severity.ERROR
    shortdesc = "executeScript handler missing or wrong"
    description = (
        "An `aws:executeScript` step needs a Script or an Attachment. A Python step calls its Handler as "
        "`handler(events, context)`, so an inline script must define that top-level function; PowerShell "
        "has no handler (AWS does not support the input) and takes its script inline."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeScript.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        for path, step in ctx.steps:
            if isinstance(step, ExecuteScriptStep):
                yield from self._check_step(path, step)

    def _check_step(self, path: str, step: ExecuteScriptStep) -> Iterator[Issue]:
        inputs, where = step.inputs, f"{path}.inputs"
        if inputs.Runtime.startswith("PowerShell"):
            # PowerShell runs an attached .zip only from an inline script, so Script is always required.
            if inputs.Script is None:
                yield Issue(where, f"PowerShell step '{step.name}' has no inline Script")
            if inputs.Handler is not None:
                yield Issue(
                    f"{where}.Handler", f"step '{step.name}' gives a Handler, which PowerShell does not support"
                )
            return
        if inputs.Script is None and inputs.Attachment is None:
            yield Issue(where, f"step '{step.name}' has neither a Script nor an Attachment to run")
        if inputs.Handler is None:
            yield Issue(where, f"step '{step.name}' runs Python but has no Handler")
            return
        # With an attachment the handler (`module.function`) lives in the attached files, not inline.
        if inputs.Script is not None and inputs.Attachment is None:
            problem = script_problem(inputs.Script, inputs.Handler)
            if problem is not None:
                yield Issue(f"{where}.Script", f"step '{step.name}' script {problem}")
