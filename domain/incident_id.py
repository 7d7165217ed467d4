"""The one pattern an incident id follows everywhere: the model, the CLI and the runbooks' allowedPattern.

Letters, digits, `.`, `_` and `-`, starting with a letter or digit, 3 to 64 characters: safe in a Jira
label (`closeloop:<incident>:<action>`), a JQL literal, an S3 key and a file name without escaping, and
a pattern both Java and Go regular expressions read the same way (SSM checks allowedPattern with both).
"""

import re
from argparse import ArgumentTypeError
from typing import Annotated

from pydantic import Field

INCIDENT_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$"
_INCIDENT_ID = re.compile(INCIDENT_ID_PATTERN)

IncidentId = Annotated[str, Field(pattern=INCIDENT_ID_PATTERN, description="The incident id, e.g. INC-2026-0042.")]


def is_incident_id(value: str) -> bool:
    return _INCIDENT_ID.fullmatch(value) is not None


class IncidentIdError(ArgumentTypeError, ValueError):
    """Not an incident id; as an ArgumentTypeError argparse prints this message as it is."""


def incident_id(value: str) -> str:
    """`value` if it is an incident id, IncidentIdError naming the pattern otherwise (argparse's `type=`)."""
    if not is_incident_id(value):
        raise IncidentIdError(
            f"{value!r} is not an incident id (letters, digits, '.', '_', '-'; 3-64; {INCIDENT_ID_PATTERN})"
        )
    return value
