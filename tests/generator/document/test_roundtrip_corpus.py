"""Every real AWS document reads into the model and writes back unchanged in meaning."""

import json
from pathlib import Path

from generator.document import UnknownStep
from generator.document.reader import read_file, read_text
from generator.document.writer import to_json, to_yaml


def test_every_corpus_document_round_trips_through_yaml_and_json(corpus: list[Path]) -> None:
    for path in corpus:
        loaded = read_file(path)
        assert loaded.document.to_data() == json.loads(path.read_text()), f"{path.name}: the model lost data"
        for text, source in ((to_yaml(loaded.document), "x.yaml"), (to_json(loaded.document), "x.json")):
            again = read_text(text, source)
            assert again.document == loaded.document, path.name
            assert again.data == loaded.data, path.name


def test_every_corpus_action_has_a_typed_model(corpus: list[Path]) -> None:
    untyped = {
        (path.name, step.action)
        for path in corpus
        for _, step in read_file(path).document.all_steps()
        if isinstance(step, UnknownStep)
    }
    assert untyped == set()


def test_writing_is_deterministic(corpus: list[Path]) -> None:
    for path in corpus[:40]:
        document = read_file(path).document
        assert to_yaml(document) == to_yaml(read_text(to_yaml(document), "x.yaml").document)
