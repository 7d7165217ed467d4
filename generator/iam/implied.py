"""Grants a call needs because of what it touches, not because of the call itself, each with AWS's reason.

closeloop's table, topic, secret, queues and evidence bucket are encrypted with the stack's KMS key, so a call
that reads or writes their content needs the key too. (DynamoDB is the exception: it uses the grant it made
for the table when the table was created, so a caller needs no KMS permission; AWS Database Encryption
guide, "How Amazon DynamoDB uses AWS KMS".)
"""

from collections.abc import Mapping

# action -> the actions it brings with it on closeloop's resources, and why.
IMPLIED: Mapping[str, tuple[tuple[str, ...], str]] = {
    "s3:PutObject": (("kms:GenerateDataKey",), "the evidence bucket is SSE-KMS with the stack's key"),
    "s3:GetObject": (
        ("kms:Decrypt", "s3:ListBucket"),
        "SSE-KMS objects; without ListBucket a missing key answers 403, not NoSuchKey",
    ),
    "sns:Publish": (("kms:GenerateDataKey", "kms:Decrypt"), "the topic is encrypted with the stack's key"),
    "secretsmanager:GetSecretValue": (("kms:Decrypt",), "the secret is encrypted with the stack's key"),
    "ssm:StartAutomationExecution": (("iam:PassRole",), "a child automation runs under the same role"),
}


def with_implied(needed: dict[str, str]) -> dict[str, str]:
    """`needed` (action -> why) and every action those bring with them."""
    found = dict(needed)
    for action, (implied, why) in IMPLIED.items():
        if action in needed:
            for extra in implied:
                found.setdefault(extra, f"{action}: {why}")
    return found
