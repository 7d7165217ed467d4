"""A postmortem as Markdown: the facts, the timeline (chart and table), the actions and the evidence links.

People are named as Jira shows them (display names from `DisplayNames`), never by account id; s3:// links
open the object on its S3 console page.
"""

from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from domain.accounts import DisplayNames
from domain.action import Action
from domain.escape.filename import safe_name
from domain.escape.markdown import md_code, md_link, md_text
from domain.evidence import browser_url
from domain.phases import analyse
from domain.places import event_place, spans_places
from domain.postmortem import Postmortem
from domain.timeline import format_second
from generator.postmortem.chart import draw_timeline


def render_report(
    postmortem: Postmortem,
    out: Path,
    stem: str,
    names: DisplayNames | None = None,
    region: str | None = None,
    account_names: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write `<stem>.md` and `<stem>-timeline.png` into `out`; return their paths. People are shown by
    their Jira display names (`names`), AWS accounts by theirs (`account_names`, the ownership map's
    `accounts`); s3:// links open in the S3 console of `region`."""
    stem = safe_name(stem)
    title = postmortem.incident.title
    chart = draw_timeline(postmortem.timeline, out / f"{stem}-timeline.png", title, account_names)
    report = out / f"{stem}.md"
    report.write_text(markdown(postmortem, chart.name, names, region, account_names), encoding="utf-8")
    return [report, chart]


def markdown(
    postmortem: Postmortem,
    chart_name: str,
    names: DisplayNames | None = None,
    region: str | None = None,
    account_names: Mapping[str, str] | None = None,
) -> str:
    """Every value from the file is escaped for Markdown (md_text, md_link): the file is not trusted markup."""
    incident, answers, t = postmortem.incident, postmortem.answers, md_text
    name = names or DisplayNames()

    def _link(url: str, title: str | None = None) -> str:
        return markdown_link(url, title, region)

    lines = [f"# Postmortem: {t(incident.title)} ({t(incident.id)})", ""]
    lines += _table(
        ["Class", "Severity", "Service", "Postmortem owner", "Ticket", "Written on"],
        [[t(incident.incident_class), t(incident.severity), t(incident.service), t(name(incident.postmortem_owner)),
          t(incident.ticket or "-"), postmortem.written_on.isoformat()]],
    )  # fmt: skip
    report = analyse(postmortem.timeline)
    if report.phases:
        lines += ["", "Time in each phase:", ""]
        lines += _table(["Phase", "From", "To", "Took"], [
            [p.name, p.start.value, p.end.value, _duration(p.duration)] for p in report.phases
        ])  # fmt: skip
        if report.total is not None:
            lines += ["", f"Impact to recovery: {_duration(report.total)}."]
    lines += ["", "## Summary", "", t(postmortem.summary), ""]
    affecting = "yes" if postmortem.impact.user_affecting else "no"
    lines += ["## Impact", "", t(postmortem.impact.description), "", f"User-affecting: {affecting}.", ""]
    for heading, text in (
        ("What happened", answers.what_happened),
        ("When it started", answers.when_it_started),
        ("How it was detected", answers.how_detected),
        ("How the team responded", answers.how_responded),
        ("What changed", answers.what_changed),
    ):
        lines += [f"### {heading}", "", t(text), ""]
    lines += ["## Timeline", "", f"![Timeline of {t(incident.id)}]({quote(chart_name)})", ""]
    ordered = sorted(postmortem.timeline, key=lambda event: event.occurred_at)
    # Where each event happened, once the incident's events say so (one account and region: nothing to tell).
    where = spans_places(ordered)
    lines += _table(["#", "Occurred (UTC)", "Kind", "Event", *(["Where"] if where else []), "Actor", "Source"], [
        [str(n), format_second(e.occurred_at), e.kind.value, t(e.text),
         *([t(event_place(e, account_names))] if where else []), t(name.actor(e.actor)), _link(e.source)]
        for n, e in enumerate(ordered, start=1)
    ])  # fmt: skip
    lines += ["", "## Root cause", "", t(postmortem.root_cause), "", "## Contributing factors", ""]
    lines += [f"- **{f.category.value}**: {t(f.text)}" for f in postmortem.contributing_factors] or ["None recorded."]
    lines += ["", "## Prevention actions", ""]
    lines += _table(["ID", "Action", "Type", "Owner", "Priority", "Due", "Status", "Done when"], [
        [t(a.id), t(a.title), a.type.value, t(name(a.owner)), a.priority.value, a.due.isoformat(),
         _status(a, name, _link), t(a.done_condition)] for a in postmortem.actions
    ]) if postmortem.actions else ["None recorded."]  # fmt: skip
    if postmortem.prevent_exception:
        exception = postmortem.prevent_exception
        approver = t(name(exception.approver))
        lines += ["", f"No high-priority prevent action: {t(exception.reason)} (approved by {approver})."]
    lines += ["", "## Evidence", ""]
    lines += [f"- {_link(link.url, link.title)}" for link in postmortem.evidence] or ["None linked."]
    return "\n".join(lines) + "\n"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Cells are Markdown already (escaped values, links): md_text escapes `|` and line breaks."""

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    return [row(header), "|" + "---|" * len(header), *(row(cells) for cells in rows)]


def markdown_link(url: str, title: str | None, region: str | None) -> str:
    """A Markdown link for a URL people can open; an s3:// URI links to the object in the S3 console."""
    text = title or url
    if url.startswith("s3://"):
        return f"{md_link(text, browser_url(url, region))} ({md_code(url)})"
    return md_link(text, url)


def _status(action: Action, names: DisplayNames, link: Callable[[str], str]) -> str:
    status = action.status.value
    if action.evidence:
        return f"{status} ({', '.join(link(url) for url in action.evidence)})"
    if action.reason:
        approved = f", approved by {names(action.approver)}" if action.approver else ""
        return f"{status} ({md_text(action.reason + approved)})"
    return status


def _duration(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
