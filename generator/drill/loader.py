"""Read scenario files: YAML into the typed model, with errors that say file, line and field.

Besides the model's own checks, names must resolve: every owner, the responder, every console user and the
ownership map's owners and escalations are the scenario's people; the response's times follow the phases and
end by 'now'; the enforcement passes' days do not go back.
"""

import itertools
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.document import paths
from generator.document.errors import DocumentError, Problem
from generator.document.reader import parse_text, read_source
from generator.drill.scenario import PHASES, Scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def scenario_from_text(text: str, source: str) -> Scenario:
    data = parse_text(text, source)
    if not isinstance(data, dict):
        raise DocumentError(source, [Problem("", "a scenario is a mapping with name, class, failure, ...")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        problems = []
        for issue in error.errors():
            path = paths.render([part for part in issue["loc"] if isinstance(part, int | str)])
            problems.append(Problem(path, _message(issue), paths.line_of(text, path)))
        raise DocumentError(source, problems) from None
    unknown = _unresolved_names(scenario)
    if unknown:
        raise DocumentError(source, [Problem(p, m, paths.line_of(text, p)) for p, m in unknown])
    return scenario


def read_scenario(path: Path) -> Scenario:
    return scenario_from_text(read_source(path), str(path))


def scenario_files(folder: Path = SCENARIOS) -> dict[str, Path]:
    """Scenario name (the file's stem) -> file."""
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))}


def find_scenario(name: str, folder: Path = SCENARIOS) -> Scenario:
    """A scenario by name (from `folder`), or from a path to a file."""
    given = Path(name)
    if given.suffix in (".yaml", ".yml") and given.is_file():
        return read_scenario(given)
    files = scenario_files(folder)
    if name not in files:
        raise DocumentError(str(folder), [Problem("", f"no scenario {name!r}: there are {', '.join(files) or 'none'}")])
    scenario = read_scenario(files[name])
    if scenario.name != name:
        raise DocumentError(str(files[name]), [Problem("name", f"is {scenario.name!r}; the file is named {name!r}")])
    return scenario


def _unresolved_names(scenario: Scenario) -> list[tuple[str, str]]:
    people = {p.username for p in scenario.people}
    known = f"(people: {', '.join(sorted(people))})"
    found = []
    if scenario.response.responder not in people:
        found.append(("response.responder", f"{scenario.response.responder!r} is not one of the people {known}"))
    for index, action in enumerate(scenario.postmortem.actions):
        if action.owner not in people:
            found.append((f"postmortem.actions[{index}].owner", f"{action.owner!r} is not one of the people {known}"))
    for index, console in enumerate(scenario.failure.console_actions):
        if console.user not in people:
            found.append(
                (f"failure.console_actions[{index}].user", f"{console.user!r} is not one of the people {known}")
            )
        regions = scenario.member.regions if scenario.member else []
        if console.region is not None and console.region not in regions:
            where = f"the member's regions ({', '.join(regions)})" if regions else "a member account (none is given)"
            found.append((f"failure.console_actions[{index}].region", f"{console.region!r} is not one of {where}"))
    if scenario.failure.detected_after_minutes > scenario.failure.started_minutes_ago:
        found.append(("failure.detected_after_minutes", "the alarm cannot fire after now: at most started_minutes_ago"))
    if scenario.failure.traces.faulty > scenario.failure.traces.count:
        found.append(("failure.traces.faulty", "more faulty traces than traces"))
    return found + _response_times(scenario) + _enforcement_problems(scenario, people, known)


def _response_times(scenario: Scenario) -> list[tuple[str, str]]:
    """Every decided phase has a time; times follow the phases' order and end by 'now' (events are in the past)."""
    times, found = scenario.response.approved_after_minutes, []
    path = "response.approved_after_minutes"
    for phase in scenario.response.decisions:
        if phase not in times:
            found.append((path, f"no time for {phase}: give one for every phase in response.decisions"))
    ordered = [(phase, times[phase]) for phase in PHASES if phase in times]
    for (before, earlier), (phase, minutes) in itertools.pairwise(ordered):
        if minutes < earlier:
            found.append((f"{path}.{phase}", f"{minutes} is before {before} ({earlier}): phases are approved in order"))
    now = scenario.failure.started_minutes_ago
    found += [
        (f"{path}.{phase}", f"{minutes} is after now: at most failure.started_minutes_ago ({now})")
        for phase, minutes in ordered
        if minutes > now
    ]
    engaged, detected = scenario.response.engaged_after_minutes, scenario.failure.detected_after_minutes
    triage = times.get("Triage", now)
    if not detected <= engaged < triage:
        found.append(
            (
                "response.engaged_after_minutes",
                f"{engaged} is not between the alarm (failure.detected_after_minutes {detected}) and Triage ({triage})",
            )
        )
    return found


def _enforcement_problems(scenario: Scenario, people: set[str], known: str) -> list[tuple[str, str]]:
    enforcement, found = scenario.enforcement, []
    services = enforcement.ownership.services
    if scenario.service not in services:
        found.append(
            ("enforcement.ownership.services", f"has no entry for the scenario's service {scenario.service!r}")
        )
    for service, owner in services.items():
        path = f"enforcement.ownership.services.{service}"
        for role in ("owner", "escalation"):
            if getattr(owner, role) not in people:
                found.append((f"{path}.{role}", f"{getattr(owner, role)!r} is not one of the people {known}"))
        if owner.sns_topic is not None:
            found.append((f"{path}.sns_topic", "the drill's reminders go to the stack's topic: leave sns_topic out"))
    days = enforcement.passes_after_days
    for index, (earlier, later) in enumerate(itertools.pairwise(days), start=1):
        if later < earlier:
            found.append((f"enforcement.passes_after_days[{index}]", f"{later} is before the pass on day {earlier}"))
    ids = [action.id for action in scenario.postmortem.actions]
    found += [
        (f"enforcement.unassign_after_push[{index}]", f"{action!r} is not one of the postmortem's actions {ids}")
        for index, action in enumerate(enforcement.unassign_after_push)
        if action not in ids
    ]
    return found


def _message(issue: Any) -> str:
    kind = issue["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (a scenario does not define it here)"
    message = str(issue["msg"]).removeprefix("Value error, ")
    return f"{message} (got {issue['input']!r:.80})" if not isinstance(issue["input"], dict) else message
