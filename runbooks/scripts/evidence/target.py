"""One account and region a collection reads: `123456789012/eu-west-1` (targets.py finds a run's targets)."""

import re
from dataclasses import dataclass

ACCOUNT = re.compile(r"^\d{12}$")
REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")


@dataclass(frozen=True, order=True)
class Target:
    account: str
    region: str

    @property
    def label(self) -> str:
        return f"{self.account}/{self.region}"


def parse_target(text: str) -> Target:
    """`account/region` (or `account:region`); anything else is refused in one line that says what it got."""
    account, _, region = text.strip().replace(":", "/", 1).partition("/")
    if not ACCOUNT.match(account) or not REGION.match(region):
        raise ValueError(f"Targets: '{text}' is not an account/region such as 123456789012/eu-west-1")
    return Target(account, region)
