"""The evidence bucket (SSE-KMS, versioned, Object Lock, TLS-only, logged, tiered) and its access-log bucket."""

from typing import Any

from troposphere import AccountId, GetAtt, Ref, Sub, Template
from troposphere.s3 import (
    AbortIncompleteMultipartUpload,
    Bucket,
    BucketEncryption,
    BucketPolicy,
    DefaultRetention,
    LifecycleConfiguration,
    LifecycleRule,
    LoggingConfiguration,
    NoncurrentVersionTransition,
    ObjectLockConfiguration,
    ObjectLockRule,
    OwnershipControls,
    OwnershipControlsRule,
    PublicAccessBlockConfiguration,
    ServerSideEncryptionByDefault,
    ServerSideEncryptionRule,
    VersioningConfiguration,
)
from troposphere.s3 import LifecycleRuleTransition as Transition
from troposphere.s3 import NoncurrentVersionExpiration as NoncurrentExpiration

from generator.stack import parameters
from generator.stack.names import (
    ACCESS_LOG_BUCKET,
    ACCESS_LOG_BUCKET_POLICY,
    EVIDENCE_BUCKET,
    EVIDENCE_BUCKET_POLICY,
    KEY,
    RETAIN_EXCEPT_ON_CREATE,
)

ACCESS_LOG_PREFIX = "evidence/"
ACCESS_LOG_EXPIRY_DAYS = 400


def _private() -> PublicAccessBlockConfiguration:
    return PublicAccessBlockConfiguration(
        BlockPublicAcls=True, BlockPublicPolicy=True, IgnorePublicAcls=True, RestrictPublicBuckets=True
    )


def _owner_enforced() -> OwnershipControls:
    return OwnershipControls(Rules=[OwnershipControlsRule(ObjectOwnership="BucketOwnerEnforced")])


def tls_only_statement(bucket: str) -> dict[str, Any]:
    return {
        "Sid": "DenyRequestsWithoutTls",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [GetAtt(bucket, "Arn"), Sub(f"${{{bucket}.Arn}}/*")],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def access_log_bucket() -> Bucket:
    return Bucket(
        ACCESS_LOG_BUCKET,
        BucketEncryption=BucketEncryption(
            ServerSideEncryptionConfiguration=[
                # S3 server access logging delivers only to buckets whose default encryption is SSE-S3.
                ServerSideEncryptionRule(
                    ServerSideEncryptionByDefault=ServerSideEncryptionByDefault(SSEAlgorithm="AES256")
                )
            ]
        ),
        VersioningConfiguration=VersioningConfiguration(Status="Enabled"),
        PublicAccessBlockConfiguration=_private(),
        OwnershipControls=_owner_enforced(),
        LifecycleConfiguration=LifecycleConfiguration(
            Rules=[
                LifecycleRule(
                    Id="ExpireOldAccessLogs",
                    Status="Enabled",
                    ExpirationInDays=ACCESS_LOG_EXPIRY_DAYS,
                    NoncurrentVersionExpiration=NoncurrentExpiration(NoncurrentDays=30),
                    AbortIncompleteMultipartUpload=AbortIncompleteMultipartUpload(DaysAfterInitiation=7),
                )
            ]
        ),
        DeletionPolicy=RETAIN_EXCEPT_ON_CREATE,
        UpdateReplacePolicy="Retain",
        Metadata={
            "checkov": {
                "skip": [
                    {
                        "id": "CKV_AWS_18",
                        "comment": "This is the access-log bucket: logging into itself would log its own writes.",
                    },
                ]
            }
        },
    )


def access_log_bucket_policy() -> BucketPolicy:
    return BucketPolicy(
        ACCESS_LOG_BUCKET_POLICY,
        Bucket=Ref(ACCESS_LOG_BUCKET),
        PolicyDocument={
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "S3DeliversTheEvidenceBucketsAccessLogs",
                    "Effect": "Allow",
                    "Principal": {"Service": "logging.s3.amazonaws.com"},
                    "Action": "s3:PutObject",
                    "Resource": Sub(f"${{{ACCESS_LOG_BUCKET}.Arn}}/{ACCESS_LOG_PREFIX}*"),
                    "Condition": {
                        "ArnLike": {"aws:SourceArn": GetAtt(EVIDENCE_BUCKET, "Arn")},
                        "StringEquals": {"aws:SourceAccount": AccountId},
                    },
                },
                tls_only_statement(ACCESS_LOG_BUCKET),
            ],
        },
    )


