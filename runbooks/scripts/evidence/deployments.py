"""Deployment markers with commit ids: CodeDeploy, CodePipeline, CloudFormation, ECS and Lambda.

Each marker is one NDJSON record of the same shape (kind, id, target, at, status, commit), whatever
the service, so the timeline step reads them alike. Batches are as wide as each API allows: CodeDeploy
BatchGetDeployments 25 ids, ECS DescribeServices 10 services; listings that run newest first
(CodePipeline, stack events) stop at the first page that reaches before the window.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from runbooks.scripts.evidence.keys import listed
from runbooks.scripts.evidence.source import Context, run_source

SOURCE = "deployments"
CODEDEPLOY_BATCH = 25
ECS_BATCH = 10


def marker(kind: str, ident: str, target: str, at: datetime, status: str, commit: str, detail: Any) -> dict[str, Any]:
    return {"kind": kind, "id": ident, "target": target, "at": at, "status": status, "commit": commit, "detail": detail}


def codedeploy(ctx: Context, groups: list[str]) -> Iterator[dict[str, Any]]:
    client = ctx.client("codedeploy")
    for group in groups:
        application, _, name = group.partition("/")
        ids = [
            i
            for page in ctx.calls.pages(
                client,
                "list_deployments",
                token="nextToken",
                applicationName=application,
                deploymentGroupName=name,
                createTimeRange={"start": ctx.start, "end": ctx.end},
            )
            for i in page.get("deployments", [])
        ]
        for i in range(0, len(ids), CODEDEPLOY_BATCH):
            answer = ctx.calls.call(client, "batch_get_deployments", deploymentIds=ids[i : i + CODEDEPLOY_BATCH])
            for info in answer.get("deploymentsInfo", []):
                revision = info.get("revision", {})
                commit = revision.get("gitHubLocation", {}).get("commitId") or revision.get("s3Location", {}).get(
                    "eTag", ""
                )
                yield marker(
                    "codedeploy", info["deploymentId"], group, info["createTime"], info.get("status", ""), commit, info
                )


def codepipeline(ctx: Context, pipelines: list[str]) -> Iterator[dict[str, Any]]:
    client = ctx.client("codepipeline")
    for pipeline in pipelines:
        for page in ctx.calls.pages(
            client, "list_pipeline_executions", token="nextToken", pipelineName=pipeline, maxResults=100
        ):
            summaries = page.get("pipelineExecutionSummaries", [])
            for summary in summaries:
                if ctx.start <= summary["startTime"] <= ctx.end:
                    commit = ",".join(r.get("revisionId", "") for r in summary.get("sourceRevisions", []))
                    yield marker(
                        "codepipeline",
                        summary["pipelineExecutionId"],
                        pipeline,
                        summary["startTime"],
                        summary.get("status", ""),
                        commit,
                        summary,
                    )
            if summaries and summaries[-1]["startTime"] < ctx.start:
                break  # newest first: the rest is older than the window


def stacks(ctx: Context, names: list[str]) -> Iterator[dict[str, Any]]:
    client = ctx.client("cloudformation")
    for stack in names:
        for page in ctx.calls.pages(client, "describe_stack_events", StackName=stack):
            events = page.get("StackEvents", [])
            for event in events:
                if (
                    ctx.start <= event["Timestamp"] <= ctx.end
                    and event.get("ResourceType") == "AWS::CloudFormation::Stack"
                ):
                    yield marker(
                        "cloudformation",
                        event["EventId"],
                        stack,
                        event["Timestamp"],
                        event.get("ResourceStatus", ""),
                        "",
                        event,
                    )
            if events and events[-1]["Timestamp"] < ctx.start:
                break


def ecs(ctx: Context, services: list[str]) -> Iterator[dict[str, Any]]:
    client = ctx.client("ecs")
    by_cluster: dict[str, list[str]] = {}
    for service in services:
        cluster, _, name = service.rpartition("/")
        by_cluster.setdefault(cluster or "default", []).append(name)
    for cluster, names in by_cluster.items():
        for i in range(0, len(names), ECS_BATCH):
            answer = ctx.calls.call(client, "describe_services", cluster=cluster, services=names[i : i + ECS_BATCH])
            for service in answer.get("services", []):
                for deployment in service.get("deployments", []):
                    if ctx.start <= deployment["createdAt"] <= ctx.end:
                        yield marker(
                            "ecs",
                            deployment["id"],
                            f"{cluster}/{service['serviceName']}",
                            deployment["createdAt"],
                            deployment.get("rolloutState", deployment.get("status", "")),
                            deployment.get("taskDefinition", ""),
                            deployment,
                        )


def lambdas(ctx: Context, functions: list[str]) -> Iterator[dict[str, Any]]:
    client = ctx.client("lambda")
    for function in functions:
        for page in ctx.calls.pages(
            client,
            "list_versions_by_function",
            token="Marker",
            out_token="NextMarker",
            FunctionName=function,
            MaxItems=50,
        ):
            for version in page.get("Versions", []):
                # "2026-11-29T17:05:00.000+0000" (AWS) or with nanoseconds and Z: both UTC, to the second is enough
                at = datetime.strptime(version["LastModified"][:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
                if version["Version"] != "$LATEST" and ctx.start <= at <= ctx.end:
                    yield marker(
                        "lambda",
                        version["FunctionArn"],
                        function,
                        at,
                        "published",
                        version.get("CodeSha256", ""),
                        version,
                    )
        aliases = [
            a
            for page in ctx.calls.pages(
                client, "list_aliases", token="Marker", out_token="NextMarker", FunctionName=function, MaxItems=50
            )
            for a in page.get("Aliases", [])
        ]
        ctx.summary.setdefault("lambda_aliases", {})[function] = {a["Name"]: a["FunctionVersion"] for a in aliases}


KINDS = (
    ("DeploymentGroups", codedeploy),
    ("Pipelines", codepipeline),
    ("Stacks", stacks),
    ("Services", ecs),
    ("Functions", lambdas),
)


def collect(ctx: Context) -> None:
    writer = ctx.ndjson("markers.ndjson.gz")
    found: dict[str, int] = {}
    for parameter, reader in KINDS:
        targets = listed(ctx.events.get(parameter))
        if not targets:
            continue
        try:
            markers = sorted(reader(ctx, targets), key=lambda m: (m["at"], m["id"]))
        except Exception as error:  # one service failing leaves the others' markers
            ctx.gaps.append(f"{parameter}: {type(error).__name__}: {error}"[:300])
            continue
        for item in markers:
            writer.write(item)
        found[parameter] = len(markers)
    ctx.keep(writer)
    ctx.summary["markers"] = found


def handler(events: dict[str, Any], context: Any) -> dict[str, Any]:
    return run_source(SOURCE, collect, events)
