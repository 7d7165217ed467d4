"""The trend chart of one class: each incident's phases, stacked, in time order (matplotlib, no display)."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on a build machine or in CI

import matplotlib.pyplot as plt

from generator.report.model import ClassReport


def trend_chart(report: ClassReport, path: Path) -> Path:
    figure, axes = plt.subplots(figsize=(8, 4))
    labels = [row.incident_id for row in report.incidents]
    bottoms = [0.0] * len(labels)
    for name in report.phase_names:
        values = [row.phases.get(name, 0.0) for row in report.incidents]
        axes.bar(labels, values, bottom=bottoms, label=name)
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    axes.set_ylabel("minutes")
    axes.set_title(f"{report.incident_class}: phases per incident, oldest first")
    axes.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
    plt.close(figure)
    return path
