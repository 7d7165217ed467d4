"""The rules that run, listed explicitly: a rule exists for the validator only once it is here."""

from generator.validator.rule import Rule
from generator.validator.rules.allowed_pattern import AllowedPattern
from generator.validator.rules.approve_bounds import ApproveBounds
from generator.validator.rules.content_size import ContentSize
from generator.validator.rules.content_size_as_written import ContentSizeAsWritten
from generator.validator.rules.document_name import DocumentName
from generator.validator.rules.document_shape import DocumentShape
from generator.validator.rules.duplicate_step_names import DuplicateStepNames
from generator.validator.rules.execute_script_handler import ExecuteScriptHandler
from generator.validator.rules.execute_script_runtime import ExecuteScriptRuntime
from generator.validator.rules.execute_script_timeout import ExecuteScriptTimeout
from generator.validator.rules.loop_bounds import LoopBounds
from generator.validator.rules.output_selector import OutputSelector
from generator.validator.rules.parameter_count import ParameterCount
from generator.validator.rules.parameter_default import ParameterDefault
from generator.validator.rules.parameter_name import ParameterName
from generator.validator.rules.parameter_type import ParameterType
from generator.validator.rules.schema_version import SchemaVersion
from generator.validator.rules.script_output_selector import ScriptOutputSelector
from generator.validator.rules.sleep_bounds import SleepBounds
from generator.validator.rules.step_targets import StepTargets
from generator.validator.rules.undefined_reference import UndefinedReference
from generator.validator.rules.unknown_action import UnknownAction
from generator.validator.rules.unreachable_steps import UnreachableSteps
from generator.validator.rules.unreadable_file import UnreadableFile
from generator.validator.rules.update_variable import UpdateVariable

RULES: list[Rule] = [
    UnreadableFile(),
    DocumentShape(),
    UnknownAction(),
    DuplicateStepNames(),
    SchemaVersion(),
    StepTargets(),
    UnreachableSteps(),
    UndefinedReference(),
    OutputSelector(),
    ScriptOutputSelector(),
    UpdateVariable(),
    ContentSize(),
    ContentSizeAsWritten(),
    DocumentName(),
    ParameterCount(),
    ParameterName(),
    ParameterType(),
    ParameterDefault(),
    AllowedPattern(),
    ExecuteScriptRuntime(),
    ExecuteScriptHandler(),
    ExecuteScriptTimeout(),
    ApproveBounds(),
    SleepBounds(),
    LoopBounds(),
]


def rule_by_id(rule_id: str) -> Rule:
    for rule in RULES:
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)
