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


def next_region() -> str:
    return next(_REGIONS)
