"""A stored Automation document for these tests, in a region of the test's own (the emulator's `emulated`)."""

import json
from typing import Any

import boto3
import pytest

from tests.generator.emulator.automation.driving import DOCUMENT


@pytest.fixture
def ssm(emulated: str) -> Any:
    client = boto3.client("ssm")
    name = f"Closeloop-Try-{emulated}"
    client.create_document(Name=name, Content=json.dumps(DOCUMENT), DocumentType="Automation", DocumentFormat="JSON")
    client.document_name = name
    return client
