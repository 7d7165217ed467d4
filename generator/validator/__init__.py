"""The document validator: rules in `rules/`, one per file, listed in `registry`."""

from generator.validator.engine import validate_document, validate_file
from generator.validator.finding import Finding, Severity

__all__ = ["Finding", "Severity", "validate_document", "validate_file"]
