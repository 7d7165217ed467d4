"""`Closeloop-OpenIncident`: an operator declares an incident from the console, once, with what it is.

The incident's fields are parameters here and optional ones in `Closeloop-IncidentResponse` (which opens
the incident when it is not open yet); both run `runbooks/scripts/open_incident.py`.
"""

from typing import Any

from domain.documents import OPEN_INCIDENT, document_name
from domain.incident import ACCOUNT_PATTERN, INCIDENT_CLASS_PATTERN, SERVICE_PATTERN, SEVERITIES
from domain.postmortem import JIRA_KEY_PATTERN
from generator.document import Document, Parameter
from generator.document.steps.execute_script import ExecuteScriptStep
from runbooks.log_timeline_event import UTC_TIME_PATTERN
from runbooks.parameters import common_parameters
from runbooks.scripts import open_incident
from runbooks.timeline_steps import incident_parameter, script_step

NAME = document_name(OPEN_INCIDENT)

DESCRIPTION = """\
# Open an incident

Declare an incident so that everything that follows (alarms, runbook steps, evidence, the postmortem
and its actions) is recorded against it:

* **IncidentId**: the id everyone will use, e.g. `INC-2026-0042` (letters, digits, `.`, `_`, `-`)
* **Title**: what is wrong, in a few words people will recognise
* **IncidentClass**: the kind of incident (`bad-deploy`, `capacity`, `dependency`, ...); incidents of
  a class are compared with each other
* **Severity**: `SEV1` (most severe) to `SEV5`
* **Service**: the service that has the problem
* **Commander**: who runs the response; empty means you

Opening an incident that is open already changes nothing: the first record stays.
"""


def _optional(pattern: str) -> str:
    """The pattern, or empty: Go and Java both read `^$|^...$` the same way."""
    return f"^$|{pattern}"


def incident_fields(required: bool) -> dict[str, Parameter]:
    """The incident's fields as run-time parameters; optional ones (empty by default) when `required` is false."""

    def field(description: str, **checks: Any) -> Parameter:
        if required:
            return Parameter(type="String", description=f"(Required) {description}", **checks)
        if "allowedPattern" in checks:
            checks["allowedPattern"] = _optional(checks["allowedPattern"])
        if "allowedValues" in checks:
            checks["allowedValues"] = ["", *checks["allowedValues"]]
        checks.pop("minChars", None)
        return Parameter(
            type="String",
            description=f"(Optional) {description} Needed only to open the incident.",
            default="",
            **checks,
        )

    return {
        "Title": field("What is wrong, in a few words people will recognise.", minChars=3, maxChars=200),
        "IncidentClass": field(
            "The incident class, e.g. bad-deploy, capacity, dependency.", allowedPattern=INCIDENT_CLASS_PATTERN
        ),
        "Severity": field("SEV1 (most severe) to SEV5.", allowedValues=list(SEVERITIES)),
        "Service": field("The service that has the problem.", allowedPattern=SERVICE_PATTERN),
    }


def person_fields() -> dict[str, Parameter]:
    return {
        "Commander": Parameter(
            type="String",
            description="(Optional) Who runs the response (a name, IAM ARN or Jira account). Empty means you.",
            default="",
            maxChars=512,
        ),
        "PostmortemOwner": Parameter(
            type="String",
            description="(Optional) The Jira account that will own the postmortem. Can be named later.",
            default="",
            allowedPattern=_optional(ACCOUNT_PATTERN),
        ),
        "StartedAt": Parameter(
            type="String",
            description="(Optional) When the impact started, ISO-8601 UTC. Empty means now.",
            default="",
            allowedPattern=UTC_TIME_PATTERN,
        ),
    }


def open_step(name: str, given: list[str], required: bool, **fields: Any) -> ExecuteScriptStep:
    """The step that opens the incident from the `given` parameters; with `required` false it leaves an open
    incident alone."""
    payload: dict[str, Any] = {
        **{field: f"{{{{ {field} }}}}" for field in given},
        "Required": required,
        "ExecutionId": "{{ automation:EXECUTION_ID }}",
    }
    description = (
        "Opens the incident in the closeloop table, once."
        if required
        else "Opens the incident in the closeloop table unless it is open already."
    )
    outputs = {"Opened": "Boolean", "Commander": "String", "StartedAt": "String", "Status": "String"}
    return script_step(name, description, open_incident, payload, outputs, **fields)


def build() -> Document:
    fields = {
        "IncidentId": incident_parameter(),
        **incident_fields(required=True),
        **person_fields(),
        "Ticket": Parameter(
            type="String",
            description="(Optional) The incident's Jira issue (e.g. OPS-123); action issues link to it.",
            default="",
            allowedPattern=_optional(JIRA_KEY_PATTERN),
        ),
    }
    return Document(
        schemaVersion="0.3",
        description=DESCRIPTION,
        assumeRole="{{ AutomationAssumeRole }}",
        parameters={**fields, **common_parameters()},
        mainSteps=[open_step("OpenIncident", [*fields, "TableName"], required=True, onFailure="Abort", isEnd=True)],
        outputs=["OpenIncident.Opened", "OpenIncident.Commander", "OpenIncident.StartedAt", "OpenIncident.Status"],
    )
