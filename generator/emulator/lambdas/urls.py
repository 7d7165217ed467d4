"""Function URLs on the emulator's own HTTP server, as Lambda serves them.

CreateFunctionUrlConfig answers `http://<emulator>/lambda-url/<url-id>/` (a path on the emulator, since
`<url-id>.lambda-url.<region>.on.aws` resolves nowhere locally; a request whose Host header is that name is
served too). A request to it is authorised as Lambda does (Lambda developer guide, "Control access to
Lambda function URLs"): with AuthType NONE the function's resource policy must allow anyone
`lambda:InvokeFunctionUrl` (under `lambda:FunctionUrlAuthType` NONE) and, for URLs made since October 2025,
`lambda:InvokeFunction` (`lambda:InvokedViaFunctionUrl`), else 403; with AuthType AWS_IAM the request must
carry a valid SigV4 signature of a caller allowed by the resource policy (sigv4.py), else 403. The request
becomes the event in payload format 2.0 (Lambda developer guide, "Invoking Lambda function URLs": request
payload), the function runs synchronously, and its answer becomes the HTTP response: a `statusCode` object
as given, anything else as a 200 JSON body; a function error is a 502.
"""

import base64
import json
import re
import uuid
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import parse_qsl

from generator.emulator import clock
from generator.emulator.lambdas import policy, runtime, sigv4

PATH_PREFIX = "/lambda-url/"
HOST = re.compile(r"^(?P<id>[a-z0-9]{32})\.lambda-url\.(?P<region>[a-z0-9-]+)\.")
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/x-www-form-urlencoded", "+json", "+xml")
FORBIDDEN = (403, {"Content-Type": "application/json"}, b'{"Message":"Forbidden"}')
Reply = tuple[int, dict[str, str], bytes]


def url_id(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1].split(".", 1)[0]


def local_url(moto_url: str, endpoint: str) -> str:
    """moto's `https://<id>.lambda-url.<region>.on.aws` as the emulator serves it."""
    return f"{endpoint}{PATH_PREFIX}{url_id(moto_url.removeprefix('https://'))}/"


def rehome(endpoint: str) -> None:
    """Every function URL as served at `endpoint` (a state read back from disk may have been served elsewhere)."""
    for function in _functions():
        if function.url_config is not None:
            function.url_config.url = local_url(function.url_config.url, endpoint)


def route(host: str, path: str) -> tuple[str, str] | None:
    """(url id, the path the function sees) when the request is for a function URL."""
    if path.startswith(PATH_PREFIX):
        rest = path[len(PATH_PREFIX) :]
        found, _, inner = rest.partition("/")
        return found, "/" + inner
    match = HOST.match(host)
    return (match["id"], path or "/") if match else None


def _functions() -> Iterator[Any]:
    from moto.awslambda.models import lambda_backends
    from moto.awslambda_simple.models import lambda_simple_backends

    for backends in (lambda_simple_backends, lambda_backends):
        regions: Any
        for regions in list(backends.values()):
            for backend in list(regions.values()):
                yield from list(backend._lambdas.all())


def find_function(found: str) -> Any:
    return next((f for f in _functions() if f.url_config is not None and url_id(f.url_config.url) == found), None)


def _headers(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in pairs:
        key = name.lower()
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    return headers


def _is_text(content_type: str) -> bool:
    lowered = content_type.lower()
    return any(kind in lowered for kind in TEXT_TYPES)


def event(
    function: Any, method: str, path: str, query: str, header_pairs: list[tuple[str, str]], body: bytes, source_ip: str,
    authorizer: dict[str, Any] | None,
) -> dict[str, Any]:  # fmt: skip
    """The request in function URL payload format 2.0."""
    headers = _headers(header_pairs)
    cookies = [c.strip() for c in headers.pop("cookie", "").split(";") if c.strip()]
    config = function.url_config
    found = url_id(config.url)
    now = clock.now()
    request_context: dict[str, Any] = {
        "accountId": "anonymous" if authorizer is None else authorizer["iam"]["accountId"],
        "apiId": found,
        "domainName": f"{found}.lambda-url.{function.region}.on.aws",
        "domainPrefix": found,
        "http": {
            "method": method,
            "path": path,
            "protocol": "HTTP/1.1",
            "sourceIp": source_ip,
            "userAgent": headers.get("user-agent", ""),
        },
        "requestId": str(uuid.uuid4()),
        "routeKey": "$default",
        "stage": "$default",
        "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "timeEpoch": int(now.timestamp() * 1000),
    }
    if authorizer is not None:
        request_context["authorizer"] = authorizer
    payload: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": headers,
        "requestContext": request_context,
        "isBase64Encoded": False,
    }
    if cookies:
        payload["cookies"] = cookies
    if query:
        params: dict[str, str] = {}
        for key, value in parse_qsl(query, keep_blank_values=True):
            params[key] = f"{params[key]},{value}" if key in params else value
        payload["queryStringParameters"] = params
    if body:
        if _is_text(headers.get("content-type", "")):
            payload["body"] = body.decode("utf-8", errors="replace")
        else:
            payload["body"], payload["isBase64Encoded"] = base64.b64encode(body).decode(), True
    return payload


def response(answer: runtime.Answer) -> Reply:
    """The function's answer as the HTTP response Lambda makes of it."""
    if answer.error:
        return 502, {"Content-Type": "application/json"}, b'{"Message":"Internal Server Error"}'
    try:
        result = json.loads(answer.payload or b"null")
    except ValueError:
        return 502, {"Content-Type": "application/json"}, b'{"Message":"Internal Server Error"}'
    if isinstance(result, dict) and "statusCode" in result:
        headers = {str(k): str(v) for k, v in (result.get("headers") or {}).items()}
        body = result.get("body") or ""
        raw = base64.b64decode(body) if result.get("isBase64Encoded") else str(body).encode()
        for cookie in result.get("cookies") or []:
            headers.setdefault("Set-Cookie", cookie)
        headers.setdefault("Content-Type", "application/json")
        return int(result["statusCode"]), headers, raw
    return 200, {"Content-Type": "application/json"}, json.dumps(result).encode()


def authorise(function: Any, method: str, url: str, header_pairs: list[tuple[str, str]], body: bytes) -> Any:
    """None when refused; else the authorizer block of the event ({} for AuthType NONE)."""
    auth_type = function.url_config.config.get("AuthType", "NONE")
    via_url = {"lambda:FunctionUrlAuthType": auth_type, "lambda:InvokedViaFunctionUrl": "true"}
    if auth_type == "NONE":
        anyone = all(policy.allowed(function, action, "*", via_url) for action in policy.URL_ACTIONS)
        return {} if anyone else None
    caller = sigv4.verified_caller(method, url, header_pairs, body, function.region)
    if caller is None:
        return None
    if not sigv4.caller_allowed(function, caller, via_url):
        return None
    return {"iam": caller.authorizer()}


def serve(host: str, method: str, path: str, query: str, header_pairs: list[tuple[str, str]], body: bytes,
          source_ip: str, url: str) -> Reply | None:  # fmt: skip
    """The function URL's answer, or None when the request is not for a function URL."""
    routed = route(host, path)
    if routed is None:
        return None
    found, inner_path = routed
    function = find_function(found)
    if function is None:
        return 404, {"Content-Type": "application/json"}, b'{"Message":null}'
    authorizer = authorise(function, method, url, header_pairs, body)
    if authorizer is None:
        return FORBIDDEN
    request = event(function, method, inner_path, query, header_pairs, body, source_ip, authorizer or None)
    return response(runtime.invoke(function, request))
