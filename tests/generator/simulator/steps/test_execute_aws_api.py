"""aws:executeAwsApi against the emulator over HTTP, read through every Selector form."""

from generator.simulator import ClientFactory, Status
from tests.generator.simulator.documents import run_fixture, statuses


def test_api_calls_reach_the_emulator_and_selectors_type_their_outputs(clients: ClientFactory) -> None:
    record = run_fixture("aws_api_selectors", clients)

    assert record.status is Status.SUCCESS, record.failure_message
    tags = record.step("ReadTags").outputs
    assert tags["FirstKey"] == "team"
    assert tags["AllValues"] == ["sre", "2"]
    assert tags["Tier"] == "2"
    assert tags["TierNumber"] == 2
    assert tags["Tags"] == [{"Key": "team", "Value": "sre"}, {"Key": "tier", "Value": "2"}]
    assert tags["Whole"] == {"TagSet": tags["Tags"]}
    assert "Absent" not in tags  # a selector that finds nothing leaves the output unset
    listed = record.step("ListBuckets").outputs
    assert listed["Names"] == ["alpha-bucket", "beta-bucket"]
    assert [bucket["Name"] for bucket in listed["Buckets"]] == ["alpha-bucket", "beta-bucket"]
    assert record.outputs["ListBuckets.Names"] == ["alpha-bucket", "beta-bucket"]
    # Api may be written in camelCase too: createBucket ran as CreateBucket.
    assert ("s3", "CreateBucket") in {(call.service, call.operation) for call in clients.calls}


def test_an_api_error_fails_the_step_with_the_aws_message(clients: ClientFactory) -> None:
    record = run_fixture("failure_paths", clients, {"Path": "abort"})

    failed = record.step("FailAbort")
    assert failed.status is Status.FAILED
    assert "HeadBucket" in (failed.failure_message or "")
    assert statuses(record)[-1] == ("FailAbort", "Failed")
