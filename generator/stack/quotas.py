"""AWS quotas checked before a deploy, each a finding that names the resource and the limit.

Lambda's environment (4 KB, keys and values), an Automation document's content (64 KB, with a headroom of
25% required: run-time parameter values count too, and a document must be able to grow; each document's
share is shown), the template's size and counts (CloudFormation quotas), and the names that grow with the
stack name or the stack's document prefix (NamePrefix). Values a template leaves to CloudFormation count at
their largest: a `Ref` to a parameter at its MaxLength, any other reference as an ARN of REFERENCE_BYTES;
the prefix counts as the one deployed, in names and in the document content it is part of.
"""

import json
from dataclasses import dataclass
from typing import Any

from domain.documents import DEFAULT_PREFIX, DOCUMENT_NAME_LIMIT, prefix_error
from domain.member_roles import timeline_reader_name
from runbooks.scripts.org import reader_role_name

ENVIRONMENT_BYTES = 4 * 1024  # Lambda: "Environment variables: 4 KB, for all environment variables"
DOCUMENT_BYTES = 64 * 1024  # SSM CreateDocument: content at most 64 KB
DOCUMENT_HEADROOM = 0.25  # leave a quarter for run-time parameter values and growth
TEMPLATE_BYTES = 1024 * 1024  # CloudFormation: template body from S3 at most 1 MB
MAX_RESOURCES, MAX_PARAMETERS, MAX_OUTPUTS = 500, 200, 200  # CloudFormation quotas
ROLE_NAME_LIMIT = 64  # IAM: a role name is at most 64 characters
STACK_SET_BODY_BYTES = 51_200  # CreateStackSet/UpdateStackSet: TemplateBody at most 51,200 bytes
PARAMETER_VALUE_BYTES = 4096  # CloudFormation: a parameter value at most 4,096 bytes
REFERENCE_BYTES = 256  # a name or ARN of one of the stack's own resources, at its longest as used here
# Names built from the stack name or the document prefix, with AWS's limit on the name's length.
STACK_NAMED = {
    "AWS::SSM::Document": DOCUMENT_NAME_LIMIT,  # CreateDocument: 3-128 characters
    "AWS::Lambda::Function": 64,
    "AWS::SNS::Topic": 256,
    "AWS::Logs::LogGroup": 512,
    "AWS::KMS::Alias": 256,
    "AWS::Events::EventBus": 256,  # CreateEventBus: Name at most 256
}


@dataclass(frozen=True)
class QuotaFinding:
    resource: str
    limit: str
    message: str
    severity: str = "error"  # or "info": a measure shown beside the errors (each document's share of 64 KB)

    def line(self) -> str:
        return f"{self.severity}: {self.resource}: {self.message} ({self.limit})"


def value_bytes(value: Any, parameters: dict[str, Any]) -> int:
    if isinstance(value, str):
        return len(value.encode("utf-8"))
    if isinstance(value, dict) and "Ref" in value and value["Ref"] in parameters:
        declared = parameters[value["Ref"]]
        return int(declared.get("MaxLength", max(len(str(declared.get("Default", ""))), REFERENCE_BYTES)))
    return REFERENCE_BYTES


def environment_findings(template: dict[str, Any]) -> list[QuotaFinding]:
    found = []
    parameters = template.get("Parameters", {})
    for logical, resource in template["Resources"].items():
        if resource["Type"] != "AWS::Lambda::Function":
            continue
        variables = resource["Properties"].get("Environment", {}).get("Variables", {})
        size = sum(len(k.encode("utf-8")) + value_bytes(v, parameters) for k, v in variables.items())
        if size > ENVIRONMENT_BYTES:
            found.append(QuotaFinding(logical, "Lambda environment: 4 KB", f"environment may reach {size:,} bytes"))
    return found


# The variables a name or a document's text is built from, as `Fn::Sub` writes them.
STACK_NAME, NAME_PREFIX = "${AWS::StackName}", "${NamePrefix}"


def with_prefix(value: Any, prefix: str) -> Any:
    """`value` with every `Fn::Sub` of text that uses only the prefix resolved, as CloudFormation will."""
    if isinstance(value, dict) and set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
        text = value["Fn::Sub"].replace(NAME_PREFIX, prefix)
        return text.replace("${!", "${") if "${" not in text.replace("${!", "") else value
    if isinstance(value, dict):
        return {key: with_prefix(item, prefix) for key, item in value.items()}
    if isinstance(value, list):
        return [with_prefix(item, prefix) for item in value]
    return value


def submitted(value: Any, parameters: dict[str, Any]) -> Any:
    """A template value as CloudFormation submits it: each intrinsic function (`Ref`, `Fn::GetAtt`, `Fn::Sub`, ...)
    replaced by a string of the longest value it can resolve to (value_bytes), so nothing is measured short."""
    if isinstance(value, dict):
        if len(value) == 1 and (next(iter(value)) == "Ref" or next(iter(value)).startswith("Fn::")):
            return "x" * value_bytes(value, parameters)
        return {key: submitted(item, parameters) for key, item in value.items()}
    if isinstance(value, list):
        return [submitted(item, parameters) for item in value]
    return value


