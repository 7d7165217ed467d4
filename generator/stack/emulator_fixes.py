"""Three gaps in moto 5.2.5's CloudFormation that `aws cloudformation deploy` runs into, closed in-process.

`deploy` creates a change set and uploads a large template to S3 first. moto then (1) reads a TemplateURL
only when its host is an AWS S3 name or contains "localhost", not the emulator's 127.0.0.1, and (2) builds
a change-set stack's outputs from the empty template the stack began with, so it reports no outputs.
Both are fixed by wrapping moto's own functions. (3) `Ref` of an `AWS::Events::EventBus` answers the bus
object, which a rule's EventBusName then fails on (HTTP 500); AWS answers the bus's name (CloudFormation
reference, AWS::Events::EventBus, "Return values"). The server must run in this process (it does: the
`--local` path starts it). Installing is idempotent.
"""

import ipaddress
from typing import Any
from urllib.parse import urlparse

from moto.cloudformation import responses
from moto.cloudformation.models import CloudFormationBackend
from moto.events.models import EventBus

FIXES = (
    "TemplateURL on the emulator's 127.0.0.1 address is read from its own S3",
    "a stack made by a change set reports its outputs",
    "Ref of an event bus is its name",
)
_installed = False


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def install() -> None:
    global _installed
    if _installed:
        return
    original_get = responses.get_stack_from_s3_url  # type: ignore[attr-defined]

    def get_stack_from_s3_url(template_url: str, account_id: str, partition: str) -> str:
        parts = urlparse(template_url)
        if _is_loopback(parts.hostname or ""):
            # Path-style on loopback, the same reading moto gives a "localhost" URL.
            template_url = template_url.replace(parts.netloc, f"localhost:{parts.port}", 1)
        return str(original_get(template_url, account_id=account_id, partition=partition))

    original_execute = CloudFormationBackend.execute_change_set

    def execute_change_set(self: CloudFormationBackend, change_set_name: str, stack_name: Any = None) -> None:
        original_execute(self, change_set_name, stack_name)
        for stack in self.stacks.values():
            if stack.template and not stack.output_map.outputs:
                stack._parse_template()
                stack.output_map = stack._create_output_map()

    if not hasattr(EventBus, "physical_resource_id"):
        EventBus.physical_resource_id = property(lambda bus: bus.name)  # type: ignore[attr-defined]
    responses.get_stack_from_s3_url = get_stack_from_s3_url  # type: ignore[attr-defined]
    CloudFormationBackend.execute_change_set = execute_change_set  # type: ignore[method-assign]
    _installed = True
