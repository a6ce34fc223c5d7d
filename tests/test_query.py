"""kg.query and kg.results: the question catalogue on both engines, parameters, errors, result formats."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.query import Result

from kg import vocab
from kg.errors import DataError, QueryError, UsageError
from kg.query import (
    NamedQuery,
    bind_value,
    catalogue,
    complete_query_names,
    default_queries_dir,
    inline_query,
    parse_query_text,
    resolve_query,
    run,
    run_named,
)
from kg.results import (
    QueryResult,
    coerce_term,
    display_width,
    nt_term,
    parse_json_result,
    render,
    rows_as_text,
    shorten_iri,
    to_table,
    write,
)
from kg.store import RdflibStore, memory_store

ONTOLOGY = Path(__file__).resolve().parent.parent / "kg" / "ontology.ttl"
ID = vocab.ID
ART_A = ID["article/7c1e9a20b4d35f68"]
ART_B = ID["article/e4d09b6a21c8f357"]
HOF = ID["person/karl-hofstetter"]
MOR = ID["person/lucia-moretti"]

REQUIRED = {
    "people": ["person", "name", "position", "country"],
    "meetings": ["meeting", "label", "participant", "place", "date"],
    "agreements": ["agreement", "label", "party"],
    "disputes": ["issue", "label", "party", "stance"],
    "quotes": ["speaker", "name", "quote", "kind", "article", "sentence"],
    "events": ["event", "type", "label", "date", "place", "participant"],
    "countries": ["country", "name", "code", "mentions"],
    "organisations": ["org", "name", "kind"],
    "evidence": ["subject", "predicate", "object", "article", "sentence"],
    "corroborated": ["subject", "predicate", "object", "articles"],
}
EXTRA = ["cooccurrence", "entities", "person", "positions", "sources"]
#: columns holding display labels: plain literals (no language tag, no datatype) or unbound
LABEL_COLUMNS = {
    "people": ["name", "position", "country"],
    "meetings": ["label", "participant", "place"],
    "agreements": ["label", "party"],
    "disputes": ["label", "party", "stance"],
    "quotes": ["name", "quote", "kind", "sentence"],
    "events": ["type", "label", "place", "participant"],
    "countries": ["name", "code"],
    "organisations": ["name", "kind"],
    "evidence": ["sentence"],
}
#: columns holding IRIs (or unbound)
IRI_COLUMNS = {
    "people": ["person"],
    "meetings": ["meeting"],
    "agreements": ["agreement"],
    "disputes": ["issue"],
    "quotes": ["speaker", "article"],
    "events": ["event"],
    "countries": ["country"],
    "organisations": ["org"],
    "evidence": ["subject", "predicate", "article"],
    "corroborated": ["subject", "predicate"],
}




@pytest.fixture(scope="module")
def ox_store(ds):
    return memory_store(ds)


@pytest.fixture(scope="module")
def rl_store(ds):
    return RdflibStore(ds)


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def backend(request, ox_store, rl_store):
    return ox_store if request.param == "oxigraph" else rl_store


def names(result: QueryResult, col: str) -> list[str | None]:
    return [None if t is None else str(t) for t in result.column(col)]


# ------------------------------------------------------------------ the catalogue


def test_catalogue_has_every_question():
    cat = {q.name: q for q in catalogue()}
    assert set(REQUIRED) | set(EXTRA) <= set(cat)
    for q in cat.values():
        assert isinstance(q, NamedQuery)
        assert " / " in q.title, q.name
        assert q.title_de and q.title_en and q.description, q.name
        assert q.path is not None and q.path.suffix == ".rq"
    assert cat["evidence"].param_names == ["subject"]
    assert cat["person"].param_names == ["person"]
    assert [q.name for q in catalogue()] == sorted(cat)


def test_default_queries_dir_is_beside_the_package():
    d = default_queries_dir()
    assert d.name == "queries" and (d / "people.rq").is_file()


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_required_columns_come_first(name, ox_store):
    r = run(ox_store, resolve_query(name))
    assert r.vars[: len(REQUIRED[name])] == REQUIRED[name]


@pytest.mark.parametrize("name", sorted(set(REQUIRED) | set(EXTRA)))
def test_both_engines_give_identical_rows_in_identical_order(name, ox_store, rl_store):
    q = resolve_query(name)
    a, b = run(ox_store, q), run(rl_store, q)
    assert a.vars == b.vars
    assert rows_as_text(a) == rows_as_text(b)
    assert len(a.rows) > 0, f"{name}: the fixture should answer every question"


@pytest.mark.parametrize("name", sorted(set(REQUIRED) | set(EXTRA)))
def test_order_does_not_depend_on_insertion_order(name, ds):
    quads = list(ds.quads((None, None, None, None)))
    random.Random(7).shuffle(quads)
    shuffled = Dataset()
    for s, p, o, g in quads:
        shuffled.graph(g).add((s, p, o))
    q = resolve_query(name)
    ref = rows_as_text(run(memory_store(ds), q))
    assert rows_as_text(run(memory_store(shuffled), q)) == ref
    assert rows_as_text(run(RdflibStore(shuffled), q)) == ref


def _projected(text: str) -> list[str]:
    """The projected variables of a SELECT (aliases of ``(expr AS ?v)`` included, inner variables not)."""
    head = re.search(r"(?is)\bSELECT\b(.*?)\bWHERE\b", text).group(1)
    out, depth, group = [], 0, ""
    for token in re.findall(r"\(|\)|\?\w+|[^()?]+", head):
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
            if depth == 0:
                out.append(re.search(r"(?i)\bAS\s+\?(\w+)\s*$", group).group(1))
                group = ""
        if depth > 0:
            group += token if token != "(" or depth > 1 else ""
        elif token.startswith("?"):
            out.append(token[1:])
    return out


@pytest.mark.parametrize("q", catalogue(), ids=lambda q: q.name)
def test_order_by_is_total(q):
    """Every projected column is an ORDER BY key, so the order is the same on every engine."""
    order = re.search(r"(?is)\bORDER\s+BY\b(.*)$", q.text)
    assert order, f"{q.name} has no ORDER BY"
    keys = set(re.findall(r"\?(\w+)", order.group(1)))
    # a key computed once per row (BIND(CONCAT(COALESCE(?name, ""), "\u0001") AS ?k1)) stands for its inputs
    for expr, var in re.findall(r"(?is)\bBIND\s*\((.*?)\bAS\s+\?(\w+)\s*\)", q.text):
        if var in keys:
            keys |= set(re.findall(r"\?(\w+)", expr))
    missing = [v for v in _projected(q.text) if v not in keys]
    assert missing == [], f"{q.name}: ORDER BY lacks {missing}"


@pytest.mark.parametrize("q", catalogue(), ids=lambda q: q.name)
def test_params_are_projected_variables(q):
    for p in q.param_names:
        assert p in _projected(q.text)


@pytest.mark.parametrize("name", sorted(set(REQUIRED) | set(EXTRA)))
def test_empty_graph_gives_zero_rows(name):
    q = resolve_query(name)
    for store in (memory_store(), RdflibStore(Dataset())):
        r = run(store, q)
        assert r.rows == [] and r.vars[: len(REQUIRED.get(name, []))] == REQUIRED.get(name, [])


@pytest.mark.parametrize("name", sorted(LABEL_COLUMNS))
def test_label_columns_are_plain_strings(name, backend):
    r = run(backend, resolve_query(name))
    for col in LABEL_COLUMNS[name]:
        for t in r.column(col):
            assert t is None or (isinstance(t, Literal) and t.language is None and t.datatype is None), (col, t)


@pytest.mark.parametrize("name", sorted(IRI_COLUMNS))
def test_iri_columns_hold_iris(name, backend):
    r = run(backend, resolve_query(name))
    for col in IRI_COLUMNS[name]:
        assert all(t is None or isinstance(t, URIRef) for t in r.column(col)), col


def test_catalogue_ignores_the_ontology_graph(ds):
    with_onto = Dataset()
    for s, p, o, g in ds.quads((None, None, None, None)):
        with_onto.graph(g).add((s, p, o))
    with_onto.graph(URIRef(str(vocab.KG).rstrip("#"))).parse(ONTOLOGY, format="turtle")
    for name, cols in REQUIRED.items():
        q = resolve_query(name)
        a, b = run(memory_store(with_onto), q), run(memory_store(ds), q)
        assert [row[: len(cols)] for row in rows_as_text(a)] == [row[: len(cols)] for row in rows_as_text(b)], name
    # class labels from the ontology show up as German object labels
    r = run(memory_store(with_onto), resolve_query("corroborated"))
    assert "Vereinbarung" in names(r, "objectLabel")


# ------------------------------------------------------------------ exact answers


def test_people_exact(backend):
    r = run(backend, resolve_query("people"))
    got = [tuple(None if t is None else str(t) for t in row[:4]) for row in r.rows]
    assert got == [
        (str(ID["person/eva-lindner"]), "Eva Lindner", "Sprecher", "Bundeskanzleramt"),
        (str(HOF), "Karl Hofstetter", "Bundeskanzler", "Österreich"),
        (str(MOR), "Lucia Moretti", "Ministerpräsident", "Italien"),
        (str(ID["person/paolo-ricci"]), "Paolo Ricci", None, None),
    ]
    assert r.column("post")[1] == ID["post/bundeskanzler--country-at"]


def test_countries_exact(backend):
    r = run(backend, resolve_query("countries"))
    assert rows_as_text(r) == [
        (f"<{ID['country/IT']}>", '"Italien"', '"IT"', f'"2"^^<{vocab.XSD.integer}>'),
        (f"<{ID['country/AT']}>", '"Österreich"', '"AT"', f'"1"^^<{vocab.XSD.integer}>'),
    ]


def test_meetings_exact(backend):
    r = run(backend, resolve_query("meetings"))
    got = [tuple(None if t is None else str(t) for t in row[:5]) for row in r.rows]
    meeting, planned = str(ID["event/meeting-5a1f0c9e2b"]), str(ID["event/meeting-9e8d7c6b5a"])
    label = "Treffen von Karl Hofstetter und Lucia Moretti in Salzburg"
    assert got == [
        (meeting, label, "Karl Hofstetter", "Salzburg", "2024-03-12"),
        (meeting, label, "Lucia Moretti", "Salzburg", "2024-03-12"),
        (planned, "Fortsetzung der Gespräche", "Italien", None, None),
        (planned, "Fortsetzung der Gespräche", "Lucia Moretti", None, None),
    ]
    assert r.rows[0][4] == Literal("2024-03-12", datatype=vocab.XSD.date)


def test_quotes_exact(backend):
    r = run(backend, resolve_query("quotes"))
    assert [tuple(str(t) for t in row[:6]) for row in r.rows] == [
        (str(HOF), "Karl Hofstetter", "Wir haben sehr offen gesprochen", "direct", str(ART_A),
         "»Wir haben sehr offen gesprochen«, sagte Hofstetter."),
        (str(MOR), "Lucia Moretti", "Italien wolle die Gespräche im Mai fortsetzen", "indirect", str(ART_B),
         "Moretti sagte, Italien wolle die Gespräche im Mai fortsetzen."),
    ]


def test_agreements_and_disputes(backend):
    r = run(backend, resolve_query("agreements"))
    assert names(r, "party") == ["Karl Hofstetter", "Lucia Moretti"]
    assert set(names(r, "label")) == {"Vereinbarung: Ausbau der Bahnverbindung"}
    r = run(backend, resolve_query("disputes"))
    assert [tuple(str(t) for t in row[:4]) for row in r.rows] == [
        (str(ID["event/sanction-4c5d6e7f80"]), "Transitbeschränkungen Österreichs", "Lucia Moretti", "kritisiert")]


def test_events_dated_first_undated_last(backend):
    r = run(backend, resolve_query("events"))
    dates = r.column("date")
    assert dates[0] == Literal("2024-03-12", datatype=vocab.XSD.date)
    first_undated = dates.index(None)
    assert all(d is None for d in dates[first_undated:])
    assert names(r, "type")[0] == "Meeting"


def test_negated_events_are_left_out(ds):
    extra = Dataset()
    for s, p, o, g in ds.quads((None, None, None, None)):
        extra.graph(g).add((s, p, o))
    ev = ID["event/meeting-negated"]
    g = extra.graph(ART_B)
    for t in ((ev, vocab.RDF.type, vocab.KG.Meeting), (ev, vocab.RDF.type, vocab.SCHEMA.Event),
              (ev, vocab.KG.modality, Literal("negated")), (ev, vocab.SCHEMA.participant, HOF)):
        g.add(t)
    for store in (memory_store(extra), RdflibStore(extra)):
        for name in ("events", "meetings"):
            assert ev not in run(store, resolve_query(name)).column(name[:-1] if name == "events" else "meeting")


def test_countries_only_those_talked_about(ds):
    extra = Dataset()
    for s, p, o, g in ds.quads((None, None, None, None)):
        extra.graph(g).add((s, p, o))
    ch = ID["country/CH"]
    g = extra.graph(ART_A)
    g.add((ch, vocab.RDF.type, vocab.SCHEMA.Country))
    g.add((ch, vocab.RDFS.label, Literal("Schweiz", lang="de")))
    g.add((ID["place/salzburg"], vocab.KG.country, ch))  # only a place's country: not talked about
    r = run(memory_store(extra), resolve_query("countries"))
    assert ch not in r.column("country")


def test_corroborated(backend):
    r = run(backend, resolve_query("corroborated"))
    assert len(r.rows) == 19
    assert all(int(n) == 2 for n in r.column("articles"))
    facts = {(s, p, o) for s, p, o, *_ in r.rows}
    assert (ID["event/meeting-5a1f0c9e2b"], vocab.SCHEMA.participant, MOR) in facts
    assert (ID["event/agreement-b7c2d9e4f1"], vocab.RDF.type, vocab.KG.Agreement) in facts
    # stated by one article only
    assert (HOF, vocab.ORG.holds, ID["post/bundeskanzler--country-at"]) not in facts


def test_evidence_with_subject(backend):
    q = resolve_query("evidence")
    r = run(backend, q, {"subject": "kgid:person/eva-lindner"})
    assert set(r.column("subject")) == {ID["person/eva-lindner"]}
    assert [str(p) for p in r.column("predicate")] == [
        str(vocab.RDF.type), str(vocab.ORG.holds), str(vocab.SCHEMA.familyName), str(vocab.SCHEMA.givenName)]
    assert set(names(r, "sentence")) == {
        "Eva Lindner, Sprecherin des Bundeskanzleramts, bestätigte die Einigung über die Bahnverbindung."}
    assert set(r.column("article")) == {ART_B}
    # a full IRI binds the same way
    assert rows_as_text(run(backend, q, {"subject": str(ID["person/eva-lindner"])})) == rows_as_text(r)
    everything = run(backend, q)
    assert len(everything.rows) == 116


def test_person_query(backend):
    r = run(backend, resolve_query("person"), {"person": "kgid:person/eva-lindner"})
    assert set(r.column("person")) == {ID["person/eva-lindner"]}
    rows = {(str(d), str(p), str(v)) for d, p, v in zip(r.column("direction"), r.column("property"), r.column("value"))}
    assert ("out", str(vocab.ORG.holds), str(ID["post/sprecher--org-bundeskanzleramt"])) in rows
    assert ("in", str(vocab.KG.speaker), "x") not in rows
    r = run(backend, resolve_query("person"), {"person": "kgid:person/karl-hofstetter"})
    ins = {(str(p), str(v)) for d, p, v in zip(r.column("direction"), r.column("property"), r.column("value"))
           if str(d) == "in"}
    assert (str(vocab.KG.speaker), str(ID["quote/1f2e3d4c5b6a"])) in ins
    assert (str(vocab.SCHEMA.participant), str(ID["event/meeting-5a1f0c9e2b"])) in ins


# ------------------------------------------------------------------ parameters


def test_bind_value():
    assert bind_value("kgid:person/x") == URIRef(str(ID) + "person/x")
    assert bind_value("http://example.org/a") == URIRef("http://example.org/a")
    assert bind_value("https://example.org/a") == URIRef("https://example.org/a")
    assert bind_value("Karl Hofstetter") == Literal("Karl Hofstetter")
    assert bind_value("nope:thing") == Literal("nope:thing")
    assert bind_value("http://x y") == Literal("http://x y")


def test_injection_attempt_is_just_a_literal(backend, ds):
    q = resolve_query("evidence")
    evil = 'x" } ; DROP ALL #'
    assert coerce_term(evil) == Literal(evil)
    assert run(backend, q, {"subject": evil}).rows == []
    assert run(backend, resolve_query("person"), {"person": "x> } DROP ALL #"}).rows == []
    # nothing was dropped
    assert len(run(backend, q).rows) == 116


def test_unknown_param_is_a_usage_error(backend):
    with pytest.raises(UsageError) as exc:
        run(backend, resolve_query("evidence"), {"person": "x"})
    assert str(exc.value) == "query evidence takes no parameter 'person' (it takes subject)"
    with pytest.raises(UsageError) as exc:
        run(backend, resolve_query("people"), {"x": "1"})
    assert str(exc.value) == "query people takes no parameter 'x' (it takes none)"


def test_inline_queries_take_any_projected_variable(backend):
    q = inline_query("SELECT ?p ?n WHERE { ?p rdfs:label ?l . BIND(STR(?l) AS ?n) }")
    r = run_named(backend, q, {"p": "kgid:person/lucia-moretti"})
    assert r.rows == [(MOR, Literal("Lucia Moretti"))]


# ------------------------------------------------------------------ errors and resolution


def test_malformed_query_error_text(tmp_path, backend):
    bad = tmp_path / "broken.rq"
    bad.write_text("# title: Kaputt / Broken\n# description: x\nSELECT ?x\nWHERE { ?x a nope:Thing }\n")
    with pytest.raises(QueryError) as exc:
        run(backend, resolve_query(str(bad)))
    # line 4 of the file as written (the header comments count)
    assert str(exc.value) == "query broken line 4 col 14: unknown prefix 'nope:'"


def test_malformed_query_error_text_oxigraph(ox_store):
    with pytest.raises(QueryError) as exc:
        run(ox_store, "SELECT ?x\nWHERE {\n  ?x a schema:Person\n  FILTER(?x = ) }", name="mine")
    assert str(exc.value).startswith("query mine line 4 col ")
    assert "expected one of" in str(exc.value)
    with pytest.raises(QueryError) as exc:
        run(ox_store, "SELECT ?x WHERE { ?x a kg:Meeting ", name="mine")
    assert str(exc.value) == (
        'query mine line 1 col 35: unexpected end of query, expected one of ",", ".", ";", "{", "{|", "}", "~"')


def test_resolve_query():
    assert resolve_query("people").name == "people"
    with pytest.raises(QueryError) as exc:
        resolve_query("x")
    assert str(exc.value) == "unknown query 'x' (try: kg query --list)"
    with pytest.raises(QueryError, match="no such query file"):
        resolve_query("missing/thing.rq")
    q = resolve_query(str(default_queries_dir() / "countries.rq"))
    assert q.name == "countries" and q.param_names == []


def test_catalogue_dir_errors(tmp_path):
    with pytest.raises(DataError):
        catalogue(tmp_path / "nope")
    (tmp_path / "a.rq").write_text("# title: A / A\nSELECT * {}\n")
    assert [q.name for q in catalogue(tmp_path)] == ["a"]


def test_parse_header():
    q = parse_query_text(
        "# title: Titel / Title\n# description: one\n#   two\n# param: who — a person\n"
        "# param: when: a date\n#   or a month\nSELECT ?who ?when WHERE {}\n",
        "x",
    )
    assert (q.title_de, q.title_en, q.description) == ("Titel", "Title", "one two")
    assert [(p.name, p.description) for p in q.params] == [("who", "a person"), ("when", "a date or a month")]


def test_complete_query_names():
    assert complete_query_names("co") == ["cooccurrence", "corroborated", "countries"]
    assert complete_query_names("zzz") == []
    assert "people" in complete_query_names("")


# ------------------------------------------------------------------ result formats

TRICKY = QueryResult(
    vars=["iri", "plain", "lang", "typed", "blank", "none"],
    rows=[
        (URIRef("https://w3id.org/kg-news/id/person/a"), Literal('say "hi", then\nleave\ttab'),
         Literal("Grüße", lang="de"), Literal("2021-06-16", datatype=vocab.XSD.date), BNode("b0"), None),
        (URIRef("http://example.org/x?y=1&z=2"), Literal(""), Literal("x", lang="en-GB"),
         Literal("3", datatype=vocab.XSD.integer), None, None),
    ],
)


def _rdflib_parse(text: str, fmt: str) -> Result:
    return Result.parse(io.StringIO(text) if fmt != "xml" else io.BytesIO(text.encode()), format=fmt)


def test_json_is_spec_json():
    text = render(TRICKY, "json")
    doc = json.loads(text)
    assert doc["head"] == {"vars": TRICKY.vars}
    b0, b1 = doc["results"]["bindings"]
    assert b0["iri"] == {"type": "uri", "value": "https://w3id.org/kg-news/id/person/a"}
    assert b0["plain"] == {"type": "literal", "value": 'say "hi", then\nleave\ttab'}
    assert b0["lang"] == {"type": "literal", "value": "Grüße", "xml:lang": "de"}
    assert b0["typed"] == {"type": "literal", "value": "2021-06-16", "datatype": str(vocab.XSD.date)}
    assert b0["blank"] == {"type": "bnode", "value": "b0"}
    assert "none" not in b0 and "blank" not in b1
    assert parse_json_result(text) == TRICKY
    parsed = _rdflib_parse(text, "json")
    assert [str(v) for v in parsed.vars] == TRICKY.vars and len(parsed) == 2


def test_ask_results():
    yes = QueryResult(vars=[], rows=[], boolean=True)
    assert json.loads(render(yes, "json")) == {"head": {}, "boolean": True}
    root = ET.fromstring(render(yes, "xml"))
    assert root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"
    assert parse_json_result(render(yes, "json")).boolean is True


def test_xml_is_spec_xml():
    text = render(TRICKY, "xml")
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(text.encode())
    assert [v.get("name") for v in root.findall("s:head/s:variable", ns)] == TRICKY.vars
    results = root.findall("s:results/s:result", ns)
    assert len(results) == 2
    b = {x.get("name"): x[0] for x in results[0].findall("s:binding", ns)}
    assert b["iri"].tag.endswith("uri") and b["iri"].text == "https://w3id.org/kg-news/id/person/a"
    assert b["lang"].get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    assert b["typed"].get("datatype") == str(vocab.XSD.date)
    assert b["plain"].text == 'say "hi", then\nleave\ttab'
    assert b["blank"].tag.endswith("bnode")
    assert "none" not in b
    second = {x.get("name"): x[0] for x in results[1].findall("s:binding", ns)}
    assert second["iri"].text == "http://example.org/x?y=1&z=2"
    parsed = _rdflib_parse(text, "xml")
    assert len(parsed) == 2


def test_csv_is_spec_csv():
    text = render(TRICKY, "csv")
    assert text.endswith("\r\n") and "\r\n" in text.split("\n", 1)[0] + "\n"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == TRICKY.vars
    assert rows[1] == ["https://w3id.org/kg-news/id/person/a", 'say "hi", then\nleave\ttab', "Grüße", "2021-06-16",
                       "_:b0", ""]
    assert rows[2] == ["http://example.org/x?y=1&z=2", "", "x", "3", "", ""]
    assert len(_rdflib_parse(text, "csv")) == 2


def test_tsv_is_spec_tsv():
    text = render(TRICKY, "tsv")
    lines = text.split("\n")
    assert lines[0] == "\t".join("?" + v for v in TRICKY.vars)
    assert lines[-1] == "" and len(lines) == 4  # header, two rows, final newline
    cells = lines[1].split("\t")
    assert cells[0] == "<https://w3id.org/kg-news/id/person/a>"
    assert cells[1] == '"say \\"hi\\", then\\nleave\\ttab"'
    assert cells[2] == '"Grüße"@de'
    assert cells[3] == f'"2021-06-16"^^<{vocab.XSD.date}>'
    assert cells[4] == "_:b0" and cells[5] == ""
    # every term cell is N-Triples: parse it back
    for row in lines[1:3]:
        for cell, expected in zip(row.split("\t"), TRICKY.rows[lines.index(row) - 1]):
            if cell and not cell.startswith("_:"):
                g = Graph().parse(data=f"<http://s> <http://p> {cell} .", format="nt")
                assert next(iter(g.objects())) == expected
    assert len(_rdflib_parse(text, "tsv")) == 2


def test_engine_results_serialise_identically(ox_store, rl_store):
    q = resolve_query("quotes")
    a, b = run(ox_store, q), run(rl_store, q)
    for fmt in ("json", "xml", "csv", "tsv", "table"):
        assert render(a, fmt) == render(b, fmt)


def test_table():
    r = QueryResult(
        vars=["who", "name", "n"],
        rows=[
            (URIRef("https://w3id.org/kg-news/id/person/a"), Literal("東京タワー" * 3), Literal(12)),
            (None, Literal("kurz\nzeile"), Literal(3)),
        ],
    )
    text = to_table(r, max_width=10)
    lines = text.splitlines()
    assert lines[-1] == "(2 rows)"
    assert lines[0].split() == ["who", "name", "n"]
    # aligned: the name column starts at the same display column on every line
    starts = {display_width(line[: line.index(cell)]) for line, cell in
              zip(lines[:4], ["name", "─", "東京", "kurz"]) if cell != "─"}
    assert starts == {display_width(lines[1].split("  ")[0]) + 2}
    assert "kgid:pers…" in lines[2]
    assert "東京タワ…" in lines[2]
    assert display_width("東京タワ…") == 9
    assert "kurz zeile" in lines[3]
    assert lines[2].endswith("12") and lines[3].endswith(" 3")  # numbers right-aligned
    assert to_table(QueryResult(vars=["a"], rows=[])) == "a\n─\n(0 rows)\n"
    assert shorten_iri(str(vocab.SCHEMA.Person)) == "schema:Person"


def test_construct_results_are_turtle(ox_store):
    r = ox_store.query("CONSTRUCT { ?p a schema:Person } WHERE { ?p a schema:Person }")
    for fmt in ("table", "json", "csv"):
        g = Graph().parse(data=render(r, fmt), format="turtle")
        assert len(g) == 4
    nt = render(r, "nt")
    assert nt.splitlines() == sorted(nt.splitlines()) and len(nt.splitlines()) == 4


def test_unknown_format():
    with pytest.raises(UsageError, match="unknown result format 'yaml'"):
        render(TRICKY, "yaml")


def test_write_to_path_and_streams(tmp_path):
    path = tmp_path / "sub" / "r.csv"
    write(TRICKY, "csv", path)
    assert path.read_bytes() == render(TRICKY, "csv").encode()
    assert [p.name for p in path.parent.iterdir()] == ["r.csv"]
    buf = io.StringIO()
    write(TRICKY, "tsv", buf)
    assert buf.getvalue() == render(TRICKY, "tsv")
    raw = io.BytesIO()
    write(TRICKY, "json", raw)
    assert json.loads(raw.getvalue())["head"]["vars"] == TRICKY.vars


def test_nt_term_escapes():
    assert nt_term(Literal("a\\b")) == '"a\\\\b"'
    assert nt_term(URIRef("http://x/a b")) == "<http://x/a\\u0020b>"


def test_events_prefer_the_specific_type(ds):
    extra = Dataset()
    for s, p, o, g in ds.quads((None, None, None, None)):
        extra.graph(g).add((s, p, o))
    meeting = ID["event/meeting-5a1f0c9e2b"]
    extra.graph(ART_A).add((meeting, vocab.RDF.type, vocab.KG.Event))
    generic = ID["event/event-0000000000"]
    for t in ((generic, vocab.RDF.type, vocab.KG.Event), (generic, vocab.RDF.type, vocab.SCHEMA.Event)):
        extra.graph(ART_A).add(t)
    for store in (memory_store(extra), RdflibStore(extra)):
        r = run(store, resolve_query("events"))
        types = {e: str(t) for e, t in zip(r.column("event"), r.column("type"))}
        assert types[meeting] == "Meeting"
        assert types[generic] == "Event"


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), keep=st.floats(min_value=0.3, max_value=0.95))
def test_engines_agree_on_damaged_graphs(seed, keep, ds):
    """Drop random quads (labels missing in one article, half-described events, …): both engines still agree."""
    rng = random.Random(seed)
    damaged = Dataset()
    for s, p, o, g in sorted(ds.quads((None, None, None, None)), key=lambda q: tuple(map(str, q))):
        if rng.random() < keep:
            damaged.graph(g).add((s, p, o))
    ox, rl = memory_store(damaged), RdflibStore(damaged)
    for q in catalogue():
        assert rows_as_text(run(ox, q)) == rows_as_text(run(rl, q)), q.name


def test_dispute_without_theme_is_about_the_event(ds):
    crit = ID["event/criticize-0d3e8f7a6b"]
    damaged = Dataset()
    for s, p, o, g in ds.quads((None, None, None, None)):
        if not (s == crit and p == vocab.KG.theme):
            damaged.graph(g).add((s, p, o))
    for store in (memory_store(damaged), RdflibStore(damaged)):
        r = run(store, resolve_query("disputes"))
        assert [tuple(str(t) for t in row[:4]) for row in r.rows] == [
            (str(crit), "Lucia Moretti kritisiert Transitbeschränkungen Österreichs", "Lucia Moretti", "kritisiert")]


# ------------------------------------------------------------------ summary graph


@pytest.mark.parametrize("name", ["sources", "entities", "corroborated"])
def test_summary_questions_answer_like_counting_over_the_data(name, backend):
    """The questions that read build-time counts answer exactly as counting over the data does."""
    from summary_reference import REFERENCE

    new = run(backend, resolve_query(name))
    ref = run(backend, inline_query(REFERENCE[name]))
    assert new.vars == ref.vars
    assert rows_as_text(new) == rows_as_text(ref) and len(new.rows) > 0


def test_fixture_summary_graph_is_up_to_date(ds):
    """The fixture's generated summary block is what the library makes of the hand-made part."""
    from kg.dataset import SUMMARY_GRAPH, dataset_summary_quads

    quads = list(ds.quads((None, None, None, None)))
    have = {(s, p, o) for s, p, o, g in quads if g == SUMMARY_GRAPH}
    assert have and have == {(s, p, o) for s, p, o, _g in dataset_summary_quads(quads)}
