import pytest

from runbooks.scripts.org import forwarding_bus_name, reader_role_arn, reader_role_name


def test_the_reader_role_has_one_name_in_every_member_account() -> None:
    assert reader_role_name() == "Closeloop-EvidenceReader"
    assert reader_role_arn("111122223333") == "arn:aws:iam::111122223333:role/Closeloop-EvidenceReader"


def test_the_prefix_and_partition_carry_into_the_arn() -> None:
    assert reader_role_arn("111122223333", "aws-cn", "Blue-") == "arn:aws-cn:iam::111122223333:role/Blue-EvidenceReader"
    assert forwarding_bus_name("Blue-") == "Blue-MemberEvents"


@pytest.mark.parametrize("account", ["", "12345", "11112222333a", "1111222233334"])
def test_an_account_id_that_is_not_twelve_digits_is_refused(account: str) -> None:
    with pytest.raises(ValueError, match="not an AWS account id"):
        reader_role_arn(account)
