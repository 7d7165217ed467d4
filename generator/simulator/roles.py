"""The identity a run acts with: the role its document's `assumeRole` names, assumed as Automation assumes it.

In AWS, Automation (ssm.amazonaws.com) assumes the role for the run, and the role's trust policy must let it
(with aws:SourceAccount and aws:SourceArn naming the execution); with no role the run acts as its caller. On a
strict emulator of this process the run gets that role's session credentials the same way, so a grant the
stack forgot fails the run as it fails in AWS. Elsewhere (a lax emulator, a live account) the caller's clients
stand: a lax emulator checks nothing, and in an account `--live` runs as whoever runs it.
"""

from collections.abc import Callable

from generator.simulator.clients import ClientFactory, Credentials
from generator.simulator.emulator import (
    UntrustedService,
    emulator_allows,
    emulator_is_strict,
    emulator_role_credentials,
)
from generator.simulator.errors import ParameterError

AUTOMATION_SERVICE = "ssm.amazonaws.com"


def run_clients(caller: ClientFactory, role_arn: str, execution_id: str, account: Callable[[], str]) -> ClientFactory:
    """The clients of a run started by `caller` whose document assumes `role_arn` (empty: none).
    Raises ParameterError when the role cannot be assumed (AWS refuses to start the run)."""
    if caller.live or not role_arn or caller.endpoint_url is None or not emulator_is_strict(caller.endpoint_url):
        return caller
    account_id = account()
    if caller.credentials is not None and not emulator_allows(
        caller.endpoint_url, account_id, caller.region, caller.credentials.access_key_id, "iam:PassRole", role_arn
    ):  # the caller must be allowed to hand the role to Automation (its condition iam:PassedToService is not read)
        raise ParameterError(f"AutomationAssumeRole: the caller may not iam:PassRole {role_arn} to Automation")
    partition = role_arn.split(":")[1] if role_arn.count(":") >= 5 else "aws"
    context = {
        "aws:SourceAccount": account_id,
        "aws:SourceArn": f"arn:{partition}:ssm:{caller.region}:{account_id}:automation-execution/{execution_id}",
    }
    try:
        found = emulator_role_credentials(
            caller.endpoint_url, account_id, caller.region, role_arn, AUTOMATION_SERVICE, execution_id, context
        )
    except UntrustedService as error:
        raise ParameterError(f"AutomationAssumeRole: {error}") from None
    if found is None:
        return caller
    return caller.as_role(Credentials(found.access_key_id, found.secret_access_key, found.session_token))


LAMBDA_SERVICE = "lambda.amazonaws.com"


def function_clients(clients: ClientFactory, function_name: str) -> ClientFactory:
    """The clients a deployed Lambda function's code gets: its execution role's credentials, as Lambda hands
    them to the function, on a strict emulator of this process; `clients` themselves elsewhere."""
    if clients.live or clients.endpoint_url is None or not emulator_is_strict(clients.endpoint_url):
        return clients
    configuration = clients.client("lambda").get_function_configuration(FunctionName=function_name)
    account_id = str(configuration["FunctionArn"]).split(":")[4]
    found = emulator_role_credentials(
        clients.endpoint_url, account_id, clients.region, str(configuration["Role"]), LAMBDA_SERVICE, function_name,
        {"aws:SourceAccount": account_id},
    )  # fmt: skip
    if found is None:
        return clients
    return clients.as_role(Credentials(found.access_key_id, found.secret_access_key, found.session_token))
