"""Shared pydantic configuration for every part of a document.

Documents are read from JSON and YAML written by people and by AWS, and must be written back unchanged
in meaning. So every model is strict (no silent coercion of "5" to 5) and forbids unknown keys (AWS
refuses them too), except where AWS itself passes keys through (API parameters).
"""

from typing import Any

from pydantic import BaseModel, ConfigDict

# A value that may be given literally or as a `{{ reference }}` resolved at run time.
Templated = str


class DocumentPart(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    def to_data(self) -> dict[str, Any]:
        """The part as plain data, with exactly the keys it was given."""
        return self.model_dump(mode="python", by_alias=True, exclude_unset=True)


class OpenPart(DocumentPart):
    """A part whose extra keys are passed through to an AWS API, so they are kept, not refused."""

    model_config = ConfigDict(extra="allow", strict=True, populate_by_name=True)
