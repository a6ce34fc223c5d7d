"""kg.store: building, opening and querying the persistent store (pyoxigraph and rdflib backends)."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal
from rdflib.compare import isomorphic

from kg import vocab
from kg.errors import DataError, KgError, QueryError, UsageError
from kg.results import QueryResult
from kg.store import (
    KgStore,
    QueryBackend,
    RdflibStore,
    SparqlSyntaxError,
    StoreInfo,
    find_store_dir,
    memory_store,
    nquad_lines,
    open_store,
    parse_syntax_error,
    write_store,
)

ID = vocab.ID
ART_A = ID["article/7c1e9a20b4d35f68"]
ART_B = ID["article/e4d09b6a21c8f357"]
HOF = ID["person/karl-hofstetter"]
SUMMARY = ID["graph/summary"]  # the fixture's generated summary graph (kg.dataset.SUMMARY_GRAPH)




def quad_count(ds: Dataset) -> int:
    return sum(len(g) for g in ds.graphs())


@pytest.fixture(params=["oxigraph", "rdflib"])
def backend(request, ds) -> QueryBackend:
    return memory_store(ds) if request.param == "oxigraph" else RdflibStore(ds)


# ------------------------------------------------------------------ building and opening


def test_write_store_reports_what_it_built(tmp_path, ds):
    info = write_store(ds, tmp_path / "store")
    assert isinstance(info, StoreInfo)
    assert info.directory == tmp_path / "store"
    assert info.quads == quad_count(ds) == 1060  # 2 article graphs (1,021 quads) + the summary graph (39)
    assert info.graphs == 3
    assert info.seconds >= 0
    # no temporary files or directories left beside the store
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_open_store_accepts_store_or_out_dir(built):
    for where in (built, built / "store"):
        with open_store(where) as store:
            assert store.graphs() == [ART_A, ART_B, SUMMARY]
            assert store.read_only
            assert len(store) > 900


def test_store_roundtrips_the_dataset(built, ds):
    with open_store(built) as store:
        back = store.dataset()
    for g in ds.graphs():
        if len(g):
            assert isomorphic(back.graph(g.identifier), g)


def test_missing_store_is_a_one_line_data_error(tmp_path):
    with pytest.raises(DataError) as exc:
        open_store(tmp_path / "store")
    assert str(exc.value) == f"no graph built in {tmp_path}/ — run `kg build` first"
    with pytest.raises(DataError) as exc:
        open_store(tmp_path)
    assert str(exc.value) == f"no graph built in {tmp_path}/ — run `kg build` first"


def test_corrupt_store_is_a_one_line_data_error(tmp_path):
    bad = tmp_path / "store"
    bad.mkdir()
    (bad / "CURRENT").write_text("MANIFEST-garbage\n")
    with pytest.raises(DataError) as exc:
        open_store(bad)
    msg = str(exc.value)
    assert "\n" not in msg
    assert msg.startswith(f"the graph in {bad}/ cannot be opened (")
    assert msg.endswith("run `kg build` again")


def test_rebuild_replaces_the_store(tmp_path, ds):
    write_store(ds, tmp_path / "store")
    one = [(HOF, vocab.RDF.type, vocab.SCHEMA.Person, ART_A)]
    info = write_store(one, tmp_path / "store")
    assert (info.quads, info.graphs) == (1, 1)
    with open_store(tmp_path / "store") as store:
        assert len(store) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_interrupted_build_keeps_the_old_store(tmp_path, ds):
    write_store(ds, tmp_path / "store")

    def broken():
        yield (HOF, vocab.RDF.type, vocab.SCHEMA.Person, ART_A)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_store(broken(), tmp_path / "store")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
    with open_store(tmp_path / "store") as store:
        assert len(store) == quad_count(ds)


def test_stale_temp_dirs_of_dead_builds_are_removed(tmp_path, ds):
    # a pid that cannot exist (beyond pid_max) stands for a killed build
    stale = tmp_path / ".store.tmp-999999999-abc"
    stale.mkdir()
    (stale / "junk").write_text("x")
    write_store(ds, tmp_path / "store")
    assert not stale.exists()


def test_swap_interrupted_between_renames_is_recovered(tmp_path, ds):
    write_store(ds, tmp_path / "store")
    os.replace(tmp_path / "store", tmp_path / ".store.old")  # as if killed between the two renames
    with open_store(tmp_path) as store:
        assert len(store) == quad_count(ds)
    assert (tmp_path / "store").is_dir()


def test_find_store_dir(built):
    assert find_store_dir(built) == built / "store"
    assert find_store_dir(built / "store") == built / "store"


def test_quads_input_kinds(tmp_path):
    quads = [
        (HOF, vocab.RDFS.label, Literal("K", lang="de"), ART_A),
        (HOF, vocab.RDF.type, vocab.SCHEMA.Person),  # a triple: default graph
        ox.Quad(ox.NamedNode(str(HOF)), ox.NamedNode(str(vocab.KG.x)), ox.Literal("1"), ox.NamedNode(str(ART_B))),
    ]
    info = write_store(quads, tmp_path / "s")
    # the default-graph triple is part of the queryable union but not of the named graphs
    assert (info.quads, info.graphs) == (2, 2)
    with open_store(tmp_path / "s") as store:
        r = store.query("SELECT ?p WHERE { ?s ?p ?o } ORDER BY ?p")
    assert [str(x[0]) for x in r.rows] == [str(vocab.RDF.type), str(vocab.RDFS.label), str(vocab.KG.x)]


def test_nquad_lines_escape_literals():
    lines = list(nquad_lines([(HOF, vocab.KG.note, Literal('a "b"\n\tc\\'), ART_A)]))
    assert lines == [f'<{HOF}> <{vocab.KG.note}> "a \\"b\\"\\n\\tc\\\\" <{ART_A}> .\n']


# ------------------------------------------------------------------ incremental updates


def test_replace_and_remove_graph(tmp_path, ds):
    write_store(ds, tmp_path / "store")
    with open_store(tmp_path, read_only=False) as store:
        n = store.replace_graph(ART_B, [(HOF, vocab.RDFS.label, Literal("Neu", lang="de"), ART_A)])
        assert n == 1  # the quad's own graph is ignored: it goes into ART_B
        r = store.query("SELECT ?g WHERE { GRAPH ?g { ?s rdfs:label \"Neu\"@de } }")
        assert r.rows == [(ART_B,)]
        store.remove_graph(ART_B)
        store.remove_graph(ID["article/none"])  # absent: no error
        assert store.graphs() == [ART_A, SUMMARY]
    with open_store(tmp_path) as store:
        assert store.graphs() == [ART_A, SUMMARY]


def test_read_only_store_refuses_updates(built):
    with open_store(built) as store, pytest.raises(UsageError, match="read-only"):
        store.remove_graph(ART_A)


def test_closed_store(built):
    store = open_store(built)
    store.close()
    with pytest.raises(DataError, match="closed"):
        store.query("ASK {}")


# ------------------------------------------------------------------ querying


def test_backends_follow_the_protocol(backend):
    assert isinstance(backend, QueryBackend)


def test_union_default_graph(backend):
    # the meeting's participants are stated in both article graphs, but the union has them once
    r = backend.query("SELECT (COUNT(*) AS ?n) WHERE { ?e a kg:Meeting ; schema:location ?l ; schema:participant ?p }")
    assert r.vars == ["n"]
    assert int(r.rows[0][0]) == 2


def test_union_has_set_semantics(backend, ds):
    # a triple stated by both articles counts once (RDF merge), on every engine
    distinct = len({(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))})
    r = backend.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(r.rows[0][0]) == distinct == 957  # 918 in the article graphs + 39 in the summary graph
    r = backend.query("SELECT ?p WHERE { ?p a schema:Person } ORDER BY ?p")
    assert len(r.rows) == len(set(r.rows)) == 4
    # GRAPH ?g still sees each article graph
    r = backend.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(r.rows[0][0]) == quad_count(ds)


def test_on_disk_store_materialises_the_union(built, ds):
    with open_store(built) as store:
        assert store.union_materialised
        assert len(store) == quad_count(ds)
        assert int(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]) == 957


def test_store_without_union_uses_the_union_flag():
    s = ox.Store()
    g1, g2 = ox.NamedNode(str(ART_A)), ox.NamedNode(str(ART_B))
    for g in (g1, g2):
        s.add(ox.Quad(ox.NamedNode(str(HOF)), ox.NamedNode(str(vocab.RDF.type)), ox.NamedNode(str(vocab.SCHEMA.Person)), g))
    store = KgStore(s)
    assert not store.union_materialised
    assert store.query("ASK { ?p a schema:Person }").boolean is True


def test_replace_graph_keeps_the_union_in_step(tmp_path, ds):
    write_store(ds, tmp_path / "store")
    with open_store(tmp_path, read_only=False) as store:
        store.replace_graph(ART_B, [(HOF, vocab.RDFS.label, Literal("Neu", lang="de"))])
        only_a = {(s, p, o) for s, p, o, g in ds.quads((None, None, None, None)) if g in (ART_A, SUMMARY)}
        n = int(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0])
        assert n == len(only_a) + 1
        # a triple both articles stated stays in the union while A still states it
        assert store.query("ASK { kgid:event\\/meeting-5a1f0c9e2b a kg:Meeting }").boolean is True
        assert store.query("ASK { ?x kg:duration ?d }").boolean is False  # only B said it
        store.remove_graph(ART_A)
        store.remove_graph(SUMMARY)
        assert store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows == [
            (HOF, vocab.RDFS.label, Literal("Neu", lang="de"))]


def test_prefixes_are_predeclared_and_can_be_overridden(backend):
    assert backend.query("ASK { ?x a schema:Person }").boolean is True
    # a PREFIX in the query wins over kg's
    assert backend.query("PREFIX schema: <http://example.org/>\nASK { ?x a schema:Person }").boolean is False


def test_bindings(backend):
    q = "SELECT ?p ?name WHERE { ?p a schema:Person ; rdfs:label ?l . BIND(STR(?l) AS ?name) }"
    for value in (HOF, str(HOF), "kgid:person/karl-hofstetter", f"<{HOF}>"):
        r = backend.query(q, bindings={"p": value})
        assert r.rows == [(HOF, Literal("Karl Hofstetter"))], value
    assert backend.query(q, bindings={"p": "Karl Hofstetter"}).rows == []


def test_ask_and_construct(backend):
    assert backend.query("ASK { ?x a kg:Quotation }").boolean is True
    r = backend.query("CONSTRUCT { ?p a schema:Person } WHERE { ?p org:holds ?post }")
    assert r.kind == "graph"
    assert sorted(str(t[0]) for t in r.triples) == [
        str(ID["person/eva-lindner"]), str(HOF), str(ID["person/lucia-moretti"])]


def test_literal_kinds_are_normalised(backend):
    r = backend.query(
        'SELECT ?a ?b ?c ?d WHERE { BIND("x" AS ?a) BIND("y"@de AS ?b) BIND(STRDT("1", xsd:integer) AS ?c) '
        'BIND(STRDT("z", xsd:string) AS ?d) }'
    )
    assert r.rows == [(Literal("x"), Literal("y", lang="de"), Literal("1", datatype=vocab.XSD.integer), Literal("z"))]
    assert r.rows[0][0].datatype is None and r.rows[0][3].datatype is None


def test_syntax_error_position_is_relative_to_the_user_text():
    store = memory_store()
    text = "SELECT ?x\nWHERE {\n  ?x a schema:Person .\n  FILTER(?x = ) }"
    with pytest.raises(SparqlSyntaxError) as exc:
        store.query(text)
    assert exc.value.line == 4
    assert str(exc.value).startswith("query line 4 col ")
    assert isinstance(exc.value, QueryError)


def test_syntax_error_messages_exact():
    store = memory_store()
    with pytest.raises(QueryError) as exc:
        store.query("SELECT ?x WHERE {\n  ?x a nope:Thing }")
    assert str(exc.value) == "query line 2 col 8: unknown prefix 'nope:'"
    with pytest.raises(QueryError) as exc:
        store.query("SELECT ?x WHERE { ?x a kg:Meeting ")
    assert str(exc.value) == (
        'query line 1 col 35: unexpected end of query, expected one of ",", ".", ";", "{", "{|", "}", "~"'
    )


def test_rdflib_syntax_errors_have_positions():
    store = RdflibStore(Dataset())
    with pytest.raises(SparqlSyntaxError) as exc:
        store.query("SELECT ?x\nWHERE {\n ?x ?y  }}")
    assert exc.value.line == 3
    with pytest.raises(SparqlSyntaxError) as exc:
        store.query("SELECT ?x WHERE {\n  ?x a nope:Thing }")
    assert str(exc.value) == "query line 2 col 8: unknown prefix 'nope:'"


def test_unprojected_binding_is_a_query_error():
    with pytest.raises(QueryError, match="parameter w is not a column"):
        memory_store().query("SELECT ?s WHERE { ?s ?p ?o FILTER(?s = ?w) }", bindings={"w": "x"})


def test_parse_syntax_error_messages():
    e = parse_syntax_error("error at 1:9: expected one of DESCRIBE, [_]", "SELEC ?x")
    assert str(e) == "query line 1 col 9: unexpected end of query, expected DESCRIBE"
    e = parse_syntax_error(
        "error at 1:44: expected one of \"$\", \"(\", The SELECT contains a variable that is unbound, ['0' ..= '9']",
        "SELECT ?x WHERE { ?x a kg:Foo } GROUP BY ?y   ",
    )
    assert e.detail == "the SELECT contains a variable that is unbound"
    e = parse_syntax_error("error at 1:30: expected OPTIONAL", "PREFIX kg: <x> SELECT ...", column_offset_line1=15)
    assert (e.line, e.column) == (1, 15)
    assert str(parse_syntax_error("weird", "x")) == "query: weird"


def test_errors_are_kg_errors():
    assert issubclass(SparqlSyntaxError, KgError)
    assert str(SparqlSyntaxError("x", 1, 2).with_name("n")) == "query n line 1 col 2: x"


def test_query_result_helpers(backend):
    r = backend.query("SELECT ?p ?post WHERE { ?p a schema:Person OPTIONAL { ?p org:holds ?post } } ORDER BY ?p")
    assert isinstance(r, QueryResult) and r.kind == "select"
    assert len(r) == 4
    assert r.column("p")[0] == ID["person/eva-lindner"]
    assert r.dicts()[-1] == {"p": ID["person/paolo-ricci"]}


def test_kgstore_is_usable_in_memory():
    s = KgStore(ox.Store())
    assert s.query("ASK {}").boolean is True
    assert s.graphs() == []


# ------------------------------------------------------------------ incremental update


def _store_quads(directory: Path) -> set[str]:
    st = ox.Store.read_only(str(directory))
    try:
        return {str(q) for q in st.quads_for_pattern(None, None, None, None)}
    finally:
        del st


def test_update_store_from_lines_equals_a_fresh_build(tmp_path, ds):
    from kg.store import lines_digest, store_digest, update_store_from_lines, write_store_from_lines

    old = sorted(set(nquad_lines(ds)))
    # drop article B's graph and change one triple of article A
    new = sorted({ln for ln in old if not ln.endswith(f"<{ART_B}> .\n")}
                 | {f'<{HOF}> <{vocab.SCHEMA.name}> "K. H." <{ART_A}> .\n'})
    write_store_from_lines(old, tmp_path / "store", digest=lines_digest(old))
    assert store_digest(tmp_path / "store") == lines_digest(old)
    info = update_store_from_lines(old, new, tmp_path / "store", digest=lines_digest(new), max_change=1.0)
    assert info is not None and info.quads == len(new) and info.graphs == 3  # 2 before the summary graph
    assert store_digest(tmp_path / "store") == lines_digest(new)
    write_store_from_lines(new, tmp_path / "fresh", digest=lines_digest(new))
    assert _store_quads(tmp_path / "store") == _store_quads(tmp_path / "fresh")


def test_update_store_refuses_a_store_built_from_other_lines(tmp_path, ds):
    from kg.store import lines_digest, update_store_from_lines, write_store_from_lines

    old = sorted(set(nquad_lines(ds)))
    write_store_from_lines(old, tmp_path / "store", digest=lines_digest(old))
    before = _store_quads(tmp_path / "store")
    other = old[1:]
    assert update_store_from_lines(other, old, tmp_path / "store", digest=lines_digest(old)) is None
    # too large a change: a bulk load is faster
    assert update_store_from_lines(old, old[: len(old) // 2], tmp_path / "store", digest="x") is None
    assert _store_quads(tmp_path / "store") == before
