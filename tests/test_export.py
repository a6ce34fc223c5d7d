"""kg.export: every format re-parses to the same graph and is byte-identical across runs."""

from __future__ import annotations

import io
import json
import random

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg import export as ex
from kg import vocab
from kg.errors import UsageError
from kg.store import open_store, write_store

from sparql_fixture import load_fixture as _load_plain  # noqa: E402
ID = vocab.ID
ART_A = ID["article/7c1e9a20b4d35f68"]
RDF_FORMATS = ["turtle", "nt", "nquads", "trig", "jsonld"]
DATASET_FORMATS = {"nquads": "nquads", "trig": "trig", "jsonld": "json-ld"}
GRAPH_FORMATS = {"turtle": "turtle", "nt": "nt"}


def load_fixture() -> Dataset:
    ds = _load_plain()
    # awkward literals: line breaks, quotes, backslashes, a long string with triple quotes
    g = ds.graph(ART_A)
    g.add((ID["quote/1f2e3d4c5b6a"], vocab.KG.note, Literal('Zeile 1\nZeile 2 mit "Anführung" und \\ und """')))
    g.add((ID["quote/1f2e3d4c5b6a"], vocab.KG.note, Literal("  eingerückt\n    weiter", lang="de")))
    return ds


def shuffled(ds: Dataset, seed: int) -> Dataset:
    quads = list(ds.quads((None, None, None, None)))
    random.Random(seed).shuffle(quads)
    out = Dataset()
    for s, p, o, g in quads:
        out.graph(g).add((s, p, o))
    return out


def union(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def named_graphs(ds: Dataset) -> dict[URIRef, Graph]:
    return {g.identifier: g for g in ds.graphs() if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID}


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_fixture()


def dump(ds: Dataset, fmt: str) -> bytes:
    buf = io.BytesIO()
    ex.export(ds, fmt, buf)
    return buf.getvalue()


def test_registry():
    infos = {f.name: f for f in ex.formats()}
    assert list(infos) == ["turtle", "nt", "nquads", "trig", "jsonld", "graphml"]
    assert infos["turtle"].extension == ".ttl" and infos["turtle"].media_type == "text/turtle"
    assert infos["jsonld"].media_type == "application/ld+json"
    assert all(f.description for f in infos.values())
    assert ex.format_for_path("x/graph.trig") == "trig"
    with pytest.raises(UsageError, match="cannot tell the export format"):
        ex.format_for_path("graph.txt")


def test_unknown_format_lists_the_valid_ones(ds):
    with pytest.raises(UsageError) as exc:
        ex.export(ds, "rdfxml", io.BytesIO())
    assert str(exc.value) == "unknown export format 'rdfxml' (valid: turtle, nt, nquads, trig, jsonld, graphml)"


def test_registry_is_lazy():
    ex.register(ex.FormatInfo("ghost", ".ghost", "text/x-ghost", "needs a missing module"), "kg_no_such_module:write")
    try:
        assert "ghost" in [f.name for f in ex.formats()]  # listing does not import
        with pytest.raises(ModuleNotFoundError):
            ex.get_writer("ghost")
        assert dump(Dataset(), "nt") == b""  # the other formats still work
    finally:
        ex._REGISTRY.pop("ghost")


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_reparses_to_the_same_graph(fmt, ds):
    data = dump(ds, fmt)
    if fmt in GRAPH_FORMATS:
        g = Graph().parse(data=data.decode("utf-8"), format=GRAPH_FORMATS[fmt])
        assert isomorphic(g, union(ds))
    else:
        back = Dataset()
        back.parse(data=data.decode("utf-8"), format=DATASET_FORMATS[fmt])
        got, want = named_graphs(back), named_graphs(ds)
        assert set(got) == set(want)
        for gid in want:
            assert isomorphic(got[gid], want[gid]), gid


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_byte_identical_across_runs_and_insertion_orders(fmt, ds):
    first = dump(ds, fmt)
    assert dump(ds, fmt) == first
    assert dump(shuffled(ds, 1), fmt) == first
    assert dump(shuffled(ds, 2), fmt) == first


def test_nt_and_nquads_are_sorted(ds):
    for fmt in ("nt", "nquads"):
        lines = dump(ds, fmt).decode("utf-8").splitlines()
        assert lines == sorted(lines) and len(lines) == len(set(lines))
    assert len(dump(ds, "nt").splitlines()) == len(union(ds))


def test_turtle_uses_kg_prefixes(ds):
    text = dump(ds, "turtle").decode("utf-8")
    assert "@prefix kg: <https://w3id.org/kg-news/ns#> ." in text
    assert "@prefix schema: <https://schema.org/> ." in text
    assert "a schema:Person" in text


def test_trig_has_one_graph_per_article(ds):
    text = dump(ds, "trig").decode("utf-8")
    assert text.count(f"<{ART_A}> {{") == 1
    assert text.count(f"<{ID['article/e4d09b6a21c8f357']}> {{") == 1


def test_jsonld_is_sorted_with_a_context(ds):
    doc = json.loads(dump(ds, "jsonld"))
    assert doc["@context"]["kgid"] == str(vocab.ID)
    graphs = doc["@graph"]
    assert [g["@id"] for g in graphs] == sorted(g["@id"] for g in graphs)
    nodes = graphs[0]["@graph"]
    ids = [n["@id"] for n in nodes]
    assert ids == sorted(ids)
    assert all(list(n) == sorted(n) for n in nodes)
    person = next(n for n in nodes if n["@id"] == "kgid:person/karl-hofstetter")
    assert person["@type"] == ["schema:Person"]


def test_default_graph_triples_survive_dataset_formats():
    ds = Dataset()
    ds.add((ID["x"], vocab.RDFS.label, Literal("im Standardgraphen")))
    ds.graph(ART_A).add((ID["y"], vocab.RDFS.label, Literal("benannt")))
    for fmt, parser in DATASET_FORMATS.items():
        back = Dataset()
        back.parse(data=dump(ds, fmt).decode("utf-8"), format=parser)
        assert (ID["x"], vocab.RDFS.label, Literal("im Standardgraphen")) in back.default_graph, fmt
        assert len(back.graph(ART_A)) == 1, fmt


def test_export_to_path_is_atomic(tmp_path, ds):
    dest = tmp_path / "out" / "graph.ttl"
    ex.export(ds, "turtle", dest)
    first = dest.read_bytes()
    assert first == dump(ds, "turtle")

    def failing(_ds, out):
        out.write(b"half a file")
        raise RuntimeError("disk full")

    ex.register(ex.FormatInfo("failing", ".ttl", "text/turtle", "fails"), failing)
    try:
        with pytest.raises(RuntimeError):
            ex.export(ds, "failing", dest)
    finally:
        ex._REGISTRY.pop("failing")
    assert dest.read_bytes() == first  # the old file is untouched
    assert [p.name for p in dest.parent.iterdir()] == ["graph.ttl"]  # no temporary files left


def test_export_from_the_built_store(tmp_path, ds):
    write_store(ds, tmp_path / "store")
    with open_store(tmp_path) as store:
        from_store = store.dataset()
    assert dump(from_store, "nquads") == dump(ds, "nquads")
    assert dump(from_store, "turtle") == dump(ds, "turtle")


def test_graphml(ds):
    pytest.importorskip("kg.project")
    pytest.importorskip("kg.stats")
    import networkx as nx

    data = dump(ds, "graphml")
    g = nx.read_graphml(io.BytesIO(data))
    assert g.number_of_nodes() > 0
    assert dump(ds, "graphml") == data