def content_bytes(properties: dict[str, Any], parameters: dict[str, Any], prefix: str = DEFAULT_PREFIX) -> int:
    """The size of the Content a stack sends CreateDocument/UpdateDocument, as AWS counts it.

    The stack gives Content as a mapping with `DocumentFormat: JSON` (generator/stack/documents.py), which
    CloudFormation sends as JSON text; it is measured compact (the most favourable rendering, so a document
    refused here is refused however it is sent), with its stack values at their longest. Content given as text
    is measured as written.
    """
    content = submitted(with_prefix(properties["Content"], prefix), parameters)
    if isinstance(content, str):
        return len(content.encode("utf-8"))
    return len(json.dumps(content, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def document_sizes(template: dict[str, Any], prefix: str = DEFAULT_PREFIX) -> dict[str, int]:
    """Every document the template creates, by name (the logical id when the name is not a plain string)."""
    sizes = {}
    parameters = template.get("Parameters", {})
    for logical, resource in template["Resources"].items():
        if resource["Type"] != "AWS::SSM::Document":
            continue
        name = with_prefix(resource["Properties"].get("Name", logical), prefix)
        sizes[name if isinstance(name, str) else logical] = content_bytes(resource["Properties"], parameters, prefix)
    return sizes


def document_findings(template: dict[str, Any], prefix: str = DEFAULT_PREFIX) -> list[QuotaFinding]:
    """Each document's share of 64 KB: an error over the limit, and over three quarters of it (the run's
    parameter values count too, and a document that fills the limit cannot grow); else its share, to show."""
    found = []
    for name, size in sorted(document_sizes(template, prefix).items()):
        share = f"content is {size:,} bytes, {size / DOCUMENT_BYTES:.2f} of 64 KB"
        if size > DOCUMENT_BYTES:
            found.append(QuotaFinding(name, "document content: 64 KB", share))
        elif size > DOCUMENT_BYTES * (1 - DOCUMENT_HEADROOM):
            found.append(
                QuotaFinding(
                    name,
                    "document content: 64 KB, 25% headroom",
                    f"{share}: less than a quarter left for run-time parameter values and growth",
                )
            )
        else:
            found.append(QuotaFinding(name, "document content: 64 KB, 25% headroom", share, "info"))
    return found


def template_findings(template: dict[str, Any], body: str) -> list[QuotaFinding]:
    found = []
    if len(body.encode("utf-8")) > TEMPLATE_BYTES:
        found.append(QuotaFinding("template", "template body: 1 MB", f"{len(body.encode()):,} bytes"))
    for section, limit in (("Resources", MAX_RESOURCES), ("Parameters", MAX_PARAMETERS), ("Outputs", MAX_OUTPUTS)):
        count = len(template.get(section, {}))
        if count > limit:
            found.append(QuotaFinding("template", f"{section}: at most {limit}", f"{count} {section.lower()}"))
    for name, declared in template.get("Parameters", {}).items():
        longest = int(declared.get("MaxLength", 0))
        if longest > PARAMETER_VALUE_BYTES:
            found.append(
                QuotaFinding(name, "parameter value: 4,096 bytes", f"MaxLength {longest} allows a value AWS refuses")
            )
    return found


def stack_set_findings(template: dict[str, Any], prefix: str = DEFAULT_PREFIX) -> list[QuotaFinding]:
    """A StackSet's TemplateBody (the member stack, carried inline) within what CreateStackSet accepts, and
    the member accounts' role names, `<prefix>EvidenceReader` and `<prefix>TimelineReader`, within IAM's 64
    characters."""
    found = []
    for role in (reader_role_name(prefix), timeline_reader_name(prefix)):
        if "MemberStackSet" in template["Resources"] and len(role) > ROLE_NAME_LIMIT:
            found.append(QuotaFinding("MemberStackSet", "IAM role name: 64 characters", f"{role!r} is {len(role)}"))
    for logical, resource in template["Resources"].items():
        body = resource.get("Properties", {}).get("TemplateBody")
        if resource["Type"] == "AWS::CloudFormation::StackSet" and isinstance(body, str):
            size = len(body.encode("utf-8"))
            if size > STACK_SET_BODY_BYTES:
                found.append(QuotaFinding(logical, "StackSet TemplateBody: 51,200 bytes", f"{size:,} bytes"))
    return found


def name_findings(template: dict[str, Any], stack_name: str, prefix: str = DEFAULT_PREFIX) -> list[QuotaFinding]:
    """Names the template builds with `${AWS::StackName}` or `${NamePrefix}`, as they come out for this stack."""
    found = []
    error = prefix_error(prefix)
    if error:
        found.append(QuotaFinding("NamePrefix", "SSM document names: [a-zA-Z0-9_.-], not aws/amazon/amzn", error))
    for logical, resource in template["Resources"].items():
        limit = STACK_NAMED.get(resource["Type"])
        if limit is None:
            continue
        for value in resource.get("Properties", {}).values():
            text = value.get("Fn::Sub") if isinstance(value, dict) else None
            if isinstance(text, str) and (STACK_NAME in text or NAME_PREFIX in text):
                name = text.replace(STACK_NAME, stack_name).replace(NAME_PREFIX, prefix)
                if len(name) > limit:
                    found.append(
                        QuotaFinding(
                            logical, f"{resource['Type']} name: {limit} characters", f"{name!r} is {len(name)}"
                        )
                    )
    return found


def quota_findings(
    template: dict[str, Any], body: str, stack_name: str, prefix: str = DEFAULT_PREFIX
) -> list[QuotaFinding]:
    return [
        *environment_findings(template),
        *document_findings(template, prefix),
        *template_findings(template, body),
        *stack_set_findings(template, prefix),
        *name_findings(template, stack_name, prefix),
    ]
