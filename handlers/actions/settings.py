"""Where Jira is and how to reach it: environment variables, a config file, or the stack's secret.

Environment: CLOSELOOP_JIRA_URL, CLOSELOOP_JIRA_EMAIL, CLOSELOOP_JIRA_TOKEN, CLOSELOOP_JIRA_PROJECT (and
optionally CLOSELOOP_JIRA_ISSUE_TYPE, CLOSELOOP_JIRA_LINK_TYPE, CLOSELOOP_JIRA_INDEX_LAG, CLOSELOOP_INCIDENT_URL).
A config file is JSON or TOML with the same names in lower case without the prefix (`url`, `email`, `token`,
`project`, ...).
In AWS the stack's Secrets Manager secret holds `base_url`, `email` and `api_token`; the project and the
rest come from the function's environment.

With an email the token is an Atlassian API token (basic auth, Jira Cloud); without one it is a Data
Center personal access token (bearer auth).
"""

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

ENV_PREFIX = "CLOSELOOP_JIRA_"
# Where a remote link on each issue points: the incident's record. `{incident_id}` is replaced.
DEFAULT_INCIDENT_URL = "urn:closeloop:incident:{incident_id}"


class SettingsError(Exception):
    """Settings are missing or malformed: the message names the source and the field."""


class JiraSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str = Field(pattern=r"^https?://", description="Jira's base URL, e.g. https://example.atlassian.net")
    email: str | None = Field(default=None, description="The account's email (Cloud); none for a Data Center PAT.")
    token: SecretStr = Field(description="API token (Cloud) or personal access token (Data Center).")
    project: str = Field(min_length=1, description="The key of the project the actions' issues go into.")
    issue_type: str = Field(default="Task", description="The issue type for actions.")
    link_type: str = Field(default="Relates", description="How an action's issue links to the incident ticket.")
    incident_url: str = Field(default=DEFAULT_INCIDENT_URL, description="The incident record's URL template.")
    timeout: float = Field(default=30.0, gt=0, description="Seconds to wait for one Jira answer.")
    index_lag: float = Field(
        default=600.0,
        ge=0,
        description="The longest Jira's search index may lag a create, in seconds: a create whose answer was lost "
        "is not sent again before this has passed (the stack retries every 15 minutes).",
    )

    @property
    def base_url(self) -> str:
        return self.url.rstrip("/")


KEYS = tuple(JiraSettings.model_fields)


def validated(values: Mapping[str, Any], source: str, prefix: str = "") -> JiraSettings:
    """The settings; errors name the source and each field (as `prefix` + its upper-case name, if given)."""
    try:
        return JiraSettings.model_validate(dict(values))
    except ValidationError as error:
        problems = "; ".join(
            f"{prefix + '.'.join(map(str, e['loc'])).upper() if prefix else '.'.join(map(str, e['loc']))}: "
            + ("not set" if e["type"] == "missing" else e["msg"])
            for e in error.errors()
        )
        raise SettingsError(f"{source}: {problems}") from None


def from_env(environ: Mapping[str, str]) -> JiraSettings:
    values = {key: environ[ENV_PREFIX + key.upper()] for key in KEYS if environ.get(ENV_PREFIX + key.upper())}
    if environ.get("CLOSELOOP_INCIDENT_URL"):
        values["incident_url"] = environ["CLOSELOOP_INCIDENT_URL"]
    return validated(values, "environment", ENV_PREFIX)


def from_file(path: Path) -> JiraSettings:
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (OSError, ValueError) as error:
        raise SettingsError(f"{path}: cannot read the Jira settings: {error}") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: the Jira settings must be a table/object of url, email, token, project")
    return validated(data, str(path))


def from_secret(secrets: Any, secret_id: str, environ: Mapping[str, str]) -> JiraSettings:
    """The stack's secret (`base_url`, `email`, `api_token`) plus the project and options from the environment."""
    answer = secrets.get_secret_value(SecretId=secret_id)
    try:
        secret = json.loads(answer["SecretString"])
    except (KeyError, ValueError):
        raise SettingsError(f"secret {secret_id}: expected a JSON object with base_url, email and api_token") from None
    values = {key: environ[ENV_PREFIX + key.upper()] for key in KEYS if environ.get(ENV_PREFIX + key.upper())}
    values.update({"url": secret.get("base_url"), "email": secret.get("email"), "token": secret.get("api_token")})
    if environ.get("CLOSELOOP_INCIDENT_URL"):
        values["incident_url"] = environ["CLOSELOOP_INCIDENT_URL"]
    return validated({k: v for k, v in values.items() if v is not None}, f"secret {secret_id}")
