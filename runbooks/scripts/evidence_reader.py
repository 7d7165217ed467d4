"""The evidence-reader role every member account has, by the name the central account gives it unasked.

What the evidence scripts need of runbooks/scripts/org.py (which says how the organisation fits together),
apart so that each source's bundle carries only this. Standard library only.
"""

# The name prefix every closeloop resource name starts with (a stack setting); a member stack and its
# central stack use the same one.
DEFAULT_PREFIX = "Closeloop-"
READER_ROLE = "EvidenceReader"
# What the central side names its sessions in a member account: CloudTrail there shows who read what.
READER_SESSION = "closeloop-evidence"


def reader_role_name(prefix: str = DEFAULT_PREFIX) -> str:
    """The evidence-reader role's name in every member account."""
    return f"{prefix}{READER_ROLE}"
