"""Execution environments for the emulator's Lambda functions: the deployed package, run by Python 3.11.

An environment is a process of its own (bootstrap.py) holding one function's code, unpacked from the zip
moto stores, with the function's environment variables, credentials of its execution role (assumed
through the emulator's STS, so the emulator sees the role as the caller) and AWS_ENDPOINT_URL pointing at
the emulator. As in Lambda, an environment serves one invocation at a time and stays warm for the next
(module state such as a cached secret survives); a busy function gets a second environment; a changed
configuration or code gets fresh ones; an invocation past the function's timeout loses its environment.
What the function writes goes to its log group, one stream per environment.
"""

import contextlib
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from generator.emulator import clock

BOOTSTRAP = Path(__file__).with_name("bootstrap.py")
# What Lambda's python3.11 runtime provides besides the standard library (the zip leaves boto3 out).
RUNTIME_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six", "urllib3")
CREDENTIAL_SECONDS = 3600
RETIRE_AFTER_SECONDS = 45 * 60  # before the role's session expires
CLOCK_PATH = "/_closeloop/clock"


@dataclass
class Answer:
    payload: bytes
    error: str | None = None  # "Unhandled" when the function raised or timed out, as X-Amz-Function-Error says
    log: str = ""  # what the invocation wrote (X-Amz-Log-Result carries its last 4 KB)


class Endpoint:
    """Where the functions reach the emulator: the server that started last in this process."""

    url = ""


def runtime_path() -> str:
    """A folder holding the runtime's packages (links into this environment), made once per process."""
    folder = _shared("runtime")
    for name in RUNTIME_PACKAGES:
        module = __import__(name)
        source = Path(module.__file__ or "")
        source = source.parent if source.name == "__init__.py" else source
        link = folder / source.name
        if not link.exists():
            link.symlink_to(source)
    return str(folder)


_ROOT: list[Path] = []
_ROOT_LOCK = threading.Lock()


def _shared(name: str) -> Path:
    with _ROOT_LOCK:
        if not _ROOT:
            _ROOT.append(Path(tempfile.mkdtemp(prefix="closeloop-lambda-")))
    folder = _ROOT[0] / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


CODE_CACHE = Path(tempfile.gettempdir()) / f"closeloop-lambda-code-{os.getuid()}"
_CODE_LOCK = threading.Lock()


def task_root(code: bytes) -> Path:
    """The zip unpacked once per distinct code (Lambda's /var/task).

    The folder is named by the code's SHA-256, so it is shared by every emulator on this machine and never
    holds other code; the modules an environment imports are compiled into it once (a second `closeloop up`
    or test run does not pay the first one's compiling again)."""
    digest = hashlib.sha256(code).hexdigest()[:32]
    folder = CODE_CACHE / digest
    with _CODE_LOCK:
        if not folder.is_dir():
            staging = CODE_CACHE / f"{digest}.{uuid.uuid4().hex}.partial"
            with zipfile.ZipFile(io.BytesIO(code)) as archive:
                archive.extractall(staging)
            try:
                staging.rename(folder)
            except OSError:  # another process unpacked the same code first: theirs is the same
                shutil.rmtree(staging, ignore_errors=True)
    return folder


def prepare(function: Any) -> None:
    """Unpack a new function's code in the background, as Lambda readies a function (Pending)."""
    code = getattr(function, "code_bytes", b"")
    if code:
        threading.Thread(target=lambda: _quietly(task_root, code), name="lambda-prepare", daemon=True).start()


def _quietly(work: Any, *args: Any) -> None:
    with contextlib.suppress(Exception):  # a bad zip is reported by the invocation that needs it
        work(*args)


@dataclass
class Environment:
    process: subprocess.Popen[bytes]
    requests: IO[str]
    answers: IO[str]
    log_path: Path
    log_stream: str
    started: float = field(default_factory=time.monotonic)
    log_read: int = 0

    def alive(self) -> bool:
        return self.process.poll() is None and time.monotonic() - self.started < RETIRE_AFTER_SECONDS

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for pipe in (self.requests, self.answers):
            with contextlib.suppress(OSError):
                pipe.close()

    def new_log(self) -> str:
        with self.log_path.open("rb") as log:
            log.seek(self.log_read)
            text = log.read()
        self.log_read += len(text)
        return text.decode("utf-8", errors="replace")


def credentials(function: Any) -> dict[str, str]:
    """Temporary credentials of the function's execution role, issued by the emulator's STS."""
    from moto.sts.models import sts_backends

    role = sts_backends[function.account_id]["global"].assume_role(
        region_name=function.region,
        role_session_name=function.function_name[:64],
        role_arn=function.role,
        policy="",
        duration=CREDENTIAL_SECONDS,
        external_id="",
    )
    return {
        "AWS_ACCESS_KEY_ID": role.access_key_id,
        "AWS_SECRET_ACCESS_KEY": role.secret_access_key,
        "AWS_SESSION_TOKEN": role.session_token,
    }


