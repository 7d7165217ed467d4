"""`closeloop build [--check]`: write templates/ from the runbook catalogue, or check it is fresh."""

import argparse
import sys
from pathlib import Path

from generator.compiler.build import BuildError, compare, render_all, write
from generator.compiler.inline import InlineError


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser("build", help="generate templates/ from the runbook catalogue", description=__doc__)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 naming each stale file")
    parser.add_argument("--root", type=Path, default=Path("."), help="the repository root (default: .)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        files = render_all()
    except (BuildError, InlineError) as error:
        print(f"closeloop build: a runbook is not valid, nothing was written:\n{error}", file=sys.stderr)
        return 1
    if args.check:
        drift = compare(args.root, files)
        for label, paths in (("stale", drift.stale), ("missing", drift.missing), ("extra", drift.extra)):
            for path in paths:
                print(f"{label}: {path}")
        if not drift.clean:
            print("templates/ is not what the runbooks generate: run `closeloop build`", file=sys.stderr)
            return 1
        print(f"templates/ is fresh ({len(files)} file(s))")
        return 0
    changed = write(args.root, files)
    for path in changed:
        print(f"wrote {path}" if (args.root / path).exists() else f"removed {path}")
    print(f"{len(files)} file(s) generated, {len(changed)} changed")
    return 0
