"""Where an event happened, as people read it: the account's name where one is known, then its id and region.

Account names come from the ownership map's `accounts` (account id -> name, domain/ownership.py); an
account without a name is shown by its id, which is what AWS's consoles show too.
"""

from collections.abc import Iterable, Mapping

from domain.timeline import TimelineEvent


def place_label(account: str, region: str, names: Mapping[str, str] | None = None) -> str:
    """`payments-prod (111122223333), eu-west-1`; `111122223333, eu-west-1`; "" when nothing is known."""
    named = (names or {}).get(account, "")
    who = f"{named} ({account})" if named and account else account
    return ", ".join(part for part in (who, region) if part)


def event_place(event: TimelineEvent, names: Mapping[str, str] | None = None) -> str:
    return place_label(*event.place, names)


def spans_places(events: Iterable[TimelineEvent]) -> bool:
    """Whether saying where is worth a column: the events that say where name more than one place."""
    return len({event.place for event in events if any(event.place)}) > 1
