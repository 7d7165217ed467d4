"""The Lambda zip: handlers/ and domain/ with manylinux wheels for CPython 3.11, nothing of the generator."""

import shutil
import zipfile
from pathlib import Path

import pytest

from generator.stack.handler_specs import HANDLERS, HandlerSpec
from generator.stack.package import LAMBDA_ZIP_LIMIT, Package, PackageError, build_package
from tests.conftest import ROOT

# pip's installs for Lambda's platform are kept between runs (build/ is ignored by git).
CACHE = ROOT / "build" / "lambda" / "cache"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Package:
    return build_package(ROOT, tmp_path_factory.mktemp("zip"), cache=CACHE)


def names(package: Package) -> list[str]:
    with zipfile.ZipFile(package.path) as archive:
        return archive.namelist()


def test_the_zip_carries_every_handler_the_domain_and_linux_wheels(package: Package) -> None:
    inside = names(package)
    for spec in HANDLERS:
        assert f"handlers/{spec.name}/app.py" in inside
    assert "domain/table.py" in inside
    assert any(n.startswith("pydantic_core/_pydantic_core.cpython-311-x86_64-linux-gnu") for n in inside)
    assert any(n.startswith("aws_lambda_powertools/") for n in inside)


def test_the_zip_carries_no_generator_cli_test_tools_or_boto3(package: Package) -> None:
    top = {n.split("/")[0] for n in names(package)}
    for absent in ("generator", "runbooks", "tests", "troposphere", "moto", "pytest", "cfnlint", "boto3", "botocore"):
        assert absent not in top
    assert not [n for n in names(package) if "__pycache__" in n or n.endswith(".pyc")]


def test_the_zip_is_small_and_the_same_for_the_same_tree(package: Package, tmp_path: Path) -> None:
    assert package.size < LAMBDA_ZIP_LIMIT / 5
    assert package.unzipped_size < 250 * 2**20 / 5
    again = build_package(ROOT, tmp_path, cache=CACHE)
    assert again.sha256 == package.sha256
    assert package.key == f"closeloop/lambda/{package.sha256}.zip"
    assert all(r.count("==") == 1 for r in package.requirements)


def test_a_handler_without_code_is_refused_before_anything_is_built(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(ROOT / "domain", root / "domain")
    (root / "handlers").mkdir(parents=True)
    ghost = HandlerSpec(name="ghost", description="no code", grants=(), triggers=())
    with pytest.raises(PackageError, match=r"handlers/ghost/app\.py"):
        build_package(root, tmp_path / "out", handlers=(ghost,), cache=CACHE)
