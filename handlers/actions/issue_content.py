"""What an action's Jira issue says: its fields, built from the action and its incident, and what differs.

The description names the incident, the done-condition, the postmortem and a handful of evidence links
that open in a browser (an s3:// object on its S3 console page), with the manifest for the rest; API v3
(Cloud) takes it as an Atlassian Document Format document, API v2 (Data Center) as a plain string. The issue is found
again by its label `closeloop:<incident>:<action>` (the action's external id): labels survive edits and
moves and are searchable by JQL on both Cloud and Data Center, where an issue property is searchable
only when an installed app indexes it.
"""

import re
from typing import Any

from domain.action import Action
from domain.evidence import browser_url
from domain.postmortem import EvidenceLink
from handlers.actions.outbox import IncidentContext

MANAGED_LABEL = "closeloop"
# How many evidence links a ticket shows besides the manifest: a handful people will open, not eleven.
EVIDENCE_LINKS = 5
# Which evidence people open first, by where it is stored: how it was detected, what changed, who did
# what, the errors, the graphs; the rest is in the manifest.
EVIDENCE_ORDER = (
    "/alarms/state-changes",
    "/deployments/",
    "/manual_actions/cloudtrail",
    "/logs/errors",
    "/snapshots/",
    "/traces/",
    "/metrics/",
)


def label_text(value: str) -> str:
    """Jira labels cannot hold spaces."""
    return re.sub(r"\s+", "_", value.strip())


def external_label(incident: IncidentContext, action: Action) -> str:
    return label_text(action.external_id(incident.id))


def labels(incident: IncidentContext, action: Action) -> list[str]:
    return [MANAGED_LABEL, external_label(incident, action), label_text(f"incident-class:{incident.incident_class}")]


def _rank(link: EvidenceLink) -> int:
    return next((rank for rank, part in enumerate(EVIDENCE_ORDER) if part in link.url), len(EVIDENCE_ORDER))


def evidence_links(incident: IncidentContext) -> list[tuple[str, str]]:
    """At most EVIDENCE_LINKS pieces of evidence (the most telling first), then the manifest, which lists
    all of it; each as a URL a browser opens."""
    manifests = [link for link in incident.evidence if link.url.endswith("/manifest.json")]
    others = sorted((link for link in incident.evidence if link not in manifests), key=_rank)
    links = [(link.title, browser_url(link.url, incident.region)) for link in others[:EVIDENCE_LINKS]]
    for manifest in manifests[:1]:
        listed = f" ({len(others)} pieces, {len(others) - len(links)} not listed here)" if others else ""
        links.append((f"All the evidence: the manifest{listed}", browser_url(manifest.url, incident.region)))
    return links


def description_lines(incident: IncidentContext, action: Action) -> tuple[list[str], list[tuple[str, str]]]:
    """The description's paragraphs, and its links (title, url) listed after them: the postmortem, a
    handful of evidence and the manifest, and the action's own evidence."""
    lines = [
        f"Prevention action {action.id} from the postmortem of {incident.id}: {incident.title}.",
        f"Incident {incident.id}: class {incident.incident_class}, severity {incident.severity}, "
        f"service {incident.service}" + (f", ticket {incident.ticket}." if incident.ticket else "."),
        f"Type: {action.type.value} ({action.purpose.value}).",
        f"Done when: {action.done_condition}",
        "Managed by closeloop: change the action in the postmortem and push again; "
        f"this issue is found by the label {external_label(incident, action)}.",
    ]
    postmortem = [(f"Postmortem of {incident.id}", incident.postmortem_url)] if incident.postmortem_url else []
    if not postmortem:
        lines.append(f"Postmortem of {incident.id}: not linked (push with --postmortem-url to link it).")
    action_evidence = [("Evidence", browser_url(url, incident.region)) for url in action.evidence]
    return lines, postmortem + evidence_links(incident) + action_evidence


def plain_description(incident: IncidentContext, action: Action) -> str:
    lines, links = description_lines(incident, action)
    evidence = ["Links:", *(f"* [{title}|{url}]" for title, url in links)] if links else []
    return "\n".join(lines + evidence)


def adf_description(incident: IncidentContext, action: Action) -> dict[str, Any]:
    lines, links = description_lines(incident, action)
    content: list[dict[str, Any]] = [
        {"type": "paragraph", "content": [{"type": "text", "text": line}]} for line in lines
    ]
    if links:
        content.append({"type": "paragraph", "content": [{"type": "text", "text": "Links:"}]})
        items = [
            {
                "type": "listItem",
                "content": [
                    {
                        "type": "paragraph",
                        "content": [
                            {"type": "text", "text": title, "marks": [{"type": "link", "attrs": {"href": url}}]}
                        ],
                    }
                ],
            }
            for title, url in links
        ]
        content.append({"type": "bulletList", "content": items})
    return {"type": "doc", "version": 1, "content": content}


def desired_fields(
    incident: IncidentContext, action: Action, project: str, issue_type: str, cloud: bool
) -> dict[str, Any]:
    """The create request's fields. Project and type by key and name: no lookups before the create."""
    return {
        "project": {"key": project},
        "issuetype": {"name": issue_type},
        "summary": action.title[:255],
        "description": adf_description(incident, action) if cloud else plain_description(incident, action),
        "assignee": {"accountId": action.owner} if cloud else {"name": action.owner},
        "duedate": action.due.isoformat(),
        "priority": {"name": action.priority.jira_name},
        "labels": labels(incident, action),
    }


def plain_text(value: Any) -> str:
    """The text of a description either way it comes back (ADF or string), to compare content, not markup."""
    if value is None:
        return ""
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value).strip()
    if isinstance(value, dict):
        parts = [plain_text(child) for child in value.get("content", [])]
        own = value.get("text", "") if value.get("type") == "text" else ""
        hrefs = [m["attrs"]["href"] for m in value.get("marks", []) if m.get("type") == "link" and "attrs" in m]
        return re.sub(r"\s+", " ", " ".join([own, *hrefs, *parts])).strip()
    return ""


def comparable_description(value: Any) -> str:
    """Wiki links `[title|url]` and ADF link marks compare as the same text."""
    return re.sub(r"\[([^|\]]+)\|([^\]]+)\]", r"\1 \2", plain_text(value)).replace("* ", "").replace(" ", "")


def changes(current: dict[str, Any], desired: dict[str, Any], cloud: bool) -> tuple[dict[str, Any], list[str]]:
    """The fields to set and the labels to add so the issue says what the action says."""
    to_set: dict[str, Any] = {}
    if current.get("summary") != desired["summary"]:
        to_set["summary"] = desired["summary"]
    if comparable_description(current.get("description")) != comparable_description(desired["description"]):
        to_set["description"] = desired["description"]
    assignee = current.get("assignee") or {}
    identity = "accountId" if cloud else "name"
    if assignee.get(identity) != desired["assignee"][identity]:
        to_set["assignee"] = desired["assignee"]
    if current.get("duedate") != desired["duedate"]:
        to_set["duedate"] = desired["duedate"]
    if (current.get("priority") or {}).get("name") != desired["priority"]["name"]:
        to_set["priority"] = desired["priority"]
    missing = [label for label in desired["labels"] if label not in (current.get("labels") or [])]
    return to_set, missing


def links_to(current: dict[str, Any], ticket: str) -> bool:
    """Whether the issue already links to the ticket, in either direction."""
    for link in current.get("issuelinks") or []:
        for side in ("inwardIssue", "outwardIssue"):
            if (link.get(side) or {}).get("key") == ticket:
                return True
    return False
