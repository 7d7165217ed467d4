"""Resource policies in the proof: each principal admitted exactly to what the stack wires it to do, from where
it is wired; the denies that protect evidence kept. Each test injects one fault into the built template."""

import copy
from collections.abc import Callable
from typing import Any

from generator.iam.custody_denies import missing_denies
from generator.iam.resource_policy_proof import resource_policy_findings


def changed(template: dict[str, Any], change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    copied = copy.deepcopy(template)
    change(copied)
    return copied


def lines(template: dict[str, Any]) -> list[str]:
    return [f.line() for f in resource_policy_findings(template)]


def policy(template: dict[str, Any], logical: str) -> list[dict[str, Any]]:
    properties = template["Resources"][logical]["Properties"]
    statements: list[dict[str, Any]] = (properties.get("PolicyDocument") or properties["KeyPolicy"])["Statement"]
    return statements


def test_the_shipped_stacks_resource_policies_pass(template: dict[str, Any]) -> None:
    assert resource_policy_findings(template) == []
    assert missing_denies(template) == []


def test_a_public_url_without_its_invoke_permission_fails(template: dict[str, Any]) -> None:
    broken = changed(template, lambda t: t["Resources"].pop("WebhookHandlerUrlInvokePermission"))
    assert lines(broken) == [
        "WebhookHandler's policy: lambda:InvokeFunction: * needs it (WebhookHandlerUrl is public (AuthType NONE))"
    ]


def test_a_public_invoke_not_limited_to_the_url_fails(template: dict[str, Any]) -> None:
    def change(t: dict[str, Any]) -> None:
        del t["Resources"]["WebhookHandlerUrlInvokePermission"]["Properties"]["InvokedViaFunctionUrl"]

    assert lines(changed(template, change)) == [
        "WebhookHandlerUrlInvokePermission (admits *): lambda:InvokeFunction on WebhookHandler: open to everyone"
    ]


def test_a_principal_nothing_wires_fails(template: dict[str, Any]) -> None:
    def change(t: dict[str, Any]) -> None:
        extra = copy.deepcopy(policy(t, "TopicPolicy")[0])
        extra["Principal"] = {"Service": "events.amazonaws.com"}
        policy(t, "TopicPolicy").append(extra)

    assert lines(changed(template, change)) == [
        "TopicPolicy (admits events.amazonaws.com): sns:Publish on Topic: admitted but nothing the stack wires needs it"
    ]


def test_a_service_admitted_without_a_source_condition_fails(template: dict[str, Any]) -> None:
    broken = changed(template, lambda t: policy(t, "TopicPolicy")[0].pop("Condition"))
    assert lines(broken) == [
        "TopicPolicy (admits cloudwatch.amazonaws.com): sns:Publish on Topic: a service admitted without a source "
        "condition"
    ]


def test_a_queue_admitting_a_rule_that_does_not_use_it_fails(template: dict[str, Any]) -> None:
    def change(t: dict[str, Any]) -> None:
        condition = policy(t, "ActionsHandlerDeadLetterQueuePolicy")[0]["Condition"]["ArnEquals"]
        condition["aws:SourceArn"].append({"Fn::GetAtt": ["EnforcementHandlerEnforceActionsDailyRule", "Arn"]})

    assert lines(changed(template, change)) == [
        "ActionsHandlerDeadLetterQueuePolicy (admits events.amazonaws.com): sqs:SendMessage on "
        "ActionsHandlerDeadLetterQueue: admitted from EnforcementHandlerEnforceActionsDailyRule, which does not "
        "deliver to it"
    ]


def test_a_key_policy_wider_than_the_services_use_fails_and_a_missing_one_too(template: dict[str, Any]) -> None:
    def widen(t: dict[str, Any]) -> None:
        policy(t, "Key")[2]["Action"] = ["kms:Decrypt", "kms:GenerateDataKey*"]

    widened = {(f.where, f.action) for f in resource_policy_findings(changed(template, widen))}
    assert ("Key (admits events.amazonaws.com)", "kms:GenerateDataKeyWithoutPlaintext") in widened
    assert len(widened) == 6  # three extra data-key actions for each of the two services

    dropped = resource_policy_findings(changed(template, lambda t: policy(t, "Key").pop(1)))
    assert len({f.action for f in dropped}) == 8  # Encrypt, Decrypt, two ReEncrypt, four GenerateDataKey
    assert len(dropped) == 8 * 4  # for each of the four functions' encrypted log groups
    assert all(f.where == "Key's policy" and "logs.${AWS::Region}.amazonaws.com needs" in f.problem for f in dropped)


def test_dropping_or_weakening_an_evidence_deny_fails(template: dict[str, Any]) -> None:
    without_tls = changed(template, lambda t: policy(t, "EvidenceBucketPolicy").pop(0))
    assert [f.line() for f in missing_denies(without_tls)] == [
        "EvidenceBucket's policy: s3:*: the deny is missing or weakened: no request without TLS"
    ]

    def weaken(t: dict[str, Any]) -> None:
        policy(t, "EvidenceBucketPolicy")[1]["Action"].remove("s3:BypassGovernanceRetention")

    assert [f.problem for f in missing_denies(changed(template, weaken))] == [
        "the deny is missing or weakened: only the break-glass role changes retention"
    ]

    def unconditional_writes(t: dict[str, Any]) -> None:
        statements = policy(t, "EvidenceBucketPolicy")
        write_once = next(s for s in statements if s["Sid"] == "EvidenceIsWrittenOnceNeverReplaced")
        write_once["Condition"] = {"Bool": {"s3:ObjectCreationOperation": "true"}}

    assert [f.line() for f in missing_denies(changed(template, unconditional_writes))] == [
        "EvidenceBucket's policy: s3:PutObject: the deny is missing or weakened: "
        "no object is created without If-None-Match, so none is replaced"
    ]
    dropped = changed(template, lambda t: policy(t, "EvidenceBucketPolicy").pop(2))
    assert [f.problem for f in missing_denies(dropped)] == [
        "the deny is missing or weakened: no object is created without If-None-Match, so none is replaced"
    ]
