"""Script modules are inlined only when they can run inside aws:executeScript."""

import sys
import types
from pathlib import Path

import pytest

from generator.compiler.inline import InlineError, script_source
from runbooks.scripts import timeline_event
from tests.conftest import FIXTURES


def _module(path: Path) -> types.ModuleType:
    module = types.ModuleType(path.stem)
    module.__file__ = str(path)
    sys.modules[path.stem] = module  # inspect finds the source through the module's file
    return module


def test_a_stdlib_and_boto3_module_is_inlined_whole() -> None:
    source = script_source(timeline_event)
    assert source == Path(timeline_event.__file__).read_text()


def test_a_third_party_import_fails_naming_file_line_and_package() -> None:
    path = FIXTURES / "compiler" / "imports_requests.py"
    with pytest.raises(InlineError, match=r"imports_requests\.py:4: imports 'requests'"):
        script_source(_module(path))


def test_a_missing_handler_fails() -> None:
    path = FIXTURES / "compiler" / "no_handler.py"
    with pytest.raises(InlineError, match=r"no top-level 'def handler\(events, context\)'"):
        script_source(_module(path))
