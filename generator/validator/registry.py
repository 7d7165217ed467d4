"""The rules that run, listed explicitly: a rule exists for the validator only once it is here."""

from generator.validator.rule import Rule
from generator.validator.rules.document_shape import DocumentShape
from generator.validator.rules.duplicate_step_names import DuplicateStepNames
from generator.validator.rules.unknown_action import UnknownAction

RULES: list[Rule] = [
    DocumentShape(),
    UnknownAction(),
    DuplicateStepNames(),
]


def rule_by_id(rule_id: str) -> Rule:
    for rule in RULES:
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)
