"""`closeloop evidence start|status|verify`: collect an incident's evidence, follow the run, prove it unchanged.

start --incident ID [--start T --end T] [selectors] [--target ACCOUNT/REGION ...] [--watch]
      [--local [--endpoint-url URL]]
      starts Closeloop-CollectEvidence in the account (or, with --local, through the simulator against
      the embedded emulator) and, with --watch, prints each step as it ends.
status EXECUTION_ID      each step's status and the run's outputs.
verify --incident ID [--bucket B | --stack-name N] [--run EXECUTION_ID]   recomputes every artefact's SHA-256
      against the run's anchor (the manifest's S3 version and SHA-256, which the table keeps on the incident
      item and the timeline; the newest anchored run unless --run names one); exit 1 when any artefact is
      missing, changed or unlisted or the two anchors disagree, 2 when there is no manifest. The bucket
      defaults to the evidence bucket of the stack deploy.sh made (its EvidenceBucketName output).
"""

import argparse
import json
import os
import sys
import time
from typing import Any

from botocore.exceptions import ClientError

from domain.documents import COLLECT_EVIDENCE, DEFAULT_PREFIX, PREFIX_ENVIRONMENT, document_name, prefix_error
from domain.incident_id import incident_id
from domain.timeline import format_second, parse_time
from generator.cli.simulate import print_step, print_summary
from generator.cli.usage import UsageError
from generator.evidence.anchors import NoSuchRun, chosen, run_anchors
from generator.evidence.local import run_locally, session_client
from generator.evidence.verify import Anchor, ManifestMissing, verify
from runbooks.collect_evidence import NAME
from runbooks.scripts.evidence.target import parse_target

DEFAULT_STACK = "closeloop"  # deploy.sh's default stack name
BUCKET_OUTPUT = "EvidenceBucketName"
TERMINAL = {"Success", "Failed", "Cancelled", "TimedOut", "CompletedWithSuccess", "CompletedWithFailure"}
# (option, document parameter, is a list)
SELECTORS = [
    ("--alarm-prefix", "AlarmNamePrefix", False),
    ("--log-group", "LogGroups", True),
    ("--function", "Functions", True),
    ("--service", "Services", True),
    ("--deployment-group", "DeploymentGroups", True),
    ("--pipeline", "Pipelines", True),
    ("--stack", "Stacks", True),
    ("--trace-filter", "TraceFilter", False),
    ("--target", "Targets", True),
    ("--reader-role", "EvidenceReaderRole", False),
]


def name_prefix(value: str) -> str:
    """A stack's document prefix (argparse's `type=`): one line saying why, exit 2, for one AWS refuses."""
    error = prefix_error(value)
    if error:
        raise argparse.ArgumentTypeError(error)
    return value


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser("evidence", help="collect, follow and verify incident evidence", description=__doc__)
    commands = parser.add_subparsers(dest="evidence_command", required=True, metavar="SUBCOMMAND")

    start = commands.add_parser("start", help="start CollectEvidence (<prefix>CollectEvidence) for an incident")
    start.add_argument("--incident", required=True, type=incident_id)
    start.add_argument(
        "--start", default="", help="window start, ISO-8601 UTC (default: 30 min before the first alarm)"
    )
    start.add_argument("--end", default="", help="window end, ISO-8601 UTC (default: now)")
    for option, _, many in SELECTORS:
        if option != "--target":
            start.add_argument(option, action="append" if many else "store", default=[] if many else "")
    start.add_argument(
        "--target",
        action="append",
        default=[],
        type=target_label,
        help="another account/region to read, e.g. 210987654321/eu-west-1 (through its member stack's reader role)",
    )
    start.add_argument("--bucket", default="", help="evidence bucket (default: the document's)")
    start.add_argument("--table", default="", help="closeloop table (default: the document's)")
    start.add_argument(
        "--prefix",
        type=name_prefix,
        default=os.environ.get(PREFIX_ENVIRONMENT) or DEFAULT_PREFIX,
        help=f"the stack's document prefix (default: ${PREFIX_ENVIRONMENT}, else {DEFAULT_PREFIX})",
    )
    start.add_argument("--watch", action="store_true", help="print each step as it ends, until the run ends")
    start.add_argument("--local", action="store_true", help="run through the simulator against the embedded emulator")
    start.add_argument("--endpoint-url", help="AWS endpoint (an emulator); with --local, an emulator already running")
    start.set_defaults(run=run_start)

    status = commands.add_parser("status", help="a run's steps and outputs")
    status.add_argument("execution_id", metavar="EXECUTION_ID")
    status.add_argument("--endpoint-url")
    status.set_defaults(run=run_status)

    check = commands.add_parser("verify", help="recompute every artefact's SHA-256 against the manifest")
    check.add_argument("--incident", required=True, type=incident_id)
    check.add_argument(
        "--bucket",
        default=os.environ.get("CLOSELOOP_BUCKET", ""),
        help="evidence bucket (default: $CLOSELOOP_BUCKET, else the stack's)",
    )
    check.add_argument("--stack-name", default=DEFAULT_STACK, help=f"the stack (default: {DEFAULT_STACK})")
    check.add_argument("--manifest-sha256", help="the run's WriteManifest.ManifestSha256 output: the anchor")
    check.add_argument("--manifest-version", help="the run's WriteManifest.ManifestVersionId output")
    check.add_argument("--window", nargs=2, metavar=("START", "END"), help="the run's resolved window")
    check.add_argument(
        "--table",
        default=os.environ.get("CLOSELOOP_TABLE", "closeloop"),
        help="the closeloop table, where the incident item and the timeline keep each run's anchor "
        "(default: $CLOSELOOP_TABLE or closeloop)",
    )
    check.add_argument(
        "--run", dest="run_id", metavar="EXECUTION_ID", help="the collection run to verify (default: the newest)"
    )
    check.add_argument("--endpoint-url")
    check.set_defaults(run=run_verify)


