"""aws:executeAutomation: a child document from a file or the catalogue, its outputs, its failures."""

import pytest

from generator.document.model import Document
from generator.simulator import ClientFactory, RunOptions, Status
from tests.generator.simulator.documents import fixture_document, fixture_path, run_fixture


def test_a_child_document_runs_and_its_outputs_surface(clients: ClientFactory) -> None:
    record = run_fixture("nested_parent", clients, {"ChildDocument": str(fixture_path("nested_child"))})

    assert record.status is Status.SUCCESS, record.failure_message
    step = record.step("RunChild").outputs
    assert step["Output"] == {"Shout.Payload": "HELLO"}
    assert step["Shout"] == "HELLO"
    (child,) = record.children
    assert (step["ExecutionId"], step["Status"]) == (child.execution_id, "Success")
    assert child.parent_execution_id == record.execution_id
    assert child.parameters == {"Greeting": "hello"}  # a one-item list stands for a String value


@pytest.mark.parametrize(
    ("greeting", "message"),
    [
        ("fail", "ended Failed: Step Shout Failed: the script raised RuntimeError: asked to fail"),
        ("BAD", "cannot start: parameter Greeting: 'BAD' does not match the allowedPattern ^[a-z!]+$"),
    ],
)
def test_a_child_that_fails_or_cannot_start_fails_the_step(clients: ClientFactory, greeting: str, message: str) -> None:
    parameters = {"ChildDocument": str(fixture_path("nested_child")), "Greeting": greeting}

    record = run_fixture("nested_parent", clients, parameters)

    assert record.status is Status.FAILED
    assert message in (record.step("RunChild").failure_message or "")


def test_a_child_is_found_by_name_through_the_finder(clients: ClientFactory) -> None:
    documents = {"Closeloop-Child": fixture_document("nested_child")}

    def find(name: str) -> Document | None:
        return documents.get(name)

    record = run_fixture("nested_parent", clients, {"ChildDocument": "Closeloop-Child"}, RunOptions(find_document=find))

    assert record.status is Status.SUCCESS
    assert record.children[0].document_name == "Closeloop-Child"


def test_an_unknown_child_document_fails_the_step(clients: ClientFactory) -> None:
    record = run_fixture("nested_parent", clients, {"ChildDocument": "No-Such-Runbook"})

    assert record.status is Status.FAILED
    assert "No-Such-Runbook is neither in the catalogue nor a readable file" in (record.failure_message or "")
