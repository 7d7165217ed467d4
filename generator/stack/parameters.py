"""What differs between accounts: retention periods and where deploy.sh put the Lambda package."""

from troposphere import Parameter, Template

from domain.documents import DEFAULT_PREFIX, PREFIX_MAX_LENGTH, PREFIX_PATTERN

OBJECT_LOCK_MODE = "ObjectLockMode"
OBJECT_LOCK_DAYS = "ObjectLockRetentionDays"
# The one role that may bypass GOVERNANCE retention or change a lock; empty: no role may (docs/security.md).
BREAK_GLASS_ROLE = "BreakGlassRoleArn"
ARCHIVE_AFTER_DAYS = "EvidenceArchiveAfterDays"
LOG_RETENTION_DAYS = "LogRetentionDays"
CODE_BUCKET = "LambdaCodeBucket"
CODE_KEY = "LambdaCodeKey"
JIRA_PROJECT = "JiraProject"
# JSON, as `closeloop` validates it (domain/ownership.py): Lambda allows 4 KB of environment in all.
OWNERSHIP_MAP = "OwnershipMap"
ENFORCEMENT_POLICY = "EnforcementPolicy"
# The webhook's public function URL: at most this many at once, so a flood cannot take the account's Lambda
# concurrency (0: no reservation, for accounts at the default quota of 10, which must stay unreserved).
WEBHOOK_CONCURRENCY = "WebhookReservedConcurrency"
WEBHOOK_CONCURRENCY_SET = "WebhookConcurrencyReserved"
# The ownership map's per-service topics: the enforcement role may publish to topics whose names start with it.
REMINDER_TOPIC_PREFIX = "ReminderTopicPrefix"
# What every closeloop document's name starts with: two stacks with different prefixes live side by side.
NAME_PREFIX = "NamePrefix"
PREFIX_VARIABLE = f"${{{NAME_PREFIX}}}"  # the prefix inside an Fn::Sub

# The values CloudWatch Logs accepts for RetentionInDays (PutRetentionPolicy API reference).
LOG_RETENTION_VALUES = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922]


def name_prefix_parameter(description: str, longest: int = PREFIX_MAX_LENGTH) -> Parameter:
    """The NamePrefix parameter, for the central stack and (shorter: role names are 64) the member stack."""
    return Parameter(
        NAME_PREFIX,
        Type="String",
        Default=DEFAULT_PREFIX,
        MaxLength=longest,
        AllowedPattern=PREFIX_PATTERN.replace(f"{{1,{PREFIX_MAX_LENGTH}}}", f"{{1,{longest}}}"),
        ConstraintDescription="letters, digits, '_', '.' and '-', not starting with aws, amazon or amzn",
        Description=description,
    )


def add_parameters(template: Template) -> None:
    template.add_parameter(
        name_prefix_parameter(
            "What the names of this stack's SSM documents start with (Closeloop-IncidentResponse...). "
            "A second closeloop stack in the same account and region needs a prefix of its own (README)."
        )
    )
    template.add_parameter(
        Parameter(
            OBJECT_LOCK_MODE,
            Type="String",
            Default="COMPLIANCE",
            AllowedValues=["GOVERNANCE", "COMPLIANCE"],
            Description="Object Lock mode for evidence: COMPLIANCE lets nobody (not even the account root) delete or "
            "shorten a lock until it expires; GOVERNANCE lets only BreakGlassRoleArn do so (the bucket policy "
            "denies everyone else). Trade-offs: docs/security.md.",
        )
    )
    template.add_parameter(
        Parameter(
            BREAK_GLASS_ROLE,
            Type="String",
            Default="",
            AllowedPattern=r"^$|^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$",
            Description="The IAM role ARN that alone may bypass GOVERNANCE retention or change retention, legal "
            "holds and the bucket's lock configuration. Empty: nobody may.",
        )
    )
    template.add_parameter(
        Parameter(
            OBJECT_LOCK_DAYS,
            Type="Number",
            Default="365",
            MinValue=1,
            MaxValue=3650,
            Description="Days every evidence object version is locked against deletion and overwrite.",
        )
    )
    template.add_parameter(
        Parameter(
            ARCHIVE_AFTER_DAYS,
            Type="Number",
            Default="90",
            MinValue=30,
            MaxValue=3650,
            Description="Days after which evidence moves to Glacier Instant Retrieval (still readable at once).",
        )
    )
    template.add_parameter(
        Parameter(
            LOG_RETENTION_DAYS,
            Type="Number",
            Default="90",
            AllowedValues=[str(v) for v in LOG_RETENTION_VALUES],
            Description="Days the handlers' logs are kept.",
        )
    )
    template.add_parameter(
        Parameter(
            CODE_BUCKET,
            Type="String",
            MinLength=3,
            MaxLength=63,
            AllowedPattern=r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
            Description="The S3 bucket holding the handlers' package (deploy.sh sets it).",
        )
    )
    template.add_parameter(
        Parameter(
            CODE_KEY,
            Type="String",
            MinLength=1,
            AllowedPattern=r"^[A-Za-z0-9!_.*'()/-]+\.zip$",
            Description="The package's key in LambdaCodeBucket (deploy.sh sets it from the zip's SHA-256).",
        )
    )
    template.add_parameter(
        Parameter(
            JIRA_PROJECT,
            Type="String",
            Default="OPS",
            AllowedPattern=r"^[A-Z][A-Z0-9_]{1,9}$",
            Description="The Jira project key for prevention actions (the Jira credentials are in the secret).",
        )
    )
    template.add_parameter(
        Parameter(
            OWNERSHIP_MAP,
            Type="String",
            Default='{"services": {}}',
            MaxLength=3000,
            Description="The ownership map as JSON (services: name -> owner, escalation, sns_topic), the shape "
            "`closeloop actions enforce --ownership` reads; a bad map fails the handlers' first run, naming the field.",
        )
    )
    template.add_parameter(
        Parameter(
            REMINDER_TOPIC_PREFIX,
            Type="String",
            Default="closeloop-reminders-",
            AllowedPattern=r"^[A-Za-z0-9_-]{1,200}$",
            Description="The ownership map's sns_topic values must be topics of this account and region whose "
            "names start with this: the enforcement handler may publish to those (and the stack's topic) only.",
        )
    )
    template.add_parameter(
        Parameter(
            ENFORCEMENT_POLICY,
            Type="String",
            Default="{}",
            MaxLength=1000,
            Description="Overrides of the enforcement policy as JSON ({}: closeloop's default policy).",
        )
    )
