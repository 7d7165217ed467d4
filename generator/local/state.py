"""What `closeloop up` leaves on disk: the background process, its endpoints and the stack's names."""

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

STATE_DIR = Path(".closeloop")
STATE_FILE = "state.json"
LOG_FILE = "up.log"
AWS_STATE_FILE = "aws-state.pickle"  # the emulator's resources (generator/emulator/persistence.py)
DEFAULT_PORT = 4566  # where people who run LocalStack look first
REGION = "us-east-1"
CREDENTIALS = ("testing", "testing")  # the emulator accepts any; the AWS CLI and boto3 need some


@dataclass(frozen=True)
class LocalState:
    pid: int
    endpoint: str
    region: str
    table: str
    bucket: str
    jira_url: str
    jira_email: str
    jira_token: str
    jira_project: str

    def exports(self) -> list[str]:
        """The shell lines that point closeloop, the AWS CLI and boto3 at the local AWS and Jira."""
        values = {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_ACCESS_KEY_ID": CREDENTIALS[0],
            "AWS_SECRET_ACCESS_KEY": CREDENTIALS[1],
            "CLOSELOOP_TABLE": self.table,
            "CLOSELOOP_BUCKET": self.bucket,
            "CLOSELOOP_JIRA_URL": self.jira_url,
            "CLOSELOOP_JIRA_EMAIL": self.jira_email,
            "CLOSELOOP_JIRA_TOKEN": self.jira_token,
            "CLOSELOOP_JIRA_PROJECT": self.jira_project,
        }
        return [f"export {name}={value}" for name, value in values.items() if value]


def point_at_local(folder: Path = STATE_DIR) -> LocalState | None:
    """When `closeloop up` runs and the environment names no AWS of its own, use the local one by default:
    its export lines become the environment's defaults for this process (what was set wins)."""
    state = read_state(folder)
    if state is None or os.environ.get("AWS_ENDPOINT_URL") or os.environ.get("AWS_PROFILE"):
        return None
    for line in state.exports():
        name, _, value = line.removeprefix("export ").partition("=")
        os.environ.setdefault(name, value)
    return state


def write_state(folder: Path, state: LocalState) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"{STATE_FILE}.partial"
    partial.write_text(json.dumps(asdict(state), indent=2) + "\n", encoding="utf-8")
    partial.replace(folder / STATE_FILE)  # whole or absent: `up` polls for it


def read_state(folder: Path) -> LocalState | None:
    """The state of a `closeloop up` whose process still runs; None when none does."""
    try:
        state = LocalState(**json.loads((folder / STATE_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    return state if alive(state.pid) else None


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