def target_label(value: str) -> str:
    """An account/region target as the document takes it; anything else is refused in one line (exit 2)."""
    try:
        return parse_target(value).label
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error).removeprefix("Targets: ")) from None


def window_time(value: str, option: str) -> str:
    """A window bound in the document's form (UTC with a Z): a time without a zone is refused, not guessed."""
    if not value:
        return ""
    try:
        return format_second(parse_time(value, option))
    except ValueError as error:
        raise UsageError(str(error)) from None


def parameters(args: argparse.Namespace) -> dict[str, Any]:
    found: dict[str, Any] = {
        "IncidentId": args.incident,
        "WindowStart": window_time(args.start, "--start"),
        "WindowEnd": window_time(args.end, "--end"),
    }
    for option, name, _ in SELECTORS:
        value = getattr(args, option.lstrip("-").replace("-", "_"))
        if value:
            found[name] = value
    if args.bucket:
        found["EvidenceBucket"] = args.bucket
    if args.table:
        found["TableName"] = args.table
    return found


def run_start(args: argparse.Namespace) -> int:
    if args.local:
        record = run_locally(parameters(args), args.endpoint_url, on_step_end=print_step)
        print_summary(record)
        return 0 if record.status == "Success" else 1
    ssm = session_client("ssm", args.endpoint_url)
    as_lists = {
        name: value if isinstance(value, list) else [value] for name, value in parameters(args).items() if value != ""
    }
    document = document_name(COLLECT_EVIDENCE, args.prefix)
    execution_id = ssm.start_automation_execution(DocumentName=document, Parameters=as_lists)["AutomationExecutionId"]
    print(f"Started {document}: {execution_id}")
    return watch(ssm, execution_id) if args.watch else 0


def watch(ssm: Any, execution_id: str, interval: float = 5.0) -> int:
    """Print each step once it ends, until the execution does."""
    printed: set[str] = set()
    while True:
        execution = ssm.get_automation_execution(AutomationExecutionId=execution_id)["AutomationExecution"]
        for step in execution.get("StepExecutions", []):
            if step.get("StepStatus") in TERMINAL | {"Skipped"} and step["StepExecutionId"] not in printed:
                printed.add(step["StepExecutionId"])
                print(f"{step['StepName']}: {step['StepStatus']}{_step_detail(step)}", flush=True)
        if execution["AutomationExecutionStatus"] in TERMINAL:
            _print_outputs(execution)
            return 0 if execution["AutomationExecutionStatus"] == "Success" else 1
        time.sleep(interval)


def run_status(args: argparse.Namespace) -> int:
    ssm = session_client("ssm", args.endpoint_url)
    try:
        execution = ssm.get_automation_execution(AutomationExecutionId=args.execution_id)["AutomationExecution"]
    except ClientError as error:
        if error.response["Error"]["Code"] == "AutomationExecutionNotFoundException":
            raise UsageError(f"no automation execution {args.execution_id}") from None
        raise
    print(f"{execution.get('DocumentName', NAME)} {args.execution_id}: {execution['AutomationExecutionStatus']}")
    for step in execution.get("StepExecutions", []):
        print(f"  {step['StepName']}: {step.get('StepStatus', 'Pending')}{_step_detail(step)}")
    _print_outputs(execution)
    return 0


