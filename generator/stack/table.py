"""closeloop's one DynamoDB table (keys from domain/table.py): incidents, timeline events, the action outbox."""

from troposphere import GetAtt, Template
from troposphere.dynamodb import (
    AttributeDefinition,
    GlobalSecondaryIndex,
    KeySchema,
    PointInTimeRecoverySpecification,
    Projection,
    SSESpecification,
    Table,
    TimeToLiveSpecification,
)

from domain import table as keys
from generator.stack.names import KEY, RETAIN_EXCEPT_ON_CREATE, TABLE


def closeloop_table() -> Table:
    return Table(
        TABLE,
        BillingMode="PAY_PER_REQUEST",  # incidents are bursty and rare: no capacity to plan or pay for idle
        AttributeDefinitions=[
            AttributeDefinition(AttributeName=name, AttributeType="S")
            for name in (keys.PARTITION_KEY, keys.SORT_KEY, keys.CLASS_INDEX_PARTITION_KEY, keys.CLASS_INDEX_SORT_KEY)
        ],
        KeySchema=[
            KeySchema(AttributeName=keys.PARTITION_KEY, KeyType="HASH"),
            KeySchema(AttributeName=keys.SORT_KEY, KeyType="RANGE"),
        ],
        GlobalSecondaryIndexes=[
            GlobalSecondaryIndex(
                IndexName=keys.CLASS_INDEX,
                KeySchema=[
                    KeySchema(AttributeName=keys.CLASS_INDEX_PARTITION_KEY, KeyType="HASH"),
                    KeySchema(AttributeName=keys.CLASS_INDEX_SORT_KEY, KeyType="RANGE"),
                ],
                Projection=Projection(ProjectionType="ALL"),
            )
        ],
        TimeToLiveSpecification=TimeToLiveSpecification(AttributeName=keys.TTL_ATTRIBUTE, Enabled=True),
        PointInTimeRecoverySpecification=PointInTimeRecoverySpecification(PointInTimeRecoveryEnabled=True),
        SSESpecification=SSESpecification(SSEEnabled=True, SSEType="KMS", KMSMasterKeyId=GetAtt(KEY, "Arn")),
        DeletionPolicy=RETAIN_EXCEPT_ON_CREATE,
        UpdateReplacePolicy="Retain",
    )


def add_table(template: Template) -> None:
    template.add_resource(closeloop_table())
