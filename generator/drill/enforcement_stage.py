"""The drill's enforcement stage: the deployed enforcement handler's daily run, with the clock moved forward.

Each pass is the event the stack's daily EventBridge rule sends, its `time` moved to the pass's day (the
handler enforces as of that day), handed to the real handler (handlers/enforcement/app.py) wired as the
deployed function is: its environment read from the emulator's Lambda, with the scenario's Jira project and
ownership map where the stack's JiraProject and OwnershipMap parameters put them, and the drill's Jira
credentials in the stack's secret, where an operator puts them. So the reminder ledger is the stack's table,
reminders go to the stack's topic, and Jira is reached over HTTP by the real `jira` client. An owners' queue
subscribed to the topic with the service as filter shows what the owners would hear.
"""

import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from domain.ownership import ConfigError, OwnershipMap, ServiceOwner
from generator.drill.stack import STACK
from generator.simulator.roles import function_clients
from handlers.actions.jira_api import JiraFailure
from handlers.actions.settings import SettingsError
from handlers.enforcement import app
from handlers.enforcement.config import OWNERSHIP_ENV
from handlers.enforcement.plan import StepKind

if TYPE_CHECKING:
    from generator.drill.seams import LoopState

# What deploy.sh --local names the Jira secret the emulator's CloudFormation skips (generator/stack/local_resources.py).
LOCAL_SECRET = f"closeloop/{STACK}/jira"
# How the summary names the steps done, in this order.
DONE_WORDS = {
    StepKind.ASSIGN.value: "assigned",
    StepKind.SET_DUE.value: "dated",
    StepKind.REOPEN.value: "reopened",
    StepKind.FLAG_CAP.value: "flagged (due past cap)",
    StepKind.REMIND.value: "reminded",
    StepKind.ESCALATE.value: "escalated",
    StepKind.NO_OWNER_KNOWN.value: "flagged (no owner known)",
}


@dataclass
class EnforcementResult:
    lines: list[str] = field(default_factory=list)  # what the drill prints, pass by pass
    done: Counter[str] = field(default_factory=Counter)  # step kind -> steps done over all passes
    repeated: int = 0  # steps a pass found already sent (the ledger held them)
    published: int = 0  # messages the owners' queue received
    failures: list[str] = field(default_factory=list)

    def summary(self, advances: tuple[timedelta, ...]) -> str:
        order = [*DONE_WORDS, *sorted(set(self.done) - set(DONE_WORDS))]
        done = ", ".join(f"{self.done[kind]} {DONE_WORDS.get(kind, kind)}" for kind in order if self.done[kind])
        days = ", ".join(f"+{advance.days}" for advance in advances)
        repeat = f"; {self.repeated} step(s) already sent were not sent again" if self.repeated else ""
        published = f"{self.published} SNS message(s) to the owners"
        return f"{len(advances)} pass(es) (days {days}): {done or 'nothing to do'}; {published}{repeat}"


class StageError(Exception):
    """The stage could not run a pass; the message says what is missing or what failed."""


def enforcement_stage(state: "LoopState") -> EnforcementResult:
    result = EnforcementResult()
    try:
        unassign(state, state.scenario.enforcement.unassign_after_push, result)
        run_passes(state, result)
    except (StageError, JiraFailure, ConfigError, SettingsError) as error:
        result.failures.append(str(error))
    return result


def run_passes(state: "LoopState", result: EnforcementResult) -> None:
    function = state.outputs.get("EnforcementHandlerName")
    if function is None:
        raise StageError("the stack has no output EnforcementHandlerName: it deployed no enforcement function")
    environment = handler_environment(state, function)
    role = function_clients(state.clients, function)  # the handler acts with its function's role
    dynamodb, secrets, sns = (role.client(name) for name in ("dynamodb", "secretsmanager", "sns"))
    deps = app.dependencies(environment, dynamodb, secrets, sns)
    queue, rule = owners_queue(state, environment["TOPIC_ARN"]), schedule_rule_arn(state, function)
    names = {account: name for name, account in state.jira.accounts.items()}
    app.logger.setLevel("WARNING")  # its per-run log line is noise among the drill's progress
    written_on = state.clock.now
    seen: set[timedelta] = set()
    for advance in state.clock_advances:
        when = f"day +{advance.days}{' again' if advance in seen else ''}"
        state.clock.sleep((written_on + advance - state.clock.now).total_seconds())  # the one clock moves forward
        try:
            report = app.handle(schedule_event(rule, state.clock.now, state.clients.region), deps)
        except (JiraFailure, ConfigError, SettingsError) as error:
            raise StageError(f"the pass on {when}: {error}") from error
        published = drain(state, queue)
        result.published += published
        result.lines += pass_lines(when, report, published, names, result)
        seen.add(advance)


