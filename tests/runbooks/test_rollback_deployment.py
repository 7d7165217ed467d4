"""Closeloop-RollbackDeployment run in the simulator against the emulator: a Lambda alias rolled back, or not."""

import boto3

from domain.timeline import Kind
from generator.simulator import RunOptions, Status
from runbooks.rollback_deployment import NAME
from tests.runbooks.operator_runs import (
    APPROVER,
    EMULATOR_CALLER,
    alias_version,
    lambda_with_versions,
    new_table,
    run,
    timeline,
)


def _parameters(table: str, incident: str, function: str) -> dict[str, object]:
    return {
        "IncidentId": incident,
        "Approvers": [APPROVER],
        "FunctionName": function,
        "AliasName": "live",
        "TableName": table,
    }


def test_an_approved_rollback_moves_the_alias_and_logs_every_step(aws_env: str) -> None:
    table, function = new_table(), lambda_with_versions(3)
    decisions = RunOptions(decisions={"ApproveRollback": "approve"})
    record = run(aws_env, NAME, _parameters(table, "INC-200", function), decisions)

    assert record.status is Status.SUCCESS, record.failure_message
    assert alias_version(function) == "2"
    plan = f"Point alias live of {function} from version 3 to version 2"
    events = [(e.kind, e.text, e.actor) for e in timeline(table, "INC-200")]
    assert sorted(events) == sorted(
        [
            (Kind.HUMAN_ACTION, f"Rollback requested; the plan: {plan}.", EMULATOR_CALLER),
            (Kind.HUMAN_ACTION, f"Rollback approved: {plan}.", APPROVER),
            (Kind.MITIGATION, f"Alias live of {function} now points to version 2.", EMULATOR_CALLER),
        ]
    )
    assert record.outputs["PlanRollback.Plan"] == plan


def test_a_rejected_rollback_changes_nothing_and_says_so(aws_env: str) -> None:
    table, function = new_table(), lambda_with_versions(2)
    record = run(
        aws_env,
        NAME,
        _parameters(table, "INC-201", function),
        RunOptions(decisions={"ApproveRollback": "reject: not during the sale"}),
    )

    assert record.status is Status.SUCCESS, record.failure_message  # a rejection is an answer, not a failure
    assert alias_version(function) == "2"
    kinds = [(e.kind, e.text.split(":")[0]) for e in timeline(table, "INC-201")]
    assert sorted(kinds) == [
        (Kind.HUMAN_ACTION, "Rollback not approved"),
        (Kind.HUMAN_ACTION, "Rollback requested; the plan"),
    ]
    # Who refused it and why, from the rejected step as GetAutomationExecution shows it.
    rejection = next(e for e in timeline(table, "INC-201") if e.text.startswith("Rollback not approved"))
    assert rejection.actor == APPROVER and rejection.text.endswith("Notes: not during the sale")


def test_a_rollback_overtaken_while_waiting_for_approval_is_not_made_and_is_logged(aws_env: str) -> None:
    table, function = new_table(), lambda_with_versions(3)

    def someone_else_rolls_back_first(step: object, execution: object) -> str:
        boto3.client("lambda").update_alias(FunctionName=function, Name="live", FunctionVersion="1")
        return "approve"

    record = run(
        aws_env,
        NAME,
        _parameters(table, "INC-202", function),
        RunOptions(decisions={"ApproveRollback": someone_else_rolls_back_first}),
    )
    assert record.status is Status.FAILED
    assert "the situation changed since approval" in (record.step("RollBack").failure_message or "")
    assert alias_version(function) == "1"
    assert any(
        e.kind is Kind.NOTE and e.text.startswith("Rollback approved but not carried out")
        for e in timeline(table, "INC-202")
    )
