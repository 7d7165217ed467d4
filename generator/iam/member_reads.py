"""What the timeline handler reads in a member account, read from its code: the actions the member's timeline
reader role needs, and so the only actions it is granted (generator/stack/member/timeline_role.py).

The handler makes its member clients for handlers/timeline/accounts.py's MEMBER_SERVICES only, and hands them
to the same code that reads this account (service.py, execution_link.py), so every call its code makes on those
services may run in a member account; its table and STS stay this account's.
"""

from pathlib import Path

from generator.iam.handler_calls import CODE_ROOT
from generator.iam.handler_proof import code_needs
from generator.stack.handler_specs import TIMELINE
from handlers.timeline.accounts import MEMBER_SERVICES


def timeline_member_actions(root: Path = CODE_ROOT) -> dict[str, str]:
    """IAM action -> where the timeline handler's code calls it, for the services it reads in member accounts."""
    needed, _ = code_needs(TIMELINE, root)
    # boto3's names of these services are their IAM prefixes too (cloudwatch, ssm).
    return {action: why for action, why in sorted(needed.items()) if action.split(":", 1)[0] in MEMBER_SERVICES}
