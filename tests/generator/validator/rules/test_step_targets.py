"""Which step list a jump may land in: its own, or from a loop body an enclosing one, never another body."""

from generator.validator.rules.step_targets import StepTargets
from tests.generator.validator.rules.helpers import context

DOCUMENT = """\
schemaVersion: '0.3'
mainSteps:
  - name: First
    action: aws:loop
    inputs:
      Iterators: [a]
      Steps:
        - {name: A1, action: aws:sleep, nextStep: A2, onFailure: 'step:Last', inputs: {Duration: PT1S}}
        - {name: A2, action: aws:sleep, onCancel: 'step:B1', inputs: {Duration: PT1S}}
        - name: Inner
          action: aws:loop
          inputs:
            Iterators: [b]
            Steps:
              - {name: I1, action: aws:sleep, onFailure: 'step:A1', nextStep: Last, inputs: {Duration: PT1S}}
  - name: Second
    action: aws:loop
    inputs:
      Iterators: [a]
      Steps:
        - {name: B1, action: aws:sleep, inputs: {Duration: PT1S}}
  - {name: Last, action: aws:sleep, nextStep: I1, inputs: {Duration: PT1S}}
"""


def test_jumps_stay_in_their_list_or_go_out_to_an_enclosing_one() -> None:
    issues = list(StepTargets().check(context(DOCUMENT)))
    assert [issue.path for issue in issues] == [
        "mainSteps[2].nextStep",  # from mainSteps into a nested loop body
        "mainSteps[0].inputs.Steps[1].onCancel",  # from one loop body into a sibling's
    ]
    assert "inside the loop body at mainSteps[0].inputs.Steps[2].inputs.Steps[0]" in issues[0].message
