"""AWS's page sizes on the list APIs the evidence collectors read, where moto answers everything in one page.

A collector that follows tokens correctly but asks too often, or one that forgets the second page, both look
right against an emulator that never pages. Each API below answers here at most its documented page size
(or the smaller limit the caller asks for) and a token for the rest, as AWS does. The token's name and the
list it pages come from botocore's paginator model; the size from AWS's documentation, with its source.

Left unpaged, because AWS documents no page size for them: CodeDeploy ListDeployments, CloudFormation
DescribeStackEvents, X-Ray GetTraceSummaries and BatchGetTraces. Paged by moto or closeloop already at AWS's
size: Logs FilterLogEvents (10,000), CloudWatch DescribeAlarmHistory (100) and CloudTrail LookupEvents (50).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import botocore.session
from moto.awslambda.responses import LambdaResponse
from moto.cloudwatch.responses import CloudWatchResponse
from moto.codepipeline.responses import CodePipelineResponse
from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult, BaseResponse
from moto.ssm.responses import SimpleSystemManagerResponse

TOKEN_PREFIX = "closeloop-page-"


@dataclass(frozen=True)
class PageSize:
    response_class: type[BaseResponse]
    service: str  # as botocore names it
    operation: str
    size: int
    source: str


PAGE_SIZES = (
    PageSize(CloudWatchResponse, "cloudwatch", "DescribeAlarms", 100, "MaxRecords 1-100 (CloudWatch API reference)"),
    PageSize(
        CodePipelineResponse, "codepipeline", "ListPipelineExecutions", 100, "maxResults 1-100 (CodePipeline API)"
    ),
    PageSize(
        LambdaResponse,
        "lambda",
        "ListVersionsByFunction",
        50,
        "MaxItems: ListVersionsByFunction returns a maximum of 50 items in each response (Lambda API reference)",
    ),
    PageSize(
        SimpleSystemManagerResponse, "ssm", "DescribeAutomationExecutions", 50, "MaxResults 1-50 (SSM API reference)"
    ),
)


class InvalidNextToken(ServiceException):
    code = "InvalidNextToken"


@dataclass(frozen=True)
class Paginator:
    input_token: str
    output_token: str
    limit_key: str
    result_keys: tuple[str, ...]


@cache
def paginator(service: str, operation: str) -> Paginator:
    config = botocore.session.get_session().get_paginator_model(service).get_paginator(operation)
    keys = config["result_key"]
    return Paginator(
        config["input_token"], config["output_token"], config.get("limit_key", ""),
        tuple(keys) if isinstance(keys, list) else (keys,),
    )  # fmt: skip


def install() -> None:
    """Wrap each API's response method (moto's, or closeloop's extension); idempotent."""
    for page_size in PAGE_SIZES:
        name = "".join(f"_{c.lower()}" if c.isupper() else c for c in page_size.operation).lstrip("_")
        method = getattr(page_size.response_class, name)
        if not getattr(method, "_closeloop_paged", False):
            setattr(page_size.response_class, name, paged(method, page_size))


def paged(method: Callable[[Any], Any], page_size: PageSize) -> Callable[[Any], Any]:
    keys = paginator(page_size.service, page_size.operation)

    def answer_a_page(self: Any) -> Any:
        answer = method(self)
        body, repack = _unpacked(answer)
        if body is None:
            return answer
        start = offset(self._get_param(keys.input_token))
        asked = self._get_param(keys.limit_key) if keys.limit_key else None
        size = min(int(asked or page_size.size), page_size.size)
        present = [key for key in keys.result_keys if isinstance(body.get(key), list)]
        items = [(key, item) for key in present for item in body[key]]
        page = items[start : start + size]
        for key in present:
            body[key] = [item for owner, item in page if owner == key]
        body.pop(keys.output_token, None)
        if start + size < len(items):
            body[keys.output_token] = f"{TOKEN_PREFIX}{start + size}"
        return repack(body)

    answer_a_page._closeloop_paged = True  # type: ignore[attr-defined]
    return answer_a_page


def offset(token: Any) -> int:
    if not token:
        return 0
    text = str(token)
    if not text.startswith(TOKEN_PREFIX) or not text[len(TOKEN_PREFIX) :].isdigit():
        raise InvalidNextToken(f"The token {text!r} is not one this emulator issued")
    return int(text[len(TOKEN_PREFIX) :])


def _unpacked(answer: Any) -> tuple[dict[str, Any] | None, Callable[[dict[str, Any]], Any]]:
    """The answer's body as a mapping, and how to answer with a changed one (moto answers in three shapes)."""
    if isinstance(answer, ActionResult) and isinstance(answer.result, dict):
        return dict(answer.result), ActionResult
    if isinstance(answer, str):
        return json.loads(answer), json.dumps
    if isinstance(answer, tuple) and len(answer) == 3 and isinstance(answer[2], str):
        status, headers = answer[0], answer[1]
        return json.loads(answer[2]), lambda body: (status, headers, json.dumps(body))
    return None, lambda body: answer
