"""Quotas checked before a deploy: each finding names the resource and the limit."""

import copy
import json
from typing import Any

import pytest

from generator.stack.checks import CheckError, check_quotas
from generator.stack.quotas import DOCUMENT_BYTES, REFERENCE_BYTES, content_bytes, document_sizes, quota_findings
from generator.stack.render import TEMPLATE_FILE


def lines(template: dict[str, Any], stack: str = "closeloop") -> list[str]:
    return [f.line() for f in quota_findings(template, TEMPLATE_FILE.read_text(encoding="utf-8"), stack)]


def test_the_shipped_stack_has_no_error_finding(template: dict[str, Any]) -> None:
    assert [line for line in lines(template) if line.startswith("error")] == []


def test_a_function_carrying_the_ownership_map_in_its_environment_is_over_4_kb(template: dict[str, Any]) -> None:
    changed = copy.deepcopy(template)
    variables = changed["Resources"]["WebhookHandler"]["Properties"]["Environment"]["Variables"]
    variables |= {"CLOSELOOP_OWNERSHIP": {"Ref": "OwnershipMap"}, "CLOSELOOP_POLICY": {"Ref": "EnforcementPolicy"}}
    assert any(
        line.startswith("error: WebhookHandler:") and "(Lambda environment: 4 KB)" in line for line in lines(changed)
    )


def test_a_document_over_64_kb_or_over_three_quarters_of_it_is_an_error(template: dict[str, Any]) -> None:
    changed = copy.deepcopy(template)
    content = changed["Resources"]["DocumentCloseloopLogTimelineEvent"]["Properties"]["Content"]
    content["description"] = "x" * 70_000
    assert any(line.startswith("error: Closeloop-LogTimelineEvent: content is") for line in lines(changed))
    # 80% of 64 KB whatever the rest of the document weighs: over three quarters, under the limit.
    content["description"] = ""
    rest = content_bytes({"Content": content}, changed["Parameters"])
    content["description"] = "x" * (int(DOCUMENT_BYTES * 0.8) - rest)
    found = [line for line in lines(changed) if "Closeloop-LogTimelineEvent" in line]
    assert found == [
        f"error: Closeloop-LogTimelineEvent: content is {int(DOCUMENT_BYTES * 0.8):,} bytes, 0.80 of 64 KB: less "
        "than a quarter left for run-time parameter values and growth (document content: 64 KB, 25% headroom)"
    ]


def test_content_is_measured_as_submitted_with_stack_values_at_their_longest(template: dict[str, Any]) -> None:
    """The stack's values (a Ref to the table, the role's ARN) are names and ARNs once CloudFormation sends the
    content: measured at REFERENCE_BYTES, not as the few bytes of `{"Ref": ...}`."""
    properties = template["Resources"]["DocumentCloseloopLogTimelineEvent"]["Properties"]
    as_written = len(json.dumps(properties["Content"], separators=(",", ":")))
    references = json.dumps(properties["Content"]).count('{"Ref": ') + json.dumps(properties["Content"]).count(
        '{"Fn::GetAtt": '
    )
    assert references >= 2  # the table's name and the Automation role's ARN are stack defaults
    assert content_bytes(properties, template["Parameters"]) > as_written + references * (REFERENCE_BYTES - 40)


def test_each_document_shows_its_share_of_64_kb(template: dict[str, Any]) -> None:
    shares = [line for line in lines(template) if line.startswith("info:") and "of 64 KB" in line]
    assert len(shares) == len(document_sizes(template)) >= 12
    assert all(size <= DOCUMENT_BYTES * 0.75 for size in document_sizes(template).values())


def test_a_long_stack_name_makes_function_names_aws_refuses(template: dict[str, Any]) -> None:
    found = lines(template, "s" * 60)
    assert any("TimelineHandler" in line and "(AWS::Lambda::Function name: 64 characters)" in line for line in found)
    assert not [line for line in lines(template, "closeloop") if "name:" in line]


