"""E1004: the document's name is one CreateDocument accepts."""

import re
from collections.abc import Iterator

from generator.validator.context import Owner, ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

# CreateDocument `Name` pattern.
NAME_PATTERN = re.compile(r"[a-zA-Z0-9_.\-]{3,128}")
# Prefixes AWS reserves for its own documents (CreateDocument `Name`). They are compared ignoring
# case: the list gives `aws` in lower case, yet AWS's own documents are named `AWS-...`, so the
# reservation must cover other cases; and CreateDocument has been reported to refuse names such as
# `Amazon...` derived from stack names (aws-quickstart/quickstart-microsoft-activedirectory#97).
# Matching without case can only over-report for a name that differs from a prefix in case alone.
RESERVED_PREFIXES = ("aws", "amazon", "amzn", "AWSEC2", "AWSConfigRemediation", "AWSSupport")


class DocumentName(Rule):
    id = "E1004"
    severity = Severity.ERROR
    shortdesc = "Invalid document name"
    description = (
        "A document name is 3-128 characters of letters, digits, `_`, `.` and `-`, and may not begin with a "
        "prefix AWS reserves for its own documents (`aws`, `amazon`, `amzn`, ...): CreateDocument refuses it."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        if ctx.name is None:
            return
        if not NAME_PATTERN.fullmatch(ctx.name):
            yield Issue("", f"document name '{ctx.name}' is not 3-128 characters of [a-zA-Z0-9_.-]")
        if ctx.owner is Owner.AMAZON:
            return
        for prefix in RESERVED_PREFIXES:
            if ctx.name.lower().startswith(prefix.lower()):
                yield Issue("", f"document name '{ctx.name}' starts with '{prefix}', a prefix reserved for AWS")
                return
