"""Both ledgers keep reminders claimed once and comments owed until settled, across runs (new instances)."""

import uuid
from pathlib import Path

import boto3
import pytest

from handlers.enforcement.ledger import DynamoLedger, JsonFileLedger, Ledger, OwedComment
from tests.domain.closeloop_table import create_table

OWED = OwedComment("OPS-7", "assign#0123456789abcdef", "closeloop assigned this action", "acc-1", 0)


@pytest.fixture(params=["table", "file"])
def ledgers(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Ledger, Ledger]:
    """Two ledgers over the same store, as two runs of the handler see it."""
    if request.param == "file":
        return JsonFileLedger(tmp_path / "ledger.json"), JsonFileLedger(tmp_path / "ledger.json")
    request.getfixturevalue("aws_env")
    name = f"closeloop-{uuid.uuid4().hex[:8]}"
    create_table(name)
    return DynamoLedger(boto3.client("dynamodb"), name), DynamoLedger(boto3.client("dynamodb"), name)


def test_a_reminder_is_claimed_once_and_released_for_a_retry(ledgers: tuple[Ledger, Ledger]) -> None:
    first, second = ledgers
    assert first.claim("OPS-7", "due#2026-12-01") is True
    assert second.claim("OPS-7", "due#2026-12-01") is False and second.sent("OPS-7", "due#2026-12-01")
    second.release("OPS-7", "due#2026-12-01")
    assert first.claim("OPS-7", "due#2026-12-01") is True


def test_an_owed_comment_is_kept_once_until_settled(ledgers: tuple[Ledger, Ledger]) -> None:
    first, second = ledgers
    assert second.owed() == []
    first.owe(OWED)
    first.owe(OWED)  # owed again by a run that failed the same way: still one
    other = OwedComment("OPS-8", "set_due#fedcba9876543210", "closeloop set the due date", None, 2)
    first.owe(other)
    assert sorted(second.owed(), key=lambda c: c.key) == [OWED, other]
    assert first.claim("OPS-7", "due#2026-12-01") is True  # reminders and owed comments do not mix
    second.settle(OWED)
    assert first.owed() == [other] and first.sent("OPS-7", "due#2026-12-01")
