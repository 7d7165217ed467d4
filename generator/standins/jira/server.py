"""The stand-in's HTTP server: a real Jira-shaped REST API on 127.0.0.1, started and stopped in-process."""

import base64
import json
import re
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

# The endpoint modules register their routes on import.
from generator.standins.jira import issues as issues
from generator.standins.jira import meta as meta
from generator.standins.jira import search as search
from generator.standins.jira.faults import FaultKind, FaultPlan
from generator.standins.jira.routing import Answer, ApiError, Request, resolve
from generator.standins.jira.store import JiraStore, User
from generator.standins.jira.views import View
from generator.standins.jira.webhooks import Dispatcher


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    status: int  # 0 when the connection was dropped without an answer


class StandinHttpServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        store: JiraStore,
        cloud: bool,
        faults: FaultPlan,
        tokens: dict[str, str],
        webhooks: Dispatcher | None = None,
        port: int = 0,
    ) -> None:
        super().__init__(("127.0.0.1", port), JiraRequestHandler)
        self.store, self.cloud, self.faults, self.tokens = store, cloud, faults, tokens
        self.webhooks = webhooks
        self.log: list[LoggedRequest] = []
        self.log_lock = threading.Lock()

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def record(self, method: str, path: str, status: int) -> None:
        with self.log_lock:
            self.log.append(LoggedRequest(method, path, status))


class JiraRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real Jira behind a load balancer
    # Headers and body go out in two writes: without this, Nagle's algorithm holds the body back until the
    # client's delayed ACK (about 40 ms on Linux), which made every request take ~45 ms.
    disable_nagle_algorithm = True
    server: StandinHttpServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log on the server is the record."""

    def do_GET(self) -> None:
        self.dispatch()

    def do_POST(self) -> None:
        self.dispatch()

    def do_PUT(self) -> None:
        self.dispatch()

    def do_DELETE(self) -> None:
        self.dispatch()

    def caller(self, path: str) -> User | None:
        """The user the credentials name. Raises 401 for wrong or (except for serverInfo) missing credentials."""
        header = self.headers.get("Authorization", "")
        if not header and path.endswith("/serverInfo"):
            return None  # Jira answers server info anonymously
        store, tokens = self.server.store, self.server.tokens
        login, secret = "", ""
        if header.startswith("Basic "):
            login, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        elif header.startswith("Bearer ") and not self.server.cloud:
            secret = header[7:]
            login = next((name for name, token in tokens.items() if token == secret), "")
        if not tokens:
            users = store.users.values()
            return next((u for u in users if login in (u.email, u.name)), next(iter(users), None))
        if login not in tokens or tokens[login] != secret:
            raise ApiError(401, ["Client must be authenticated to access this resource."])
        return next((u for u in store.users.values() if login in (u.email, u.name)), None)

    def dispatch(self) -> None:
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        fault = self.server.faults.take(self.command, split.path)
        if fault is not None and fault.kind == FaultKind.RATE_LIMIT:
            return self.send(
                split.path,
                Answer(429, {"errorMessages": ["Rate limit exceeded."]}, rate_limit_headers(fault.retry_after)),
            )
        if fault is not None and fault.kind == FaultKind.SERVER_ERROR:
            return self.send(split.path, Answer(fault.status, {"errorMessages": ["Internal server error (injected)."]}))
        if fault is not None and fault.kind == FaultKind.DROP_BEFORE_APPLY:
            self.server.record(self.command, split.path, 0)
            self.close_connection = True  # nothing applied, nothing answered
            return None
        if fault is not None and fault.kind == FaultKind.SLOW:
            time.sleep(fault.delay)
        if fault is not None and fault.kind == FaultKind.HOLD:
            fault.arrived.set()
            fault.gate.wait(timeout=30)  # a test that forgets to open the gate fails, it does not hang
        answer = self.answer(split.path, split.query, raw)
        if fault is not None and fault.kind == FaultKind.DROP_AFTER_APPLY:
            self.server.record(self.command, split.path, 0)
            self.close_connection = True  # the request was applied; its answer is lost
            return None
        return self.send(split.path, answer)

    def answer(self, path: str, query: str, raw: bytes) -> Answer:
        cloud = self.server.cloud
        try:
            version = re.match(r"^/rest/api/(2|3|latest)/", path)
            if version and version.group(1) == "3" and not cloud:
                return Answer(404, {"errorMessages": ["Data Center has no REST API version 3."]})
            found = resolve(self.command, path, cloud)
            if found is None:
                return Answer(404, {"errorMessages": [f"No resource at {path}."], "errors": {}})
            handler, match = found
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                raise ApiError(400, ["Unexpected character in the request body: it is not JSON."]) from None
            view = View(self.server.base_url, version.group(1) if version else "2", cloud)
            params = parse_qs(query, keep_blank_values=True)
            caller = self.caller(path)
            request = Request(self.command, path, params, body, view, self.server.store, caller, match)
            request.webhooks = self.server.webhooks
            return handler(request)
        except ApiError as error:
            return error.answer()
        except Exception as error:  # a bug in the stand-in: answer it as Jira would, and say what it was
            return Answer(500, {"errorMessages": [f"Internal server error: {type(error).__name__}: {error}"]})

    def send(self, path: str, answer: Answer) -> None:
        payload = b"" if answer.body is None else json.dumps(answer.body).encode()
        self.send_response(answer.status)
        if payload:
            self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.server.record(self.command, path, answer.status)
        try:
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the caller gave up waiting (a timeout): the work was still done


def rate_limit_headers(retry_after: str) -> dict[str, str]:
    """Cloud's 429 headers; a non-numeric `retry_after` is sent as an HTTP date that far ahead."""
    value = retry_after
    if retry_after.startswith("date+"):
        value = formatdate(time.time() + float(retry_after.removeprefix("date+")), usegmt=True)
    return {
        "Retry-After": value,
        "X-RateLimit-Limit": "100",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-FillRate": "10",
        "X-RateLimit-Interval-Seconds": "1",
        "RateLimit-Reason": "jira-burst-based",
    }
