"""Plan, then carry out, the rollback of a CodeDeploy deployment or a Lambda alias.

Runs inside `aws:executeScript` (standard library and boto3 only). `plan` only reads and says in one
sentence what a rollback would do; an operator approves that sentence; `execute` plans again and acts
only when the plan is still the one approved, so a rollback that someone else already made, or a
deployment that finished while the approval waited, is never rolled back twice or the wrong way.

- CodeDeploy, deployment still running: StopDeployment with autoRollbackEnabled (CodeDeploy redeploys the
  last good revision).
- CodeDeploy, deployment succeeded: a new deployment of the revision of the group's previous successful one.
- Lambda alias: point it at TargetVersion, or else the highest published version below its current one.
"""

from typing import Any

import boto3

RUNNING = ("Created", "Queued", "InProgress", "Baking", "Ready")
BATCH = 25  # BatchGetDeployments takes at most 25 ids


class RollbackError(Exception):
    """Nothing safe to do: the message says why, and the step fails with it."""


def plan_deployment(codedeploy: Any, deployment_id: str) -> dict[str, Any]:
    info = codedeploy.get_deployment(deploymentId=deployment_id)["deploymentInfo"]
    status, app, group = info["status"], info["applicationName"], info["deploymentGroupName"]
    where = f"deployment {deployment_id} of {app}/{group}"
    if status in RUNNING:
        return {
            "Action": "stop",
            "Plan": f"Stop {where} ({status}) and let CodeDeploy roll back to the last good revision",
        }
    if status != "Succeeded":
        raise RollbackError(f"{where} is {status}: nothing to roll back (a failed deployment rolls back on its own)")
    previous = previous_success(codedeploy, app, group, info)
    if previous is None:
        raise RollbackError(f"{where} has no earlier successful deployment to go back to")
    return {
        "Action": "redeploy",
        "Plan": f"Redeploy the revision of {previous['deploymentId']} to {app}/{group}, replacing {deployment_id}",
        "Revision": previous["revision"],
        "ApplicationName": app,
        "DeploymentGroupName": group,
    }


def previous_success(codedeploy: Any, app: str, group: str, current: dict[str, Any]) -> dict[str, Any] | None:
    """The group's latest successful deployment created before `current`, reading every page."""
    ids: list[str] = []
    request: dict[str, Any] = {
        "applicationName": app,
        "deploymentGroupName": group,
        "includeOnlyStatuses": ["Succeeded"],
    }
    while True:
        page = codedeploy.list_deployments(**request)
        ids += [i for i in page.get("deployments", []) if i != current["deploymentId"]]
        if not page.get("nextToken"):
            break
        request["nextToken"] = page["nextToken"]
    earlier: list[dict[str, Any]] = []
    for start in range(0, len(ids), BATCH):
        batch = codedeploy.batch_get_deployments(deploymentIds=ids[start : start + BATCH])["deploymentsInfo"]
        earlier += [d for d in batch if d["createTime"] < current["createTime"]]
    return max(earlier, key=lambda d: d["createTime"], default=None)


def plan_alias(lam: Any, function: str, alias: str, target: str) -> dict[str, Any]:
    current = str(lam.get_alias(FunctionName=function, Name=alias)["FunctionVersion"])
    if not target:
        target = previous_version(lam, function, current)
    if target == current:
        raise RollbackError(f"alias {alias} of {function} already points to version {current}")
    return {
        "Action": "alias",
        "Plan": f"Point alias {alias} of {function} from version {current} to version {target}",
        "FunctionVersion": target,
    }


def previous_version(lam: Any, function: str, current: str) -> str:
    if not current.isdigit():
        raise RollbackError(f"{function} alias points to {current}, not a published version: give TargetVersion")
    versions: list[int] = []
    request: dict[str, Any] = {"FunctionName": function}
    while True:
        page = lam.list_versions_by_function(**request)
        versions += [int(v["Version"]) for v in page.get("Versions", []) if v["Version"].isdigit()]
        if not page.get("NextMarker"):
            break
        request["Marker"] = page["NextMarker"]
    earlier = [v for v in versions if v < int(current)]
    if not earlier:
        raise RollbackError(f"{function} has no published version below {current}: give TargetVersion")
    return str(max(earlier))


def make_plan(events: dict[str, Any], codedeploy: Any, lam: Any) -> dict[str, Any]:
    if events.get("DeploymentId"):
        return plan_deployment(codedeploy, events["DeploymentId"])
    if events.get("FunctionName") and events.get("AliasName"):
        return plan_alias(lam, events["FunctionName"], events["AliasName"], events.get("TargetVersion", ""))
    raise RollbackError("give DeploymentId (CodeDeploy) or FunctionName and AliasName (Lambda)")


def carry_out(events: dict[str, Any], codedeploy: Any, lam: Any) -> dict[str, Any]:
    approved = events["ApprovedPlan"]
    try:
        current = make_plan(events, codedeploy, lam)
    except RollbackError as error:
        raise RollbackError(f"the situation changed since approval: approved '{approved}', now {error}") from None
    if current["Plan"] != approved:
        raise RollbackError(f"the situation changed since approval: approved '{approved}', now '{current['Plan']}'")
    if current["Action"] == "stop":
        codedeploy.stop_deployment(deploymentId=events["DeploymentId"], autoRollbackEnabled=True)
        result = f"Stopped deployment {events['DeploymentId']}; CodeDeploy rolls back to the last good revision"
    elif current["Action"] == "redeploy":
        created = codedeploy.create_deployment(
            applicationName=current["ApplicationName"],
            deploymentGroupName=current["DeploymentGroupName"],
            revision=current["Revision"],
            description=f"closeloop rollback of {events['DeploymentId']} for {events['IncidentId']}"[:100],
        )
        result = f"Started rollback deployment {created['deploymentId']} replacing {events['DeploymentId']}"
    else:
        lam.update_alias(
            FunctionName=events["FunctionName"], Name=events["AliasName"], FunctionVersion=current["FunctionVersion"]
        )
        alias, function = events["AliasName"], events["FunctionName"]
        result = f"Alias {alias} of {function} now points to version {current['FunctionVersion']}"
    return {"Action": current["Action"], "Result": result}


def plan(events: dict[str, Any], context: Any) -> dict[str, Any]:
    found = make_plan(events, boto3.client("codedeploy"), boto3.client("lambda"))
    return {"Action": found["Action"], "Plan": found["Plan"]}


def execute(events: dict[str, Any], context: Any) -> dict[str, Any]:
    return carry_out(events, boto3.client("codedeploy"), boto3.client("lambda"))
