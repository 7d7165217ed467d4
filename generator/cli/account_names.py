"""`--ownership FILE` for the commands that say where events happened: the ownership map's AWS account names
(its `accounts`, account id -> name), so a timeline over several accounts reads `payments-prod (1111...)`."""

import argparse
from pathlib import Path

import yaml

from domain.ownership import ConfigError, load_ownership


def add_ownership_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ownership", type=Path, help="the ownership map: its `accounts` name the AWS accounts events happened in"
    )


def account_names(path: Path | None) -> dict[str, str]:
    """The map's account names; {} without a map. An unreadable or invalid map raises ConfigError."""
    if path is None:
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    return dict(load_ownership(data, str(path)).accounts)
