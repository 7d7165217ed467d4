"""What the emulator's HTTP server answers before moto sees a request: function URLs (urls.py) and the
emulator's clock, which the functions' environments read (bootstrap.py) so they run on the run's clock."""

from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from generator.emulator import clock
from generator.emulator.lambdas import urls
from generator.emulator.lambdas.runtime import CLOCK_PATH

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def _headers(environ: dict[str, Any]) -> list[tuple[str, str]]:
    pairs = [
        (key[5:].replace("_", "-").lower(), str(value)) for key, value in environ.items() if key.startswith("HTTP_")
    ]
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            pairs.append((key.replace("_", "-").lower(), str(environ[key])))
    return pairs


def _reply(start_response: StartResponse, status: int, headers: dict[str, str], body: bytes) -> list[bytes]:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Status"
    start_response(f"{status} {phrase}", [*headers.items(), ("Content-Length", str(len(body)))])
    return [body]


def with_function_urls(app: WsgiApp) -> WsgiApp:
    def serve(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", ""))
        if path == CLOCK_PATH:
            return _reply(start_response, 200, {"Content-Type": "text/plain"}, clock.now().isoformat().encode())
        host = str(environ.get("HTTP_HOST", ""))
        if urls.route(host, path) is None:
            return app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        query = str(environ.get("QUERY_STRING", ""))
        raw = str(environ.get("REQUEST_URI") or environ.get("RAW_URI") or (path + (f"?{query}" if query else "")))
        url = f"{environ.get('wsgi.url_scheme', 'http')}://{host}{raw}"
        method = str(environ.get("REQUEST_METHOD", "GET"))
        source = str(environ.get("REMOTE_ADDR", "127.0.0.1"))
        reply = urls.serve(host, method, path, query, _headers(environ), body, source, url)
        assert reply is not None
        return _reply(start_response, *reply)

    return serve
