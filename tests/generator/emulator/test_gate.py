"""The request gate: a snapshot waits for a moment with no request in flight, and holds new ones meanwhile."""

import threading
from collections.abc import Iterable
from typing import Any

from generator.emulator.gate import RequestGate


def test_quiet_waits_for_the_request_in_flight_and_holds_the_next_until_it_ends() -> None:
    gate = RequestGate()
    inside, release, order = threading.Event(), threading.Event(), []

    def slow(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        inside.set()
        release.wait(10)
        order.append(environ["name"])
        return [b""]

    app = gate.wrap(slow)
    first = threading.Thread(target=app, args=({"name": "first"}, None))
    first.start()
    assert inside.wait(10) and gate.changed
    with gate.quiet(timeout=0) as quiet:
        assert not quiet  # a request is in flight: no snapshot now
    release.set()
    first.join(10)
    with gate.quiet(timeout=10) as quiet:
        assert quiet and not gate.changed
        second = threading.Thread(target=app, args=({"name": "second"}, None))
        second.start()
        second.join(0.2)
        assert second.is_alive() and order == ["first"]  # held while the snapshot is taken
    second.join(10)
    assert order == ["first", "second"] and gate.changed
