"""ISO-8601 durations and timestamps as aws:sleep reads them."""

from decimal import Decimal

import pytest

from generator.validator.rules.sleep_bounds import MAX_SECONDS, duration_seconds, is_timestamp


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("PT0S", 0),
        ("PT0.5S", Decimal("0.5")),
        ("PT1,5S", Decimal("1.5")),
        ("PT10M", 600),
        ("PT24H5M", 86_700),
        ("P1DT1H", 90_000),
        ("P6DT23H59M59S", MAX_SECONDS),
        ("P1W", 604_800),
        ("P1M", 28 * 86_400),  # a month at its shortest
        ("P1Y", 365 * 86_400),
    ],
)
def test_durations_are_measured_in_seconds(text: str, seconds: int | Decimal) -> None:
    assert duration_seconds(text) == seconds


@pytest.mark.parametrize("text", ["", "P", "PT", "P1DT", "600", "10M", "PT-5S", "pt10m", "PT1H30", "PT10MS"])
def test_texts_that_are_not_durations(text: str) -> None:
    assert duration_seconds(text) is None


@pytest.mark.parametrize("text", ["2026-12-01T09:00:00Z", "2026-12-01T09:00:00+01:00", "2026-12-01T09:00:00.5Z"])
def test_iso_timestamps(text: str) -> None:
    assert is_timestamp(text)


@pytest.mark.parametrize("text", ["01/12/2026 09:00", "tomorrow", "2026-13-01T00:00:00Z"])
def test_texts_that_are_not_timestamps(text: str) -> None:
    assert not is_timestamp(text)
