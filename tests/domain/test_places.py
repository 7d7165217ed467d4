"""Where an event happened: recorded from EventBridge's account and region, read from an ARN otherwise, shown
by the account's name where the ownership map names it; and two accounts' alarms of one name stay two."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from domain.ownership import OwnershipMap
from domain.phases import duplicate_alerts
from domain.places import event_place, place_label, spans_places
from domain.timeline import Kind, TimelineEvent

MEMBER, CENTRAL = "444455556666", "123456789012"
AT = datetime(2026, 11, 29, 17, 5, tzinfo=UTC)
NAMES = {MEMBER: "payments-prod"}


def alert(source: str, *, account: str = "", region: str = "", seconds: int = 0) -> TimelineEvent:
    return TimelineEvent(
        incident_id="INC-7",
        kind=Kind.ALERT,
        occurred_at=AT + timedelta(seconds=seconds),
        recorded_at=AT + timedelta(seconds=seconds + 1),
        actor="aws.cloudwatch",
        source=source,
        text="Alarm checkout-5xx went to ALARM",
        account=account,
        region=region,
    )


def arn(account: str, region: str) -> str:
    return f"arn:aws:cloudwatch:{region}:{account}:alarm:checkout-5xx"


def test_the_label_names_the_account_then_its_id_and_region() -> None:
    assert place_label(MEMBER, "eu-west-1", NAMES) == "payments-prod (444455556666), eu-west-1"
    assert place_label(CENTRAL, "us-east-1", NAMES) == "123456789012, us-east-1"
    assert place_label("", "", NAMES) == ""


def test_an_event_is_placed_as_recorded_else_by_its_source_arn() -> None:
    assert event_place(alert(arn(MEMBER, "eu-west-1")), NAMES) == "payments-prod (444455556666), eu-west-1"
    assert alert("pager:42", account=MEMBER, region="eu-west-1").place == (MEMBER, "eu-west-1")
    assert alert("pager:42").place == ("", "")


def test_the_item_carries_the_place_and_an_old_item_without_one_still_reads() -> None:
    event = alert("pager:42", account=MEMBER, region="eu-west-1")
    item = event.to_item()
    assert (item["account"], item["region"]) == ({"S": MEMBER}, {"S": "eu-west-1"})
    assert TimelineEvent.from_item(item) == event
    bare = alert("pager:42").to_item()
    assert "account" not in bare and TimelineEvent.from_item(bare).place == ("", "")


def test_the_place_is_not_part_of_the_id_so_a_forwarded_copy_is_the_same_event() -> None:
    assert (
        alert(arn(MEMBER, "eu-west-1"), account=MEMBER, region="eu-west-1").event_id
        == alert(arn(MEMBER, "eu-west-1")).event_id
    )


@pytest.mark.parametrize("account", ["12345", "abcdabcdabcd"])
def test_an_account_that_is_not_twelve_digits_is_refused(account: str) -> None:
    with pytest.raises(ValidationError):
        alert("pager:42", account=account)


def test_a_column_for_where_only_when_the_events_span_places() -> None:
    here = alert(arn(CENTRAL, "us-east-1"))
    assert not spans_places([here, alert("pager:42")])
    assert spans_places([here, alert(arn(MEMBER, "eu-west-1"))])


def test_one_alarm_recorded_by_the_handler_and_by_the_evidence_is_one_alert() -> None:
    handler = alert(arn(MEMBER, "eu-west-1"), account=MEMBER, region="eu-west-1")
    evidence = alert("cloudwatch-alarm:checkout-5xx", seconds=30)
    assert duplicate_alerts([handler, evidence]) == [(evidence, handler)]


def test_alarms_of_one_name_in_two_accounts_or_regions_are_two_alerts() -> None:
    central = alert(arn(CENTRAL, "us-east-1"), account=CENTRAL, region="us-east-1")
    member = alert(arn(MEMBER, "us-east-1"), account=MEMBER, region="us-east-1", seconds=5)
    other_region = alert(arn(MEMBER, "eu-west-1"), account=MEMBER, region="eu-west-1", seconds=9)
    assert duplicate_alerts([central, member, other_region]) == []


def test_the_ownership_map_names_accounts_and_refuses_a_bad_id() -> None:
    assert OwnershipMap.model_validate({"services": {}, "accounts": NAMES}).accounts == NAMES
    with pytest.raises(ValidationError, match="not an AWS account id"):
        OwnershipMap.model_validate({"services": {}, "accounts": {"payments": "x"}})
