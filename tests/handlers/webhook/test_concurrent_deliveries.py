"""Two webhook deliveries about one change, at once: the fix they both ask for is made and commented once.

Issue 15 item 5. The two are distinct deliveries (their own ids and bodies, so neither is the other's replay)
with the same timestamp (so both pass the ordering check), held at a barrier just before each claims the fix
in the ledger: from there on they race, and only the ledger's conditional write can keep the second out.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from handlers.actions.issue_content import plain_text
from handlers.enforcement.ledger import DynamoLedger
from tests.handlers.webhook.conftest import Hooks
from tests.handlers.webhook.test_app import body_of


@pytest.mark.parametrize("stamped", [True, False], ids=["with-jira-updated", "without-updated"])
def test_two_deliveries_of_one_removal_at_once_restore_the_owner_and_comment_once(
    hooks: Hooks, monkeypatch: pytest.MonkeyPatch, stamped: bool
) -> None:
    """Without Jira's `updated` stamp the two still claim one change: by the send time both carry."""
    with hooks.world.jira.store.lock:
        issue = hooks.world.jira.store.issues[hooks.issue_key]
        issue.fields["assignee"] = None
        removed_at = issue.fields["updated"]  # Jira's stamp of the removal, which every delivery of it carries
    first = hooks.payload("assignee_removed.json")
    first["issue"]["fields"]["updated"] = removed_at
    if not stamped:
        del first["issue"]["fields"]["updated"]
    second = first | {"matchedWebhookIds": [2]}  # a second registration's copy: another body, the same change
    barrier, claim = threading.Barrier(2, timeout=20), DynamoLedger.claim

    def held(self: DynamoLedger, issue_key: str, reminder: str) -> bool:
        barrier.wait()  # both deliveries got this far before either claims
        return claim(self, issue_key, reminder)

    monkeypatch.setattr(DynamoLedger, "claim", held)
    with ThreadPoolExecutor(2) as pool:
        answers = [body_of(a) for a in pool.map(hooks.send, [first, second])]
    done = sorted(line for answer in answers for line in answer["done"])
    assert len(done) == 2 and done[0] == "owner restored already (by the daily pass, for this same change)", done
    assert done[1].startswith("restored assignee "), done
    comments: list[Any] = [c for c in hooks.world.comments(hooks.issue_key) if "restored the owner" in plain_text(c)]
    assert len(comments) == 1
