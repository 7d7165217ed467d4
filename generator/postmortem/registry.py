"""The postmortem rules that run, listed explicitly: a rule exists for the check only once it is here."""

from generator.postmortem.rule import PostmortemRule
from generator.postmortem.rules.action_done_condition import ActionDoneCondition
from generator.postmortem.rules.action_ids import ActionIds
from generator.postmortem.rules.action_owner import ActionOwner
from generator.postmortem.rules.action_owner_unverified import ActionOwnerUnverified
from generator.postmortem.rules.action_schedule import ActionSchedule
from generator.postmortem.rules.action_status import ActionStatusRecord
from generator.postmortem.rules.action_title import ActionTitle
from generator.postmortem.rules.action_type import ActionTypeGiven
from generator.postmortem.rules.answers import AnswersComplete
from generator.postmortem.rules.blameless import Blameless
from generator.postmortem.rules.incident_identity import IncidentIdentity
from generator.postmortem.rules.placeholders import Placeholders
from generator.postmortem.rules.postmortem_shape import PostmortemShape
from generator.postmortem.rules.prevent_action import PreventAction
from generator.postmortem.rules.root_cause import RootCause
from generator.postmortem.rules.timeline_after_recovery import TimelineAfterRecovery
from generator.postmortem.rules.timeline_duplicate_alert import TimelineDuplicateAlert
from generator.postmortem.rules.timeline_order import TimelineOrder
from generator.postmortem.rules.timeline_sources import TimelineSources
from generator.postmortem.rules.timeline_times_apart import TimelineTimesApart
from generator.postmortem.rules.timeline_utc import TimelineUtc
from generator.postmortem.rules.unreadable_file import UnreadableFile

RULES: list[PostmortemRule] = [
    UnreadableFile(),
    PostmortemShape(),
    Placeholders(),
    AnswersComplete(),
    TimelineOrder(),
    TimelineAfterRecovery(),
    TimelineDuplicateAlert(),
    TimelineUtc(),
    TimelineSources(),
    TimelineTimesApart(),
    RootCause(),
    Blameless(),
    ActionOwner(),
    ActionOwnerUnverified(),
    ActionSchedule(),
    ActionTypeGiven(),
    ActionTitle(),
    ActionDoneCondition(),
    ActionIds(),
    ActionStatusRecord(),
    PreventAction(),
    IncidentIdentity(),
]


def rule_by_id(rule_id: str) -> PostmortemRule:
    for rule in RULES:
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)


def rule_for_path(path: str) -> PostmortemRule:
    """The rule that speaks for a field the model refused: its owner, else the shape rule."""
    for rule in RULES:
        if rule.owns_path(path):
            return rule
    return rule_by_id(PostmortemShape.id)
