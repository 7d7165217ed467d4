"""Write documents as deterministic YAML (block scalars for scripts and Markdown) or JSON."""

import json
from typing import Any

import yaml

from generator.document.model import Document

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _BlockDumper(_Dumper):  # type: ignore[misc,valid-type]
    """Multi-line strings as `|` block scalars, so scripts and Markdown read as they were written."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _represent_str)


def to_data(document: Document) -> dict[str, Any]:
    return document.to_data()


def dump_yaml(data: Any) -> str:
    # Key order is the model's field order (then input order), never sorted: `name` and `action` lead.
    return yaml.dump(
        data,
        Dumper=_BlockDumper,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
        default_flow_style=False,
    )


def dump_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_yaml(document: Document) -> str:
    return dump_yaml(to_data(document))


def to_json(document: Document) -> str:
    return dump_json(to_data(document))
