"""A fault-injecting HTTP proxy in front of the AWS emulator: chosen requests get AWS's own error answers.

Every client in a fault test talks to this proxy (AWS_ENDPOINT_URL), which forwards to moto. A `Fault`
names the service (its signing name, as the request's credential scope gives it) and the operation, and
answers the matching requests with that service's real error shape: `__type` JSON for the JSON protocols
(DynamoDB, Logs, SSM, Secrets Manager, ECS, CloudTrail), CBOR for smithy-rpc-v2-cbor (CloudWatch,
CodeDeploy, CodePipeline), `<ErrorResponse>` XML for query (SNS, CloudFormation), `x-amzn-ErrorType` for
rest-json (Lambda, X-Ray) and S3's `<Error>`. The throttling code and status are the ones botocore's
service model declares for that service, else AWS's common unmodelled ones.

A fault fires before the request reaches the emulator (nothing applied: throttling, most 5xx) or, with
`after_apply`, after it (the write happened and its answer was lost: the case that makes duplicates).
"""

import http.client
import json
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import botocore.session

# Signing name (credential scope) -> botocore service name, for the services closeloop calls.
SERVICES = {
    "monitoring": "cloudwatch",
    "dynamodb": "dynamodb",
    "s3": "s3",
    "logs": "logs",
    "secretsmanager": "secretsmanager",
    "ssm": "ssm",
    "sns": "sns",
    "xray": "xray",
    "codedeploy": "codedeploy",
    "codepipeline": "codepipeline",
    "cloudformation": "cloudformation",
    "ecs": "ecs",
    "lambda": "lambda",
    "cloudtrail": "cloudtrail",
    "sqs": "sqs",
    "sts": "sts",
}
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "expect", "proxy-connection", "upgrade", "te"}
Answer = tuple[int, dict[str, str], bytes]
# The request-rate errors, in the order a service's model is searched (Lambda also declares EC2ThrottledException).
PREFERRED_THROTTLING = ("TooManyRequestsException", "ThrottlingException", "ThrottledException", "Throttling")


@cache
def model(signing_name: str) -> Any:
    return botocore.session.get_session().get_service_model(SERVICES[signing_name])


def throttling(signing_name: str) -> tuple[str, int]:
    """The service's own throttling error (code, status) as its model declares it; AWS's usual one otherwise."""
    if signing_name == "s3":
        return "SlowDown", 503
    service = model(signing_name)
    declared = {shape.name: shape.metadata.get("error", {}) for shape in service.error_shapes}
    for name in PREFERRED_THROTTLING:
        if name in declared:
            return str(declared[name].get("code", name)), int(declared[name].get("httpStatusCode", 400))
    return ("Throttling" if service.protocol in ("query", "smithy-rpc-v2-cbor") else "ThrottlingException"), 400


def server_error(signing_name: str, status: int) -> tuple[str, int]:
    """A 5xx as the service names it: InternalFailure (500) or ServiceUnavailable (503); S3's InternalError."""
    if signing_name == "s3":
        return ("InternalError" if status == 500 else "ServiceUnavailable"), status
    return ("InternalFailure" if status == 500 else "ServiceUnavailable"), status


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes
    service: str
    operation: str


@dataclass
class Fault:
    service: str  # signing name: "dynamodb", "monitoring", "s3", "sns", ...
    operation: str = "*"  # API operation name ("PutItem"), or "*" for every operation of the service
    code: str = ""  # empty: the service's throttling code
    status: int = 0
    times: int = 1  # matching requests that fail; 0 for every one
    every: int = 1  # fail the 1st, (1+every)th, ... matching request: 2 lets each retry through
    skip: int = 0  # let the first `skip` matching requests through (a fault mid-way through a run)
    per_operation: bool = False  # with operation "*": counted per operation (the first call of each fails)
    after_apply: bool = False  # forward first: applied, and the answer lost
    answer: Callable[[Request], Answer] | None = None  # a whole answer of the test's own instead of an error
    fired: dict[str, int] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)

    def take(self, request: Request) -> bool:
        """Whether this request gets the fault (counted); a request of another operation is not seen."""
        if request.service != self.service or self.operation not in ("*", request.operation):
            return False
        name = request.operation if self.per_operation else "*"
        self.seen[name] = self.seen.get(name, 0) + 1
        if (
            self.seen[name] <= self.skip
            or (self.seen[name] - 1 - self.skip) % self.every
            or (self.times and self.fired.get(name, 0) >= self.times)
        ):
            return False
        self.fired[name] = self.fired.get(name, 0) + 1
        return True

    @property
    def total(self) -> int:
        return sum(self.fired.values())


def cbor_text(value: str) -> bytes:
    data = value.encode()
    size = len(data)
    head = (
        bytes([0x60 + size]) if size < 24 else bytes([0x78, size]) if size < 256 else bytes([0x79]) + size.to_bytes(2)
    )
    return head + data


def cbor_map(values: dict[str, str]) -> bytes:
    return bytes([0xA0 + len(values)]) + b"".join(cbor_text(k) + cbor_text(v) for k, v in values.items())


