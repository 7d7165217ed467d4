"""The emulator's one Condition evaluator decides each operator as IAM does (AWS's "IAM JSON policy elements:
Condition operators"), and says so when it cannot decide."""

import pytest

from generator.emulator.conditions import holds

ROLE = "arn:aws:iam::111122223333:role/closeloop/Closeloop-Automation"


@pytest.mark.parametrize(
    ("condition", "context", "verdict"),
    [
        ({"StringEquals": {"aws:PrincipalOrgID": "o-abc1234567"}}, {"aws:PrincipalOrgID": "o-abc1234567"}, True),
        ({"StringEquals": {"aws:PrincipalOrgID": "o-abc1234567"}}, {"aws:PrincipalOrgID": "o-other12345"}, False),
        ({"StringEquals": {"aws:PrincipalOrgID": "o-abc1234567"}}, {}, False),  # absent key: false
        ({"StringEquals": {"AWS:principalorgid": "o-abc1234567"}}, {"aws:PrincipalOrgID": "o-abc1234567"}, True),
        ({"StringEquals": {"aws:PrincipalArn": ROLE.upper()}}, {"aws:PrincipalArn": ROLE}, False),  # values: exact
        ({"StringEqualsIgnoreCase": {"aws:PrincipalArn": ROLE.upper()}}, {"aws:PrincipalArn": ROLE}, True),
        ({"StringEquals": {"sts:ExternalId": ["a", "b"]}}, {"sts:ExternalId": "b"}, True),  # values: OR
        ({"StringNotEquals": {"sts:ExternalId": ["a", "b"]}}, {"sts:ExternalId": "b"}, False),  # negated: NOR
        ({"StringNotEquals": {"sts:ExternalId": "a"}}, {}, True),  # negated, absent key: true
        ({"StringEqualsIfExists": {"sts:ExternalId": "a"}}, {}, True),
        ({"StringEqualsIfExists": {"sts:ExternalId": "a"}}, {"sts:ExternalId": "z"}, False),
        ({"Null": {"sts:ExternalId": "true"}}, {}, True),
        ({"Null": {"sts:ExternalId": "false"}}, {}, False),
        ({"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/closeloop/*"}}, {"aws:PrincipalArn": ROLE}, True),
        ({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/closeloop/C*"}}, {"aws:PrincipalArn": ROLE}, True),
        ({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Other-*"}}, {"aws:PrincipalArn": ROLE}, False),
        # ARN parts are matched one by one: a wildcard never reaches over a colon into the next part
        ({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*"}}, {"aws:PrincipalArn": ROLE}, False),
        ({"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*"}}, {"aws:PrincipalArn": ROLE}, True),
        ({"ArnEquals": {"aws:PrincipalArn": ROLE}}, {"aws:PrincipalArn": ROLE}, True),
        ({"ArnNotEquals": {"aws:PrincipalArn": ROLE}}, {"aws:PrincipalArn": ROLE}, False),
        ({"ArnEquals": {"aws:PrincipalArn": ROLE}}, {"aws:PrincipalArn": "not-an-arn"}, False),
        ({"Bool": {"aws:SecureTransport": False}}, {"aws:SecureTransport": "true"}, False),
        ({"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}, {"aws:MultiFactorAuthAge": "60"}, True),
        ({"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}, {"aws:MultiFactorAuthAge": "7200"}, False),
        ({"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}, {"aws:CurrentTime": "2026-06-01"}, True),
        ({"DateLessThan": {"aws:CurrentTime": "1767225600"}}, {"aws:CurrentTime": "2026-06-01T00:00:00Z"}, False),
        ({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {"aws:SourceIp": "10.1.2.3"}, True),
        ({"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, {"aws:SourceIp": "10.1.2.3"}, False),
        # every key and operator of a block must hold (AND)
        (
            {"StringEquals": {"aws:PrincipalOrgID": "o-abc1234567"}, "ArnEquals": {"aws:PrincipalArn": ROLE}},
            {"aws:PrincipalOrgID": "o-abc1234567", "aws:PrincipalArn": "arn:aws:iam::111122223333:role/Other"},
            False,
        ),
        # multi-valued keys
        (
            {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-abc1234567/r-ab12/ou-ab12-1*/"}},
            {"aws:PrincipalOrgPaths": ["o-abc1234567/r-ab12/ou-ab12-11111111/"]},
            True,
        ),
        ({"ForAnyValue:StringEquals": {"aws:TagKeys": "team"}}, {}, False),
        ({"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "cost"]}}, {"aws:TagKeys": ["team", "owner"]}, False),
        ({"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "cost"]}}, {}, True),
        ({}, {}, True),
    ],
)
def test_each_operator_holds_as_iam_decides_it(condition: dict[str, dict[str, object]], context: dict[str, object],
                                               verdict: bool) -> None:  # fmt: skip
    assert holds(condition, context) is verdict  # type: ignore[arg-type]


def test_an_operator_the_evaluator_does_not_know_is_undecided_unless_the_block_is_false_anyway() -> None:
    unknown = {"BinaryEquals": {"aws:Key": "QmluYXJ5"}}
    assert holds(unknown, {"aws:Key": "QmluYXJ5"}) is None
    assert holds({**unknown, "StringEquals": {"aws:PrincipalOrgID": "o-abc1234567"}}, {}) is False
