"""Tests for kg.ner: the statistical PER/LOC/ORG tagger and its model file."""

from __future__ import annotations

import doctest
import io
import zipfile

import pytest

import kg.ner as ner
from kg.errors import DataError
from kg.ner import NerSpan, entities, load_model, spans_from_bio, tag_tokens

MERKEL = "Bundeskanzlerin Angela Merkel sprach in Berlin mit Vertretern der Deutschen Bank."


def test_model_loads_and_is_cached():
    m = load_model()
    assert m.labels[0] == "O"
    assert {lab[2:] for lab in m.labels if lab != "O"} == {"PER", "LOC", "ORG"}
    assert m.meta["feature_version"] == ner.FEATURE_VERSION
    assert load_model() is m


def test_merkel_sentence():
    got = [(s.text, s.type) for s in entities(MERKEL)]
    assert ("Angela Merkel", "PER") in got
    assert ("Berlin", "LOC") in got
    assert any(t == "ORG" and "Deutschen Bank" in x for x, t in got)
    # the role noun stays outside the person span (GermEval convention)
    assert all("Bundeskanzlerin" not in x for x, _ in got)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Der französische Präsident Emmanuel Macron reist nach Paris.", [("Emmanuel Macron", "PER"), ("Paris", "LOC")]),
        ("Siemens-Chef Joe Kaeser sagte am Montag in München, der Umsatz steige.", [("Joe Kaeser", "PER"), ("München", "LOC")]),
        ("In Wien traf sich Olaf Scholz mit Vertretern der Europäischen Union.", [("Wien", "LOC"), ("Olaf Scholz", "PER")]),
    ],
)
def test_news_sentences(text, expected):
    got = [(s.text, s.type) for s in entities(text)]
    for item in expected:
        assert item in got, (item, got)


def test_no_entities_in_plain_sentence():
    assert entities("Das Wetter war gestern schön und die Kinder spielten im Garten.") == []


def test_offsets_match_text():
    text = "Vorspann.\n\n" + MERKEL + " Danach flog Merkel nach Paris."
    spans = entities(text)
    assert spans
    for s in spans:
        assert isinstance(s, NerSpan)
        assert text[s.start : s.end] == s.text
        assert s.type in ("PER", "LOC", "ORG")
        assert 0.0 <= s.score <= 1.0
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_start_end_window():
    text = "Olaf Scholz war da. " + MERKEL
    off = len("Olaf Scholz war da. ")
    spans = entities(text, off)
    assert spans and all(s.start >= off for s in spans)
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert entities(text, 5, 5) == []
    assert entities("") == []


def test_tag_tokens_shapes_and_bio():
    words = ["Angela", "Merkel", "sprach", "in", "Berlin", "."]
    tags = tag_tokens(words)
    assert len(tags) == len(words)
    assert tags[4] == "B-LOC"
    assert tags[0] == "B-PER" and tags[1] == "I-PER"
    assert tag_tokens([]) == []
    # I-X never follows O or another type (constrained decoding)
    long = "Die Deutsche Bank und die Commerzbank in Frankfurt am Main melden Gewinne .".split()
    prev = "O"
    for t in tag_tokens(long):
        if t.startswith("I-"):
            assert prev[2:] == t[2:]
        prev = t


def test_deterministic():
    a = [(s.start, s.end, s.type, s.score) for s in entities(MERKEL)]
    load_model()._cache.clear()
    b = [(s.start, s.end, s.type, s.score) for s in entities(MERKEL)]
    assert a == b


def test_spans_from_bio():
    assert spans_from_bio(["O", "B-PER", "I-PER", "I-LOC"]) == [(1, 3, "PER"), (3, 4, "LOC")]
    assert spans_from_bio([]) == []


def test_bad_model_file_raises_dataerror(tmp_path):
    with pytest.raises(DataError):
        ner.read_model(tmp_path / "missing.zip")
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(DataError):
        ner.read_model(bad)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("meta.json", '{"feature_version": -1}')
        zf.writestr("features.txt", "")
        zf.writestr("weights.f32", b"")
    with pytest.raises(DataError, match="feature version"):
        ner.read_model(io.BytesIO(buf.getvalue()))


def test_model_size_limit():
    from importlib import resources

    size = resources.files("kg").joinpath(ner.MODEL_RESOURCE).read_bytes()
    assert len(size) < 25_000_000


def test_doctests():
    result = doctest.testmod(ner, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
