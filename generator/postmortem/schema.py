"""The postmortem file's JSON Schema, generated from the model for `closeloop build` to publish.

Editors use it to complete and check a postmortem as it is written (e.g. a `# yaml-language-server:
$schema=...` line); `closeloop postmortem check` goes further than any schema can (owners in Jira,
due-date caps, blameless causes).
"""

import json
from pathlib import Path
from typing import Any

from domain.postmortem import Postmortem

SCHEMA_FOLDER = Path("templates/schema")
SCHEMA_FILE = "postmortem.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def postmortem_schema() -> dict[str, Any]:
    schema = Postmortem.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": DIALECT, **schema}


def render_postmortem_schema() -> dict[Path, str]:
    return {SCHEMA_FOLDER / SCHEMA_FILE: json.dumps(postmortem_schema(), indent=2, ensure_ascii=False) + "\n"}
