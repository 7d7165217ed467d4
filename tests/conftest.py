"""Shared test fixtures: where the AWS corpus and the project's fixture files are."""

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
# The corpus of real AWS documents lies beside the checkout in this workplace; elsewhere it may not.
CORPUS = ROOT.parent / "shared" / "corpus" / "ssm-automation"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.json")) if CORPUS.is_dir() else []


@pytest.fixture
def corpus() -> list[Path]:
    files = corpus_files()
    if not files:
        pytest.skip(f"the corpus of AWS Automation documents is not at {CORPUS}")
    return files


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """One AWS emulator (moto in server mode) on loopback for the whole test session."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws_env(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point every boto3 client made in the test at the emulator, with fake credentials."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")  # a missing emulator operation answers 500: do not retry it
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return moto_endpoint
