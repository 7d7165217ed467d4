"""Clients that act in another account of the emulator, as that account's own administrator would.

moto keeps one set of backends per account and picks the account from the request; the header
`x-moto-account-id` names it. Tests and the drill set up a member account with these (its reader role,
its alarms and deployments); the code under test reaches the member only through STS AssumeRole.
"""

from typing import Any

ACCOUNT_HEADER = "x-moto-account-id"


def in_account(client: Any, account: str) -> Any:
    """`client`, with every request it sends made in `account`."""

    def name_account(request: Any, **_: Any) -> None:
        request.headers[ACCOUNT_HEADER] = account

    client.meta.events.register("before-sign", name_account)
    return client
