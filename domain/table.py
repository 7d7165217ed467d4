"""The keys of closeloop's one DynamoDB table, in one place.

Everything closeloop keeps in AWS lives in one table with a string partition key `pk` and sort key
`sk` (single-table design: one resource to secure, back up and grant). Items of one incident share a
partition, so one Query reads an incident's whole record in time order. The `aws:executeScript` code
cannot import this module (it is inlined alone), so it builds the same keys itself; tests hold the two
to the same shapes.
"""

PARTITION_KEY = "pk"
SORT_KEY = "sk"
# A second index for reading across incidents: by incident class, in time order.
CLASS_INDEX = "by-class"
CLASS_INDEX_PARTITION_KEY = "gsi1pk"
CLASS_INDEX_SORT_KEY = "gsi1sk"
# Items that only guard against repeats (webhook deliveries, idempotency records) expire on their own.
TTL_ATTRIBUTE = "expires_at"


def incident_pk(incident_id: str) -> str:
    return f"INCIDENT#{incident_id}"


def incident_sk() -> str:
    return "INCIDENT"


def event_sk(occurred_at: str, event_id: str) -> str:
    """A timeline event sorts by when it happened, then by its content-derived id."""
    return f"EVENT#{occurred_at}#{event_id}"


def evidence_sk(collected_at: str) -> str:
    return f"EVIDENCE#{collected_at}"


def action_sk(action_id: str) -> str:
    """A prevention action's outbox item: queued until Jira has it, then its key and status."""
    return f"ACTION#{action_id}"


def push_lease_sk() -> str:
    """The incident's push lease: one push of its actions at a time (handlers/actions/lease.py)."""
    return "PUSH-LEASE"


def class_pk(incident_class: str) -> str:
    return f"CLASS#{incident_class}"


def reminder_pk(issue_key: str) -> str:
    return f"REMINDER#{issue_key}"


def owed_comments_pk() -> str:
    """One partition for every enforcement comment still owed (a fix applied, its comment refused): one Query
    per run finds them all, however many action issues there are."""
    return "ENFORCEMENT#OWED-COMMENTS"


def webhook_delivery_pk(delivery_id: str) -> str:
    return f"WEBHOOK#{delivery_id}"


def webhook_order_pk(incident_id: str, action_id: str) -> str:
    """The newest webhook timestamp applied to an action: an older delivery arriving later changes nothing."""
    return f"WEBHOOK-ORDER#{incident_id}#{action_id}"


def idempotency_pk(function: str) -> str:
    """The partition of a Lambda's idempotency records (powertools' `static_pk_value`); they expire by TTL."""
    return f"IDEMPOTENCY#{function}"
