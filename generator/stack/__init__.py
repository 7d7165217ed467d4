"""closeloop's CloudFormation stack, built with troposphere: one module per concern, pure builders.

`template.build_template()` assembles the whole stack; `closeloop build` writes it to
templates/cloudformation/closeloop.yaml and `deploy.sh` (through `generator.stack.deploy`) ships it.
"""
