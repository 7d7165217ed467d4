"""Clients for one target: the run's own role at home, the account's evidence-reader role anywhere else.

Home is the account and the region the run is in: the Automation role reads only there. Any other target,
the home account's other regions included, is read with the role the member stack made for this
(`EvidenceReaderRole`, runbooks/scripts/org.py), assumed through STS in the target's own region: a region
the account has not enabled answers RegionDisabledException there, and a role that is missing or does not
trust this run's role answers AccessDenied. Either is the target's gap, one line with the reason, never a
failed collection. S3 is always the home client: the evidence goes to the central bucket, which the member
role cannot write.
"""

from collections.abc import Callable
from typing import Any

import boto3
import botocore.session
from botocore.config import Config

from runbooks.scripts.evidence.keys import listed
from runbooks.scripts.evidence.target import Target, parse_target
from runbooks.scripts.evidence.targets import targets_named
from runbooks.scripts.evidence_reader import READER_SESSION, reader_role_name

ClientMaker = Callable[[str], Any]
SessionClient = Callable[[Any, str], Any]  # (boto3 session, service) -> client
# The role the member stack makes (runbooks/scripts/org.py; the account is the target's); a run may name another.
DEFAULT_READER_ROLE = reader_role_name()
# botocore's own retries are off: the collectors retry throttling themselves, so every request is counted.
SINGLE_ATTEMPT = Config(retries={"total_max_attempts": 1})
# Regions outside the commercial partition, by the prefix of their names.
PARTITIONS = (("cn-", "aws-cn"), ("us-gov-", "aws-us-gov"), ("us-iso-", "aws-iso"), ("us-isob-", "aws-iso-b"))


def default_clients(service: str) -> Any:
    return boto3.client(service, config=SINGLE_ATTEMPT)  # type: ignore[call-overload]


def session_client(session: Any, service: str) -> Any:
    return session.client(service, config=SINGLE_ATTEMPT)


class Unreachable(Exception):
    """A target that cannot be read: the reason, in one line, for the manifest."""


def partition(region: str) -> str:
    return next((name for prefix, name in PARTITIONS if region.startswith(prefix)), "aws")


def home_target(sts: Any, region: str) -> Target:
    """The account and region this run is in."""
    return Target(str(sts.get_caller_identity()["Account"]), region)


def run_targets(events: dict[str, Any]) -> tuple[Target, list[Target]]:
    """The run's home and its targets: as the window step resolved them (`Home`, `Targets`), else resolved here."""
    if events.get("Home"):
        home = parse_target(str(events["Home"]))
    else:  # the run's identity, asked once: not one of the source's evidence calls
        home = home_target(boto3.client("sts"), str(boto3.session.Session().region_name))
    given = [parse_target(text) for text in listed(events.get("Targets"))]
    return home, given if events.get("Home") and given else targets_named(events, home)


def member_role_arn(target: Target, role: str) -> str:
    """The role in the target's account (org.py's `reader_role_arn` for the default name; a run may name another)."""
    return f"arn:{partition(target.region)}:iam::{target.account}:role/{role}"


def error_line(error: Exception) -> str:
    response = getattr(error, "response", None) or {}
    detail = response.get("Error", {})
    words = f"{detail.get('Code')}: {detail.get('Message')}" if detail else f"{type(error).__name__}: {error}"
    return " ".join(words.split())[:300]


def target_session(region: str, credentials: dict[str, Any] | None = None) -> Any:
    """A boto3 session in `region` that reads the service models the run's default session already loaded:
    a fresh session parses them again, which costs more than a target's requests."""
    core = botocore.session.get_session()
    core.register_component("data_loader", boto3._get_default_session()._session.get_component("data_loader"))
    granted = credentials or {}
    return boto3.session.Session(
        aws_access_key_id=granted.get("AccessKeyId"),
        aws_secret_access_key=granted.get("SecretAccessKey"),
        aws_session_token=granted.get("SessionToken"),
        region_name=region,
        botocore_session=core,
    )


def target_clients(
    target: Target,
    home: Target,
    role: str,
    home_clients: ClientMaker = default_clients,
    member: SessionClient = session_client,
) -> ClientMaker:
    """A client maker for `target`; raises Unreachable when the member's role cannot be assumed."""
    if target == home:
        return home_clients
    # Another region of the home account too: the run's own role reads this account in this region only.
    arn = member_role_arn(target, role)
    sts = member(target_session(target.region), "sts")
    try:
        granted = sts.assume_role(RoleArn=arn, RoleSessionName=READER_SESSION)["Credentials"]
    except Exception as error:  # AccessDenied, RegionDisabledException, an endpoint that does not answer
        raise Unreachable(f"cannot assume {arn} in {target.region}: {error_line(error)}") from None
    session = target_session(target.region, granted)

    def clients(service: str) -> Any:
        # The evidence goes to the central bucket, with the run's own role.
        return home_clients(service) if service == "s3" else member(session, service)

    return clients
