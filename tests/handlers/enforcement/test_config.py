"""The ownership map and policy come from the stack's SSM parameters (named in the environment), read cached."""

import json

import boto3
import pytest

from domain.ownership import ConfigError
from handlers.enforcement.config import ownership_from_env, policy_from_env

MAP = {"services": {"checkout": {"owner": "acc-1", "escalation": "acc-2", "sns_topic": None}}}


def test_the_map_and_policy_are_read_from_the_ssm_parameters_the_environment_names(aws_env: str) -> None:
    ssm = boto3.client("ssm")
    ssm.put_parameter(Name="/closeloop/cfg-test/ownership-map", Value=json.dumps(MAP), Type="String", Overwrite=True)
    ssm.put_parameter(Name="/closeloop/cfg-test/enforcement-policy", Value="{}", Type="String", Overwrite=True)
    environ = {
        "CLOSELOOP_OWNERSHIP_PARAMETER": "/closeloop/cfg-test/ownership-map",
        "CLOSELOOP_POLICY_PARAMETER": "/closeloop/cfg-test/enforcement-policy",
    }
    assert ownership_from_env(environ, ssm).services["checkout"].owner == "acc-1"
    policy_from_env(environ, ssm)
    # A value given in the environment itself (local runs) wins over the parameter.
    assert ownership_from_env(environ | {"CLOSELOOP_OWNERSHIP": '{"services": {}}'}, ssm).services == {}


def test_a_bad_parameter_value_names_the_parameter(aws_env: str) -> None:
    ssm = boto3.client("ssm")
    ssm.put_parameter(Name="/closeloop/cfg-test/bad-map", Value="{not json", Type="String", Overwrite=True)
    with pytest.raises(ConfigError, match="SSM parameter /closeloop/cfg-test/bad-map: not JSON"):
        ownership_from_env({"CLOSELOOP_OWNERSHIP_PARAMETER": "/closeloop/cfg-test/bad-map"}, ssm)


def test_a_service_topic_the_stack_does_not_let_the_function_publish_to_is_named_at_load() -> None:
    topic = "arn:aws:sns:us-east-1:123456789012:team-checkout"
    data = {"services": {"checkout": {"owner": "a", "escalation": "b", "sns_topic": topic}}}
    environ = {"CLOSELOOP_OWNERSHIP": json.dumps(data), "CLOSELOOP_REMINDER_TOPIC_PREFIX": "closeloop-reminders-"}
    with pytest.raises(ConfigError, match=r"services.checkout.sns_topic: .*team-checkout may not be published to"):
        ownership_from_env(environ)
    allowed = topic.replace("team-checkout", "closeloop-reminders-checkout")
    data["services"]["checkout"]["sns_topic"] = allowed
    assert ownership_from_env(environ | {"CLOSELOOP_OWNERSHIP": json.dumps(data)}).services["checkout"].sns_topic
