"""Jira settings from the environment, a file, or the stack's secret (on the emulator); errors name the source."""

import json
from pathlib import Path

import boto3
import pytest

from handlers.actions.settings import SettingsError, from_env, from_file, from_secret

ENV = {
    "CLOSELOOP_JIRA_URL": "https://example.atlassian.net/",
    "CLOSELOOP_JIRA_EMAIL": "ops@example.com",
    "CLOSELOOP_JIRA_TOKEN": "secret-token",
    "CLOSELOOP_JIRA_PROJECT": "OPS",
}


def test_settings_from_the_environment() -> None:
    settings = from_env({**ENV, "CLOSELOOP_INCIDENT_URL": "https://wiki.example.com/{incident_id}"})
    assert (settings.base_url, settings.email, settings.project) == (
        "https://example.atlassian.net",
        "ops@example.com",
        "OPS",
    )
    assert settings.token.get_secret_value() == "secret-token"
    assert "secret-token" not in repr(settings)
    assert settings.incident_url == "https://wiki.example.com/{incident_id}"


def test_a_missing_setting_is_named() -> None:
    with pytest.raises(SettingsError, match=r"environment: CLOSELOOP_JIRA_PROJECT: not set"):
        from_env({k: v for k, v in ENV.items() if k != "CLOSELOOP_JIRA_PROJECT"})


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("jira.toml", 'url = "https://jira.example.com"\ntoken = "pat"\nproject = "OPS"\n'),
        ("jira.json", '{"url": "https://jira.example.com", "token": "pat", "project": "OPS"}'),
    ],
)
def test_settings_from_a_file(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    settings = from_file(path)
    assert (settings.url, settings.email, settings.project) == ("https://jira.example.com", None, "OPS")


def test_a_bad_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "jira.json"
    path.write_text('{"url": "ftp://jira", "token": "t", "project": "OPS", "colour": "red"}')
    with pytest.raises(SettingsError) as raised:
        from_file(path)
    assert str(path) in str(raised.value) and "url" in str(raised.value) and "colour" in str(raised.value)


def test_settings_from_the_stacks_secret(aws_env: str) -> None:
    secrets = boto3.client("secretsmanager")
    value = {"base_url": "https://example.atlassian.net", "email": "ops@example.com", "api_token": "from-secret"}
    arn = secrets.create_secret(Name="closeloop-jira-settings", SecretString=json.dumps(value))["ARN"]

    settings = from_secret(secrets, arn, {"CLOSELOOP_JIRA_PROJECT": "OPS", "CLOSELOOP_JIRA_ISSUE_TYPE": "Story"})

    assert settings.token.get_secret_value() == "from-secret"
    assert (settings.project, settings.issue_type) == ("OPS", "Story")
