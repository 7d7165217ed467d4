"""Which incident an automation execution belongs to, for a runbook that is not closeloop's own.

AWS's step-status event names only the execution, its document, the step and its status (Systems
Manager user guide, "Amazon EventBridge event examples"): no parameters, tags or OpsItem. So the link is
read with GetAutomationExecution (and ListTagsForResource, GetOpsItem), first match wins:

1. the execution's `IncidentId` parameter (a runbook of your own that takes one);
2. the execution's `closeloop:incident` tag (`aws ssm start-automation-execution --tags
   Key=closeloop:incident,Value=INC-42`, or Tags in the console's "Execute automation" page);
3. its OpsItem: an execution started from an OpsCenter OpsItem carries the `OpsItemId`, and the OpsItem's
   operational data key `closeloop:incident` names the incident (AWS's answer for Incident Manager users);
4. the same, for the automation that started it (`ParentAutomationExecutionId`, a few levels up).

A value that is not an incident id (domain/incident_id.py) links nothing, and the skip says why.
"""

from typing import Any

from domain.incident_id import is_incident_id
from domain.timeline import INCIDENT_TAG

# Runbooks nest (aws:executeAutomation); a few levels up is as far as a real chain goes.
MAX_PARENTS = 3


def execution_incident(ssm: Any, execution: dict[str, Any], depth: int = 0) -> tuple[str, str]:
    """(the incident id, how it was found), or ("", why nothing links it)."""
    execution_id = str(execution.get("AutomationExecutionId", ""))
    given = execution.get("Parameters", {}).get("IncidentId") or []
    if given and given[0]:
        return _checked(str(given[0]), f"its IncidentId parameter ({execution_id})")
    tags = ssm.list_tags_for_resource(ResourceType="Automation", ResourceId=execution_id).get("TagList", [])
    tagged = next((str(tag["Value"]) for tag in tags if tag["Key"] == INCIDENT_TAG), "")
    if tagged:
        return _checked(tagged, f"its {INCIDENT_TAG} tag ({execution_id})")
    ops_item = str(execution.get("OpsItemId") or "")
    if ops_item:
        data = ssm.get_ops_item(OpsItemId=ops_item)["OpsItem"].get("OperationalData") or {}
        named = str((data.get(INCIDENT_TAG) or {}).get("Value") or "")
        if named:
            return _checked(named, f"OpsItem {ops_item}'s {INCIDENT_TAG} operational data")
    parent = str(execution.get("ParentAutomationExecutionId") or "")
    if parent and depth < MAX_PARENTS:
        found = ssm.get_automation_execution(AutomationExecutionId=parent)["AutomationExecution"]
        return execution_incident(ssm, found, depth + 1)
    return "", (
        f"execution {execution_id} has no IncidentId parameter, no {INCIDENT_TAG} tag, no OpsItem with "
        f"{INCIDENT_TAG} operational data, and no parent automation that has"
    )


def _checked(value: str, where: str) -> tuple[str, str]:
    if is_incident_id(value):
        return value, where
    return "", f"{where} is '{value[:80]}', which is not an incident id"
