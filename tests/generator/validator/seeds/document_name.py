"""E1004 cannot be planted in document data: the harness names a seeded document after the corpus file's
stem (always a valid name) and validates it as Amazon-owned, which may use the reserved prefixes. So this
module also says which name and owner to validate under; the harness must read NAME and OWNER for the
seed test of E1004 to pass (see the report that came with this rule)."""

from typing import Any

from generator.validator.context import Owner

CORPUS_DOCUMENT = "AWS-RestartEC2InstanceWithApproval"
# A customer's copy of the AWS document, saved under a name that keeps AWS's reserved prefix.
NAME = "aws-RestartEC2InstanceWithApproval-copy"
OWNER = Owner.SELF


def seed(data: dict[str, Any]) -> None:
    # The defect is the name the copy is saved under; the content only says that it is a copy.
    data["description"] = "A copy of AWS-RestartEC2InstanceWithApproval. " + data["description"]
