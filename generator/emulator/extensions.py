"""Add the missing operations to moto's response classes, and record write calls for CloudTrail.

moto dispatches a request to the response class's method named after the operation (snake_case), so
an operation is added by giving the class that method. An operation moto implements itself (a newer
moto) is left alone. Installing is process-wide and idempotent: moto's servers in this process share
its backends, and every one of them answers the added operations.
"""

import json
import warnings
from collections.abc import Callable
from typing import Any

from moto.cloudtrail.responses import CloudTrailResponse
from moto.cloudwatch.responses import CloudWatchResponse
from moto.core.responses import ActionResult, BaseResponse
from moto.ssm.responses import SimpleSystemManagerResponse
from moto.sts.responses import TokenResponse

from generator.emulator import (
    access,
    alarm_events,
    batches,
    bucket_policy,
    buses,
    clock,
    cloudwatch,
    lambdas,
    paging,
    sts,
)
from generator.emulator.automation import CORRECTIONS as AUTOMATION_CORRECTIONS
from generator.emulator.automation import OPERATIONS as AUTOMATION
from generator.emulator.cloudtrail import TrailEvent, lookup_events, record_event

OPERATIONS: list[tuple[type[BaseResponse], str, Callable[..., Any]]] = [
    (CloudWatchResponse, "describe_alarm_history", cloudwatch.describe_alarm_history),
    (CloudWatchResponse, "get_metric_widget_image", cloudwatch.get_metric_widget_image),
    (CloudTrailResponse, "lookup_events", lookup_events),
]
# Operations moto implements otherwise than AWS answers them: replaced whatever moto's version.
CORRECTIONS: list[tuple[type[BaseResponse], str, Callable[..., Any]]] = [
    (CloudWatchResponse, "list_tags_for_resource", cloudwatch.list_tags_for_resource),
    (TokenResponse, "assume_role", sts.assume_role),
]
READ_PREFIXES = ("Describe", "List", "Get", "Lookup", "BatchGet", "Head", "Search", "Query", "Scan", "Filter")
# Data events, not management events: CloudTrail does not record them unless a trail asks for them.
DATA_EVENTS = frozenset(
    {
        "PutLogEvents",
        "PutMetricData",
        "PutTraceSegments",
        "PutTelemetryRecords",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "BatchWriteItem",
        "TransactWriteItems",
        "SendMessage",
        "DeleteMessage",
        "ReceiveMessage",
    }
)
EVENT_SOURCES = {"cloudwatch": "monitoring", "awslambda": "lambda", "events": "events", "logs": "logs"}
EMULATOR_ROLE = "closeloop-emulator"
_original_call_action: Callable[[BaseResponse], Any] | None = None


def installed() -> bool:
    return _original_call_action is not None


def install() -> None:
    global _original_call_action
    if _original_call_action is not None:
        return
    clock.install()
    access.install()
    sts.install_common_errors()
    bucket_policy.install()
    ssm = [(SimpleSystemManagerResponse, name, operation) for name, operation in AUTOMATION.items()]
    for response_class, name, operation in [*OPERATIONS, *ssm]:
        if name not in vars(response_class):
            setattr(response_class, name, operation)
    corrected = [(SimpleSystemManagerResponse, name, operation) for name, operation in AUTOMATION_CORRECTIONS.items()]
    for response_class, name, operation in [*CORRECTIONS, *corrected]:
        setattr(response_class, name, operation)
    lambdas.install()
    alarm_events.install()
    paging.install()
    batches.install()
    buses.install()
    _original_call_action = BaseResponse.call_action
    BaseResponse.call_action = _recording_call_action  # type: ignore[method-assign]


def _recording_call_action(self: BaseResponse) -> Any:
    assert _original_call_action is not None
    try:
        answer = _original_call_action(self)
    except access.AccessDenied as denied:  # in the service's own protocol (JSON, CBOR, query)
        error = denied.error
        if error.status is not None:  # REST-JSON with a status the model does not name (Lambda's 403)
            headers = {"Content-Type": "application/json", "x-amzn-ErrorType": error.code}
            return error.status, headers, json.dumps({"Message": error.message})
        with warnings.catch_warnings():  # moto warns that most models name no AccessDeniedException shape
            warnings.simplefilter("ignore")
            return self.serialized(ActionResult(error))
    try:
        status = answer[0] if isinstance(answer, tuple) else 200
        action = self._get_action() or ""
        if int(status) < 400 and action and not action.startswith(READ_PREFIXES) and action not in DATA_EVENTS:
            _record(self, action)
    except Exception:  # recording is a side channel: it never changes the answer
        pass
    return answer


def _record(response: BaseResponse, action: str) -> None:
    service = str(response.service_name or "")
    access_key = response.get_access_key()
    account_id, region = response.current_account, response.region
    username, identity = _identity(access_key, account_id)
    event = TrailEvent(
        event_name=action,
        event_source=f"{EVENT_SOURCES.get(service, service)}.amazonaws.com",
        username=username,
        user_identity=identity,
        event_time=clock.now(),
        access_key_id=access_key,
    )
    record_event(account_id, region, event)


def _identity(access_key: str, account_id: str) -> tuple[str, dict[str, Any]]:
    from moto.iam.models import iam_backends

    key = iam_backends[account_id]["aws"].access_keys.get(access_key)
    if key is not None and getattr(key, "role_arn", None):
        session = str(getattr(key, "role_session_name", "") or "session")
        arn = str(key.role_arn).replace(":iam::", ":sts::").replace(":role/", ":assumed-role/") + f"/{session}"
        return session, {"type": "AssumedRole", "arn": arn, "accountId": account_id, "accessKeyId": access_key}
    if key is not None and key.user_name:
        arn = f"arn:aws:iam::{account_id}:user/{key.user_name}"
        return key.user_name, {
            "type": "IAMUser",
            "userName": key.user_name,
            "arn": arn,
            "accountId": account_id,
            "accessKeyId": access_key,
        }
    arn = f"arn:aws:sts::{account_id}:assumed-role/{EMULATOR_ROLE}/{access_key}"
    return EMULATOR_ROLE, {"type": "AssumedRole", "arn": arn, "accountId": account_id, "accessKeyId": access_key}
