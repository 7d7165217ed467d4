"""Build a validation context from a small YAML document written inline in a test."""

from generator.document.reader import read_text
from generator.validator.context import ValidationContext


def context(text: str) -> ValidationContext:
    loaded = read_text(text, "<test>")
    return ValidationContext(loaded.document, loaded.data, loaded.source, loaded.text)
