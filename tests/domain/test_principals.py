"""AWS principals on a timeline read as people and roles, not ARNs."""

import pytest

from domain.principals import principal_name

ACCOUNT = "123456789012"


@pytest.mark.parametrize(
    ("actor", "shown"),
    [
        (f"arn:aws:iam::{ACCOUNT}:user/ana", "ana"),
        (f"arn:aws:iam::{ACCOUNT}:user/ops/oncall/ana", "ana"),
        (f"arn:aws:sts::{ACCOUNT}:user/moto", "moto"),
        (
            f"arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_Ops_1a2b/priya@example.com",
            "priya@example.com (role AWSReservedSSO_Ops_1a2b)",
        ),
        (f"arn:aws-us-gov:sts::{ACCOUNT}:assumed-role/Closeloop-Automation/run-1", "run-1 (role Closeloop-Automation)"),
        (f"arn:aws:iam::{ACCOUNT}:role/service/Deployer", "role Deployer"),
        (f"arn:aws:sts::{ACCOUNT}:federated-user/bo", "bo"),
        (f"arn:aws:iam::{ACCOUNT}:root", f"root of account {ACCOUNT}"),
    ],
)
def test_a_principal_reads_as_its_person_or_role(actor: str, shown: str) -> None:
    assert principal_name(actor) == shown


@pytest.mark.parametrize(
    "actor",
    ["aws.cloudwatch", "closeloop", "712020:5b10ac8d-82e2-4ab6-9f6e-0c7a0ab1e3c1", "arn:aws:s3:::bucket/key", ""],
)
def test_anything_else_is_shown_as_it_is(actor: str) -> None:
    assert principal_name(actor) == actor
