"""E4002: every step output has a known Type and a Selector in the JSONPath subset Automation reads."""

import re
from collections.abc import Iterator

from generator.document.steps.base import OUTPUT_TYPES
from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

# One segment after the root `$`. Automation evaluates selectors with Jayway JsonPath; AWS's own
# documents use `.name`, `..name` (deep scan), `[n]`, `.'quoted.name'` (a key containing a dot),
# and `[?(@.Key == 'value')]` filters. The rest is standard Jayway syntax: `*`, `['a','b']`, `[n,m]`, `[n:m]`.
_NAME = r"[A-Za-z0-9_\-]+|\*"
_QUOTED = r"'[^']*'|\"[^\"]*\""
_INDEX = r"-?\d+(?:\s*,\s*-?\d+)*|-?\d*:-?\d*|\*"
_FILTER = r"\?\((?P<filter>.+?)\)"
SEGMENT = re.compile(
    rf"\.\.(?:{_NAME})"
    rf"|\.(?:{_NAME}|{_QUOTED})"
    rf"|\[\s*(?:{_INDEX}|(?:{_QUOTED})(?:\s*,\s*(?:{_QUOTED}))*|{_FILTER})\s*\]"
)
# A filter compares a path below `@` with a literal (or tests that it exists).
FILTER = re.compile(
    r"!?@(?:\.[A-Za-z0-9_\-]+|\[[^\]]+\])*"
    r"(?:\s*(?:==|!=|<=|>=|<|>|=~|in|nin)\s*(?:'[^']*'|\"[^\"]*\"|-?\d+(?:\.\d+)?|true|false|null|/.*/|\[.*\]))?"
    r"(?:\s*(?:&&|\|\|)\s*.+)?"
)


def normalized(selector: str) -> str:
    """The selector as Jayway reads it: a path without the root is taken as below `$`."""
    return selector if selector.startswith("$") else f"$.{selector}"


def selector_problem(selector: str) -> str | None:
    """Why Automation cannot read `selector`, or None when it is in the supported subset."""
    if not selector.strip():
        return "is empty"
    path = normalized(selector)
    position = 1
    while position < len(path):
        match = SEGMENT.match(path, position)
        if match is None:
            return f"is not a supported JSONPath: cannot read '{path[position:]}' (use $.A.B, $..x, [n], [*] or [?()])"
        condition = match.group("filter")
        if condition is not None and not FILTER.fullmatch(condition.strip()):
            return f"has a filter '{condition}' that is not '@.Key <op> literal'"
        position = match.end()
    return None


def reads_script_payload(selector: str) -> bool:
    # A script's result is `{"Payload": <what the handler returned>}`: `$` is the whole result.
    path = normalized(selector)
    return path == "$" or path.startswith("$..") or re.match(r"\$\.Payload(?:$|[.\[])", path) is not None


class OutputSelector(Rule):
    id = "E4002"
    severity = Severity.ERROR
    shortdesc = "Output type and selector"
    description = (
        "A step output's `Type` must be String, Integer, Boolean, StringList, StringMap or MapList (it defaults "
        "to String when left out), and its `Selector` a JSONPath of the subset Automation supports; "
        "Automation cannot read a selector outside it."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-outputs-inputs.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        for path, step in ctx.steps:
            for index, output in enumerate(step.outputs or []):
                where = f"{path}.outputs[{index}]"
                if output.Type is not None and output.Type not in OUTPUT_TYPES:
                    yield Issue(
                        f"{where}.Type",
                        f"output '{output.Name}' of step '{step.name}' has Type '{output.Type}'; "
                        f"allowed: {', '.join(OUTPUT_TYPES)}",
                    )
                problem = selector_problem(output.Selector)
                if problem:
                    yield Issue(
                        f"{where}.Selector",
                        f"Selector '{output.Selector}' of output '{output.Name}' of step '{step.name}' {problem}",
                    )
