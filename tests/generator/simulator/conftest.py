"""One embedded emulator for all the simulator's tests; each test gets fresh clients and a reset emulator."""

import os
from collections.abc import Iterator

import pytest

from generator.emulator.server import reset as reset_emulator
from generator.emulator.server import running_emulator as embedded_emulator
from generator.simulator import ClientFactory

# moto's catalogue of public images makes each EC2 reset take seconds; these tests launch their own image ids.
WITHOUT_PUBLIC_IMAGES = ("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")


@pytest.fixture(scope="package")
def emulator_url() -> Iterator[str]:
    # Package scope: the setting is undone before other packages' tests, which may use moto's images.
    name, value = WITHOUT_PUBLIC_IMAGES
    saved = os.environ.get(name)
    os.environ[name] = value
    try:
        with embedded_emulator() as url:
            yield url
    finally:
        if saved is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = saved


@pytest.fixture
def clients(emulator_url: str) -> ClientFactory:
    reset_emulator(emulator_url)
    return ClientFactory(emulator_url)
