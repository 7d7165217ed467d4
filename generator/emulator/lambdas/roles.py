"""A function's execution role must be one Lambda can assume, as AWS checks it when the role is given.

AWS refuses CreateFunction, and an UpdateFunctionConfiguration that names a Role, with
InvalidParameterValueException "The role defined for the function cannot be assumed by Lambda." when the
role's trust policy does not let lambda.amazonaws.com assume it (Lambda developer guide, "Defining Lambda
function permissions with an execution role"), and so it does when the role does not exist. moto 5.2.5
refuses only a role that does not exist, and only on create; the emulator's runtime (runtime.py) would then
hand the function that role's credentials all the same.
"""

import json
import re
from typing import Any

from moto.awslambda.exceptions import InvalidParameterValueException, InvalidRoleFormat

from generator.emulator.access import partition_of
from generator.emulator.principals import trusts

LAMBDA = "lambda.amazonaws.com"
NOT_ASSUMABLE = "The role defined for the function cannot be assumed by Lambda."


def check_assumable(account_id: str, region: str, role_arn: str, function_arn: str) -> None:
    """Raise InvalidParameterValueException when `role_arn` does not exist or does not trust Lambda (with the
    conditions Lambda's request sets: aws:SourceAccount, aws:SourceArn). A malformed ARN is left to moto."""
    from moto.iam.exceptions import NotFoundException
    from moto.iam.models import iam_backends

    if not re.fullmatch(InvalidRoleFormat.pattern, role_arn):
        return
    try:
        role = iam_backends[account_id][partition_of(region)].get_role_by_arn(role_arn)
    except NotFoundException:
        raise InvalidParameterValueException(NOT_ASSUMABLE) from None
    context = {"aws:SourceAccount": account_id, "aws:SourceArn": function_arn}
    if not trusts(json.loads(role.assume_role_policy_document or "{}"), LAMBDA, context):
        raise InvalidParameterValueException(NOT_ASSUMABLE)


def install() -> None:
    from moto.awslambda.models import LambdaBackend
    from moto.awslambda.utils import make_function_arn

    original_create = LambdaBackend.create_function
    original_update = LambdaBackend.update_function_configuration

    def create_function(self: LambdaBackend, spec: dict[str, Any]) -> Any:
        if isinstance(spec.get("Role"), str) and isinstance(spec.get("FunctionName"), str):
            arn = make_function_arn(self.region_name, self.account_id, spec["FunctionName"])
            check_assumable(self.account_id, self.region_name, spec["Role"], arn)
        return original_create(self, spec)

    def update_function_configuration(
        self: LambdaBackend, function_name: str, qualifier: str, body: dict[str, Any]
    ) -> Any:
        if isinstance(body.get("Role"), str):
            function = self.get_function(function_name, qualifier)
            check_assumable(self.account_id, self.region_name, body["Role"], function.function_arn)
        return original_update(self, function_name, qualifier, body)

    LambdaBackend.create_function = create_function  # type: ignore[method-assign]
    LambdaBackend.update_function_configuration = update_function_configuration  # type: ignore[method-assign]
