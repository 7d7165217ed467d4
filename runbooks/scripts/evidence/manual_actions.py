"""Manual actions: write calls by people in the window (CloudTrail) and the Automation runs started in it.

LookupEvents takes one lookup attribute and 50 events a page, at 2 requests a second per account and
region: the listing asks for write events only (`ReadOnly=false`), is paced to that rate, and keeps the
events whose caller is a person: the root user, an IAM user, an IAM Identity Center (SSO) role, or a
console session; service roles and AWS services acting for someone are left out.
"""

import json
from typing import Any

from runbooks.scripts.evidence.gather import gather
from runbooks.scripts.evidence.source import Context, run_source
from runbooks.scripts.evidence.times import iso

SOURCE = "manual_actions"
LOOKUP_INTERVAL_SECONDS = 0.5  # CloudTrail: 2 LookupEvents requests per second
HUMAN_ROLE_MARKERS = ("AWSReservedSSO_", ":assumed-role/Admin", ":assumed-role/OrganizationAccountAccessRole")


def is_human(detail: dict[str, Any]) -> bool:
    identity = detail.get("userIdentity") or {}
    if identity.get("invokedBy") or identity.get("type") in ("AWSService", "AWSAccount"):
        return False
    if identity.get("type") in ("Root", "IAMUser"):
        return True
    if identity.get("type") == "AssumedRole":
        arn = str(identity.get("arn", ""))
        console = str(detail.get("userAgent", "")).lower()
        return any(marker in arn for marker in HUMAN_ROLE_MARKERS) or "console" in console or "signin" in console
    return False


def collect(ctx: Context) -> None:
    ctx.calls.min_interval["lookup_events"] = LOOKUP_INTERVAL_SECONDS
    cloudtrail = ctx.client("cloudtrail")
    first: dict[str, Any] = {}

    def keep(event: dict[str, Any]) -> bool:
        detail = json.loads(event.get("CloudTrailEvent") or "{}")
        if not is_human(detail):
            return False
        event["CloudTrailEvent"] = detail  # stored parsed: the record is read, not re-parsed, later
        if not first or event["EventTime"] < first["EventTime"]:
            first.update(event)
        return True

    writer = ctx.ndjson("cloudtrail.ndjson.gz")
    pages = ctx.calls.pages(
        cloudtrail,
        "lookup_events",
        LookupAttributes=[{"AttributeKey": "ReadOnly", "AttributeValue": "false"}],
        StartTime=ctx.start,
        EndTime=ctx.end,
        MaxResults=50,
    )
    human = gather(ctx, writer, pages, "Events", keep)
    ctx.keep(writer)
    ctx.summary = {"human_write_events": human}
    if first:
        ctx.summary["first"] = {"at": iso(first["EventTime"]), "who": first.get("Username"), "what": first["EventName"]}

    runs = ctx.ndjson("automations.ndjson.gz")
    try:
        filters = [
            {"Key": "StartTimeAfter", "Values": [iso(ctx.start)]},
            {"Key": "StartTimeBefore", "Values": [iso(ctx.end)]},
        ]
        pages = ctx.calls.pages(ctx.client("ssm"), "describe_automation_executions", Filters=filters, MaxResults=50)
        ctx.summary["automation_runs"] = gather(ctx, runs, pages, "AutomationExecutionMetadataList")
    except Exception as error:  # CloudTrail's part stands on its own
        ctx.gaps.append(f"Automation executions: {type(error).__name__}: {error}"[:300])
    ctx.keep(runs)


def handler(events: dict[str, Any], context: Any) -> dict[str, Any]:
    return run_source(SOURCE, collect, events)
