from typing import Any

CORPUS_DOCUMENT = "AWS-RestartEC2InstanceWithApproval"


def seed(data: dict[str, Any]) -> None:
    # A description long enough to take the document over 64 KB, as a pasted runbook appendix would.
    data["description"] += "\n\n" + "Check the dashboards before approving.\n" * 1800
