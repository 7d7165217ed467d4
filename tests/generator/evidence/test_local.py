"""The local run makes the bucket and table it needs only when they are missing, however many tables exist."""

import uuid

import boto3

from generator.evidence.local import ensure_stores
from generator.simulator import ClientFactory


def test_an_existing_table_past_the_first_page_of_tables_is_not_made_again(aws_env: str) -> None:
    dynamodb = boto3.client("dynamodb")
    prefix = f"a-{uuid.uuid4().hex[:6]}"  # sorts first: the table that matters lands past ListTables' 100
    for n in range(101):
        dynamodb.create_table(
            TableName=f"{prefix}-{n:03}",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
    table, bucket = f"z-{uuid.uuid4().hex[:6]}", f"evidence-{uuid.uuid4().hex[:6]}"
    factory = ClientFactory(aws_env, region="us-east-1")
    ensure_stores(factory, bucket, table)
    ensure_stores(factory, bucket, table)  # a second run: both exist; nothing is made again
    assert dynamodb.describe_table(TableName=table)["Table"]["TableStatus"] == "ACTIVE"
    boto3.client("s3").head_bucket(Bucket=bucket)
