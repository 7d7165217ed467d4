"""aws:loop over typed Iterators, while a LoopCondition holds, and capped by MaxIterations."""

from generator.simulator import ClientFactory, Status
from tests.generator.simulator.documents import run_fixture


def test_iterators_loop_runs_the_nested_steps_once_per_item(clients: ClientFactory) -> None:
    record = run_fixture("loops", clients)

    assert record.status is Status.SUCCESS, record.failure_message
    adds = [step for step in record.steps if step.name == "Add"]
    assert [step.outputs["Sum"] for step in adds] == [10, 30, 60]  # IteratorDataType Integer: added as numbers
    assert [step.parent.iteration for step in adds if step.parent] == [1, 2, 3]
    assert [step.parent.iterator_value for step in adds if step.parent] == [10, 20, 30]
    assert record.step("OverItems").outputs == {"CurrentIteration": 3, "CurrentIteratorValue": 30}


def test_loop_condition_is_checked_after_each_pass(clients: ClientFactory) -> None:
    record = run_fixture("loops", clients, {"Limit": "1"})

    # The body runs once before the condition is first checked, as in AWS.
    assert sum(1 for step in record.steps if step.name == "Note") == 1
    assert record.outputs["UntilLimit.CurrentIteration"] == 1


def test_loop_condition_ends_the_loop_when_it_stops_holding(clients: ClientFactory) -> None:
    record = run_fixture("loops", clients)

    assert sum(1 for step in record.steps if step.name == "Note") == 3


def test_max_iterations_caps_a_loop_whose_condition_always_holds(clients: ClientFactory) -> None:
    record = run_fixture("loops", clients)

    assert sum(1 for step in record.steps if step.name == "Tick") == 2
    assert record.outputs["Capped.CurrentIteration"] == 2
