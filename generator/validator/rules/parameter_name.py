"""E2002: parameter names are 1-50 letters, digits and underscores."""

import re
from collections.abc import Iterator

from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

MAX_NAME_LENGTH = 50
# A parameter is used as `{{ Name }}`, where `.` would read as a step output and `:` as a namespace
# (`ssm:`, `variable:`), so neither can be part of a name. All 1,164 parameters of the 244 AWS
# documents use letters and digits only; `_` is admitted as the one identifier character AWS's
# documentation examples add. Anything else is refused rather than guessed at.
NAME_PATTERN = re.compile(r"[A-Za-z0-9_]+")


class ParameterName(Rule):
    id = "E2002"
    severity = Severity.ERROR
    shortdesc = "Invalid parameter name"
    description = (
        "A parameter name is 1-50 characters of letters, digits and `_`: Systems Manager limits names to 50 "
        "characters, and `{{ Name }}` references give `.` and `:` other meanings, so such names cannot be used."
    )
    source_url = (
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-syntax-data-elements-parameters.html"
    )

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        for name in ctx.parameters:
            # A field path cannot spell a key holding `.` or `[`; such a name is reported on `parameters`.
            path = "parameters" if any(c in name for c in ".[]") else f"parameters.{name}"
            if len(name) > MAX_NAME_LENGTH:
                yield Issue(path, f"parameter name '{name}' is {len(name)} characters, over {MAX_NAME_LENGTH}")
            if not NAME_PATTERN.fullmatch(name):
                yield Issue(path, f"parameter name '{name}' may contain only letters, digits and '_'")
