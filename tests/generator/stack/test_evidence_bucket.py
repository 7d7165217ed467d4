"""Evidence retention: COMPLIANCE by default; under GOVERNANCE only the named break-glass role may lift a lock."""

from typing import Any

from generator.stack.buckets import LOCK_CHANGES
from generator.stack.names import EVIDENCE_BUCKET, EVIDENCE_BUCKET_POLICY
from generator.stack.parameters import BREAK_GLASS_ROLE, OBJECT_LOCK_MODE


def test_retention_defaults_to_compliance(template: dict[str, Any]) -> None:
    assert template["Parameters"][OBJECT_LOCK_MODE]["Default"] == "COMPLIANCE"
    lock = template["Resources"][EVIDENCE_BUCKET]["Properties"]["ObjectLockConfiguration"]
    assert lock["Rule"]["DefaultRetention"]["Mode"] == {"Ref": OBJECT_LOCK_MODE}


def test_only_the_break_glass_role_may_bypass_governance_or_change_a_lock(template: dict[str, Any]) -> None:
    statements = template["Resources"][EVIDENCE_BUCKET_POLICY]["Properties"]["PolicyDocument"]["Statement"]
    [deny] = [s for s in statements if "s3:BypassGovernanceRetention" in s["Action"]]
    assert deny["Effect"] == "Deny" and deny["Principal"] == "*"
    assert set(deny["Action"]) == set(LOCK_CHANGES) >= {"s3:BypassGovernanceRetention", "s3:PutObjectRetention"}
    assert deny["Condition"] == {"StringNotEquals": {"aws:PrincipalArn": {"Ref": BREAK_GLASS_ROLE}}}
    assert {"Fn::Sub": "${EvidenceBucket.Arn}/*"} in deny["Resource"]
    assert template["Parameters"][BREAK_GLASS_ROLE]["Default"] == ""  # nobody, unless a role is named
