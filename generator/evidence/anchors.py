"""Which collection run is meant, and what it must match: the manifest anchors the table holds for an incident.

The timeline function records each run's anchor twice, from SSM's record of the run: on the incident's item
(one entry per run, written once) and as an `evidence` event on its timeline. Here the two are paired by run
(the run is the item entry's name, and the run prefix in a timeline anchor's key), so a reader finds the run's
manifest by its anchor, and `verify` can say where the two records disagree.
"""

from dataclasses import dataclass
from typing import Any

from domain.evidence import run_of
from domain.evidence_anchor import ManifestAnchor
from domain.incident import SECOND
from domain.incident_store import IncidentStore, ItemAnchor
from domain.timeline import Kind
from domain.timeline_store import TimelineStore


class NoSuchRun(Exception):
    """`--run` names no anchored run of the incident."""


@dataclass(frozen=True)
class RunAnchor:
    """One collection run's manifest anchor: on the incident item, on the timeline, or both."""

    run: str  # the Automation execution id ("" for an older timeline anchor whose key names no run)
    item: ManifestAnchor | None
    timeline: tuple[ManifestAnchor, ...]
    recorded_at: str

    @property
    def anchor(self) -> ManifestAnchor:
        """The anchor to verify against: the item's, written once per run, else the timeline's newest."""
        return self.item or self.timeline[-1]

    @property
    def disagreement(self) -> str | None:
        said = list(dict.fromkeys(([self.item] if self.item else []) + list(self.timeline)))
        if len(said) < 2:
            return None
        where = ["the incident item"] * bool(self.item) + ["the timeline"] * (len(said) - bool(self.item))
        return "the run's anchors disagree, so one record was changed: " + "; ".join(
            f"{place} says {_said(anchor)}" for place, anchor in zip(where, said, strict=True)
        )

    @property
    def where(self) -> str:
        if self.item and self.timeline:
            return "on the incident item and the timeline"
        return "on the incident item only" if self.item else "on the timeline only"


def _said(anchor: ManifestAnchor) -> str:
    return f"{anchor.key} version {anchor.version_id or '(none)'} SHA-256 {anchor.sha256[:12]}"


def run_anchors(dynamodb: Any, table_name: str, incident_id: str, bucket: str) -> list[RunAnchor]:
    """Every anchored run of the incident in `bucket`, oldest first."""
    on_item = IncidentStore(dynamodb, table_name).anchors(incident_id)
    runs = {found.run: RunAnchor(found.run, found.anchor, (), found.recorded_at) for found in on_item}
    for event in TimelineStore(dynamodb, table_name).events(incident_id):
        anchor = ManifestAnchor.from_source(event.source) if event.kind is Kind.EVIDENCE else None
        if anchor is None:
            continue
        run = run_of(incident_id, anchor.key) or _item_run(on_item, anchor)
        group = run or f"{anchor.key}?{anchor.version_id}"  # an older key that names no run: one group a version
        known = runs.get(group) or RunAnchor(run, None, (), event.recorded_at.strftime(SECOND))
        runs[group] = RunAnchor(run, known.item, (*known.timeline, anchor), known.recorded_at)
    found = [entry for entry in runs.values() if entry.anchor.bucket == bucket]
    return sorted(found, key=lambda entry: (entry.recorded_at, entry.run))


def _item_run(on_item: list[ItemAnchor], anchor: ManifestAnchor) -> str:
    """For a timeline anchor whose key names no run (written before runs had prefixes): the item entry of the
    same key and version, else the newest of the same key (the key was one per incident then), else none."""
    same_key = [found for found in on_item if found.anchor.key == anchor.key]
    exact = [found for found in same_key if found.anchor.version_id == anchor.version_id]
    return (exact or same_key)[-1].run if exact or same_key else ""


def chosen(runs: list[RunAnchor], run: str | None) -> RunAnchor | None:
    """The run asked for, else the newest; None when nothing is anchored."""
    if run is None:
        return runs[-1] if runs else None
    for entry in runs:
        if entry.run == run:
            return entry
    known = ", ".join(entry.run for entry in runs if entry.run) or "none"
    raise NoSuchRun(f"--run {run}: no anchored collection run of that id (anchored runs: {known})")
