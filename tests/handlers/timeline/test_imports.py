"""The Lambda package carries handlers/ and domain/ only: the handler imports nothing from generator/ or runbooks/."""

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_the_handler_imports_neither_generator_nor_runbooks_nor_heavy_libraries() -> None:
    probe = "import sys, json, handlers.timeline.app; print(json.dumps(sorted(sys.modules)))"
    loaded = json.loads(subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, check=True).stdout)
    top = {name.split(".")[0] for name in loaded}
    assert not top & {"generator", "runbooks", "troposphere", "matplotlib", "jira"}
    assert {"domain", "aws_lambda_powertools", "pydantic", "boto3"} <= top
