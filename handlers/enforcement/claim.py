"""A conditional put that claims a key once, and knows its own claim again when the answer was lost.

A claim (a reminder about to be sent, a webhook delivery about to be handled) is a put on condition that the
key is new. When the write is applied but its answer lost (a 5xx, a dropped connection), botocore sends the
same put again and DynamoDB refuses it: the key exists. Without more, that reads as "claimed by someone else"
and the work is never done. Each claim carries a token of its own; a refused put whose item holds the same
token was this call's own, applied the first time.
"""

import uuid
from typing import Any

from domain import table

TOKEN_ATTRIBUTE = "claim_token"


def claim(
    dynamodb: Any,
    table_name: str,
    item: dict[str, Any],
    condition: str = "",
    values: dict[str, Any] | None = None,
    names: dict[str, str] | None = None,
) -> bool:
    """Put `item` if its key is new (or `condition` holds); True when this call's put is the one stored."""
    token = uuid.uuid4().hex
    request: dict[str, Any] = {
        "TableName": table_name,
        "Item": {**item, TOKEN_ATTRIBUTE: {"S": token}},
        "ConditionExpression": "attribute_not_exists(#pk)" + (f" OR ({condition})" if condition else ""),
        "ExpressionAttributeNames": {"#pk": table.PARTITION_KEY, **(names or {})},
    }
    if values:
        request["ExpressionAttributeValues"] = values
    try:
        dynamodb.put_item(**request)
    except dynamodb.exceptions.ConditionalCheckFailedException:
        key = {name: item[name] for name in (table.PARTITION_KEY, table.SORT_KEY)}
        stored = dynamodb.get_item(TableName=table_name, Key=key, ConsistentRead=True).get("Item") or {}
        return bool(stored.get(TOKEN_ATTRIBUTE, {}).get("S") == token)
    return True
