"""Clients that act in another account of the emulator, as that account's own administrator would.

moto keeps one set of backends per account and picks the account from the request; the header
`x-moto-account-id` names it. Tests and the drill set up a member account with these (its reader role,
its alarms and deployments); the code under test reaches the member only through STS AssumeRole.
"""

import contextlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3

from runbooks.scripts.org import reader_role_name

ACCOUNT_HEADER = "x-moto-account-id"


def _naming(account: str) -> Any:
    def name_account(request: Any, **_: Any) -> None:
        request.headers[ACCOUNT_HEADER] = account

    return name_account


def in_account(client: Any, account: str) -> Any:
    """`client`, with every request it sends made in `account`."""
    client.meta.events.register("before-sign", _naming(account))
    return client


@contextmanager
def acting_as(account: str) -> Iterator[None]:
    """Every client `boto3.client(...)` makes meanwhile acts in `account` (a seeder written for the default one)."""
    session = boto3._get_default_session()
    handler = _naming(account)
    session.events.register("before-sign", handler, unique_id="closeloop-acting-as")
    try:
        yield
    finally:
        session.events.unregister("before-sign", handler, unique_id="closeloop-acting-as")


def make_reader_role(iam: Any, account: str, trusted_account: str, name: str | None = None) -> str:
    """The evidence-reader role a member stack makes in `account` (with `iam`, a client of the emulator),
    trusting `trusted_account` (the central one); made once, whoever asks first. Its ARN."""
    role = name or reader_role_name()
    iam = in_account(iam, account)
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{trusted_account}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(trust))
    return f"arn:aws:iam::{account}:role/{role}"
