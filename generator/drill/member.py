"""The workload in a member account (a scenario's `member:`): clients acting in that account in each of its
regions, its evidence-reader role as its member stack makes it, and its resources by ARN for the collection."""

from typing import Any

from generator.drill.scenario import Scenario
from generator.emulator.accounts import in_account, make_reader_role
from generator.simulator import ClientFactory
from generator.simulator.clients import EMULATOR_ACCOUNT_ID


class InAccount:
    """The clients of one region, each acting in one account (a member's, through the emulator's account header)."""

    def __init__(self, clients: ClientFactory, account: str) -> None:
        self.clients, self.account = clients, account
        self._made: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self._made:
            self._made[service] = in_account(self.clients.client(service), self.account)
        return self._made[service]


def workloads(scenario: Scenario, clients: ClientFactory) -> list[tuple[str, str, Any]]:
    """Where the workload runs: (account, region, clients) of each member region, or the central account alone."""
    if scenario.member is None:
        return [(EMULATOR_ACCOUNT_ID, clients.region, clients)]
    member = scenario.member
    # The member stack's evidence-reader role, trusting the central account (the drill stands in for the StackSet).
    make_reader_role(ClientFactory(clients.endpoint_url).client("iam"), member.account, EMULATOR_ACCOUNT_ID)
    return [
        (member.account, region, InAccount(ClientFactory(clients.endpoint_url, region=region), member.account))
        for region in member.regions
    ]


def member_resources(scenario: Scenario) -> dict[str, list[str]]:
    """The workload's log group and deployment group in each member region, by ARN (each yields its target)."""
    if scenario.member is None:
        return {}
    failure, member = scenario.failure, scenario.member
    group = f"{failure.deployment.application}/{failure.deployment.group}"
    return {
        "LogGroups": [f"arn:aws:logs:{r}:{member.account}:log-group:{failure.logs.group}" for r in member.regions],
        "DeploymentGroups": [
            f"arn:aws:codedeploy:{r}:{member.account}:deploymentgroup:{group}" for r in member.regions
        ],
    }
