"""The timeline reader: the role the central timeline handler assumes in a member account (handlers-only).

The member stack (templates/cloudformation/closeloop-member.yaml) makes it under one name per stack prefix, so
the central handler names it in any member account without asking: `arn:<partition>:iam::<account>:role/
<prefix>TimelineReader`. Only the central stack's timeline function role, from inside the organisation, may
assume it, and it only reads what the handler reads to find an event's incident (an alarm's tags, an
Automation execution, its tags and OpsItem). It is not the evidence reader: that one is the Automation role's.
"""

TIMELINE_READER = "TimelineReader"
# What the handler names its sessions in a member account: CloudTrail there shows who read what.
TIMELINE_SESSION = "closeloop-timeline"


def timeline_reader_name(prefix: str) -> str:
    return f"{prefix}{TIMELINE_READER}"


def timeline_reader_arn(account_id: str, prefix: str, partition: str = "aws") -> str:
    """One member account's timeline reader: `arn:aws:iam::111122223333:role/Closeloop-TimelineReader`."""
    if not (len(account_id) == 12 and account_id.isdigit()):
        raise ValueError(f"'{account_id}' is not an AWS account id (12 digits)")
    return f"arn:{partition}:iam::{account_id}:role/{timeline_reader_name(prefix)}"
