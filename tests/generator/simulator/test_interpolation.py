"""`{{ }}` references of every kind, whole (keeping their type) and inside text, resolved in a real run."""

import re

from generator.simulator import ClientFactory, Status
from tests.generator.simulator.documents import run_fixture


def test_every_reference_kind_resolves_with_its_type(clients: ClientFactory) -> None:
    clients.client("ssm").put_parameter(Name="/closeloop/simulator/greeting", Value="hi", Type="String")

    record = run_fixture("interpolation", clients)

    assert record.status is Status.SUCCESS, record.failure_message
    events = record.step("Echo").outputs["Payload"]["events"]
    assert events["name"] == "web"
    assert events["names"] == ["a", "b", "c"]
    assert events["size"] == 3
    assert events["enabled"] is True
    assert events["tags"] == {"team": "sre"}
    assert events["rules"] == [{"Port": 443}]
    assert events["role"] == "arn:aws:iam::123456789012:role/AutomationRole"
    assert events["counter"] == 7
    assert events["text"] == 'web-3-true-["a", "b", "c"]'
    assert events["unknown"] == "{{ other:Thing }}"  # not a namespace Automation resolves: left as written
    assert events["execution"] == record.execution_id
    assert events["document"] == "interpolation"
    assert events["account"] == "123456789012"
    assert (events["region"], events["partition"]) == ("us-east-1", "aws")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", events["date"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}_\d{2}\.\d{2}\.\d{2}", events["date_time"])
    assert events["stored"] == "hi"


def test_step_outputs_resolve_whole_and_below_their_name(clients: ClientFactory) -> None:
    clients.client("ssm").put_parameter(Name="/closeloop/simulator/greeting", Value="hi", Type="String")

    record = run_fixture("interpolation", clients)

    payload = record.step("UseOutput").outputs["Payload"]
    assert payload["whole"] == record.step("Echo").outputs["Payload"]
    assert payload["nested"] == ["a", "b", "c"]


def test_a_reference_to_nothing_fails_the_step_and_names_it(clients: ClientFactory) -> None:
    # No Parameter Store value this time: the reference cannot be resolved.
    record = run_fixture("interpolation", clients)

    assert record.status is Status.FAILED
    assert "ssm:/closeloop/simulator/greeting" in (record.step("Echo").failure_message or "")
