"""Where the drill meets the enforcement handler and the class report (issue 8), built alongside it.

Each is a hook the drill calls with everything the loop has made so far. While a hook is None the drill
prints that the stage was skipped and why; wiring it is one assignment here (or in a test), e.g.

    ENFORCEMENT = my_enforcement_pass   # run the scheduled passes, the clock moved by each of state.clock_advances
    REPORT = my_class_report            # write the comparison with state.earlier_id; return its path
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from generator.drill.enforcement_stage import EnforcementResult, enforcement_stage
from generator.drill.jira import DrillJira
from generator.drill.report_stage import class_report_stage
from generator.drill.scenario import Scenario
from generator.simulator import ClientFactory
from generator.simulator.clock import VirtualClock


@dataclass(frozen=True)
class LoopState:
    """What the drill has made by the time the enforcement pass and the report run."""

    scenario: Scenario
    incident_id: str
    earlier_id: str
    clients: ClientFactory  # pointed at the drill's emulator
    table: str
    bucket: str
    outputs: dict[str, str]  # the deployed stack's outputs (function names, topic)
    jira: DrillJira
    issue_keys: list[str]
    out: Path  # the scenario's output folder
    clock_advances: tuple[timedelta, ...]  # one scheduled enforcement pass each, after the postmortem was written
    clock: VirtualClock  # the drill's one clock: the passes move it forward, the report dates itself by it
    notes: list[str] = field(default_factory=list)


# Runs the scheduled enforcement passes with the clock moved forward; returns what they did (a reminder
# sent, an escalation made), line by line for the drill to print, with counts for its summary.
EnforcementPass = Callable[[LoopState], EnforcementResult]
# Writes the report comparing the incident with the earlier one of its class; returns the file written.
ClassReport = Callable[[LoopState], Path]

ENFORCEMENT: EnforcementPass | None = enforcement_stage
REPORT: ClassReport | None = class_report_stage
