"""Run-time parameters every closeloop runbook shares, written once: the table and the assume role are the
ones the stack fills in with its own resources (generator/stack/documents.py)."""

from generator.document import Parameter


def common_parameters() -> dict[str, Parameter]:
    return {
        "TableName": Parameter(
            type="String",
            description="(Optional) The closeloop table; the stack sets its name.",
            default="closeloop",
            allowedPattern=r"^[A-Za-z0-9_.-]{3,255}$",
        ),
        "AutomationAssumeRole": Parameter(
            type="String",
            description="(Optional) The role Automation assumes; empty runs as the caller.",
            default="",
        ),
    }