def test_parameter_and_count_limits(template: dict[str, Any]) -> None:
    changed = copy.deepcopy(template)
    changed["Parameters"]["OwnershipMap"]["MaxLength"] = 5000
    changed["Outputs"] |= {f"Extra{i}": {"Value": "x"} for i in range(200)}
    found = lines(changed)
    assert any(line.startswith("error: OwnershipMap:") and "4,096 bytes" in line for line in found)
    assert any("Outputs: at most 200" in line for line in found)


def test_deploy_stops_at_an_error_finding_and_prints_the_shares(template: dict[str, Any]) -> None:
    body = TEMPLATE_FILE.read_text(encoding="utf-8")
    assert all(line.startswith("info") for line in check_quotas(template, body, "closeloop"))
    with pytest.raises(CheckError, match="over an AWS quota:\nerror: TimelineHandler"):
        check_quotas(template, body, "s" * 60)


def test_the_member_stack_set_carries_its_template_within_51200_bytes(template: dict[str, Any]) -> None:
    body = template["Resources"]["MemberStackSet"]["Properties"]["TemplateBody"]
    assert len(body.encode()) < 51_200 * 0.5  # room for the member stack to grow
    assert not [line for line in lines(template) if "StackSet" in line]
    changed = copy.deepcopy(template)
    changed["Resources"]["MemberStackSet"]["Properties"]["TemplateBody"] = body + "#" * 51_200
    assert any(
        line.startswith("error: MemberStackSet:") and "(StackSet TemplateBody: 51,200 bytes)" in line
        for line in lines(changed)
    )


def prefixed_lines(template: dict[str, Any], prefix: str) -> list[str]:
    body = TEMPLATE_FILE.read_text(encoding="utf-8")
    return [f.line() for f in quota_findings(template, body, "closeloop", prefix)]


def test_a_prefix_aws_refuses_is_an_error_naming_why(template: dict[str, Any]) -> None:
    assert any(line.startswith("error: NamePrefix:") and "'/'" in line for line in prefixed_lines(template, "a/b-"))
    assert any("reserves" in line for line in prefixed_lines(template, "AWS-"))
    assert not [line for line in prefixed_lines(template, "Team2-") if line.startswith("error")]


def test_a_document_name_over_128_characters_is_an_error(template: dict[str, Any]) -> None:
    """The longest name a prefix makes, against CreateDocument's 128: a child document with a long base."""
    changed = copy.deepcopy(template)
    document = changed["Resources"]["DocumentCloseloopLogTimelineEvent"]["Properties"]
    document["Name"] = {"Fn::Sub": "${NamePrefix}" + "B" * 70}
    found = prefixed_lines(changed, "P" * 59)
    assert any(line.endswith("is 129 (AWS::SSM::Document name: 128 characters)") for line in found)
    assert not [line for line in prefixed_lines(changed, "P" * 58) if "AWS::SSM::Document name" in line]


def test_the_prefix_counts_in_the_content_it_is_part_of(template: dict[str, Any]) -> None:
    """A document that mentions closeloop's documents grows with the prefix, as CloudFormation resolves it."""
    changed = copy.deepcopy(template)
    content = changed["Resources"]["DocumentCloseloopLogTimelineEvent"]["Properties"]["Content"]
    content["description"] = {"Fn::Sub": "${NamePrefix}" * 1100}
    assert not [line for line in prefixed_lines(changed, "P") if "LogTimelineEvent" in line and "error" in line]
    assert any(line.startswith("error: PPPP") and "content is" in line for line in prefixed_lines(changed, "P" * 64))


def test_a_prefix_too_long_for_the_member_accounts_reader_role_is_an_error(template: dict[str, Any]) -> None:
    body = TEMPLATE_FILE.read_text(encoding="utf-8")
    prefix = "p" * 51  # allowed for documents (64), but p...EvidenceReader is 65 characters: IAM refuses it
    found = [f.line() for f in quota_findings(template, body, "closeloop", prefix)]
    assert any(line.startswith("error: MemberStackSet:") and "(IAM role name: 64 characters)" in line for line in found)
    ok = [f.line() for f in quota_findings(template, body, "closeloop", "p" * 50)]
    assert not [line for line in ok if "IAM role name" in line]