def evidence_bucket() -> Bucket:
    archive_after = Ref(parameters.ARCHIVE_AFTER_DAYS)
    return Bucket(
        EVIDENCE_BUCKET,
        BucketEncryption=BucketEncryption(
            ServerSideEncryptionConfiguration=[
                ServerSideEncryptionRule(
                    ServerSideEncryptionByDefault=ServerSideEncryptionByDefault(
                        SSEAlgorithm="aws:kms", KMSMasterKeyID=GetAtt(KEY, "Arn")
                    ),
                    BucketKeyEnabled=True,  # one KMS call per bucket key, not per object: cheaper, fewer throttles
                )
            ]
        ),
        VersioningConfiguration=VersioningConfiguration(Status="Enabled"),
        ObjectLockEnabled=True,
        ObjectLockConfiguration=ObjectLockConfiguration(
            ObjectLockEnabled="Enabled",
            Rule=ObjectLockRule(
                DefaultRetention=DefaultRetention(
                    Mode=Ref(parameters.OBJECT_LOCK_MODE), Days=Ref(parameters.OBJECT_LOCK_DAYS)
                )
            ),
        ),
        PublicAccessBlockConfiguration=_private(),
        OwnershipControls=_owner_enforced(),
        LoggingConfiguration=LoggingConfiguration(
            DestinationBucketName=Ref(ACCESS_LOG_BUCKET), LogFilePrefix=ACCESS_LOG_PREFIX
        ),
        LifecycleConfiguration=LifecycleConfiguration(
            Rules=[
                LifecycleRule(
                    Id="ArchiveEvidence",
                    Status="Enabled",
                    Transitions=[Transition(StorageClass="GLACIER_IR", TransitionInDays=archive_after)],
                    NoncurrentVersionTransitions=[
                        NoncurrentVersionTransition(StorageClass="GLACIER_IR", TransitionInDays=archive_after)
                    ],
                    AbortIncompleteMultipartUpload=AbortIncompleteMultipartUpload(DaysAfterInitiation=7),
                )
            ]
        ),
        DeletionPolicy=RETAIN_EXCEPT_ON_CREATE,
        UpdateReplacePolicy="Retain",
    )


# What could shorten, lift or bypass a lock on evidence. Under GOVERNANCE an IAM grant is enough for these,
# so the bucket policy denies them to every principal but the named break-glass role (under COMPLIANCE S3
# itself refuses to shorten or remove a lock; the deny then also stops legal holds being lifted).
LOCK_CHANGES = [
    "s3:BypassGovernanceRetention",
    "s3:PutObjectRetention",
    "s3:PutObjectLegalHold",
    "s3:PutBucketObjectLockConfiguration",
]


def lock_changes_statement() -> dict[str, Any]:
    return {
        "Sid": "OnlyTheBreakGlassRoleChangesRetention",
        "Effect": "Deny",
        "Principal": "*",
        "Action": LOCK_CHANGES,
        "Resource": [GetAtt(EVIDENCE_BUCKET, "Arn"), Sub(f"${{{EVIDENCE_BUCKET}.Arn}}/*")],
        # An empty parameter matches no principal's ARN: then the deny holds for everyone.
        "Condition": {"StringNotEquals": {"aws:PrincipalArn": Ref(parameters.BREAK_GLASS_ROLE)}},
    }


def new_objects_only_statement() -> dict[str, Any]:
    """No object in the evidence bucket is ever replaced: S3 refuses an object's creation (PutObject,
    CompleteMultipartUpload, CopyObject) without `If-None-Match`, and with it refuses an existing key (412).
    CreateMultipartUpload and UploadPart take no conditional header, so `s3:ObjectCreationOperation` leaves
    them out (AWS's "Enforce conditional writes on Amazon S3 buckets"). For every principal: the Automation
    role's scripts send the header, and nothing else has a reason to write evidence."""
    return {
        "Sid": "EvidenceIsWrittenOnceNeverReplaced",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:PutObject",
        "Resource": Sub(f"${{{EVIDENCE_BUCKET}.Arn}}/*"),
        "Condition": {"Null": {"s3:if-none-match": "true"}, "Bool": {"s3:ObjectCreationOperation": "true"}},
    }


def evidence_bucket_policy() -> BucketPolicy:
    return BucketPolicy(
        EVIDENCE_BUCKET_POLICY,
        Bucket=Ref(EVIDENCE_BUCKET),
        PolicyDocument={
            "Version": "2012-10-17",
            "Statement": [tls_only_statement(EVIDENCE_BUCKET), lock_changes_statement(), new_objects_only_statement()],
        },
    )


def add_buckets(template: Template) -> None:
    for resource in (access_log_bucket(), access_log_bucket_policy(), evidence_bucket(), evidence_bucket_policy()):
        template.add_resource(resource)