def handler_environment(state: "LoopState", function: str) -> dict[str, str]:
    """The deployed function's environment, as a stack deployed with the scenario's parameters would set it."""
    configuration = state.clients.client("lambda").get_function_configuration(FunctionName=function)
    environment = dict(configuration.get("Environment", {}).get("Variables", {}))
    secrets = state.clients.client("secretsmanager")
    # The emulator skips the secret and so drops its Ref from the function's environment; deploy.sh --local
    # makes the secret through Secrets Manager instead, under its own name.
    secret = environment.get("JIRA_SECRET_ARN") or str(secrets.describe_secret(SecretId=LOCAL_SECRET)["ARN"])
    put_jira_credentials(state, secret)
    return environment | {
        "JIRA_SECRET_ARN": secret,
        "CLOSELOOP_JIRA_PROJECT": state.scenario.jira_project,
        OWNERSHIP_ENV: ownership(state).model_dump_json(exclude_none=True),
    }


def put_jira_credentials(state: "LoopState", secret: str) -> None:
    """The drill's Jira credentials into the stack's secret, where an operator puts them: beside the webhook
    secret the stack generated there, which stays (Jira signs its deliveries with it)."""
    secrets, settings = state.clients.client("secretsmanager"), state.jira.settings
    held = json.loads(secrets.get_secret_value(SecretId=secret).get("SecretString") or "{}")
    credentials = {"base_url": settings.url, "email": settings.email, "api_token": settings.token.get_secret_value()}
    secrets.put_secret_value(SecretId=secret, SecretString=json.dumps(held | credentials))


def ownership(state: "LoopState") -> OwnershipMap:
    """The scenario's map with its people's usernames turned into the local Jira's account ids."""
    accounts = state.jira.accounts
    services = {
        service: ServiceOwner(owner=accounts[owner.owner], escalation=accounts[owner.escalation])
        for service, owner in state.scenario.enforcement.ownership.services.items()
    }
    return OwnershipMap(services=services)


def unassign(state: "LoopState", action_ids: list[str], result: EnforcementResult) -> None:
    """What people do after the push that the pass must put right: an action's issue left without an assignee."""
    if not action_ids:
        return
    api = state.jira.connect()()
    labels = [f"closeloop:{state.incident_id}:{action_id}" for action_id in action_ids]
    found = api.search_labels(labels)
    for action_id, label in zip(action_ids, labels, strict=True):
        if label not in found:
            raise StageError(f"action {action_id} has no issue in Jira to unassign")
        key = str(found[label]["key"])
        api.update(key, {"assignee": None}, [])
        result.lines.append(f"{key} (action {action_id}) unassigned in Jira after the push: its owner handed it back")


def schedule_rule_arn(state: "LoopState", function: str) -> str:
    """The stack's daily rule that targets the enforcement function: the event names it as its resource."""
    events = state.clients.client("events")
    arn = state.clients.client("lambda").get_function(FunctionName=function)["Configuration"]["FunctionArn"]
    rules = events.list_rule_names_by_target(TargetArn=arn)["RuleNames"]
    if not rules:
        raise StageError(f"the stack has no EventBridge rule that runs {function}")
    return str(events.describe_rule(Name=rules[0])["Arn"])


def schedule_event(rule_arn: str, moment: datetime, region: str) -> dict[str, Any]:
    """EventBridge's "Scheduled Event", as the rule sends it (tests/fixtures/enforcement/scheduled_event.json)."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": rule_arn.split(":")[4],
        "time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [rule_arn],
        "detail": {},
    }


def owners_queue(state: "LoopState", topic: str) -> str:
    """A queue subscribed to the stack's topic with the scenario's service as filter, as an owning team does."""
    sqs = state.clients.client("sqs")
    url = str(sqs.create_queue(QueueName=f"{STACK}-{state.scenario.name}-owners")["QueueUrl"])
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    state.clients.client("sns").subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=arn,
        Attributes={"FilterPolicy": json.dumps({"service": [state.scenario.service]}), "RawMessageDelivery": "true"},
    )
    return url


def drain(state: "LoopState", queue_url: str) -> int:
    sqs, count = state.clients.client("sqs"), 0
    while True:
        answer = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
        messages = answer.get("Messages", [])
        if not messages:
            return count
        count += len(messages)
        for message in messages:
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])


def pass_lines(
    when: str, report: dict[str, Any], published: int, names: dict[str, str], result: EnforcementResult
) -> list[str]:
    """One line for the pass, one per step it did (or failed to do); the counts go into `result`."""
    steps = report["steps"]
    done = [s for s in steps if s["result"] == "done"]
    before = [s for s in steps if s["result"] == "sent before"]
    failed = [s for s in steps if str(s["result"]).startswith("failed")]
    result.done.update(s["kind"] for s in done)
    result.repeated += len(before)
    result.failures += [f"{s['issue']} {s['kind']}: {s['result']}" for s in failed]
    said = f"{len(done)} step(s) done, {published} SNS message(s) to the service's owners"
    if not done and before:
        said = f"nothing sent: {len(before)} step(s) were sent before (the ledger in the stack's table)"
    lines = [f"{when} ({report['today']}): {report['issues']} action issue(s); {said if steps else 'nothing to do'}"]
    for step in done:
        who = names.get(str(step.get("account")), step.get("account"))
        lines.append(f"  {step['issue']} {step['kind']}{f' -> {who}' if who else ''}: {step['text']}")
    lines += [f"  {step['issue']} {step['kind']} FAILED ({step['result']}): {step['text']}" for step in failed]
    return lines
