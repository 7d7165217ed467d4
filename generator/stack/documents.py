"""Every runbook in the catalogue as an `AWS::SSM::Document`, created in dependent batches.

SSM throttles CreateDocument when a stack creates many documents at once; AWS's own security-response
solution chains them in batches of 5 (FACTS.md), and so does this stack: every document of batch k
depends on every document of batch k-1.

Parameters that name closeloop's own resources (the table, the evidence bucket, the topic, the assume
role) get the stack's values as defaults, so an operator starting a runbook from the console fills in
only what the incident needs.

Every name is the stack's: a document is named `${NamePrefix}<base>`, and each mention of a catalogue
document inside its content (the child an aws:executeAutomation step starts, a description, a message)
becomes an `Fn::Sub` of the same prefix, which CloudFormation resolves in the Json-typed Content as in any
other property. So a runbook of stack Team2- starts Team2-CollectEvidence, never another stack's.
"""

from collections.abc import Mapping
from typing import Any

from troposphere import GetAtt, Ref, Sub, Template
from troposphere.ssm import Document as SsmDocument

from generator.document import Document
from generator.stack.names import AUTOMATION_ROLE, EVIDENCE_BUCKET, TABLE, TOPIC, logical_id
from generator.stack.parameters import PREFIX_VARIABLE
from runbooks.catalogue import RUNBOOKS, RUNS_AS_CALLER, Builder, base, rename_documents, with_prefix

BATCH_SIZE = 5


def stack_defaults() -> dict[str, Any]:
    """Run-time parameter name -> the stack value that becomes its default."""
    return {
        "TableName": Ref(TABLE),
        "EvidenceBucket": Ref(EVIDENCE_BUCKET),
        "TopicArn": Ref(TOPIC),
        "NotificationTopic": GetAtt(TOPIC, "TopicName"),
        "AutomationAssumeRole": GetAtt(AUTOMATION_ROLE, "Arn"),
    }


def stack_name(name: str) -> Sub:
    """A catalogue document's name in this stack: `${NamePrefix}<base>`."""
    return Sub(PREFIX_VARIABLE + base(name))


def stack_text(text: str) -> Sub:
    """Text that mentions catalogue documents, with the stack's names for them (a `${` already there stays)."""
    return Sub(with_prefix(text.replace("${", "${!"), PREFIX_VARIABLE))


def document_content(document: Document, runs_as_caller: bool = False) -> dict[str, Any]:
    """The document as a mapping, with stack values as the defaults of the parameters that name them
    (but not closeloop's role for a runbook that changes the customer's resources), and the stack's names
    for the catalogue documents it mentions."""
    content: dict[str, Any] = rename_documents(document.to_data(), stack_text)
    declared = content.get("parameters") or {}
    for name, value in stack_defaults().items():
        if name == "AutomationAssumeRole" and runs_as_caller:
            continue
        if name in declared:
            declared[name] = {**declared[name], "default": value}
    return content


def document_logical_id(name: str) -> str:
    return "Document" + logical_id(name)


def batches(names: list[str], size: int = BATCH_SIZE) -> list[list[str]]:
    return [names[i : i + size] for i in range(0, len(names), size)]


def ssm_documents(runbooks: Mapping[str, Builder] = RUNBOOKS, size: int = BATCH_SIZE) -> list[SsmDocument]:
    resources: list[SsmDocument] = []
    previous: list[str] = []
    for batch in batches(sorted(runbooks), size):
        current = [document_logical_id(name) for name in batch]
        for name, logical in zip(batch, current, strict=True):
            extra: dict[str, Any] = {"DependsOn": list(previous)} if previous else {}
            resources.append(
                SsmDocument(
                    logical,
                    Name=stack_name(name),
                    DocumentType="Automation",
                    DocumentFormat="JSON",
                    UpdateMethod="NewVersion",
                    Content=document_content(runbooks[name](), runs_as_caller=name in RUNS_AS_CALLER),
                    **extra,
                )
            )
        previous = current
    return resources


def add_documents(template: Template, runbooks: Mapping[str, Builder] = RUNBOOKS) -> None:
    for resource in ssm_documents(runbooks):
        template.add_resource(resource)
