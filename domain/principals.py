"""An AWS principal's ARN as people read it: the person or role, not the ARN around it.

A timeline's actor is whoever AWS says acted (an Automation run's `ExecutedBy`, CloudTrail's
`userIdentity.arn`, an approver). `arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Ops_1a2b/priya@example.com`
is Priya signed in through a role: shown as `priya@example.com (role AWSReservedSSO_Ops_1a2b)`. The account
is not repeated: the timeline's "where" column names it when an incident spans accounts, and the stored event
keeps the whole ARN. Anything that is not a principal ARN (a service, a tool, a Jira account) comes back as it is.
"""

import re

# arn:<partition>:iam|sts::<account>:<type>/<path and name>; a partition is aws, aws-cn, aws-us-gov, aws-iso...
_PRINCIPAL = re.compile(
    r"^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):(root|user|role|assumed-role|federated-user)(?:/(.+))?$"
)


def principal_name(actor: str) -> str:
    """`ana` for `arn:aws:iam::1…:user/ana`; `me (role op)` for an assumed role's session; else `actor`."""
    found = _PRINCIPAL.match(actor.strip())
    if not found:
        return actor
    account, kind, rest = found.groups()
    if kind == "root":
        return f"root of account {account}"
    if not rest:
        return actor
    parts = rest.split("/")
    if kind == "assumed-role" and len(parts) >= 2:
        return f"{parts[-1]} (role {parts[-2]})"
    name = parts[-1]  # a user's or role's path (`user/ops/ana`) is not its name
    return f"role {name}" if kind == "role" else name
