"""AWS runs every corpus document today, so the validator must report no error on any of them.

The corpus documents are published by AWS, under names reserved for AWS, so they are validated as
Amazon-owned. Errors that AWS itself would refuse today are listed in KNOWN_REAL_DEFECTS with why.
"""

from pathlib import Path

from generator.validator.context import Owner
from generator.validator.engine import validate_file
from generator.validator.finding import Severity

# (document, rule): defects AWS would refuse if the document were created today.
KNOWN_REAL_DEFECTS: dict[tuple[str, str], str] = {}

# E5001: aws:executeScript runtimes python3.6-3.8 can no longer be created or run (FACTS.md, SSM section);
# these documents predate the retirement and still name one.
RETIRED_RUNTIME_DOCUMENTS = {
    "AWSDocs-S3StaticWebsite": "python3.6",
    "AWSDocs-S3StaticWebsiteCustomDomain": "python3.6",
    "AWSQuickSetup-CreateAndAttachIAMToInstance-c3fwb": "python3.6",
    "AWSQuickSetup-CreateAndAttachIAMToInstanceV2-c3fwb": "python3.8",
    "AWSQuickSetup-ResourceExplorer-Automation-EnableAREX-f8mxb": "python3.8",
    "AWSResilienceHub-ChangeHttpWsApiGwThrottlingSettingsSOP_2020-10-26": "python3.7",
    "AWSResilienceHub-ChangeRestApiGwThrottlingSettingsSOP_2020-10-26": "python3.7",
    "AWSResilienceHub-PerformDRSDrillSOP_2022-09-18": "python3.6",
    "AWSResilienceHub-RestoreFromBackupEbsSOP_2020-05-26": "python3.6",
    "AWSResilienceHub-SimulateRestApiGwNetworkUnavailableTest_2020-09-21": "python3.7",
    "AWSResilienceHub-TriggerHttpWsApiGwThrottlingTest_2020-09-21": "python3.7",
    "AWSSupport-TroubleshootEC2NotRegisteringToECSCluster": "python3.7",
}
KNOWN_REAL_DEFECTS |= {
    (stem, "E5001"): f"aws:executeScript Runtime {runtime} is retired"
    for stem, runtime in RETIRED_RUNTIME_DOCUMENTS.items()
}


def test_no_false_error_on_any_corpus_document(corpus: list[Path]) -> None:
    unexpected = []
    for path in corpus:
        for finding in validate_file(path, Owner.AMAZON):
            if finding.severity == Severity.ERROR and (path.stem, finding.rule) not in KNOWN_REAL_DEFECTS:
                unexpected.append(finding.as_text())
    assert unexpected == []


def test_known_real_defects_are_still_found(corpus: list[Path]) -> None:
    by_stem = {p.stem: p for p in corpus}
    for stem, rule in KNOWN_REAL_DEFECTS:
        findings = validate_file(by_stem[stem], Owner.AMAZON)
        assert any(f.rule == rule and f.severity == Severity.ERROR for f in findings), (stem, rule)
