"""How the central closeloop account reaches its organisation's member accounts.

Every member account runs the member stack (templates/cloudformation/closeloop-member.yaml, deployed to
organisational units by a service-managed StackSet). It creates the evidence-reader role under one fixed
name, so the central account can name it in any member account without asking: the ARN is
`arn:<partition>:iam::<account>:role/<prefix>EvidenceReader`. Only the central stack's Automation role, from
inside the organisation, may assume it (its trust policy), and it may only read what the evidence
collectors read (generator/iam/ proves both).

Forwarded events (alarm state changes, Automation step and execution status changes) arrive on the
central account's bus of this module's name, in the central stack's region, keeping their member
`account` and `region`.

Standard library only: the generator and the CLI import it; the evidence scripts bundle only the reader
role's name (runbooks/scripts/evidence_reader.py, generator/compiler/inline.py).
"""

from runbooks.scripts.evidence_reader import DEFAULT_PREFIX, READER_ROLE, READER_SESSION, reader_role_name

# The reader role's name parts live in evidence_reader.py (what the evidence scripts bundle); said here too.
__all__ = [
    "DEFAULT_PREFIX",
    "FORWARDING_BUS",
    "READER_ROLE",
    "READER_SESSION",
    "forwarding_bus_name",
    "reader_role_arn",
    "reader_role_name",
]

FORWARDING_BUS = "MemberEvents"


def reader_role_arn(account_id: str, partition: str = "aws", prefix: str = DEFAULT_PREFIX) -> str:
    """One member account's reader role: `arn:aws:iam::111122223333:role/Closeloop-EvidenceReader`."""
    if not (len(account_id) == 12 and account_id.isdigit()):
        raise ValueError(f"'{account_id}' is not an AWS account id (12 digits)")
    return f"arn:{partition}:iam::{account_id}:role/{reader_role_name(prefix)}"


def forwarding_bus_name(prefix: str = DEFAULT_PREFIX) -> str:
    """The central account's event bus that member accounts forward their events to."""
    return f"{prefix}{FORWARDING_BUS}"
