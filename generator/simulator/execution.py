"""One run's state: its parameters, variables, step outputs, clock and clients, and how it resolves `{{ }}`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from generator.document.model import Document
from generator.document.references import Reference, ReferenceKind
from generator.document.steps.base import StepBase
from generator.simulator.clients import EMULATOR_ACCOUNT_ID, ClientFactory
from generator.simulator.clock import VirtualClock
from generator.simulator.interpolation import Unresolved, descend, interpolate
from generator.simulator.record import ExecutionRecord, StepRecord

if TYPE_CHECKING:
    from generator.simulator.engine import Engine

# What a caller decided, up front, for a step that waits for a person: resume / approve / reject / cancel,
# or a function asked when the step is reached.
Decision = str | Callable[[StepBase, "Execution"], str]
# A local stand-in for a Lambda function: handler(event, context) -> the function's result.
LambdaHandler = Callable[[Any, dict[str, Any]], Any]
DocumentFinder = Callable[[str], Document | None]
StepObserver = Callable[[StepRecord], None]


def find_in_catalogue_or_file(name: str) -> Document | None:
    """A nested document: a closeloop runbook by name, else a document file at that path."""
    # Imported when a child document is looked for: the catalogue imports every runbook module.
    from generator.document.reader import read_file
    from runbooks import catalogue

    found = catalogue.find(name)
    if found is not None:
        return found
    path = Path(name)
    return read_file(path).document if path.is_file() else None


@dataclass
class RunOptions:
    decisions: dict[str, Decision] = field(default_factory=dict)
    lambda_handlers: dict[str, LambdaHandler] = field(default_factory=dict)
    find_document: DocumentFinder = find_in_catalogue_or_file
    on_step_start: StepObserver | None = None
    on_step_end: StepObserver | None = None
    # Told the run's record as soon as it exists (its parameters resolved), before the first step runs.
    on_execution_start: Callable[[ExecutionRecord], None] | None = None
    # Told each child execution (`aws:executeAutomation`) when it starts and when it has ended.
    on_child_start: Callable[[ExecutionRecord], None] | None = None
    on_child_end: Callable[[ExecutionRecord], None] | None = None
    # Guards the simulator adds (AWS has none): a branch cycle or a runaway nesting ends the run, not the process.
    max_step_executions: int = 1000
    max_nesting: int = 5


@dataclass
class Execution:
    document: Document
    document_name: str
    parameters: dict[str, Any]
    variables: dict[str, Any]
    clients: ClientFactory
    clock: VirtualClock
    options: RunOptions
    record: ExecutionRecord
    engine: "Engine"
    depth: int = 0
    step_outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    _account_id: str | None = None

    @property
    def execution_id(self) -> str:
        return self.record.execution_id

    def resolve(self, value: Any) -> Any:
        return interpolate(value, self.lookup)

    def lookup(self, reference: Reference) -> Any:
        if reference.kind is ReferenceKind.PARAMETER:
            if reference.name not in self.parameters:
                raise Unresolved(f"cannot resolve {{{{ {reference.token} }}}}: no parameter {reference.name}")
            return self.parameters[reference.name]
        if reference.kind is ReferenceKind.VARIABLE:
            if reference.name not in self.variables:
                raise Unresolved(f"cannot resolve {{{{ {reference.token} }}}}: no variable {reference.name}")
            return self.variables[reference.name]
        if reference.kind is ReferenceKind.STEP_OUTPUT:
            outputs = self.step_outputs.get(reference.name)
            if outputs is None or reference.output not in outputs:
                raise Unresolved(
                    f"cannot resolve {{{{ {reference.token} }}}}: step {reference.name} has no output"
                    f" {reference.output} (it did not run, or its selector found nothing)"
                )
            return descend(outputs[reference.output or ""], reference.subpath, reference.token)
        if reference.kind is ReferenceKind.SSM_PARAMETER:
            return self._parameter_store(reference)
        builtins = self.builtins()
        if reference.name not in builtins:
            raise Unresolved(f"cannot resolve {{{{ {reference.token} }}}}: not a built-in variable")
        return builtins[reference.name]

    def builtins(self) -> dict[str, str]:
        """Automation's built-in variables, also the keys of the `context` a script receives."""
        region = self.clients.region
        return {
            "automation:EXECUTION_ID": self.execution_id,
            "automation:DOCUMENT_NAME": self.document_name,
            "global:ACCOUNT_ID": self.account_id(),
            "global:REGION": region,
            "global:AWS_PARTITION": partition_of(region),
            "global:DATE": self.clock.date(),
            "global:DATE_TIME": self.clock.date_time(),
        }

    def account_id(self) -> str:
        if self._account_id is None:
            try:
                self._account_id = str(self.clients.client("sts").get_caller_identity()["Account"])
            except (BotoCoreError, ClientError):
                self._account_id = EMULATOR_ACCOUNT_ID
        return self._account_id

    def _parameter_store(self, reference: Reference) -> Any:
        try:
            answer = self.clients.client("ssm").get_parameter(Name=reference.name, WithDecryption=True)
        except (BotoCoreError, ClientError) as error:
            raise Unresolved(f"cannot resolve {{{{ {reference.token} }}}}: {error}") from None
        return answer["Parameter"]["Value"]


def partition_of(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"
