"""Which accounts and regions a run reads, and what each is asked about (runbooks/scripts/evidence/targets.py)."""

import pytest

from runbooks.scripts.evidence.narrow import for_target, resource_name
from runbooks.scripts.evidence.target import Target, parse_target
from runbooks.scripts.evidence.targets import targets_named

HOME = Target("123456789012", "us-east-1")
MEMBER_EU = Target("210987654321", "eu-west-1")
MEMBER_US = Target("210987654321", "us-east-1")
FUNCTION_EU = "arn:aws:lambda:eu-west-1:210987654321:function:checkout"
LOG_GROUP_US = "arn:aws:logs:us-east-1:210987654321:log-group:/aws/lambda/checkout:*"


def test_a_target_is_an_account_and_a_region_and_anything_else_is_one_line_naming_it() -> None:
    assert parse_target(" 210987654321/eu-west-1 ") == MEMBER_EU
    assert parse_target("210987654321:eu-west-1") == MEMBER_EU
    for bad in ("21098765432/eu-west-1", "210987654321", "210987654321/Europe", "eu-west-1/210987654321"):
        with pytest.raises(ValueError, match=f"Targets: '{bad}' is not an account/region"):
            parse_target(bad)


def test_nothing_named_reads_the_home_account_and_region_alone() -> None:
    assert targets_named({"Functions": [], "LogGroups": ""}, HOME) == [HOME]


def test_arns_yield_their_targets_and_a_plain_name_adds_home_first() -> None:
    events = {"Functions": [FUNCTION_EU, "payments"], "LogGroups": [LOG_GROUP_US]}
    assert targets_named(events, HOME) == [HOME, MEMBER_EU, MEMBER_US]
    assert targets_named({"Functions": [FUNCTION_EU]}, HOME) == [MEMBER_EU]  # only ARNs: no home


def test_given_targets_and_named_ones_are_read_once_each() -> None:
    events = {"Targets": ["210987654321/eu-west-1", "210987654321/us-east-1"], "Functions": FUNCTION_EU}
    assert targets_named(events, HOME) == [MEMBER_EU, MEMBER_US]


def test_an_arn_with_no_region_or_account_is_in_the_home_one() -> None:
    events = {"Stacks": ["arn:aws:cloudformation:::stack/api/1a2b"]}
    assert targets_named(events, HOME) == [HOME]


@pytest.mark.parametrize(
    ("arn", "name"),
    [
        (FUNCTION_EU, "checkout"),
        (LOG_GROUP_US, "/aws/lambda/checkout"),
        ("arn:aws:logs:us-east-1:210987654321:log-group:/ecs/api", "/ecs/api"),
        ("arn:aws:cloudformation:eu-west-1:210987654321:stack/api/0c4f-11ee", "api"),
        ("arn:aws:ecs:eu-west-1:210987654321:service/prod/api", "prod/api"),
        ("arn:aws:codedeploy:eu-west-1:210987654321:deploymentgroup:shop/blue", "shop/blue"),
        ("arn:aws:codepipeline:eu-west-1:210987654321:release", "release"),
        ("checkout", "checkout"),
    ],
)
def test_an_arn_becomes_the_name_its_api_takes(arn: str, name: str) -> None:
    assert resource_name(arn) == name


def test_each_target_is_asked_only_about_its_own_resources() -> None:
    events = {"Functions": [FUNCTION_EU, "payments"], "LogGroups": [LOG_GROUP_US], "AlarmNamePrefix": "inc-"}
    assert for_target(events, MEMBER_EU, HOME) == events | {"Functions": ["checkout"], "LogGroups": []}
    assert for_target(events, HOME, HOME) == events | {"Functions": ["payments"], "LogGroups": []}
    assert for_target(events, MEMBER_US, HOME)["LogGroups"] == ["/aws/lambda/checkout"]
