"""What the drill says as it goes: one heading per stage with the seconds since the drill began."""

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.started = time.monotonic()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def stage(self, title: str) -> None:
        self.say(f"== {title} [{self.elapsed:.0f}s]")

    def step(self, text: str) -> None:
        self.say(f"   {text}")

    def skipped(self, text: str) -> None:
        self.say(f"   skipped: {text}")

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)
