"""The one Lambda zip: handlers/, domain/ and their runtime packages, built for Lambda's platform.

Packages come as manylinux2014_x86_64 wheels for CPython 3.11 (the functions' runtime), whatever this
machine runs, pinned to the versions the tests ran against (this environment's). The zip is
deterministic (sorted entries, fixed timestamps, no bytecode), so an unchanged tree gives the same
SHA-256, the same S3 key and so no change to deploy. boto3 is left out: Lambda's runtime has it.
"""

import hashlib
import importlib.metadata
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.stack.functions import ARCHITECTURE, RUNTIME
from generator.stack.handler_specs import HANDLERS, HandlerSpec, requirements

PLATFORM = "manylinux2014_x86_64"
PYTHON_VERSION = RUNTIME.removeprefix("python")
SOURCES = ("handlers", "domain")
# Never in the zip: the generator, the CLI, template builders and test or lint tools.
FORBIDDEN = ("generator", "runbooks", "troposphere", "cfnlint", "moto", "pytest", "_pytest", "hypothesis", "mypy")
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
LAMBDA_ZIP_LIMIT = 50 * 1024 * 1024  # direct upload limit; unzipped the limit is 250 MB
assert ARCHITECTURE == "x86_64", "PLATFORM must follow the functions' architecture"


class PackageError(Exception):
    pass


@dataclass(frozen=True)
class Package:
    path: Path
    sha256: str
    size: int
    unzipped_size: int
    requirements: list[str]

    @property
    def key(self) -> str:
        return f"closeloop/lambda/{self.sha256}.zip"


def pinned(names: list[str]) -> list[str]:
    """Each requirement at the version installed here (what the tests ran against), else unpinned."""
    pins = []
    for name in names:
        try:
            pins.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            pins.append(name)
    return pins


def check_handler_code(root: Path, handlers: tuple[HandlerSpec, ...]) -> None:
    missing = [
        f"handlers/{spec.name}/app.py" for spec in handlers if not (root / "handlers" / spec.name / "app.py").is_file()
    ]
    if missing:
        raise PackageError(f"the stack declares handler(s) whose code is missing: {', '.join(missing)}")
    without = [
        spec.entry for spec in handlers if "def handler(" not in (root / "handlers" / spec.name / "app.py").read_text()
    ]
    if without:
        raise PackageError(f"no `def handler(event, context)` for: {', '.join(without)}")


def install_dependencies(reqs: list[str], cache: Path) -> Path:
    """pip-install the requirements for Lambda's platform once per distinct set, under `cache`."""
    digest = hashlib.sha256("\n".join([PLATFORM, PYTHON_VERSION, *reqs]).encode()).hexdigest()[:16]
    target = cache / f"deps-{digest}"
    if target.is_dir():
        return target
    staging = cache / f"deps-{digest}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    command = [
        sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
        "--platform", PLATFORM, "--implementation", "cp", "--python-version", PYTHON_VERSION,
        "--only-binary=:all:", "--target", str(staging), *reqs,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PackageError(f"pip could not fetch Lambda wheels for {' '.join(reqs)}:\n{result.stderr.strip()}")
    staging.rename(target)
    return target


def _entries(root: Path, deps: Path) -> dict[str, Path]:
    """Archive name -> file: the dependencies first, then handlers/ and domain/ (which win on a clash)."""
    entries: dict[str, Path] = {}
    for base, folder in [(deps, deps), *((root, root / name) for name in SOURCES)]:
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(base)
            if path.is_dir() or "__pycache__" in relative.parts or path.suffix == ".pyc" or relative.parts[0] == "bin":
                continue
            entries[relative.as_posix()] = path
    return entries


def write_zip(entries: dict[str, Path], target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name].read_bytes(), compresslevel=9)


def build_package(
    root: Path, out: Path, handlers: tuple[HandlerSpec, ...] = HANDLERS, cache: Path | None = None
) -> Package:
    """The zip under `out`; pip's installs are kept under `cache` (default `out/cache`) per requirement set."""
    check_handler_code(root, handlers)
    reqs = pinned(requirements(handlers))
    deps = install_dependencies(reqs, cache or out / "cache")
    entries = _entries(root, deps)
    forbidden = sorted({name.split("/")[0] for name in entries} & set(FORBIDDEN))
    if forbidden:
        raise PackageError(f"the Lambda package would carry {', '.join(forbidden)}: a requirement pulls it in")
    staging = out / "closeloop-handlers.zip.partial"
    write_zip(entries, staging)
    digest = hashlib.sha256(staging.read_bytes()).hexdigest()
    final = out / f"closeloop-handlers-{digest[:12]}.zip"
    staging.replace(final)
    size = final.stat().st_size
    if size > LAMBDA_ZIP_LIMIT:
        raise PackageError(f"{final} is {size / 2**20:.1f} MiB, over Lambda's 50 MiB zip limit")
    return Package(final, digest, size, sum(p.stat().st_size for p in entries.values()), reqs)
