"""Script modules are inlined only when they can run inside aws:executeScript."""

import sys
import types
from pathlib import Path

import pytest

from generator.compiler.inline import InlineError, script_bundle, script_source
from runbooks.scripts import rollback
from tests.conftest import FIXTURES


def _module(path: Path) -> types.ModuleType:
    module = types.ModuleType(path.stem)
    module.__file__ = str(path)
    sys.modules[path.stem] = module  # inspect finds the source through the module's file
    return module


def test_a_stdlib_and_boto3_module_is_inlined_whole() -> None:
    source = script_source(rollback, "plan")
    assert source == Path(rollback.__file__).read_text()


def test_a_third_party_import_fails_naming_file_line_and_package() -> None:
    path = FIXTURES / "compiler" / "imports_requests.py"
    with pytest.raises(InlineError, match=r"imports_requests\.py:4: imports 'requests'"):
        script_source(_module(path))


def test_a_missing_handler_fails() -> None:
    path = FIXTURES / "compiler" / "no_handler.py"
    with pytest.raises(InlineError, match=r"no top-level 'def handler\(events, context\)'"):
        script_source(_module(path))


# script_bundle: a module with the local modules it imports, as one source.
BUNDLE_PACKAGE = "tests.fixtures.compiler.bundle"


def _bundle_fixture(name: str) -> types.ModuleType:
    import importlib

    return importlib.import_module(f"{BUNDLE_PACKAGE}.{name}")


def _run(source: str, events: dict[str, object]) -> object:
    namespace: dict[str, object] = {"__name__": "bundled"}
    exec(compile(source, "<bundle>", "exec"), namespace)
    handler = namespace["handler"]
    assert callable(handler)
    return handler(events, {})


def test_a_bundle_puts_dependencies_first_drops_local_imports_and_runs_without_the_package() -> None:
    bundle = script_bundle(_bundle_fixture("main"), local_package=BUNDLE_PACKAGE)
    assert bundle.index("--- tests.fixtures.compiler.bundle.shared ---") < bundle.index("def twice")
    assert bundle.index("def twice") < bundle.index("--- tests.fixtures.compiler.bundle.main ---")
    assert BUNDLE_PACKAGE not in bundle.replace("# --- tests.fixtures.compiler.bundle", "")
    assert "the dependency's handler" not in bundle
    assert bundle.count("def handler") == 1
    result = _run(bundle, {"n": 2})
    assert result == {"one": '{"doubled": 4, "limit": 3}', "two": '{"doubled": 4, "limit": 3}' * 2, "limit": 3}


def test_a_bundle_keeps_comments_docstrings_and_annotations_as_written() -> None:
    bundle = script_bundle(_bundle_fixture("main"), local_package=BUNDLE_PACKAGE)
    assert "# a comment the bundle keeps, as the console shows it" in bundle
    assert '"""A dependency: its own handler is dropped when bundled."""' in bundle


def test_a_name_defined_by_two_bundled_modules_is_refused_with_both_places() -> None:
    with pytest.raises(InlineError, match=r"clash\.py:4: 'helper' is also defined in .*shared\.py:8"):
        script_bundle(_bundle_fixture("clash"), local_package=BUNDLE_PACKAGE)


def test_a_third_party_import_in_a_dependency_fails_naming_the_dependency() -> None:
    with pytest.raises(InlineError, match=r"bad_dependency\.py:1: imports 'requests'"):
        script_bundle(_bundle_fixture("uses_bad_dependency"), local_package=BUNDLE_PACKAGE)


def test_importing_a_local_module_rather_than_its_names_is_refused() -> None:
    with pytest.raises(InlineError, match=r"module_import\.py:1: 'shared' is a module"):
        script_bundle(_bundle_fixture("module_import"), local_package=BUNDLE_PACKAGE)


def test_no_generated_document_packs_or_compresses_a_script() -> None:
    """Every script an operator can open in the console is the module's source, readable: nothing packed."""
    from runbooks.catalogue import RUNBOOKS

    for name, build in RUNBOOKS.items():
        for _, step in build().all_steps():
            if step.action == "aws:executeScript":
                script = step.inputs.Script
                assert "b85decode" not in script and "exec(compile(" not in script, f"{name} {step.name}"
                assert '"""' in script, f"{name} {step.name}: the module's docstrings are gone"


def test_every_evidence_step_bundles_to_stdlib_and_boto3_only() -> None:
    import importlib

    from generator.compiler.inline import bundled_modules

    paging = {"alarms", "traces", "metrics", "manual_actions"}  # the sources that write a listing's pages as read
    for name in ("alarms", "deployments", "logs", "traces", "metrics", "snapshots", "manual_actions"):
        module = importlib.import_module(f"runbooks.scripts.evidence.{name}")
        bundled = bundled_modules(module)
        assert bundled[-1] == module.__name__ and "runbooks.scripts.evidence.source" in bundled
        # Each source's document carries what its step runs, no more: the reader role's name, not the
        # organisation's module; the pages-into-an-artefact helper only where the source pages.
        assert "runbooks.scripts.org" not in bundled and "runbooks.scripts.evidence_reader" in bundled
        assert ("runbooks.scripts.evidence.gather" in bundled) == (name in paging), name
        compile(script_bundle(module), name, "exec")
    timeline = importlib.import_module("runbooks.scripts.evidence.timeline")
    assert "runbooks.scripts.timeline_event" in bundled_modules(timeline)
