"""Where a collection run keeps things in the evidence bucket (domain/evidence.py has the same shapes).

Also the few things every step reads the same way, kept here so the small steps bundle nothing else.
"""

from typing import Any

COLLECTOR_VERSION = "1.0.0"


def listed(value: Any) -> list[str]:
    """A StringList parameter, or a comma-separated string, as a list without empty items."""
    items = value if isinstance(value, list) else str(value or "").split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def evidence_key(incident_id: str, execution_id: str, account: str, region: str, source: str, name: str) -> str:
    """An artefact of one run, under the account and region it was read in."""
    return f"incidents/{incident_id}/evidence/{execution_id}/{account}/{region}/{source}/{name}"


def key_target(key: str) -> str:
    """`<account>/<region>` of an artefact's key: the two parts before `<source>/<file>`."""
    return "/".join(key.split("/")[-4:-2])


def manifest_key(incident_id: str, execution_id: str) -> str:
    return f"incidents/{incident_id}/evidence/{execution_id}/manifest.json"


def record_key(incident_id: str, execution_id: str, source: str) -> str:
    """A source step's record of what it got, read by the manifest step of the same run."""
    return f"incidents/{incident_id}/collection/{execution_id}/{source}.json"
