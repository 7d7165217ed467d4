"""Jira's webhook signature: `X-Hub-Signature: sha256=<hex>`, HMAC-SHA256 of the raw body with the shared secret.

Checked over the bytes as they arrived (a re-serialised body would not match), with a constant-time
compare so that response timing tells a forger nothing about how much of a guess was right.
"""

import hashlib
import hmac
from enum import StrEnum

PREFIX = "sha256="


class Verdict(StrEnum):
    VALID = "valid"
    UNSIGNED = "unsigned"
    MALFORMED = "malformed"  # not `sha256=<64 hex digits>`
    MISMATCH = "mismatch"


def sign(secret: bytes, body: bytes) -> str:
    return PREFIX + hmac.new(secret, body, hashlib.sha256).hexdigest()


def shape(header: str | None) -> Verdict:
    """Whether the header could be a signature at all: checked before any secret is read."""
    if not header:
        return Verdict.UNSIGNED
    given = header.strip()
    digest = given[len(PREFIX) :].lower()
    if not given.lower().startswith(PREFIX) or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        return Verdict.MALFORMED
    return Verdict.VALID


def verify(secret: bytes, body: bytes, header: str | None) -> Verdict:
    if (verdict := shape(header)) is not Verdict.VALID:
        return verdict
    assert header is not None
    digest = header.strip()[len(PREFIX) :].lower()
    expected = sign(secret, body)[len(PREFIX) :]
    return Verdict.VALID if hmac.compare_digest(expected.encode(), digest.encode()) else Verdict.MISMATCH
