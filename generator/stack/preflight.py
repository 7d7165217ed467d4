"""Before anything is built or uploaded: the AWS CLI is there, the region exists, the credentials work."""

import shutil
import subprocess

import boto3
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, ProfileNotFound

from generator.stack.target import Target

PARTITIONS = ("aws", "aws-cn", "aws-us-gov")


class PreflightError(Exception):
    pass


def check_aws_cli(env: dict[str, str]) -> str:
    """The `aws` CLI's version line; an error naming what to install when it is missing."""
    path = shutil.which("aws", path=env.get("PATH"))
    if path is None:
        raise PreflightError(
            "the AWS CLI (`aws`) is not on PATH: deploy.sh deploys with `aws cloudformation deploy`. "
            "Install it (pip install awscli, or AWS's installer) and run again."
        )
    result = subprocess.run([path, "--version"], capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise PreflightError(f"`{path} --version` failed: {(result.stderr or result.stdout).strip()}")
    return (result.stdout or result.stderr).strip()


def known_regions() -> set[str]:
    session = boto3.Session()
    return {r for partition in PARTITIONS for r in session.get_available_regions("cloudformation", partition)}


def check_region(region: str) -> None:
    regions = known_regions()
    if region not in regions:
        close = sorted(r for r in regions if r.split("-")[0] == region.split("-")[0]) or sorted(regions)
        raise PreflightError(f"--region {region!r} is not an AWS region (did you mean one of: {', '.join(close)}?)")


def check_credentials(target: Target) -> str:
    """The account id the credentials belong to."""
    where = f"profile {target.profile!r}" if target.profile else "the default credential chain"
    try:
        identity = target.client("sts").get_caller_identity()
    except ProfileNotFound:
        raise PreflightError(f"no AWS profile named {target.profile!r} (see `aws configure list-profiles`)") from None
    except NoCredentialsError:
        raise PreflightError(
            f"no AWS credentials found for {where}: run `aws configure` or `aws sso login --profile NAME`"
        ) from None
    except ClientError as error:
        raise PreflightError(f"the credentials of {where} were refused: {error}") from None
    except BotoCoreError as error:
        raise PreflightError(f"could not check the credentials of {where}: {error}") from None
    return str(identity["Account"])


def preflight(target: Target) -> str:
    """Run every check; the account id on success."""
    check_aws_cli(target.cli_environment())
    if not target.local:
        check_region(target.region)
    return check_credentials(target)