class NoStackBucket(Exception):
    pass


def stack_bucket(cloudformation: Any, stack_name: str) -> str:
    """The evidence bucket the stack made: its `EvidenceBucketName` output."""
    try:
        stacks = cloudformation.describe_stacks(StackName=stack_name)["Stacks"]
    except ClientError as error:
        raise NoStackBucket(f"stack {stack_name}: {error.response['Error']['Message']} (give --bucket)") from None
    outputs = {o["OutputKey"]: o["OutputValue"] for stack in stacks for o in stack.get("Outputs", [])}
    if BUCKET_OUTPUT not in outputs:
        raise NoStackBucket(f"stack {stack_name} has no {BUCKET_OUTPUT} output (give --bucket)")
    return str(outputs[BUCKET_OUTPUT])


def run_verify(args: argparse.Namespace) -> int:
    anchor: Anchor | None
    disagreement = None
    try:
        bucket = args.bucket or stack_bucket(session_client("cloudformation", args.endpoint_url), args.stack_name)
        if args.manifest_sha256:
            window = tuple(args.window) if args.window else None
            anchor = Anchor(args.manifest_sha256.lower(), args.manifest_version or None, window)
        else:
            anchor, disagreement = table_anchor(args, bucket)
        result = verify(session_client("s3", args.endpoint_url), bucket, args.incident, anchor)
    except (ManifestMissing, NoStackBucket, NoSuchRun) as error:
        print(f"closeloop evidence verify: {error}", file=sys.stderr)
        return 2
    except ClientError as error:
        if error.response["Error"]["Code"] in ("NoSuchBucket", "404"):
            raise UsageError(
                f"--bucket {args.bucket or '(the stack output ' + BUCKET_OUTPUT + ')'}: no such bucket "
                "(give --bucket or set CLOSELOOP_BUCKET)"
            ) from None
        raise
    anchored = "against the run's anchor" if result.anchored else "unanchored: pass --manifest-sha256 to pin it"
    print(
        f"{args.incident}: {len(result.verified)} of {len(result.manifest.artefacts)} artefacts verified ({anchored})"
    )
    if disagreement:
        print(f"  mismatch: {disagreement}")
    for problem in result.mismatched:
        print(f"  mismatch: {problem}")
    for key in result.rewritten:
        print(f"  rewritten: {key} has more than one version or a delete marker")
    for key in result.missing:
        print(f"  missing: {key}")
    for changed in result.changed:
        print(f"  changed: {changed.key} (manifest {changed.expected[:12]}, now {changed.actual[:12]})")
    for key in result.unlisted:
        print(f"  unlisted: {key}")
    for source, gaps in result.manifest.gaps().items():
        print(f"  gap in {source}: {'; '.join(gaps)}")
    return 0 if result.intact and not disagreement else 1


def table_anchor(args: argparse.Namespace, bucket: str) -> tuple[Anchor | None, str | None]:
    """The chosen run's anchor from the table (incident item and timeline), and where the two disagree.

    Says which run is verified when the incident has several; a table that cannot be read leaves the
    verification unanchored, and says so."""
    try:
        runs = run_anchors(session_client("dynamodb", args.endpoint_url), args.table, args.incident, bucket)
    except ClientError as error:
        if args.run_id:
            raise UsageError(f"--run {args.run_id}: table {args.table} cannot be read ({_code(error)})") from None
        print(f"{args.incident}: no anchor read: table {args.table} cannot be read ({_code(error)})")
        return None, None
    run = chosen(runs, args.run_id)
    if run is None:
        print(f"{args.incident}: table {args.table} holds no anchor for evidence in {bucket}")
        return None, None
    which = f"run {run.run or '(unnamed)'}" + (
        f", the newest of {len(runs)}; --run to choose" if len(runs) > 1 and not args.run_id else ""
    )
    print(f"{args.incident}: verifying {which} (anchored {run.where})")
    return Anchor(run.anchor.sha256, run.anchor.version_id or None, key=run.anchor.key), run.disagreement


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", error))


def _step_detail(step: dict[str, Any]) -> str:
    outputs = step.get("Outputs") or {}
    gap = (outputs.get("Gap") or [""])[0]
    failure = step.get("FailureMessage") or ""
    return f": {failure or gap}" if failure or gap else ""


def _print_outputs(execution: dict[str, Any]) -> None:
    for name, value in (execution.get("Outputs") or {}).items():
        print(f"  {name} = {json.dumps(value)}")
