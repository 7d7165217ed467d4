"""Bad input found before a command writes anything: one line naming what and where, exit 2.

A command raises `UsageError`; `generator.cli.main` prints it as `closeloop COMMAND: message` and exits 2.
`output_file` and `output_folder` check an `--out` before any work is done, so a folder given where a file
goes (or the reverse), a missing parent or an unwritable place is refused with nothing written.
`aws_setup_problem` names what is missing when boto3 finds no credentials or region: it imports botocore
only on that error path, so commands that never touch AWS do not pay for it. `aws_client` is the one way a
command makes a client from its `--endpoint-url` and `--region`.
"""

import argparse
import os
from pathlib import Path
from typing import Any

HOW_TO_POINT_AT_AWS = "use a profile or AWS_* variables, or `closeloop up` and its export lines for a local AWS"


class UsageError(Exception):
    """Input the command cannot use; said in one line, nothing written."""


def output_file(path: Path, option: str = "--out") -> Path:
    """`path` as a file to write: not a folder, writable, in a folder that is there or can be made."""
    if path.is_dir() or str(path).endswith(("/", os.sep)):
        raise UsageError(f"{option} {path}: is a folder; give a file name")
    if path.exists() and not os.access(path, os.W_OK):
        raise UsageError(f"{option} {path}: not writable")
    _writable_place(path.parent, path, option)
    return path


def output_folder(path: Path, option: str = "--out") -> Path:
    """`path` as a folder to write into: not a file; when missing, made under the nearest writable folder."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"{option} {path}: is a file; give a folder")
    _writable_place(path, path, option)
    return path


def _writable_place(folder: Path, given: Path, option: str) -> None:
    """`folder` is a writable folder, or can be made in the nearest folder above it that is there."""
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    if not existing.is_dir():
        raise UsageError(f"{option} {given}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK):
        raise UsageError(f"{option} {given}: {existing} is not writable")


def aws_setup_problem(error: Exception) -> str | None:
    """The one line for boto3 finding no credentials, region or profile, or refusing a parameter; else None."""
    from botocore.exceptions import (
        NoCredentialsError,
        NoRegionError,
        ParamValidationError,
        PartialCredentialsError,
        ProfileNotFound,
    )

    if isinstance(error, NoCredentialsError | PartialCredentialsError):
        return f"no AWS credentials found ({HOW_TO_POINT_AT_AWS})"
    if isinstance(error, NoRegionError):
        return f"no AWS region: set AWS_REGION, or --region where the command has it ({HOW_TO_POINT_AT_AWS})"
    if isinstance(error, ProfileNotFound):
        return f"{error} (see `aws configure list-profiles`)"
    if isinstance(error, ParamValidationError):
        return " ".join(str(error).split())
    return None


def aws_client(args: argparse.Namespace, service: str) -> Any:
    """A boto3 client for `service` at the command's `--endpoint-url` and `--region` (None: the configuration's)."""
    import boto3  # only the commands that call AWS pay for boto3

    return boto3.client(service, endpoint_url=args.endpoint_url, region_name=args.region)  # type: ignore[call-overload]
