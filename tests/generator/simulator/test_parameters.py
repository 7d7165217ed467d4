"""Run-time parameters: conversion from text, defaults, and the document's allowedValues / allowedPattern checks."""

from typing import Any

import pytest

from generator.document.reader import read_text
from generator.simulator.errors import ParameterError
from generator.simulator.parameters import resolve_parameters

DOCUMENT = """
schemaVersion: "0.3"
parameters:
  InstanceId: {type: String, allowedPattern: "^i-[a-f0-9]{8,17}$"}
  Mode: {type: String, default: fast, allowedValues: [fast, safe]}
  Names: {type: StringList, default: [], allowedPattern: "^[a-z]+$", maxItems: 3}
  Count: {type: Integer, default: 1}
  DryRun: {type: Boolean, default: false}
  Tags: {type: StringMap, default: {}}
  Rules: {type: MapList, default: []}
  Role: {type: "AWS::IAM::Role::Arn", default: ""}
mainSteps:
  - {name: Wait, action: aws:sleep, inputs: {Duration: PT1S}}
"""


def resolve(given: dict[str, Any]) -> dict[str, Any]:
    return resolve_parameters(read_text(DOCUMENT, "test.yaml").document, given)


def test_text_converts_to_each_declared_type() -> None:
    values = resolve(
        {
            "InstanceId": "i-0123456789abcdef0",
            "Names": "web,db",
            "Count": "5",
            "DryRun": "TRUE",
            "Tags": '{"team": "sre"}',
            "Rules": '[{"Port": 443}]',
            "Role": "arn:aws:iam::123456789012:role/R",
        }
    )

    assert values == {
        "InstanceId": "i-0123456789abcdef0",
        "Mode": "fast",
        "Names": ["web", "db"],
        "Count": 5,
        "DryRun": True,
        "Tags": {"team": "sre"},
        "Rules": [{"Port": 443}],
        "Role": "arn:aws:iam::123456789012:role/R",
    }


def test_data_is_taken_as_given_and_defaults_fill_the_rest() -> None:
    values = resolve({"InstanceId": "i-0123456789abcdef0", "Names": ["a", "b"], "Count": 2})

    assert (values["Names"], values["Count"], values["DryRun"], values["Tags"]) == (["a", "b"], 2, False, {})


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"InstanceId": "vol-1"}, "parameter InstanceId: 'vol-1' does not match the allowedPattern ^i-[a-f0-9]{8,17}$"),
        ({}, "parameter InstanceId is required (String) and has no default"),
        ({"InstanceId": "i-01234567", "Mode": "slow"}, "'slow' is not one of the allowedValues ['fast', 'safe']"),
        ({"InstanceId": "i-01234567", "Names": "ok,BAD"}, "'BAD' does not match the allowedPattern ^[a-z]+$"),
        ({"InstanceId": "i-01234567", "Names": "a,b,c,d"}, "4 items, more than maxItems 3"),
        ({"InstanceId": "i-01234567", "Count": "five"}, "parameter Count: 'five' is not a valid Integer"),
        ({"InstanceId": "i-01234567", "DryRun": "yes"}, "parameter DryRun: 'yes' is not a valid Boolean"),
        ({"InstanceId": "i-01234567", "Tags": "[1]"}, "parameter Tags: '[1]' is not a valid StringMap"),
        ({"InstanceId": "i-01234567", "Other": "x"}, "unknown parameter(s) Other"),
    ],
)
def test_a_refused_value_is_named_with_the_rule_it_broke(given: dict[str, Any], message: str) -> None:
    with pytest.raises(ParameterError) as raised:
        resolve(given)

    assert message in str(raised.value)
