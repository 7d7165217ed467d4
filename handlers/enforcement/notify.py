"""Reminders through SNS: the owner's topic from the ownership map, else the stack's topic. The client is given.

Every message carries `service` and `kind` as message attributes, so owners subscribe to the stack's one
topic with a filter policy (`{"service": ["checkout"]}`) instead of the stack needing a topic per team.
"""

import json
from typing import Any, Protocol


class Notifier(Protocol):
    def __call__(self, topic: str | None, subject: str, message: dict[str, Any]) -> bool:
        """Publish; False when there is nowhere to publish (no topic for the service, none for the stack)."""
        ...


class SnsNotifier:
    def __init__(self, sns: Any, default_topic: str | None = None) -> None:
        self.sns = sns
        self.default_topic = default_topic

    def __call__(self, topic: str | None, subject: str, message: dict[str, Any]) -> bool:
        target = topic or self.default_topic
        if target is None:
            return False
        attributes = {
            name: {"DataType": "String", "StringValue": str(message[name])}
            for name in ("service", "kind")
            if message.get(name)
        }
        # SNS subjects: at most 100 ASCII characters, no line breaks.
        self.sns.publish(
            TopicArn=target,
            Subject=subject[:100],
            Message=json.dumps(message, sort_keys=True),
            MessageAttributes=attributes,
        )
        return True
