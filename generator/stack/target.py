"""Where a deploy goes: an AWS account (profile and region) or the embedded emulator (an endpoint URL)."""

import os
from dataclasses import dataclass
from typing import Any

import boto3

EMULATOR_REGION = "us-east-1"
EMULATOR_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@dataclass(frozen=True)
class Target:
    region: str
    profile: str | None = None
    endpoint_url: str | None = None  # set only for the emulator

    @property
    def local(self) -> bool:
        return self.endpoint_url is not None

    def session(self) -> boto3.Session:
        if self.local:
            return boto3.Session(
                aws_access_key_id=EMULATOR_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                aws_secret_access_key=EMULATOR_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
                region_name=self.region,
            )
        return boto3.Session(profile_name=self.profile, region_name=self.region)

    def client(self, service: str) -> Any:
        return self.session().client(service, endpoint_url=self.endpoint_url)  # type: ignore[call-overload]

    def cli_arguments(self) -> list[str]:
        profile = ["--profile", self.profile] if self.profile else []
        return [*profile, "--region", self.region]

    def cli_environment(self) -> dict[str, str]:
        """The environment for the `aws` CLI: the emulator's endpoint and fake credentials for `--local`."""
        env = dict(os.environ)
        if self.local:
            for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE"):
                env.pop(name, None)
            env.update(EMULATOR_CREDENTIALS)
            env["AWS_ENDPOINT_URL"] = str(self.endpoint_url)
            env["AWS_DEFAULT_REGION"] = self.region
        return env
