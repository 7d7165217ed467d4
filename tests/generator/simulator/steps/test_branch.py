"""aws:branch: every operator, And / Or / Not, Default, and no match without Default."""

from generator.simulator import ClientFactory, Status
from tests.generator.simulator.documents import run_fixture, statuses


def test_every_operator_holds_where_it_should(clients: ClientFactory) -> None:
    record = run_fixture("branch_operators", clients)

    ran = [name for name, _ in statuses(record)]
    assert ran == ["StringChecks", "NumericChecks", "BooleanChecks", "OrCheck", "Matched", "NoChoice"]


def test_a_condition_that_fails_goes_to_default(clients: ClientFactory) -> None:
    record = run_fixture("branch_operators", clients, {"Number": "7"})

    assert [name for name, _ in statuses(record)][:2] == ["StringChecks", "NumericChecks"]
    assert record.steps[2].name == "Mismatch"


def test_not_and_boolean_operators_choose_their_branch(clients: ClientFactory) -> None:
    record = run_fixture("branch_operators", clients, {"Flag": "false"})

    assert [name for name, _ in statuses(record)][:3] == ["StringChecks", "NumericChecks", "BooleanChecks"]
    assert record.steps[3].name == "Mismatch"


def test_no_matching_choice_and_no_default_fails_the_step(clients: ClientFactory) -> None:
    record = run_fixture("branch_operators", clients)

    assert record.status is Status.FAILED
    assert record.step("NoChoice").failure_message == "No choice matched and the step has no Default"
