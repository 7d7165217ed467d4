"""Bounded exposure: the secret holds every key the functions read, and the public webhook's concurrency is capped."""

import json
from typing import Any

from generator.stack.handler_specs import WEBHOOK
from generator.stack.parameters import WEBHOOK_CONCURRENCY, WEBHOOK_CONCURRENCY_SET
from handlers.webhook.secrets import CURRENT
from tests.generator.stack.conftest import resources_of

# What the handlers read from the secret: handlers/actions/settings.from_secret and the webhook's secrets.
READ_KEYS = {"base_url", "email", "api_token", CURRENT}


def test_the_generated_secret_holds_every_key_the_functions_read(template: dict[str, Any]) -> None:
    [secret] = resources_of(template, "AWS::SecretsManager::Secret").values()
    generated = secret["Properties"]["GenerateSecretString"]
    keys = set(json.loads(generated["SecretStringTemplate"])) | {generated["GenerateStringKey"]}
    assert keys == READ_KEYS
    assert generated["GenerateStringKey"] == CURRENT  # the webhook secret is random; Jira's token is the operator's
    assert all(key in template["Outputs"]["JiraSecretArn"]["Description"] for key in READ_KEYS)


def test_the_webhook_function_has_reserved_concurrency_unless_set_to_none(template: dict[str, Any]) -> None:
    functions = resources_of(template, "AWS::Lambda::Function")
    reserved = {name: f["Properties"].get("ReservedConcurrentExecutions") for name, f in functions.items()}
    webhook = reserved.pop(WEBHOOK.logical_name + "Function", None) or next(
        value for name, value in reserved.items() if name.startswith(WEBHOOK.logical_name)
    )
    assert webhook == {"Fn::If": [WEBHOOK_CONCURRENCY_SET, {"Ref": WEBHOOK_CONCURRENCY}, {"Ref": "AWS::NoValue"}]}
    assert template["Parameters"][WEBHOOK_CONCURRENCY]["Default"] == "5"
    assert template["Conditions"][WEBHOOK_CONCURRENCY_SET] == {
        "Fn::Not": [{"Fn::Equals": [{"Ref": WEBHOOK_CONCURRENCY}, 0]}]
    }
