"""An action closed as "not doing" again, after closeloop reopened it once, is reopened again.

closeloop's own reopen comment quotes the form to use ("Reason: ..." and "Approver: <account>"); read as
a person's reason, it let the second close without one stand: the action was lost.
"""

from tests.faults.tally import Tally
from tests.handlers.enforcement.enforcement_world import DONE_STATUS, TODAY, EnforcementWorld


def close_again(world: EnforcementWorld, key: str) -> None:
    with world.jira.store.lock:
        world.jira.store.issues[key].fields["status"] = DONE_STATUS


def test_a_second_close_without_a_reason_is_reopened_too(tally: Tally, world: EnforcementWorld) -> None:
    with tally.case("jira enforcement", f"{'cloud' if world.cloud else 'datacenter'}: closed as not doing twice"):
        key = world.add_action("N", done=True, labels=("closeloop-not-doing",), due=TODAY)
        world.enforcer().run(TODAY)
        assert world.jira.issue_fields(key)["status"] == "10000"
        close_again(world, key)
        second = world.enforcer().run(TODAY)
        assert [o.step.kind.value for o in second.outcomes] == ["reopen"]
        assert world.jira.issue_fields(key)["status"] == "10000"
