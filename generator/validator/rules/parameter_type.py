"""E2003: every parameter has a type Automation knows."""

from collections.abc import Iterator

from generator.document.parameters import BASIC_PARAMETER_TYPES
from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity
from generator.validator.rule import Rule

# Not every `AWS::...` name: Automation supports a fixed list of AWS-typed parameters, each backed by
# a pattern it uses to list matching resources (see source_url).
AWS_PARAMETER_TYPES = (
    "AWS::EC2::Instance::Id",
    "List<AWS::EC2::Instance::Id>",
    "AWS::S3::Bucket::Name",
    "List<AWS::S3::Bucket::Name>",
    "AWS::IAM::Role::Arn",
    "List<AWS::IAM::Role::Arn>",
)


class ParameterType(Rule):
    id = "E2003"
    severity = Severity.ERROR
    shortdesc = "Unknown parameter type"
    description = (
        "A parameter's type is a basic type (String, StringList, Integer, Boolean, MapList, StringMap) or one "
        "of the six AWS resource types Automation supports; any other type, such as a CloudFormation-style "
        "`AWS::EC2::VPC::Id`, is refused."
    )
    source_url = "https://docs.aws.amazon.com/systems-manager/latest/userguide/populating-input-parameters.html"

    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        for name, parameter in ctx.parameters.items():
            kind = parameter.type
            if kind in BASIC_PARAMETER_TYPES or kind in AWS_PARAMETER_TYPES:
                continue
            if kind.startswith(("AWS::", "List<AWS::")):
                known = ", ".join(AWS_PARAMETER_TYPES)
                message = f"parameter '{name}' has type '{kind}', not an AWS type Automation supports ({known})"
            else:
                message = (
                    f"parameter '{name}' has unknown type '{kind}' (expected one of {', '.join(BASIC_PARAMETER_TYPES)})"
                )
            yield Issue(f"parameters.{name}.type", message)
