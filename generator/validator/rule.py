"""The shape every validation rule has: identity, documentation and one `check`."""

from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import ClassVar

from generator.validator.context import ValidationContext
from generator.validator.finding import Issue, Severity


class Rule(ABC):
    id: ClassVar[str]
    severity: ClassVar[Severity]
    shortdesc: ClassVar[str]
    description: ClassVar[str]
    # The AWS documentation the rule rests on.
    source_url: ClassVar[str]

    @abstractmethod
    def check(self, ctx: ValidationContext) -> Iterator[Issue]:
        """Yield one Issue per defect, each at the most precise path that shows it."""
