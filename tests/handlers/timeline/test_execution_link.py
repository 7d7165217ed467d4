"""Which incident an execution of another runbook belongs to: parameter, tag, OpsItem, parent; each read with
the SSM call it needs (botocore's Stubber checks every request and answer against SSM's service model)."""

from typing import Any

from botocore.stub import Stubber

from handlers.timeline.execution_link import MAX_PARENTS, execution_incident

CHILD = "333ba70b-2333-48db-b17e-a5e69c6f4d1c"
PARENT = "4a0f2c6e-1d3b-4c5a-9e8f-7b6a5d4c3b2a"
OPS_ITEM = "oi-0123456789ab"


def execution(execution_id: str = CHILD, **fields: Any) -> dict[str, Any]:
    return {"AutomationExecutionId": execution_id, "DocumentName": "AWS-RestartEC2Instance", **fields}


def tags(stubber: Stubber, execution_id: str, *pairs: tuple[str, str]) -> None:
    stubber.add_response(
        "list_tags_for_resource",
        {"TagList": [{"Key": key, "Value": value} for key, value in pairs]},
        {"ResourceType": "Automation", "ResourceId": execution_id},
    )


def test_the_incident_id_parameter_wins_without_another_call(ssm: tuple[Any, Stubber]) -> None:
    client, _ = ssm
    found = execution_incident(client, execution(Parameters={"IncidentId": ["INC-42"]}, OpsItemId=OPS_ITEM))
    assert found == ("INC-42", f"its IncidentId parameter ({CHILD})")


def test_a_tag_on_the_execution(ssm: tuple[Any, Stubber]) -> None:
    client, stubber = ssm
    tags(stubber, CHILD, ("team", "payments"), ("closeloop:incident", "INC-43"))
    assert execution_incident(client, execution())[0] == "INC-43"


def test_an_execution_started_from_an_opsitem_takes_the_incident_its_operational_data_names(
    ssm: tuple[Any, Stubber],
) -> None:
    client, stubber = ssm
    tags(stubber, CHILD)
    data = {"closeloop:incident": {"Value": "INC-44", "Type": "SearchableString"}}
    stubber.add_response(
        "get_ops_item", {"OpsItem": {"OpsItemId": OPS_ITEM, "OperationalData": data}}, {"OpsItemId": OPS_ITEM}
    )
    assert execution_incident(client, execution(OpsItemId=OPS_ITEM)) == (
        "INC-44",
        f"OpsItem {OPS_ITEM}'s closeloop:incident operational data",
    )


def test_a_child_automation_takes_its_parents_incident(ssm: tuple[Any, Stubber]) -> None:
    client, stubber = ssm
    tags(stubber, CHILD)
    parent = execution(PARENT, DocumentName="Closeloop-IncidentResponse", Parameters={"IncidentId": ["INC-45"]})
    stubber.add_response("get_automation_execution", {"AutomationExecution": parent}, {"AutomationExecutionId": PARENT})
    assert execution_incident(client, execution(ParentAutomationExecutionId=PARENT))[0] == "INC-45"


def test_nothing_links_it_and_the_reason_says_what_was_looked_at(ssm: tuple[Any, Stubber]) -> None:
    client, stubber = ssm
    tags(stubber, CHILD)
    stubber.add_response("get_ops_item", {"OpsItem": {"OpsItemId": OPS_ITEM}}, {"OpsItemId": OPS_ITEM})
    incident, why = execution_incident(client, execution(OpsItemId=OPS_ITEM))
    assert incident == "" and why.startswith(
        f"execution {CHILD} has no IncidentId parameter, no closeloop:incident tag"
    )


def test_a_tag_that_is_not_an_incident_id_links_nothing(ssm: tuple[Any, Stubber]) -> None:
    client, stubber = ssm
    tags(stubber, CHILD, ("closeloop:incident", "INC 9; DROP"))
    assert execution_incident(client, execution()) == (
        "",
        f"its closeloop:incident tag ({CHILD}) is 'INC 9; DROP', which is not an incident id",
    )


def test_a_chain_of_parents_is_followed_only_a_few_levels(ssm: tuple[Any, Stubber]) -> None:
    client, stubber = ssm
    ids = [f"{n:08d}-0000-0000-0000-000000000000" for n in range(MAX_PARENTS + 2)]
    for level, execution_id in enumerate(ids[: MAX_PARENTS + 1]):
        tags(stubber, execution_id)
        if level < MAX_PARENTS:
            parent = execution(ids[level + 1], ParentAutomationExecutionId=ids[level + 2])
            stubber.add_response(
                "get_automation_execution", {"AutomationExecution": parent}, {"AutomationExecutionId": ids[level + 1]}
            )
    incident, why = execution_incident(client, execution(ids[0], ParentAutomationExecutionId=ids[1]))
    assert incident == "" and ids[MAX_PARENTS] in why
