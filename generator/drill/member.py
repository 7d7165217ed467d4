"""The workload in a member account (a scenario's `member:`): clients acting in that account in each of its
regions, the member stack deployed there as the central stack's StackSet would (its evidence-reader role,
trusting the central Automation role; its timeline-reader role, trusting the central timeline function's role;
its forwarding of alarm and Automation events to the central members' bus), and the workload's resources by
ARN for the collection."""

from dataclasses import dataclass
from typing import Any

from generator.drill.scenario import Scenario
from generator.drill.stack import ROOT
from generator.emulator.accounts import in_account
from generator.emulator.organizations import join_organization
from generator.simulator import ClientFactory
from generator.simulator.clients import EMULATOR_ACCOUNT_ID
from generator.stack.render import MEMBER_TEMPLATE_FILE
from runbooks.scripts.org import forwarding_bus_name

MEMBER_STACK = "closeloop-member"


class InAccount:
    """The clients of one region, each acting in one account (a member's, through the emulator's account header)."""

    def __init__(self, clients: ClientFactory, account: str) -> None:
        self.clients, self.account = clients, account
        self._made: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self._made:
            self._made[service] = in_account(self.clients.client(service), self.account)
        return self._made[service]


@dataclass(frozen=True)
class CentralRoles:
    """The central stack's roles a member stack trusts (its AutomationRoleArn and TimelineRoleArn outputs)."""

    automation: str
    timeline: str

    @classmethod
    def of_stack(cls, outputs: dict[str, str]) -> "CentralRoles":
        return cls(outputs["AutomationRoleArn"], outputs["TimelineRoleArn"])


def deploy_member_stack(clients: ClientFactory, account: str, regions: list[str], central: CentralRoles) -> None:
    """The member template in each region of `account` (the reader roles in the first), once per drill."""
    body = (ROOT / MEMBER_TEMPLATE_FILE).read_text(encoding="utf-8")
    bus = f"arn:aws:events:{clients.region}:{EMULATOR_ACCOUNT_ID}:event-bus/{forwarding_bus_name()}"
    values = {
        "CentralAutomationRoleArn": central.automation,
        "CentralTimelineRoleArn": central.timeline,
        "CentralEventBusArn": bus,
        # the reader role trusts the central role only from inside the organisation: both accounts are in it
        "OrganizationId": join_organization(EMULATOR_ACCOUNT_ID, account),
        "ReaderRoleRegion": regions[0],
        "Regions": ",".join(regions),
    }
    for region in regions:
        cloudformation = in_account(
            ClientFactory(clients.endpoint_url, region=region).client("cloudformation"), account
        )
        if any(s["StackName"] == MEMBER_STACK for s in cloudformation.list_stacks()["StackSummaries"]):
            continue  # an earlier scenario of the drill deployed it
        cloudformation.create_stack(
            StackName=MEMBER_STACK,
            TemplateBody=body,
            Capabilities=["CAPABILITY_NAMED_IAM"],
            Parameters=[{"ParameterKey": key, "ParameterValue": value} for key, value in values.items()],
        )


def workloads(scenario: Scenario, clients: ClientFactory, central: CentralRoles) -> list[tuple[str, str, Any]]:
    """Where the workload runs: (account, region, clients) of each member region, or the central account alone."""
    if scenario.member is None:
        return [(EMULATOR_ACCOUNT_ID, clients.region, clients)]
    member = scenario.member
    deploy_member_stack(clients, member.account, member.regions, central)
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
