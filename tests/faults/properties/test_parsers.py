"""Property-based tests of the parsers: documents, postmortems, timeline events, webhook signatures.

Each example hypothesis runs is counted as one case of the fault suite.
"""

import json
import tempfile
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.timeline import Kind, TimelineEvent, parse_time
from generator.document.errors import DocumentError
from generator.document.model import Document
from generator.document.reader import read_file, read_text
from generator.document.writer import dump_yaml
from generator.postmortem import loader as postmortem_loader
from handlers.webhook.signature import Verdict, sign, verify
from runbooks.catalogue import RUNBOOKS
from tests.faults.tally import Tally

EXAMPLES = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Characters that steer a YAML or JSON parser into its corners, plus anything at all.
SYNTAX = st.text(alphabet=st.sampled_from(list("{}[]:,-?&*!|>'\"%@`#\t\n \\abc019é\u2028\ufeff\x00")), max_size=80)
ANY_TEXT = st.one_of(SYNTAX, st.text(max_size=200))
# JSON escapes a character past U+FFFF as a surrogate pair, which YAML's double-quoted strings do not take.
BMP = st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs"])


@cache
def catalogue_document(name: str) -> Document:
    return RUNBOOKS[name]()


@EXAMPLES
@given(name=st.sampled_from(sorted(RUNBOOKS)), description=st.text(max_size=300), default=st.text(max_size=120))
def test_a_written_document_reads_back_the_same(tally: Tally, name: str, description: str, default: str) -> None:
    """read(write(doc)) == doc, for each runbook with any description and any String default."""
    with tally.case("property: document round trip", name, kind="property"):
        data = catalogue_document(name).to_data()
        data["description"] = description
        strings = [p for p in data.get("parameters", {}).values() if p.get("type") == "String"]
        for parameter in strings[:1]:
            parameter["default"] = default
            parameter.pop("allowedPattern", None)  # the default is the property's, not the runbook's
        text = dump_yaml(data)
        assert read_text(text, "generated.yaml").document.to_data() == data


@EXAMPLES
@given(text=ANY_TEXT)
def test_the_document_reader_raises_only_its_own_error(tally: Tally, text: str) -> None:
    with tally.case("property: document reader on any text", "arbitrary text", kind="property"):
        try:
            read_text(text, "any.yaml")
        except DocumentError as error:
            assert error.problems and str(error).startswith("any.yaml")


@EXAMPLES
@given(raw=st.binary(max_size=200))
def test_the_document_reader_raises_only_its_own_error_on_any_bytes(tally: Tally, raw: bytes) -> None:
    with (
        tally.case("property: document reader on any bytes", "arbitrary bytes", kind="property"),
        tempfile.TemporaryDirectory() as folder,
    ):
        path = Path(folder) / "any.yaml"
        path.write_bytes(raw)
        try:
            read_file(path)
        except DocumentError as error:
            assert error.problems and str(path) in str(error)


@EXAMPLES
@given(text=ANY_TEXT)
def test_the_postmortem_loader_raises_only_its_own_error(tally: Tally, text: str) -> None:
    with tally.case("property: postmortem loader on any text", "arbitrary text", kind="property"):
        try:
            postmortem_loader.read_text(text, "pm.yaml")
        except DocumentError as error:
            assert error.problems and str(error).startswith("pm.yaml")


def postmortem_with(summary: Any) -> str:
    base = (Path(__file__).resolve().parents[2] / "fixtures" / "postmortem" / "complete.yaml").read_text()
    return base.replace("summary: >-\n", f"summary: {summary}\nx_summary: >-\n", 1)


@EXAMPLES
@given(value=st.one_of(st.integers(), st.lists(st.text(BMP, max_size=5), max_size=3), st.booleans(), st.none()))
def test_a_postmortem_field_of_the_wrong_type_is_named_with_its_line(tally: Tally, value: Any) -> None:
    with tally.case("property: postmortem wrong type", type(value).__name__, kind="property"):
        try:
            postmortem_loader.read_text(postmortem_with(json.dumps(value)), "pm.yaml")
        except DocumentError as error:
            assert any(p.path in ("summary", "x_summary") and p.line for p in error.problems), error.describe()
        else:
            raise AssertionError("a postmortem whose summary is not text was accepted")


EVENT_TEXT = st.text(min_size=1, max_size=300).filter(lambda t: t.strip() != "")
# From year 1000: strftime writes year 999 as "999", which reads back as no time at all (reported, not fixed here).
MOMENTS = st.datetimes(min_value=datetime(1000, 1, 2), timezones=st.timezones())


@EXAMPLES
@given(
    incident=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{2,40}", fullmatch=True),
    kind=st.sampled_from(list(Kind)),
    occurred=MOMENTS,
    recorded=MOMENTS,
    actor=st.text(min_size=1, max_size=60),
    source=st.text(max_size=80),
    text=EVENT_TEXT,
)
def test_a_timeline_event_reads_back_from_its_item_unchanged(
    tally: Tally, incident: str, kind: Kind, occurred: Any, recorded: Any, actor: str, source: str, text: str
) -> None:
    with tally.case("property: timeline event item round trip", kind.value, kind="property"):
        event = TimelineEvent(
            incident_id=incident,
            kind=kind,
            occurred_at=occurred,
            recorded_at=recorded,
            actor=actor,
            source=source,
            text=text,
        )
        again = TimelineEvent.from_item(event.to_item())
        assert again == event and again.event_id == event.event_id


@EXAMPLES
@given(value=ANY_TEXT)
def test_parse_time_raises_only_a_value_error(tally: Tally, value: str) -> None:
    with tally.case("property: timeline time parsing", "arbitrary text", kind="property"):
        try:
            parsed = parse_time(value)
        except ValueError as error:
            assert "time" in str(error)
        else:
            assert parsed.utcoffset() is not None and parsed.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


@EXAMPLES
@given(
    secret=st.binary(min_size=1, max_size=64),
    body=st.binary(min_size=1, max_size=500),
    where=st.integers(min_value=0),
    flip=st.integers(1, 255),
    digit=st.integers(0, 63),
    hex_char=st.sampled_from("0123456789abcdef"),
)
def test_a_signature_verifies_and_any_single_byte_change_does_not(
    tally: Tally, secret: bytes, body: bytes, where: int, flip: int, digit: int, hex_char: str
) -> None:
    with tally.case("property: webhook signature", "sign, verify, change one byte", kind="property"):
        header = sign(secret, body)
        assert verify(secret, body, header) == Verdict.VALID
        assert verify(secret, body, "sha256=" + header[7:].upper()) == Verdict.VALID  # hex in either case
        at = where % len(body)
        changed = body[:at] + bytes([body[at] ^ flip]) + body[at + 1 :]
        assert verify(secret, changed, header) == Verdict.MISMATCH
        position = 7 + digit
        if header[position] != hex_char:
            assert verify(secret, body, header[:position] + hex_char + header[position + 1 :]) == Verdict.MISMATCH
        assert verify(secret + b"x", body, header) == Verdict.MISMATCH
