"""The stack in the drill's emulator, deployed through `deploy.sh --local`'s own path (generator/stack/deploy.py).

The deploy runs in a workspace under the drill's output folder: templates/ rendered fresh from the
generator (as `closeloop build` would), handlers/ and domain/ copied from the source tree, and the
Lambda wheels cache shared with the source tree's build/ (so the wheels are fetched once per machine).
So the drill never writes into the checkout, and deploys what the code says even before `closeloop build`.
"""

import contextlib
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError

from generator.compiler.build import render_all, write
from generator.stack import cloudformation, local
from generator.stack.artefact_bucket import BucketError
from generator.stack.checks import CheckError
from generator.stack.deploy import deploy
from generator.stack.package import PackageError
from generator.stack.preflight import PreflightError

ROOT = Path(__file__).resolve().parents[2]
# Its own name: emulators started in one process share moto's state, so it never meets a test's or deploy.sh's stack.
STACK = "closeloop-drill"
SOURCES = ("handlers", "domain")
# What deploy.sh's main() turns into its exit status 1 or 2.
DEPLOY_ERRORS = (
    PreflightError, CheckError, PackageError, BucketError, cloudformation.DeployError, BotoCoreError, ClientError,
)  # fmt: skip


class StackError(Exception):
    """The stack did not deploy; the message holds the deploy's own output."""


@dataclass(frozen=True)
class DeployedStack:
    endpoint: str
    outputs: dict[str, str]
    log: Path

    @property
    def table(self) -> str:
        return self.outputs["TableName"]

    @property
    def bucket(self) -> str:
        return self.outputs["EvidenceBucketName"]


def workspace(out: Path, root: Path = ROOT) -> Path:
    place = out / "stack"
    for name in SOURCES:
        shutil.rmtree(place / name, ignore_errors=True)
        shutil.copytree(root / name, place / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    write(place, render_all())
    cache = place / "build" / "lambda" / "cache"
    if not cache.exists():
        shared = root / "build" / "lambda" / "cache"
        shared.mkdir(parents=True, exist_ok=True)
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.symlink_to(shared.resolve(), target_is_directory=True)
    return place


class HeadingsTee(io.StringIO):
    """Keeps the whole deploy report, and passes on each section heading ("== lint [12s]") as it comes, so
    a deploy of most of a minute says what it is doing and for how long without flooding the drill's output."""

    def __init__(self, on_heading: Callable[[str], None]) -> None:
        super().__init__()
        self.on_heading = on_heading
        self.partial = ""

    def write(self, text: str) -> int:
        self.partial += text
        *lines, self.partial = self.partial.split("\n")
        for line in lines:
            if line.startswith("== "):
                self.on_heading(line[3:])
        return super().write(text)


def deploy_stack(
    endpoint: str,
    out: Path,
    root: Path = ROOT,
    on_heading: Callable[[str], None] = lambda _: None,
    stack: str = STACK,
    params: tuple[str, ...] | list[str] = (),
) -> DeployedStack:
    """Deploy into the emulator at `endpoint` as `stack` with deploy.sh's `--param K=V` pairs; the deploy's
    report goes to a log file, and only its section headings to `on_heading`."""
    place = workspace(out, root)
    log = out / "deploy.log"
    captured = HeadingsTee(on_heading)
    with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
        try:
            status = deploy(local.emulator_target(endpoint), stack, list(params), place)
        except DEPLOY_ERRORS as error:  # reported with the deploy's own output, as deploy.sh reports them
            captured.write(f"\n{type(error).__name__}: {error}\n")
            status = -1
    log.write_text(captured.getvalue(), encoding="utf-8")
    if status != 0:
        raise StackError(f"the stack did not deploy (see {log}):\n{captured.getvalue()[-2000:]}")
    outputs = cloudformation.stack_outputs(local.emulator_target(endpoint), stack)
    return DeployedStack(endpoint, outputs, log)