def variables(function: Any, log_stream: str) -> dict[str, str]:
    """The environment Lambda gives the function (reserved variables, then the function's own)."""
    endpoint = Endpoint.url
    if not endpoint:  # never let a function reach past the emulator to a real AWS
        raise RuntimeError("the emulator's endpoint is not known: start it through generator.emulator.server")
    reserved = {
        "_HANDLER": function.handler,
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{function.run_time}",
        "AWS_LAMBDA_FUNCTION_NAME": function.function_name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(function.memory_size),
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_LOG_GROUP_NAME": function.logs_group_name,
        "AWS_LAMBDA_LOG_STREAM_NAME": log_stream,
        "AWS_REGION": function.region,
        "AWS_DEFAULT_REGION": function.region,
        "LAMBDA_TASK_ROOT": str(task_root(function.code_bytes)),
        "LAMBDA_RUNTIME_DIR": runtime_path(),
        "_CLOSELOOP_RUNTIME_PATH": runtime_path(),
        "TZ": ":UTC",
        "LANG": "en_US.UTF-8",
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "PYTHONUNBUFFERED": "1",
        "AWS_ENDPOINT_URL": endpoint,
        "_CLOSELOOP_CLOCK_URL": f"{endpoint}{CLOCK_PATH}",
        **credentials(function),
    }
    return {**{k: str(v) for k, v in function.environment_vars.items()}, **reserved}


def start(function: Any) -> Environment:
    stream = f"{clock.now():%Y/%m/%d}/[$LATEST]{uuid.uuid4().hex}"
    log_path = _shared("logs") / f"{uuid.uuid4().hex}.log"
    to_child_r, to_child_w = os.pipe()
    from_child_r, from_child_w = os.pipe()
    environ = variables(function, stream) | {
        "_CLOSELOOP_IN_FD": str(to_child_r),
        "_CLOSELOOP_OUT_FD": str(from_child_w),
    }
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-I", "-S", str(BOOTSTRAP)],
            env=environ,
            cwd=environ["LAMBDA_TASK_ROOT"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=(to_child_r, from_child_w),
        )
    os.close(to_child_r)
    os.close(from_child_w)
    requests = os.fdopen(to_child_w, "w", encoding="utf-8")
    answers = os.fdopen(from_child_r, "r", encoding="utf-8")
    return Environment(process, requests, answers, log_path, stream)


def fingerprint(function: Any) -> str:
    """What makes an environment stale when it changes: code, handler, role and configuration."""
    settings = [function.code_sha_256, function.handler, function.role, function.timeout, function.environment_vars]
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()


class Pool:
    """The warm environments of every function, by function ARN; idle ones are reused."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.idle: dict[str, list[tuple[str, Environment]]] = {}

    def take(self, function: Any) -> Environment:
        key, wanted = function.function_arn, fingerprint(function)
        with self.lock:
            idle = self.idle.setdefault(key, [])
            while idle:
                print_, environment = idle.pop()
                if print_ == wanted and environment.alive():
                    return environment
                environment.stop()
        return start(function)

    def give_back(self, function: Any, environment: Environment) -> None:
        with self.lock:
            self.idle.setdefault(function.function_arn, []).append((fingerprint(function), environment))

    def stop_all(self) -> None:
        with self.lock:
            environments = [environment for idle in self.idle.values() for _, environment in idle]
            self.idle.clear()
        for environment in environments:
            environment.stop()


POOL = Pool()


def invoke(function: Any, event: Any) -> Answer:
    """Run the function on `event` in a warm (or new) environment; its answer or its error, as Lambda gives it."""
    request_id = str(uuid.uuid4())
    try:
        environment = POOL.take(function)
    except (OSError, RuntimeError, zipfile.BadZipFile) as failure:  # no environment could be made for it
        error = {"errorMessage": str(failure), "errorType": "Runtime.Unavailable", "requestId": request_id}
        return Answer(json.dumps(error).encode(), "Unhandled")
    timeout = float(function.timeout)
    request = {
        "event": event,
        "request_id": request_id,
        "function_arn": function.function_arn,
        "deadline": time.time() + timeout,
    }
    reply: list[str] = []
    try:
        environment.requests.write(json.dumps(request) + "\n")
        environment.requests.flush()
    except OSError:
        pass
    reader = threading.Thread(target=lambda: reply.append(environment.answers.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    log = environment.new_log()
    _save_log(
        function, environment, f"START RequestId: {request_id} Version: $LATEST\n{log}END RequestId: {request_id}"
    )
    if not reply or not reply[0]:
        timed_out = reader.is_alive()
        environment.stop()
        message = (
            f"Task timed out after {timeout:.2f} seconds"
            if timed_out
            else f"RequestId: {request_id} Error: Runtime exited with error: exit status {environment.process.poll()}"
        )
        kind = "Sandbox.Timedout" if timed_out else "Runtime.ExitError"
        error = {"errorMessage": message, "errorType": kind, "requestId": request_id}
        return Answer(json.dumps(error).encode(), "Unhandled", log)
    POOL.give_back(function, environment)
    answered = json.loads(reply[0])
    if "error" in answered:
        return Answer(json.dumps(answered["error"]).encode(), "Unhandled", log)
    return Answer(str(answered["result"]).encode(), None, log)


def _save_log(function: Any, environment: Environment, text: str) -> None:
    """The invocation's output into the function's log group, in the environment's stream."""
    try:
        logs = function.logs_backend
        logs.ensure_log_group(function.logs_group_name)
        group = logs.groups[function.logs_group_name]
        if environment.log_stream not in group.streams:
            logs.create_log_stream(function.logs_group_name, environment.log_stream)
        stamp = int(clock.now().timestamp() * 1000)
        events = [{"timestamp": stamp, "message": line} for line in text.splitlines() if line]
        logs.put_log_events(function.logs_group_name, environment.log_stream, events)
    except Exception:  # logging is a side channel: an invocation never fails for it
        pass
