"""What the timeline handler accepts: two EventBridge events, and direct calls from runbooks.

The EventBridge shapes are AWS's documented ones ("CloudWatch Alarm State Change" and the SSM "EC2
Automation Step Status-change Notification"), on powertools' EventBridgeModel. A direct call carries
the same fields as `Closeloop-LogTimelineEvent`'s script input.
"""

from datetime import datetime
from typing import Annotated, Any, Literal

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter

from domain.incident_id import IncidentId as IncidentIdValue
from domain.timeline import Kind as EventKind

ALARM_DETAIL_TYPE = "CloudWatch Alarm State Change"
STEP_DETAIL_TYPE = "EC2 Automation Step Status-change Notification"


class AlarmState(BaseModel):
    value: str  # OK, ALARM, INSUFFICIENT_DATA
    reason: str = ""
    reasonData: str | None = None
    # CloudWatch writes `2019-10-02T17:04:40.985+0000`: always with a zone.
    timestamp: datetime


class AlarmStateChangeDetail(BaseModel):
    alarmName: str
    state: AlarmState
    previousState: AlarmState | None = None
    configuration: dict[str, Any] = Field(default_factory=dict)


class AlarmStateChangeEvent(EventBridgeModel):
    detail_type: Literal["CloudWatch Alarm State Change"] = Field(alias="detail-type")
    detail: AlarmStateChangeDetail


class StepStatusDetail(BaseModel):
    ExecutionId: str
    Definition: str
    DefinitionVersion: float | str | None = None
    Status: str
    # `Nov 29, 2016 7:43:25 PM`: no zone is written, the times are UTC like the event's own `time`.
    StartTime: str | None = None
    EndTime: str | None = None
    StepName: str
    Action: str


class StepStatusChangeEvent(EventBridgeModel):
    detail_type: Literal["EC2 Automation Step Status-change Notification"] = Field(alias="detail-type")
    detail: StepStatusDetail


class DirectTimelineEvent(BaseModel):
    """A runbook's `aws:invokeLambdaFunction` payload: one event to record."""

    model_config = ConfigDict(extra="forbid")

    IncidentId: IncidentIdValue
    Kind: EventKind
    Text: str = Field(min_length=1)
    OccurredAt: str = Field(min_length=1)
    Source: str = Field(min_length=1)
    Actor: str = Field(min_length=1)


def _kind_of(event: Any) -> str:
    detail_type = event.get("detail-type") if isinstance(event, dict) else getattr(event, "detail_type", None)
    return {ALARM_DETAIL_TYPE: "alarm", STEP_DETAIL_TYPE: "step"}.get(str(detail_type), "direct")


TimelineRequest = Annotated[
    Annotated[AlarmStateChangeEvent, Tag("alarm")]
    | Annotated[StepStatusChangeEvent, Tag("step")]
    | Annotated[DirectTimelineEvent, Tag("direct")],
    Discriminator(_kind_of),
]
REQUEST: TypeAdapter[AlarmStateChangeEvent | StepStatusChangeEvent | DirectTimelineEvent] = TypeAdapter(TimelineRequest)
