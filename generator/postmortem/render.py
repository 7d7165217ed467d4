"""A postmortem as Markdown: the facts, the timeline (chart and table), the actions and the evidence links."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from domain.escape.filename import safe_name
from domain.escape.markdown import md_code, md_link, md_text
from domain.phases import analyse
from domain.postmortem import Postmortem
from domain.timeline import format_second
from generator.postmortem.chart import draw_timeline

S3_CONSOLE = "https://s3.console.aws.amazon.com/s3/object/{bucket}?prefix={key}"


def render_report(postmortem: Postmortem, out: Path, stem: str) -> list[Path]:
    """Write `<stem>.md` and `<stem>-timeline.png` into `out`; return their paths."""
    stem = safe_name(stem)
    chart = draw_timeline(postmortem.timeline, out / f"{stem}-timeline.png", postmortem.incident.title)
    report = out / f"{stem}.md"
    report.write_text(markdown(postmortem, chart.name), encoding="utf-8")
    return [report, chart]


def markdown(postmortem: Postmortem, chart_name: str) -> str:
    """Every value from the file is escaped for Markdown (md_text, md_link): the file is not trusted markup."""
    incident, answers, t = postmortem.incident, postmortem.answers, md_text
    lines = [f"# Postmortem: {t(incident.title)} ({t(incident.id)})", ""]
    lines += _table(
        ["Class", "Severity", "Service", "Postmortem owner", "Ticket", "Written on"],
        [[t(incident.incident_class), t(incident.severity), t(incident.service), t(incident.postmortem_owner),
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
    lines += _table(["#", "Occurred (UTC)", "Kind", "Event", "Actor", "Source"], [
        [str(n), format_second(e.occurred_at), e.kind.value, t(e.text), t(e.actor), _link(e.source)]
        for n, e in enumerate(ordered, start=1)
    ])  # fmt: skip
    lines += ["", "## Root cause", "", t(postmortem.root_cause), "", "## Contributing factors", ""]
    lines += [f"- **{f.category.value}**: {t(f.text)}" for f in postmortem.contributing_factors] or ["None recorded."]
    lines += ["", "## Prevention actions", ""]
    lines += _table(["ID", "Action", "Type", "Owner", "Priority", "Due", "Status", "Done when"], [
        [t(a.id), t(a.title), a.type.value, t(a.owner), a.priority.value, a.due.isoformat(), _status(a.status.value,
         a.evidence, a.reason), t(a.done_condition)] for a in postmortem.actions
    ]) if postmortem.actions else ["None recorded."]  # fmt: skip
    if postmortem.prevent_exception:
        exception = postmortem.prevent_exception
        lines += ["", f"No high-priority prevent action: {t(exception.reason)} (approved by {t(exception.approver)})."]
    lines += ["", "## Evidence", ""]
    lines += [f"- {_link(link.url, link.title)}" for link in postmortem.evidence] or ["None linked."]
    return "\n".join(lines) + "\n"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Cells are Markdown already (escaped values, links): md_text escapes `|` and line breaks."""

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    return [row(header), "|" + "---|" * len(header), *(row(cells) for cells in rows)]


def _link(url: str, title: str | None = None) -> str:
    """A Markdown link for a URL people can open; an s3:// URI links to the object in the S3 console."""
    text = title or url
    if url.startswith("s3://"):
        bucket, _, key = url.removeprefix("s3://").partition("/")
        return f"{md_link(text, S3_CONSOLE.format(bucket=quote(bucket, safe=''), key=quote(key)))} ({md_code(url)})"
    return md_link(text, url)


def _status(status: str, evidence: list[str], reason: str | None) -> str:
    if evidence:
        return f"{status} ({', '.join(_link(url) for url in evidence)})"
    return f"{status} ({md_text(reason)})" if reason else status


def _duration(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
