"""Read scenario files: YAML into the typed model, with errors that say file, line and field.

Besides the model's own checks, names must resolve: every owner, the responder and every console user is
one of the scenario's people.
"""

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.document import paths
from generator.document.errors import DocumentError, Problem
from generator.document.reader import parse_text
from generator.drill.scenario import Scenario

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
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DocumentError(str(path), [Problem("", f"cannot read the file: {error}")]) from None
    return scenario_from_text(text, str(path))


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
    if scenario.failure.detected_after_minutes > scenario.failure.started_minutes_ago:
        found.append(("failure.detected_after_minutes", "the alarm cannot fire after now: at most started_minutes_ago"))
    if scenario.failure.traces.faulty > scenario.failure.traces.count:
        found.append(("failure.traces.faulty", "more faulty traces than traces"))
    return found


def _message(issue: Any) -> str:
    kind = issue["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (a scenario does not define it here)"
    message = str(issue["msg"]).removeprefix("Value error, ")
    return f"{message} (got {issue['input']!r:.80})" if not isinstance(issue["input"], dict) else message
