"""The shape every postmortem rule has: identity, documentation, the fields it owns and one `check`."""

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import ClassVar

from generator.postmortem.context import CheckContext
from generator.validator.finding import Issue, Severity

_INDEX = re.compile(r"\[\d+\]")


class PostmortemRule(ABC):
    id: ClassVar[str]
    severity: ClassVar[Severity]
    shortdesc: ClassVar[str]
    description: ClassVar[str]
    # The postmortem practice the rule rests on (see generator.postmortem.sources).
    source_url: ClassVar[str]
    # Fields (`actions[*].owner`, matched exactly) whose missing or malformed values the model refuses while the file is
    # read: such a refusal is reported as this rule's finding, so each rule speaks for its whole concern.
    owns: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def check(self, ctx: CheckContext) -> Iterator[Issue]:
        """Yield one Issue per defect, each at the most precise path that shows it."""

    def owns_path(self, path: str) -> bool:
        general = _INDEX.sub("[*]", path)
        return general in self.owns
