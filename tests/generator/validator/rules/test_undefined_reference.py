"""Where E4001 looks for references, and how it resolves each kind."""

from generator.validator.rules.undefined_reference import UndefinedReference
from tests.generator.validator.rules.helpers import context

DOCUMENT = """\
schemaVersion: '0.3'
description: '{{ NotInterpolated }}'
parameters:
  Name: {type: String, description: '{{ AlsoNotInterpolated }}', default: '{{ Missing1 }}'}
mainSteps:
  - name: Run
    action: aws:executeScript
    description: '{{ StillNotInterpolated }}'
    timeoutSeconds: '{{ Missing2 }}'
    inputs:
      Runtime: python3.11
      Handler: handler
      Script: 'def handler(events, context): return {}'
      InputPayload: {a: '{{ Run.Payload.deep.path }}', b: '{{ Run.OutputPayload }}', c: '{{ ssm:/x }}'}
  - name: Loop
    action: aws:loop
    inputs:
      Iterators: [a]
      Steps:
        - name: Inner
          action: aws:sleep
          description: '{{ NotInBodyEither }}'
          inputs: {Duration: '{{ Loop.CurrentIteratorValue }}{{ Missing3 }}'}
"""


def test_only_interpolated_fields_are_checked_and_loop_bodies_once() -> None:
    paths = [(issue.path, issue.message) for issue in UndefinedReference().check(context(DOCUMENT))]
    assert [path for path, _ in paths] == [
        "parameters.Name.default",
        "mainSteps[0].timeoutSeconds",
        "mainSteps[1].inputs.Steps[0].inputs.Duration",
    ]
    assert all("names no declared parameter" in message for _, message in paths)
