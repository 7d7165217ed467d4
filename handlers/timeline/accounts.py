"""Clients that read where an event happened: this account's own, or a member account's through its timeline reader.

An alarm's tags and an execution's parameters live in the account that raised the event. For an event of this account
and region the handler's own clients read them; for one a member account forwarded (EventBridge keeps its
`account` and `region`), clients of that account and region read them, with the credentials of the member's
timeline reader role (domain/member_roles.py). Those are assumed once per account and region and kept for the
container's life, until a few minutes before they expire. The function's own grants name its own region
only, so another region of its own account is read through that account's timeline reader too, as evidence
is (docs/evidence-across-accounts.md).

An account where the role cannot be assumed (outside the organisation, or without the member stack) is
`Unreachable`: the event is dropped with the reason, because a retry cannot make the role appear. A throttled
or failed STS call is raised instead, so EventBridge retries the event.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError

from domain.clock import Clock, system_now
from domain.member_roles import TIMELINE_SESSION, timeline_reader_arn

# The services whose clients read in a member account: the member's timeline reader is granted exactly the
# calls the handler makes on them (generator/stack/member/timeline_role.py, proved by generator/iam/).
MEMBER_SERVICES = ("cloudwatch", "ssm")
# AssumeRole's shortest session; credentials are renewed this long before they expire.
SESSION_SECONDS = 900
RENEW_BEFORE = timedelta(minutes=5)
# STS's answers that no retry changes: the role is missing or does not trust this function, or STS is off there.
REFUSALS = frozenset({"AccessDenied", "AccessDeniedException", "RegionDisabledException"})

ClientMaker = Callable[..., Any]


@dataclass(frozen=True)
class Clients:
    dynamodb: Any
    ssm: Any
    cloudwatch: Any


@dataclass(frozen=True)
class Home:
    """The account, region and partition the function runs in (from its ARN)."""

    account: str
    region: str
    partition: str = "aws"

    @classmethod
    def of_function(cls, function_arn: str) -> "Home":
        parts = function_arn.split(":")
        if len(parts) < 7 or not parts[4].isdigit():
            return cls("", "")
        return cls(parts[4], parts[3], parts[1])


# Where the function's ARN is not known (a test's context): every event is read with the function's own clients.
UNKNOWN_HOME = Home("", "")


class Unreachable(Exception):
    """This function cannot read in the event's account: its timeline reader cannot be assumed there."""


@dataclass(frozen=True)
class _Held:
    clients: Clients
    expires: datetime


class Readers:
    """The clients for an event's account and region, made once and kept (`make` is `boto3.client`'s shape)."""

    def __init__(
        self, home: Clients, sts: Any | None, prefix: str, make: ClientMaker | None = None, clock: Clock = system_now
    ) -> None:
        self.home, self.sts, self.prefix, self.clock = home, sts, prefix, clock
        self.make = make
        self._held: dict[tuple[str, str], _Held] = {}

    def at(self, account: str, region: str, home: Home) -> Clients:
        """Clients reading in `account` and `region`; raises Unreachable where the role cannot be assumed."""
        if not home.account or (account in ("", home.account) and region in ("", home.region)):
            return self.home
        key = (account, region or home.region)
        held = self._held.get(key)
        if held is None or held.expires - RENEW_BEFORE <= self.clock():
            held = self._held[key] = self._made(account, key[1], home)
        return held.clients

    def _made(self, account: str, region: str, home: Home) -> _Held:
        if self.make is None or self.sts is None:
            raise Unreachable(f"account {account}, {region}: this function is not set up to read other places")
        try:
            role = timeline_reader_arn(account, self.prefix, home.partition)
        except ValueError as error:
            raise Unreachable(str(error)) from None
        try:
            answer = self.sts.assume_role(
                RoleArn=role, RoleSessionName=TIMELINE_SESSION, DurationSeconds=SESSION_SECONDS
            )
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code", ""))
            if code not in REFUSALS:
                raise
            raise Unreachable(
                f"account {account}: cannot assume {role} ({code}); is it in the organisation, with the member stack?"
            ) from None
        granted = answer["Credentials"]
        keys = {
            "aws_access_key_id": granted["AccessKeyId"],
            "aws_secret_access_key": granted["SecretAccessKey"],
            "aws_session_token": granted["SessionToken"],
        }
        made = {name: self.make(name, region_name=region, **keys) for name in MEMBER_SERVICES}
        return _Held(Clients(self.home.dynamodb, made["ssm"], made["cloudwatch"]), granted["Expiration"])
