"""aws:waitForAwsResourceProperty and aws:assertAwsResourceProperty against an instance in the emulator."""

from datetime import UTC, datetime

from generator.simulator import ClientFactory, Status, VirtualClock
from tests.generator.simulator.documents import run_fixture, statuses

START = datetime(2026, 1, 1, tzinfo=UTC)


def test_wait_and_assert_read_the_property_the_selector_names(clients: ClientFactory) -> None:
    record = run_fixture("resource_properties", clients, {"ImageId": "ami-12345678"}, clock=VirtualClock(START))

    assert statuses(record)[:3] == [("Launch", "Success"), ("WaitRunning", "Success"), ("AssertType", "Success")]


def test_waiting_for_a_value_never_reached_times_out_on_the_virtual_clock(clients: ClientFactory) -> None:
    record = run_fixture("resource_properties", clients, {"ImageId": "ami-12345678"}, clock=VirtualClock(START))

    waited = record.step("WaitStopped")
    assert waited.status is Status.TIMED_OUT
    assert waited.end is not None and (waited.end - waited.start).total_seconds() == 300
    assert "the property is running" in (waited.failure_message or "")


def test_an_assertion_on_the_wrong_value_fails_the_run(clients: ClientFactory) -> None:
    record = run_fixture("resource_properties", clients, {"ImageId": "ami-12345678"})

    assert record.status is Status.FAILED  # WaitStopped is not critical; AssertWrongType is
    assert "the property is t3.micro, not one of the desired values ['m5.large']" in (record.failure_message or "")


def test_the_assertion_passes_when_the_desired_value_is_given(clients: ClientFactory) -> None:
    record = run_fixture("resource_properties", clients, {"ImageId": "ami-12345678", "WrongType": "t3.micro"})

    assert record.status is Status.SUCCESS, record.failure_message
