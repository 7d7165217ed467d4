"""Defaults against their parameter's type and limits, without Python's loose equalities."""

from generator.validator.rules.parameter_default import ParameterDefault
from tests.generator.validator.rules.helpers import context


def messages(parameters: str) -> dict[str, str]:
    ctx = context(
        "schemaVersion: '0.3'\nparameters:\n"
        + parameters
        + "mainSteps:\n  - {name: Wait, action: aws:sleep, inputs: {Duration: PT1S}}\n"
    )
    return {issue.path: issue.message for issue in ParameterDefault().check(ctx)}


def test_integer_defaults_must_be_unquoted_integers_not_booleans_or_floats() -> None:
    found = messages(
        "  A: {type: Integer, default: '3'}\n"
        "  B: {type: Integer, default: true}\n"
        "  C: {type: Integer, default: 1.5}\n"
        "  D: {type: Integer, default: 3}\n"
    )
    assert sorted(found) == ["parameters.A.default", "parameters.B.default", "parameters.C.default"]


def test_a_boolean_is_not_an_allowed_integer_even_though_python_says_true_equals_1() -> None:
    found = messages("  A: {type: Boolean, default: true, allowedValues: [1, 2]}\n")
    assert "not one of allowedValues" in found["parameters.A.default"]


def test_aws_types_take_strings_and_their_list_forms_lists_of_strings() -> None:
    found = messages(
        "  Role: {type: 'AWS::IAM::Role::Arn', default: 12}\n"
        "  Ids: {type: 'List<AWS::EC2::Instance::Id>', default: i-0123456789abcdef0}\n"
        "  Good: {type: 'List<AWS::EC2::Instance::Id>', default: [i-0123456789abcdef0]}\n"
    )
    assert sorted(found) == ["parameters.Ids.default", "parameters.Role.default"]


def test_references_null_and_empty_defaults_are_accepted_as_aws_accepts_them() -> None:
    found = messages(
        "  A: {type: StringList, default: '{{ ssm:/closeloop/list }}'}\n"
        "  B: {type: String, default: '{{ automation:EXECUTION_ID }}', maxChars: 5}\n"
        "  C: {type: 'AWS::IAM::Role::Arn', default: null}\n"
        "  D: {type: String, default: '', allowedPattern: '^[0-9]$'}\n"
        "  E: {type: String, default: $LATEST, allowedPattern: '^[a-z]+$'}\n"
    )
    assert found == {}


def test_limits_apply_to_list_items_and_string_characters() -> None:
    found = messages(
        "  Few: {type: StringList, default: [a], minItems: 2}\n"
        "  Long: {type: String, default: abcdef, maxChars: 5}\n"
        "  Item: {type: StringList, default: [a, z], allowedValues: [a, b]}\n"
    )
    assert found == {
        "parameters.Few.default": "default of parameter 'Few' has 1 items, fewer than minItems 2",
        "parameters.Long.default": "default of parameter 'Long' is 6 characters, more than maxChars 5",
        "parameters.Item.default": "default of parameter 'Item' has value 'z', not one of allowedValues ['a', 'b']",
    }
