"""One finding of the least-privilege proof: which role or policy, which action, on which resource, and what is wrong.

Printed one per line by `closeloop build --check`, so a failing proof says exactly what to change.
"""

from dataclasses import dataclass

ANY = "-"  # a finding about an action, whatever the resource


@dataclass(frozen=True, order=True)
class Finding:
    where: str  # the role or resource policy, by logical id (and policy name)
    action: str
    resource: str  # as the statement writes it, e.g. "Table.Arn" or "arn:${AWS::Partition}:ssm:...", or ANY
    problem: str

    def line(self) -> str:
        on = "" if self.resource == ANY else f" on {self.resource}"
        return f"{self.where}: {self.action}{on}: {self.problem}"