def error_answer(request: Request, code: str, status: int, message: str) -> Answer:
    protocol = model(request.service).protocol
    request_id = str(uuid.uuid4())
    headers = {"x-amzn-requestid": request_id}
    if request.service == "s3":
        body = f"<Error><Code>{code}</Code><Message>{message}</Message><RequestId>{request_id}</RequestId></Error>"
        return status, headers | {"content-type": "application/xml"}, body.encode()
    if protocol == "query" or (
        "content-type" in request.headers and "x-www-form-urlencoded" in request.headers["content-type"]
    ):
        kind = "Receiver" if status >= 500 else "Sender"
        body = (
            f'<ErrorResponse xmlns="https://{request.service}.amazonaws.com/doc/"><Error><Type>{kind}</Type>'
            f"<Code>{code}</Code><Message>{message}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        return status, headers | {"content-type": "text/xml"}, body.encode()
    if request.headers.get("smithy-protocol") == "rpc-v2-cbor":
        cbor_headers = headers | {"content-type": "application/cbor", "smithy-protocol": "rpc-v2-cbor"}
        if model(request.service).metadata.get("awsQueryCompatible") is not None:
            cbor_headers["x-amzn-query-error"] = f"{code};{'Receiver' if status >= 500 else 'Sender'}"
        return status, cbor_headers, cbor_map({"__type": code, "message": message})
    if "x-amz-target" in request.headers:
        return (
            status,
            headers | {"content-type": "application/x-amz-json-1.1"},
            json.dumps({"__type": code, "message": message}).encode(),
        )
    return (
        status,
        headers | {"content-type": "application/json", "x-amzn-errortype": code},
        json.dumps({"message": message}).encode(),
    )


def service_of(headers: dict[str, str]) -> str:
    found = re.search(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request", headers.get("authorization", ""))
    return found.group(1) if found else ""


def operation_of(service: str, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str],
                 body: bytes) -> str:  # fmt: skip
    if "x-amz-target" in headers:
        return headers["x-amz-target"].rsplit(".", 1)[-1]
    if headers.get("smithy-protocol") == "rpc-v2-cbor":
        return path.rstrip("/").rsplit("/", 1)[-1]
    if "x-www-form-urlencoded" in headers.get("content-type", ""):
        return parse_qs(body.decode()).get("Action", [""])[0]
    return rest_operation(service, method, path, frozenset(query))


@cache
def rest_routes(service: str) -> list[tuple[str, re.Pattern[str], frozenset[str], str]]:
    routes = []
    service_model = model(service)
    for name in service_model.operation_names:
        operation = service_model.operation_model(name)
        uri = operation.http["requestUri"]
        path, _, literal_query = uri.partition("?")
        pattern = re.sub(r"\\\{[^}]+\\\+\\\}", ".+", re.escape(path))
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", pattern)
        needed = {part.split("=")[0] for part in literal_query.split("&") if part} - {"x-id"}  # botocore drops x-id
        shape = operation.input_shape
        if shape is not None:
            needed |= {
                m.serialization.get("name", key)
                for key, m in shape.members.items()
                if m.serialization.get("location") == "querystring" and key in shape.required_members
            }
        routes.append((operation.http["method"], re.compile(f"^{pattern}/?$"), frozenset(needed), name))
    return routes


def rest_operation(service: str, method: str, path: str, query: frozenset[str]) -> str:
    """The most specific operation of a rest-json/rest-xml service whose method, path and query keys fit."""
    fits = [(len(needed), len(route.pattern), name) for verb, route, needed, name in rest_routes(service)
            if verb == method and route.match(path) and needed <= query]  # fmt: skip
    return max(fits)[2] if fits else ""


class FaultProxy:
    """The proxy on 127.0.0.1; `faults` is consumed by every request; `log` lists (service, operation, faulted)."""

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        self.target_host, self.target_port = parts.hostname or "127.0.0.1", parts.port or 80
        self.faults: list[Fault] = []
        self.log: list[tuple[str, str, bool]] = []
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def handle_one(self) -> None:
                proxy.handle(self)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_PATCH = handle_one

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> "FaultProxy":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add(self, fault: Fault) -> Fault:
        with self.lock:
            self.faults.append(fault)
        return fault

    def clear(self) -> None:
        with self.lock:
            self.faults.clear()
            self.log.clear()

    def calls(self, service: str, operation: str) -> int:
        """Requests the proxy saw for this operation (faulted ones included)."""
        with self.lock:
            return sum(1 for s, o, _ in self.log if (s, o) == (service, operation))

    def _take(self, request: Request) -> Fault | None:
        with self.lock:
            fault = next((f for f in self.faults if f.take(request)), None)
            self.log.append((request.service, request.operation, fault is not None))
            return fault

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        headers = {name.lower(): value for name, value in handler.headers.items()}
        body = handler.rfile.read(int(headers.get("content-length") or 0))
        split = urlsplit(handler.path)
        query = parse_qs(split.query, keep_blank_values=True)
        service = service_of(headers)
        operation = operation_of(service, handler.command, split.path, query, headers, body) if service else ""
        request = Request(handler.command, split.path, query, headers, body, service, operation)
        fault = self._take(request) if service in SERVICES else None
        if fault is None or fault.after_apply:
            answer = self._forward(handler, headers, body)
        if fault is not None:
            if fault.answer is not None:
                answer = fault.answer(request)
            else:
                code, status = throttling(service)
                if fault.status >= 500:
                    code, status = server_error(service, fault.status)
                answer = error_answer(
                    request, fault.code or code, fault.status or status, "injected by the fault proxy"
                )
        self._reply(handler, *answer)

    def _forward(self, handler: BaseHTTPRequestHandler, headers: dict[str, str], body: bytes) -> Answer:
        connection = http.client.HTTPConnection(self.target_host, self.target_port, timeout=60)
        try:
            sent = {k: v for k, v in headers.items() if k not in HOP_BY_HOP}
            connection.request(handler.command, handler.path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
            kept = {k.lower(): v for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP}
            return response.status, kept, data
        finally:
            connection.close()

    @staticmethod
    def _reply(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes) -> None:
        handler.send_response(status)
        head = handler.command == "HEAD" and "content-length" in headers  # HEAD keeps the object's length
        for name, value in headers.items():
            if name != "content-length" or head:
                handler.send_header(name, value)
        if not head:
            handler.send_header("content-length", str(len(body)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(body)
