"""The fault suite's count: every case tried, whether it passed, and what it lost or duplicated.

A fault test does two things with each case: it asserts (so a lost item or a duplicate fails the suite),
and it reports what it counted through `Tally.case`, so the note can say "N cases tried, N passed, 0 items
lost, 0 duplicates" from a file the suite wrote, not from memory.

Each case is one of three kinds, counted apart so the headline never mixes them: an injected fault (a
dependency failing: throttling, 500s, lost answers), an attack (a hostile input or request: forged,
replayed or out-of-scope deliveries, tampered evidence, injection strings), and a property example (one
input hypothesis generated for a property-based test).
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

Kind = Literal["fault", "attack", "property"]
KINDS: tuple[Kind, ...] = ("fault", "attack", "property")


@dataclass
class Case:
    area: str  # what was under fault: "jira push", "timeline handler", "postmortem file", ...
    fault: str  # what was done to it: "429 on every third call", "oversized body", ...
    lost: int = 0  # items that should have been kept (queued, recorded) and were not
    duplicates: int = 0  # items made twice (issues, timeline events, reminders)
    passed: bool = False
    kind: Kind = "fault"


@dataclass
class Tally:
    cases: list[Case] = field(default_factory=list)

    @contextmanager
    def case(self, area: str, fault: str, kind: Kind = "fault") -> Iterator[Case]:
        """Count one case; it passed when its block ends without an error and nothing was lost or duplicated."""
        current = Case(area, fault, kind=kind)
        self.cases.append(current)
        yield current
        current.passed = current.lost == 0 and current.duplicates == 0

    def summary(self) -> dict[str, int]:
        return {
            "tried": len(self.cases),
            "passed": sum(c.passed for c in self.cases),
            "lost": sum(c.lost for c in self.cases),
            "duplicates": sum(c.duplicates for c in self.cases),
        }

    def by_kind(self) -> dict[str, dict[str, int]]:
        """Faults injected, attacks tried and property examples, each with how many passed."""
        return {
            kind: {"tried": sum(c.kind == kind for c in self.cases), "passed": sum(c.kind == kind and c.passed
                   for c in self.cases)}
            for kind in KINDS
        }  # fmt: skip

    def by_area(self) -> dict[str, dict[str, int]]:
        areas: dict[str, dict[str, int]] = {}
        for c in self.cases:
            row = areas.setdefault(c.area, {"tried": 0, "passed": 0, "lost": 0, "duplicates": 0})
            row["tried"] += 1
            row["passed"] += c.passed
            row["lost"] += c.lost
            row["duplicates"] += c.duplicates
        return dict(sorted(areas.items()))

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        body = {
            "summary": self.summary(),
            "by_kind": self.by_kind(),
            "by_area": self.by_area(),
            "cases": [asdict(c) for c in self.cases],
        }
        path.write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")

    def lines(self) -> list[str]:
        s = self.summary()
        k = self.by_kind()
        out = [f"fault suite: {k['fault']['tried']} faults injected, {k['attack']['tried']} attacks tried, "
               f"{k['property']['tried']} property examples; {s['passed']} of {s['tried']} passed, {s['lost']} lost, "
               f"{s['duplicates']} duplicates"]  # fmt: skip
        out += [f"  {area}: {r['tried']} tried, {r['passed']} passed, {r['lost']} lost, {r['duplicates']} duplicates"
                for area, r in self.by_area().items()]  # fmt: skip
        return out
