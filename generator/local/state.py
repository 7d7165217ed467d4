"""What `closeloop up` leaves on disk: the background process, its endpoints and the stack's names."""

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from domain.documents import DEFAULT_PREFIX, PREFIX_ENVIRONMENT

STATE_DIR = Path(".closeloop")
STATE_FILE = "state.json"
LOG_FILE = "up.log"
AWS_STATE_FILE = "aws-state.pickle"  # the emulator's resources (generator/emulator/persistence.py)
JIRA_STATE_FILE = "jira-state.pickle"  # the local Jira's issues and users (generator/local/jira_state.py)
DEFAULT_PORT = 4566  # where people who run LocalStack look first
REGION = "us-east-1"
CREDENTIALS = ("testing", "testing")  # the emulator accepts any; the AWS CLI and boto3 need some


@dataclass(frozen=True)
class LocalStack:
    """One closeloop stack in the local AWS (generator/local/stacks.py)."""

    prefix: str  # its NamePrefix: what its documents' names start with
    name: str
    table: str
    bucket: str


@dataclass(frozen=True)
class LocalState:
    pid: int
    endpoint: str
    region: str
    jira_url: str
    jira_email: str
    jira_token: str
    jira_project: str
    stacks: tuple[LocalStack, ...] = ()

    def stack(self, prefix: str | None = None) -> LocalStack | None:
        """The stack of `prefix` (default: $CLOSELOOP_DOCUMENT_PREFIX, else Closeloop-), if the local AWS has it."""
        wanted = prefix or os.environ.get(PREFIX_ENVIRONMENT) or DEFAULT_PREFIX
        return next((stack for stack in self.stacks if stack.prefix == wanted), None)

    def exports(self, prefix: str | None = None) -> list[str]:
        """The shell lines that point closeloop, the AWS CLI and boto3 at the local AWS and Jira, and at the
        stack of `prefix` (its table, bucket and document prefix)."""
        stack = self.stack(prefix)
        values = {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_ACCESS_KEY_ID": CREDENTIALS[0],
            "AWS_SECRET_ACCESS_KEY": CREDENTIALS[1],
            "CLOSELOOP_TABLE": stack.table if stack else "",
            "CLOSELOOP_BUCKET": stack.bucket if stack else "",
            PREFIX_ENVIRONMENT: stack.prefix if stack else "",
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
        fields = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
        stacks = tuple(LocalStack(**stack) for stack in fields.pop("stacks", []))
        state = LocalState(**fields, stacks=stacks)
    except (OSError, ValueError, TypeError, AttributeError):
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
