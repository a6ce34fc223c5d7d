"""Projection, HTML page, statistics and GraphML of the graph viewer (no browser)."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # pragma: no cover - when kg is not installed
    sys.path.insert(0, str(ROOT))

from kg.errors import UsageError  # noqa: E402
from kg.project import ENTITY_TYPES, NODE_TYPES, project  # noqa: E402
from kg.stats import format_stats, graph_stats, to_graphml  # noqa: E402
from kg.viz import render_html, script_json, write_html  # noqa: E402
from kg.vocab import ID, KG  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIDEN = str(ID["person/joe-biden"])
PUTIN = str(ID["person/wladimir-putin"])
US = str(ID["country/US"])
GENF = str(ID["place/genf"])
ART_A = str(ID["article/a1f0c2"])
ART_B = str(ID["article/b7e9d4"])
XSS_PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    '<a href="javascript:window.__xss=3">x</a>',
    "</script><script>window.__xss=4</script>",
]


def load(name: str) -> rdflib.Dataset:
    """A fixture as kg builds it: article graphs plus the ontology graph."""
    ds = rdflib.Dataset(default_union=True)
    ds.parse(FIXTURES / name, format="trig")
    ds.graph(rdflib.URIRef(str(KG).rstrip("#"))).parse(ROOT / "kg" / "ontology.ttl", format="turtle")
    return ds


@pytest.fixture(scope="module")
def small_ds() -> rdflib.Dataset:
    return load("small.trig")


@pytest.fixture(scope="module")
def small(small_ds) -> nx.MultiDiGraph:
    return project(small_ds)


@pytest.fixture(scope="module")
def page(small) -> tuple[str, object]:
    return render_html(small, title="Gipfel <Test> & Co")


def labels(g: nx.MultiDiGraph) -> dict[str, str]:
    return {d["label"]: n for n, d in g.nodes(data=True)}


def triples(g: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(g.nodes[u]["label"], d["label"], g.nodes[v]["label"]) for u, v, d in g.edges(data=True)}


def data_block(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert m, "no kg-data block"
    return json.loads(m.group(1))


# ---------------------------------------------------------------- projection
def test_projection_nodes_and_types(small):
    by_label = {d["label"]: d["type"] for _, d in small.nodes(data=True)}
    assert by_label["Joe Biden"] == "person"
    assert by_label["Wladimir Putin"] == "person"
    assert by_label["Alexej Nawalny"] == "person"
    assert by_label["USA"] == "country"
    assert by_label["Schweiz"] == "country"
    assert by_label["Genf"] == "place"
    assert by_label["Kreml"] == "organisation"
    assert by_label["NATO"] == "organisation"
    assert by_label["Vereinbarung: Rückkehr der Botschafter"] == "event"
    assert by_label["„Putin weiß, dass ich handeln werde“"] == "quotation"
    assert set(by_label.values()) <= set(NODE_TYPES)
    # no RDF machinery leaks into the reader's view
    assert not any("/s/" in n or "/m/" in n or "/statement/" in n or "/post/" in n for n in small)


def test_projection_edges_read_as_german_relations(small):
    t = triples(small)
    assert ("Joe Biden", "trifft", "Wladimir Putin") in t
    assert ("Joe Biden", "Präsident von", "USA") in t
    assert ("Joe Biden", "Staatsangehörigkeit", "USA") in t
    assert ("Wladimir Putin", "verteidigt", "Inhaftierung von Alexej Nawalny") in t
    assert ("Inhaftierung von Alexej Nawalny", "betrifft", "Alexej Nawalny") in t
    assert ("Joe Biden", "vereinbart", "Vereinbarung: Rückkehr der Botschafter") in t
    assert ("Vereinbarung: Rückkehr der Botschafter", "mit", "Wladimir Putin") in t
    assert ("Vereinbarung: Rückkehr der Botschafter", "Ort", "Genf") in t
    assert ("Kreml", "kritisiert", "NATO") in t
    assert ("Kreml", "gehört zu", "Russland") in t
    assert ("Genf", "liegt in", "Schweiz") in t
    assert ("Joe Biden", "sagt", "„Putin weiß, dass ich handeln werde“") in t
    meeting = [d for u, v, d in small.edges(data=True) if d["label"] == "trifft"]
    assert len(meeting) == 1 and meeting[0]["place"] == "Genf"
    assert meeting[0]["event"].startswith(str(ID["event/meeting-"]))


def test_facts_are_short_german_strings(small):
    biden = small.nodes[BIDEN]["facts"]
    assert "Präsident (USA)" in biden
    assert "Staatsangehörigkeit: USA" in biden
    assert any(f.startswith("trifft Wladimir Putin in Genf") for f in biden)
    ret = small.nodes[labels(small)["Rückkehr der Botschafter nach Moskau und Washington"]]
    assert "Modalität: geplant" in ret["facts"]
    assert ret["modality"] == "planned"


def test_evidence_shape_highlight_dedup_and_order(small):
    for node, d in small.nodes(data=True):
        keys = [(e["article"], e["sentence"]) for e in d["evidence"]]
        assert len(keys) == len(set(keys)), f"duplicate evidence on {node}"
        for e in d["evidence"]:
            assert set(e) == {"article", "article_title", "sentence", "start", "end"}
            if e["start"] is not None:
                assert 0 <= e["start"] < e["end"] <= len(e["sentence"])
        assert d["articles"] == sorted({e["article"] for e in d["evidence"]})
    biden = small.nodes[BIDEN]
    assert biden["articles"] == [ART_A, ART_B]
    marked = [e["sentence"][e["start"] : e["end"]] for e in biden["evidence"]]
    assert set(marked) == {"Biden", "US-Präsident Joe Biden"}
    # chronological: article A (2021-06-16) before B (2021-06-17), sentence order inside
    assert [e["article"] for e in biden["evidence"]] == sorted(e["article"] for e in biden["evidence"])
    assert biden["evidence"][0]["article_title"] == "Biden und Putin treffen sich in Genf"
    meeting = next(d for _, _, d in small.edges(data=True) if d["label"] == "trifft")
    (ev,) = meeting["evidence"]
    assert ev["sentence"][ev["start"] : ev["end"]] == "getroffen"
    quote = next(d for _, d in small.nodes(data=True) if d["type"] == "quotation")
    (qev,) = quote["evidence"]
    assert qev["sentence"][qev["start"] : qev["end"]] == "Putin weiß, dass ich handeln werde"


def test_projection_is_deterministic(small_ds, small):
    again = project(small_ds)
    assert list(again.nodes(data=True)) == list(small.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(small.edges(keys=True, data=True))
    assert list(small.nodes) == sorted(small.nodes)
    assert [(u, v, k) for u, v, k in small.edges(keys=True)] == sorted(small.edges(keys=True))


def test_default_union_is_not_required():
    ds = rdflib.Dataset()  # default_union=False
    ds.parse(FIXTURES / "small.trig", format="trig")
    g = project(ds)
    assert BIDEN in g and g.number_of_edges() == project(load("small.trig")).number_of_edges()


def test_quotations_can_be_facts(small_ds):
    g = project(small_ds, quotations=False)
    assert not [n for n, d in g.nodes(data=True) if d["type"] == "quotation"]
    assert "sagt: „Putin weiß, dass ich handeln werde“" in g.nodes[BIDEN]["facts"]


def test_article_nodes_optional(small_ds):
    g = project(small_ds, articles=True)
    assert g.nodes[ART_A]["type"] == "article"
    assert g.has_edge(ART_A, BIDEN) and g.has_edge(ART_B, BIDEN)


def test_raw_projection_keeps_every_triple(small_ds):
    g = project(small_ds, raw=True)
    data = {(s, p, o) for s, p, o, c in small_ds.quads((None, None, None, None)) if c != rdflib.URIRef(str(KG).rstrip("#"))}
    assert g.number_of_edges() == len(data)
    assert g.graph["raw"] is True
    assert g.nodes[BIDEN]["type"] == "person"
    assert '"Joe Biden"@de' in g
    assert any(d["label"] == "nif:anchorOf" for _, _, d in g.edges(data=True))
    assert list(g.nodes) == sorted(g.nodes)


# ---------------------------------------------------------------- HTML page
def test_page_is_offline_and_self_contained(page):
    html, _ = page
    assert not re.search(r"https?://", html, re.I)
    assert '<meta charset="utf-8">' in html
    assert not re.search(r"<(link|img|iframe)\b", html, re.I)
    assert not re.search(r"<script[^>]+src=", html, re.I)
    assert "vis.Network" in html and "kg-panel" in html


def test_page_contains_the_nodes(page, small):
    html, summary = page
    data = data_block(html)
    assert len(data["vis"]["nodes"]) == small.number_of_nodes() == summary.nodes_shown
    assert len(data["vis"]["edges"]) == small.number_of_edges() == summary.edges_shown
    assert {n["id"] for n in data["vis"]["nodes"]} == set(small.nodes)
    for name in ("Joe Biden", "Wladimir Putin", "Genf", "Kreml", "Präsident von", "trifft (Genf)"):
        assert name in html
    assert "Gipfel &lt;Test&gt; &amp; Co" in html  # the title, escaped
    sentences = {s[1] for s in data["kg"]["sentences"]}
    assert "„Putin weiß, dass ich handeln werde“, sagte Biden." in sentences
    assert {t["type"] for t in data["kg"]["types"]} == {d["type"] for _, d in small.nodes(data=True)}


def test_page_is_byte_identical(small, page):
    again, _ = render_html(small, title="Gipfel <Test> & Co")
    assert again == page[0]
    block = json.dumps(data_block(again))
    assert not re.search(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-", block)  # no random ids


def test_xss_text_never_becomes_markup():
    g = project(load("xss.trig"))
    html, _ = render_html(g, title=XSS_PAYLOADS[3])
    data = data_block(html)  # parses: the block was not closed early
    for payload in XSS_PAYLOADS:
        assert payload not in html
    assert html.count("</script>") == 3  # the data block, vis-network, the viewer
    assert len(data["vis"]["nodes"]) == g.number_of_nodes()
    assert any(XSS_PAYLOADS[0] in n["kgName"] for n in data["vis"]["nodes"])
    assert not any("title" in n for n in data["vis"]["nodes"])  # no HTML tooltips from Python


def test_focus_keeps_the_neighbourhood(small):
    html, s = render_html(small, focus="putin", depth=1)
    ids = {n["id"] for n in data_block(html)["vis"]["nodes"]}
    assert PUTIN in s.focus_nodes
    assert PUTIN in ids and BIDEN in ids and GENF not in ids
    assert s.nodes_left_out == small.number_of_nodes() - len(ids) > 0
    assert "Fokus" in s.reason
    with pytest.raises(UsageError):
        render_html(small, focus="gibt es nicht")
    with pytest.raises(UsageError):
        render_html(small, depth=-1)


def test_top_keeps_the_most_central_entities(small):
    html, s = render_html(small, top=3)
    nodes = data_block(html)["vis"]["nodes"]
    entities = [n for n in nodes if n["kgType"] in ENTITY_TYPES]
    assert len(entities) == 3
    assert BIDEN in {n["id"] for n in entities}
    assert s.nodes_left_out > 0 and "wichtigsten" in s.reason
    ids = {n["id"] for n in nodes}
    assert all(e["from"] in ids and e["to"] in ids for e in data_block(html)["vis"]["edges"])
    with pytest.raises(UsageError):
        render_html(small, top=0)


def test_physics_and_layout_threshold(small):
    html, s = render_html(small, layout_threshold=5)
    opts = data_block(html)["vis"]["options"]
    assert s.physics is False and opts["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data_block(html)["vis"]["nodes"])
    _, s2 = render_html(small, physics=True, layout_threshold=5)
    assert s2.physics is True


def test_write_html_is_atomic_utf8(tmp_path, page):
    target = tmp_path / "sub" / "graph.html"
    write_html(target, page[0])
    write_html(target, page[0])
    assert target.read_bytes() == page[0].encode("utf-8")
    assert [p.name for p in target.parent.iterdir()] == ["graph.html"]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_script_json_cannot_escape_its_element(text):
    out = script_json({"t": text, "u": f"</script>{text}<!--"})
    assert "<" not in out and ">" not in out and "://" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"t": text, "u": f"</script>{text}<!--"}


# ---------------------------------------------------------------- stats, GraphML
def test_graph_stats(small):
    s = graph_stats(small)
    assert s.nodes == small.number_of_nodes() and s.edges == small.number_of_edges()
    assert s.counts_by_type["person"] == 3 and s.counts_by_type["event"] == 3
    assert s.components == 1 and s.largest_component == small.number_of_nodes()
    assert s.articles == 2
    assert len(s.top_degree) == 10 and s.top_degree[0].label == "Joe Biden"
    assert s.top_betweenness[0].value >= s.top_betweenness[-1].value
    text = format_stats(s)
    assert "Höchster Grad" in text and "Joe Biden" in text


def test_graphml_parses_and_is_scalar(small):
    blob = to_graphml(small)
    assert blob == to_graphml(small)
    back = nx.read_graphml(io.BytesIO(blob))
    assert back.number_of_nodes() == small.number_of_nodes()
    assert back.number_of_edges() == small.number_of_edges()
    for _, d in back.nodes(data=True):
        assert set(d) >= {"label", "type", "weight", "evidence_count", "articles"}
        assert all(isinstance(v, (str, int, float, bool)) for v in d.values())
    for _, _, d in back.edges(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in d.values())
    assert back.nodes[BIDEN]["articles"] == f"{ART_A} | {ART_B}"
    raw = to_graphml(project(load("xss.trig"), raw=True))
    assert nx.read_graphml(io.BytesIO(raw)).number_of_nodes() > 0
