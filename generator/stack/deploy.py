"""deploy.sh's logic: `python -m generator.stack.deploy --profile P --region R [--stack-name N] [--param K=V ...]`
or `--local` for the embedded emulator. Exit 0 deployed (or up to date), 1 failed, 2 bad usage or setup."""

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from botocore.exceptions import BotoCoreError, ClientError

from domain.documents import DEFAULT_PREFIX, prefix_error
from generator.stack import cloudformation as cfn
from generator.stack import local, parameters
from generator.stack.artefact_bucket import BucketError, ensure_bucket, upload
from generator.stack.checks import CheckError, check_fresh, check_quotas, lint
from generator.stack.package import PackageError, build_package
from generator.stack.preflight import PreflightError, preflight
from generator.stack.render import TEMPLATE_FILE
from generator.stack.target import Target
from generator.stack.verify import expected_outputs, verify_outputs

DEFAULT_STACK = "closeloop"
BUILD = Path("build")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="deploy.sh",
        description="Deploy closeloop's stack to an AWS account, or with --local to the embedded emulator.",
    )
    where = top.add_mutually_exclusive_group()
    where.add_argument("--local", action="store_true", help="deploy to an AWS emulator started on 127.0.0.1")
    where.add_argument("--region", help="the AWS region to deploy to (required unless --local)")
    top.add_argument("--profile", help="the AWS CLI profile to use (default: the default credential chain)")
    top.add_argument("--stack-name", default=DEFAULT_STACK, help=f"the stack's name (default: {DEFAULT_STACK})")
    top.add_argument("--param", action="append", default=[], metavar="K=V", help="a template parameter; repeatable")
    top.add_argument(
        "--prefix",
        help=f"what this stack's document names start with (default: {DEFAULT_PREFIX}); a second stack in the "
        "same account and region needs its own (the NamePrefix parameter)",
    )
    return top


def parse_params(pairs: list[str], template: dict[str, Any]) -> dict[str, str]:
    declared = template.get("Parameters", {})
    result: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise PreflightError(f"--param {pair!r} is not K=V")
        if key not in declared:
            raise PreflightError(f"--param {key}: the template has no such parameter (it has: {', '.join(declared)})")
        if key in (parameters.CODE_BUCKET, parameters.CODE_KEY):
            raise PreflightError(f"--param {key}: deploy.sh sets it to the package it uploads")
        result[key] = value
    return result


def effective_params(template: dict[str, Any], given: dict[str, str]) -> dict[str, str]:
    defaults = {k: str(v["Default"]) for k, v in template["Parameters"].items() if "Default" in v}
    return {**defaults, **given}


class Sections:
    """Section headings with the seconds since the deploy began: where a slow deploy spends its time."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def __call__(self, title: str) -> None:
        print(f"== {title} [{time.monotonic() - self.started:.0f}s]", flush=True)


def deploy(target: Target, stack: str, param_pairs: list[str], root: Path) -> int:
    section = Sections()
    template_path = root / TEMPLATE_FILE
    template = yaml.safe_load(template_path.read_text(encoding="utf-8"))
    given = parse_params(param_pairs, template)  # a mistyped parameter is refused before anything runs
    prefix = effective_params(template, given).get(parameters.NAME_PREFIX, DEFAULT_PREFIX)
    error = prefix_error(prefix)
    if error:
        raise PreflightError(f"--prefix {prefix!r}: {error}")
    section(f"preflight ({'the emulator at ' + str(target.endpoint_url) if target.local else target.region})")
    account = preflight(target)
    print(f"account {account}")
    section("templates fresh")
    check_fresh(root)
    section("quotas")
    body = template_path.read_text(encoding="utf-8")
    for line in check_quotas(template, body, stack, prefix) or ["every quota kept"]:
        print(line)
    section("lint")
    for line in lint(root):
        print(line)
    section("package")
    package = build_package(root, root / BUILD / "lambda")
    print(f"{package.path}: {package.size / 2**20:.2f} MiB zipped, {package.unzipped_size / 2**20:.2f} MiB unzipped")
    notes: list[str] = []
    bucket = ensure_bucket(target, account, notes)
    print(
        ("uploaded" if upload(target, bucket, package.key, package.path) else "already uploaded")
        + f" s3://{bucket}/{package.key}"
    )
    to_send = {**given, parameters.CODE_BUCKET: bucket, parameters.CODE_KEY: package.key}
    skipped: dict[str, str] = {}
    if target.local:
        template_path = root / BUILD / "local" / "closeloop.json"
        skipped = local.skipped_resources(template)
        notes += local.write_emulator_template(template, skipped, template_path)
    section(f"deploy stack {stack}")
    described = cfn.current_stack(target, stack)
    cfn.check_deployable(described, stack)
    if cfn.up_to_date(target, described, template_path, to_send):
        print(f"stack {stack} is up to date: nothing to deploy")
    else:
        outcome = cfn.run_deploy(target, cfn.deploy_command(target, stack, template_path, bucket, to_send))
        print(f"stack {stack} deployed" if outcome.changed else f"stack {stack} is up to date: nothing to deploy")
    outputs = cfn.stack_outputs(target, stack)
    if target.local:
        notes += local.close_gaps(target, stack, template, skipped, outputs, effective_params(template, given))
    if notes:
        section("the emulator" if target.local else "notes")
        for note in notes:
            print(f"- {note}")
    section("outputs")
    checks = verify_outputs(target, outputs, expected_outputs(template, outputs))
    for check in checks:
        print(f"{'ok ' if check.ok else 'BAD'} {check.key} = {check.value}  ({check.detail})")
    bad = [c.key for c in checks if not c.ok]
    if bad:
        print(f"{len(bad)} output(s) do not resolve: {', '.join(bad)}", file=sys.stderr)
        return 1
    return 0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Options, naming an unknown option before anything else is said about the command line."""
    top = parser()
    args, unknown = top.parse_known_args(argv)
    if unknown:
        top.error(f"unknown option(s): {' '.join(unknown)}")
    if not args.local and not args.region:
        top.error("say where to deploy: --region R (with --profile P) for an AWS account, or --local")
    return args


def main(argv: Sequence[str] | None = None, root: Path = Path(".")) -> int:
    args = parse_args(argv)
    if args.prefix is not None:  # the same as --param NamePrefix=P
        args.param = [*args.param, f"{parameters.NAME_PREFIX}={args.prefix}"]
    try:
        if args.local:
            if args.profile:
                raise PreflightError(
                    "--profile and --local do not go together: --local uses the emulator's fake credentials"
                )
            with local.running_emulator() as endpoint:
                return deploy(local.emulator_target(endpoint), args.stack_name, args.param, root)
        return deploy(Target(region=args.region, profile=args.profile), args.stack_name, args.param, root)
    except (PreflightError, CheckError) as error:
        print(f"deploy.sh: {error}", file=sys.stderr)
        return 2
    except (PackageError, BucketError, cfn.DeployError) as error:
        print(f"deploy.sh: {error}", file=sys.stderr)
        return 1
    except (BotoCoreError, ClientError) as error:
        print(f"deploy.sh: an AWS call failed: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
