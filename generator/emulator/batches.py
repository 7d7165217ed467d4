"""AWS's per-call caps on the batch APIs the evidence collectors call, which moto does not enforce.

A collector that forgets to chunk its ids works against moto (26 deployment ids pass) and fails in an
account. Each API below refuses a request over its cap with the error AWS answers; the cap comes from the
API reference, quoted in botocore's model documentation of the member.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from moto.cloudwatch.responses import CloudWatchResponse
from moto.codedeploy.responses import CodeDeployResponse
from moto.core.exceptions import ServiceException
from moto.core.responses import BaseResponse
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.logs.responses import LogsResponse


@dataclass(frozen=True)
class BatchCap:
    response_class: type[BaseResponse]
    method: str
    member: str
    cap: int
    error: str
    source: str


CAPS = (
    BatchCap(
        CodeDeployResponse, "batch_get_deployments", "deploymentIds", 25, "BatchLimitExceededException",
        "The maximum number of deployment IDs you can specify is 25 (CodeDeploy API reference)",
    ),
    BatchCap(
        EC2ContainerServiceResponse, "describe_services", "services", 10, "InvalidParameterException",
        "You may specify up to 10 services to describe in a single operation (ECS API reference)",
    ),
    BatchCap(
        CloudWatchResponse, "get_metric_data", "MetricDataQueries", 500, "InvalidParameterValue",
        "A single GetMetricData call can include as many as 500 MetricDataQuery structures (CloudWatch API)",
    ),
    BatchCap(
        LogsResponse, "start_query", "logGroupNames", 50, "InvalidParameterException",
        "You can include up to 50 log groups (CloudWatch Logs API reference, StartQuery)",
    ),
)  # fmt: skip


class OverCap(ServiceException):
    pass


def install() -> None:
    """Wrap each API's response method; idempotent."""
    for cap in CAPS:
        method = getattr(cap.response_class, cap.method)
        if not getattr(method, "_closeloop_capped", False):
            setattr(cap.response_class, cap.method, capped(method, cap))


def capped(method: Callable[[Any], Any], cap: BatchCap) -> Callable[[Any], Any]:
    def refuse_over_cap(self: Any) -> Any:
        given = self._get_param(cap.member) or []
        if len(given) > cap.cap:
            raise OverCap(cap.error, f"{cap.member} has {len(given)} items; at most {cap.cap} are allowed")
        return method(self)

    refuse_over_cap._closeloop_capped = True  # type: ignore[attr-defined]
    return refuse_over_cap
