"""`closeloop simulate DOC [--param NAME=VALUE ...] [--decide STEP=DECISION ...] [--endpoint-url URL | --live]
[--out FILE]`: run an Automation document locally, step by step.

DOC is a document file or the name of a catalogue runbook. AWS calls go to an embedded emulator unless
--endpoint-url, AWS_ENDPOINT_URL (set by `closeloop up` while it runs) or --live says otherwise. A name
runs the document that AWS holds under it when it holds one: a deployed runbook carries its stack's
table, bucket, topic and role as defaults, as in the console, so `closeloop simulate
Closeloop-LogTimelineEvent` against `closeloop up` writes to the stack's table without a flag. Otherwise
the catalogue's runbook runs. Exit 0 when the run ends Success, 1 when it ends any other way, 2 when the
input is unusable (an unreadable document, a parameter value the document refuses).
"""

import argparse
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from generator.cli.usage import output_file
from generator.document.errors import DocumentError
from generator.document.model import Document
from generator.document.reader import read_file, read_text
from generator.simulator import ClientFactory, ExecutionRecord, ParameterError, RunOptions, StepRecord, simulate
from generator.simulator.decisions import DECISIONS
from runbooks import catalogue

# SSM's document name pattern (botocore's DocumentARN shape); anything else is never asked of AWS.
DOCUMENT_NAME = re.compile(r"[a-zA-Z0-9_\-.:/]{3,128}")


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser("simulate", help="run an Automation document locally", description=__doc__)
    parser.add_argument("document", metavar="DOC", help="a document file or a catalogue runbook name")
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="a parameter value; repeat for a list"
    )
    parser.add_argument(
        "--decide",
        action="append",
        default=[],
        metavar="STEP=DECISION[:COMMENT]",
        help=f"one of {', '.join(DECISIONS)}; an approver's comment after a colon (approve:rolled back)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--endpoint-url", help="send AWS calls to this endpoint instead of the embedded emulator")
    where.add_argument("--live", action="store_true", help="send AWS calls to the account in your credentials")
    parser.add_argument("--out", type=Path, help="write the execution record (GetAutomationExecution's shape) here")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.out:
        output_file(args.out)
    try:
        parameters = pairs(args.param, "--param")
        decisions = {step: decision[0] for step, decision in pairs(args.decide, "--decide").items()}
        named = clients(args)
        document, name = (named and deployed(named, args.document)) or load(args.document)
    except (DocumentError, ValueError) as error:
        print(f"closeloop simulate: {error}", file=sys.stderr)
        return 2
    options = RunOptions(decisions=dict(decisions), on_step_end=print_step)
    try:
        with _aws(named) as factory:
            record = simulate(document, _single_values(parameters), name=name, clients=factory, options=options)
    except ParameterError as error:
        print(f"closeloop simulate: {error}", file=sys.stderr)
        return 2
    print_summary(record)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(record.to_api(), indent=2, default=str) + "\n", encoding="utf-8")
    return 0 if record.status == "Success" else 1


def load(reference: str) -> tuple[Document, str]:
    """The document a DOC argument names: a file when one is there, else a catalogue runbook."""
    path = Path(reference)
    if path.is_file():
        return read_file(path).document, path.stem
    found = catalogue.find(reference)
    if found is not None:
        return found, reference
    if path.suffix or "/" in reference:
        read_file(path)  # raises the reader's DocumentError, which names the file and what is wrong
    raise ValueError(f"{reference} is neither a document file nor a catalogue runbook ({', '.join(catalogue.names())})")


def pairs(items: list[str], option: str) -> dict[str, list[str]]:
    """NAME=VALUE arguments; a name given more than once collects its values in order."""
    found: dict[str, list[str]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ValueError(f"{option} {item!r} is not NAME=VALUE")
        found.setdefault(key.strip(), []).append(value)
    return found


def _single_values(parameters: dict[str, list[str]]) -> dict[str, Any]:
    return {key: values[0] if len(values) == 1 else values for key, values in parameters.items()}


def deployed(factory: ClientFactory, reference: str) -> tuple[Document, str] | None:
    """The document the named AWS holds under this name (a stack's runbook with the stack's defaults), or None
    when the reference is a file or AWS holds no such document (or will not say: the catalogue's runs then)."""
    if Path(reference).is_file() or not DOCUMENT_NAME.fullmatch(reference):
        return None
    try:
        content = factory.client("ssm").get_document(Name=reference)["Content"]
    except (ClientError, BotoCoreError) as error:
        held_none = isinstance(error, ClientError) and error.response.get("Error", {}).get("Code") == "InvalidDocument"
        if not held_none:  # AWS would not say (no credentials, access denied): said, then the catalogue's runs
            print(f"closeloop simulate: AWS did not give {reference} ({error}); the catalogue's runs", file=sys.stderr)
        return None
    where = factory.endpoint_url or "your account"
    print(f"{reference} as deployed in {where}", flush=True)
    return read_text(content, f"{reference} (in {where})").document, reference


@contextmanager
def _aws(named: ClientFactory | None) -> Iterator[ClientFactory]:
    """The AWS the run talks to: the one named, else an embedded emulator for the run's length."""
    if named is not None:
        yield named
        return
    from generator.emulator.server import running_emulator  # moto: only when no AWS is named

    with running_emulator() as endpoint_url:
        yield ClientFactory(endpoint_url)


def clients(args: argparse.Namespace) -> ClientFactory | None:
    if args.live:
        return ClientFactory(None, region=boto3.session.Session().region_name or "us-east-1")
    if args.endpoint_url:
        return ClientFactory(args.endpoint_url)
    if os.environ.get("AWS_ENDPOINT_URL"):  # `closeloop up`'s local AWS (generator.cli.main), or one named
        return ClientFactory(os.environ["AWS_ENDPOINT_URL"], region=os.environ.get("AWS_REGION", "us-east-1"))
    return None  # the embedded emulator, started and stopped by the run


def print_step(record: StepRecord) -> None:
    indent = "  " * (1 if record.parent else 0)
    where = f" [iteration {record.parent.iteration}]" if record.parent else ""
    line = f"{indent}{record.name}{where} ({record.action}): {record.status}"
    if record.attempts > 1:
        line += f" after {record.attempts} attempts"
    if record.failure_message:
        line += f": {record.failure_message}"
    print(line, flush=True)


def print_summary(record: ExecutionRecord) -> None:
    print(f"Execution {record.execution_id} of {record.document_name}: {record.status}")
    if record.failure_message:
        print(f"  {record.failure_message}")
    for name, value in record.outputs.items():
        print(f"  {name} = {json.dumps(value, default=str)}")
