"""Outputs are read back through each service: one that names nothing, or the wrong thing, is reported."""

from generator.stack import local
from generator.stack.verify import verify_outputs


def test_outputs_that_do_not_resolve_are_reported_with_why(moto_endpoint: str) -> None:
    target = local.emulator_target(moto_endpoint)
    target.client("s3").create_bucket(Bucket="verify-evidence")
    target.client("dynamodb").create_table(
        TableName="verify-wrong-keys",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    outputs = {
        "EvidenceBucketName": "verify-evidence",
        "AccessLogBucketName": "verify-gone",
        "TableName": "verify-wrong-keys",
    }
    checks = {c.key: c for c in verify_outputs(target, outputs, [*outputs, "TopicArn"])}
    assert checks["EvidenceBucketName"].ok
    assert not checks["AccessLogBucketName"].ok and "404" in checks["AccessLogBucketName"].detail
    assert not checks["TableName"].ok and "is not domain/table.py's" in checks["TableName"].detail
    assert not checks["TopicArn"].ok and checks["TopicArn"].detail == "the stack reported no value"
