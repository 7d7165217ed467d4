"""The closeloop table as the stack creates it (pk/sk, TTL on expires_at), made on the emulator for a test."""

import boto3

from domain import table


def create_table(name: str) -> None:
    client = boto3.client("dynamodb")
    client.create_table(
        TableName=name,
        AttributeDefinitions=[
            {"AttributeName": table.PARTITION_KEY, "AttributeType": "S"},
            {"AttributeName": table.SORT_KEY, "AttributeType": "S"},
        ],
        KeySchema=[
            {"AttributeName": table.PARTITION_KEY, "KeyType": "HASH"},
            {"AttributeName": table.SORT_KEY, "KeyType": "RANGE"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    client.update_time_to_live(
        TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": table.TTL_ATTRIBUTE}
    )
