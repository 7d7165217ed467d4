"""One emulator region per test: moto's backends are shared by every server in the process, and
alarm history or CloudTrail lookups read a whole region, so a test that owns its region sees only its own."""

import itertools
from collections.abc import Iterator

import boto3

# Regions every service the evidence tests use knows (moto builds a backend for each).
_REGIONS: Iterator[str] = itertools.cycle(
    sorted(
        set(boto3.session.Session().get_available_regions("cloudtrail"))
        & set(boto3.session.Session().get_available_regions("xray"))
        & set(boto3.session.Session().get_available_regions("codedeploy"))
        # the shared `aws_env` region other tests write to, and the one a fresh emulator is read empty in
        - {"us-east-1", "eu-north-1"}
    )
)


_HANDED_OUT: set[str] = set()


def next_region() -> str:
    """A region no test is using. A session outgrows the regions there are: one handed out again is emptied
    first (every service's backend in it), so what an earlier test left there cannot leak into this one."""
    region = next(_REGIONS)
    if region in _HANDED_OUT:
        _empty(region)
    _HANDED_OUT.add(region)
    return region


def _empty(region: str) -> None:
    from moto.core.base_backend import BackendDict

    for service in list(BackendDict._instances):  # type: ignore[misc]
        for account in list(service.values()):
            if region in account.keys():  # noqa: SIM118 (`in account` is true of every region moto knows)
                account[region].reset()
