"""What the drill leaves in its folder, so nothing it prints dies with the stand-ins: the incident's evidence
(the manifest and every object under the incident's prefix, byte for byte as S3 holds them, so
`sha256sum` checks them against the manifest) and its Jira issues as Jira's API answers them, with comments."""

import json
from pathlib import Path
from typing import Any

import requests

from generator.drill.jira import DrillJira


def keep_evidence(s3: Any, bucket: str, incident_id: str, out: Path) -> Path:
    folder, prefix = out / "evidence", f"incidents/{incident_id}/"
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for listed in page.get("Contents", []):
            target = folder / listed["Key"].removeprefix(prefix)
            if not target.resolve().is_relative_to(folder.resolve()):  # a key is data, not a path to follow
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(s3.get_object(Bucket=bucket, Key=listed["Key"])["Body"].read())
    return folder


def keep_issues(jira: DrillJira, keys: list[str], out: Path) -> Path:
    folder, settings = out / "jira", jira.settings
    folder.mkdir(parents=True, exist_ok=True)
    auth = (settings.email or "", settings.token.get_secret_value())
    for key in keys:
        api = f"{settings.base_url}/rest/api/3/issue/{key}"
        issue = requests.get(api, auth=auth, timeout=10).json()
        comments = requests.get(f"{api}/comment", auth=auth, timeout=10).json()
        text = json.dumps({"issue": issue, "comments": comments}, indent=2, sort_keys=True)
        (folder / f"{key}.json").write_text(text + "\n", encoding="utf-8")
    return folder
