"""Benchmark the graph viewer: project, render, and draw in headless Chromium.

By default a synthetic dataset in kg's RDF model (docs/model.md) is built:
``--entities`` entities (persons, countries, places, organisations) in
articles with sentences, mentions, posts, events (as binary edges and as
event nodes), quotations and reified statements with evidence, about
``--edges`` edges in the projection, from a fixed seed.  ``--trig FILE``
benchmarks a real build instead (kg's dataset as TriG, or the build's
``out/dataset.nq``).

The page is written to ``--out`` and opened from disk (``file://``) in
headless Chromium (``/usr/bin/chromium`` + ``/usr/bin/chromedriver``, see
``scripts/install_browser.sh``); the time until vis-network's first
``afterDrawing`` is read from the page (``kgViewer.firstDrawAt``, ms since
navigation start).

Examples
--------
    .venv/bin/python bench/viz_bench.py                      # 3000 entities, ~10000 edges
    .venv/bin/python bench/viz_bench.py --entities 500 --edges 1500
    .venv/bin/python bench/viz_bench.py --trig out/dataset.nq --top 800
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import rdflib  # noqa: E402
from rdflib import Literal, URIRef  # noqa: E402
from rdflib.namespace import XSD  # noqa: E402

from kg.project import project  # noqa: E402
from kg.viz import render_html, write_html  # noqa: E402
from kg.vocab import ID, ITSRDF, KG, NIF, ORG, PROV, RDF, RDFS, SCHEMA, SKOS  # noqa: E402

FIRST = "Anna Ben Clara David Eva Felix Greta Hans Ida Jonas Karla Lukas Mia Noah Olga Paul Rosa Sven Tina Uwe".split()
LAST = "Albrecht Brandt Conrad Dietz Engel Fuchs Graf Hoff Imhof Jung Kraus Lang Maier Nagel Ott Pohl Roth Sauer Thiel Vogt".split()
ROLES = ["Präsident", "Kanzler", "Außenminister", "Botschafter", "Sprecher", "Abgeordneter", "Generalsekretär", "Richter"]
VERBS = [("Meeting", "traf"), ("Criticize", "kritisierte"), ("Agreement", "vereinbarte mit"), ("Praise", "lobte"),
         ("Reject", "wies zurück"), ("Negotiate", "verhandelte mit"), ("Threaten", "drohte"), ("Aid", "half")]


@dataclass
class _Article:
    iri: URIRef
    graph: rdflib.Graph
    text: list[str] = field(default_factory=list)
    length: int = 0
    n: int = 0


class _Builder:
    """Writes triples in kg's model: sentences, mentions, facts + statements."""

    def __init__(self, ds: rdflib.Dataset) -> None:
        self.ds = ds

    def article(self, key: str, date: str) -> _Article:
        iri = ID[f"article/{key}"]
        g = self.ds.graph(iri)
        g.add((iri, RDF.type, SCHEMA.NewsArticle))
        g.add((iri, SCHEMA.headline, Literal(f"Meldung {key}")))
        g.add((iri, SCHEMA.datePublished, Literal(date, datatype=XSD.date)))
        g.add((iri, SCHEMA.inLanguage, Literal("de")))
        return _Article(iri, g)

    def sentence(self, art: _Article, parts: list[tuple[str, URIRef | None]]) -> URIRef:
        """A sentence from (text, entity-or-None) pieces; entity pieces become mentions."""
        g = art.graph
        begin = art.length + (1 if art.n else 0)
        s = URIRef(f"{art.iri}/s/{art.n}")
        text = ""
        for piece, ent in parts:
            if ent is not None:
                b = begin + len(text)
                m = URIRef(f"{art.iri}/m/{b}-{b + len(piece)}")
                g.add((m, RDF.type, NIF.Phrase))
                g.add((m, NIF.sentence, s))
                g.add((m, NIF.referenceContext, art.iri))
                g.add((m, NIF.beginIndex, Literal(b)))
                g.add((m, NIF.endIndex, Literal(b + len(piece))))
                g.add((m, NIF.anchorOf, Literal(piece)))
                g.add((m, ITSRDF.taIdentRef, ent))
            text += piece
        g.add((s, RDF.type, NIF.Sentence))
        g.add((s, NIF.referenceContext, art.iri))
        g.add((s, NIF.beginIndex, Literal(begin)))
        g.add((s, NIF.endIndex, Literal(begin + len(text))))
        g.add((s, NIF.anchorOf, Literal(text)))
        g.add((s, KG.sentenceIndex, Literal(art.n)))
        art.length = begin + len(text)
        art.n += 1
        return s

    def fact(self, art: _Article, s: URIRef, p: URIRef, o, sentence: URIRef) -> None:
        g = art.graph
        g.add((s, p, o))
        st = ID["statement/" + hashlib.sha1(f"{s} {p} {o}".encode()).hexdigest()[:16]]
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, PROV.wasDerivedFrom, sentence))


def synthetic(entities: int, edges: int, seed: int = 42) -> rdflib.Dataset:
    """A dataset in kg's model with about ``entities`` entities and ``edges`` projected edges."""
    rnd = random.Random(seed)
    ds = rdflib.Dataset(default_union=True)
    b = _Builder(ds)
    n_country = max(3, min(200, entities // 15))
    n_place = max(3, entities // 7)
    n_org = max(3, entities // 7)
    n_person = max(2, entities - n_country - n_place - n_org)
    people, countries, places, orgs = [], [], [], []
    labels: dict[URIRef, str] = {}

    def entity(kind: str, cls: URIRef, i: int, label: str) -> URIRef:
        iri = ID[f"{kind}/{kind}-{i}"]
        labels[iri] = label
        return iri

    for i in range(n_country):
        countries.append(entity("country", SCHEMA.Country, i, f"Land {i}"))
    for i in range(n_place):
        places.append(entity("place", SCHEMA.Place, i, f"Stadt {i}"))
    for i in range(n_org):
        orgs.append(entity("org", SCHEMA.Organization, i, f"Behörde {i}"))
    for i in range(n_person):
        people.append(entity("person", SCHEMA.Person, i, f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {i}"))
    kind_of = {**{e: SCHEMA.Country for e in countries}, **{e: SCHEMA.Place for e in places},
               **{e: SCHEMA.Organization for e in orgs}, **{e: SCHEMA.Person for e in people}}

    n_articles = max(5, entities // 10)
    arts = [b.article(f"{i:05d}", f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}") for i in range(n_articles)]

    def describe(art: _Article, e: URIRef) -> None:
        art.graph.add((e, RDF.type, kind_of[e]))
        art.graph.add((e, RDFS.label, Literal(labels[e], lang="de")))

    def say(art: _Article, *parts: tuple[str, URIRef | None]) -> URIRef:
        for _, e in parts:
            if e is not None:
                describe(art, e)
        return b.sentence(art, list(parts))

    # Zipf-like popularity so a few hubs exist, like in news
    weights = [1.0 / (1 + i) ** 0.8 for i in range(len(people))]
    made = 0
    for e in places + orgs:  # place/org -> country
        art = rnd.choice(arts)
        c = rnd.choice(countries)
        s = say(art, (labels[e], e), (" liegt in ", None), (labels[c], c), (".", None))
        b.fact(art, e, KG.country, c, s)
        made += 1
    for i, p in enumerate(people):  # nationality and a post
        art = rnd.choice(arts)
        c = rnd.choice(countries)
        role = rnd.choice(ROLES)
        s = say(art, (f"{role} ", None), (labels[p], p), (" aus ", None), (labels[c], c), (" sprach.", None))
        b.fact(art, p, SCHEMA.nationality, c, s)
        post = ID[f"post/{role.lower()}--{c.split('/')[-1]}"]
        role_iri = ID[f"role/{role.lower()}"]
        art.graph.add((post, RDF.type, ORG.Post))
        art.graph.add((post, RDFS.label, Literal(f"{role} ({labels[c]})", lang="de")))
        art.graph.add((role_iri, RDF.type, SKOS.Concept))
        art.graph.add((role_iri, RDFS.label, Literal(role, lang="de")))
        b.fact(art, p, ORG.holds, post, s)
        b.fact(art, post, ORG.role, role_iri, s)
        b.fact(art, post, ORG.postIn, c, s)
        made += 2
    k = 0
    while made < edges:
        art = rnd.choice(arts)
        cls, verb = rnd.choice(VERBS)
        a, o = rnd.choices(people, weights)[0], rnd.choice(people + orgs + countries)
        if a == o:
            continue
        ev = ID[f"event/{cls.lower()}-{k:06d}"]
        k += 1
        s = say(art, (labels[a], a), (f" {verb} ", None), (labels[o], o), (".", None))
        g = art.graph
        g.add((ev, RDF.type, KG[cls]))
        g.add((ev, RDF.type, SCHEMA.Event))
        g.add((ev, RDFS.label, Literal(f"{labels[a]} {verb} {labels[o]}", lang="de")))
        b.fact(art, ev, KG.agent, a, s)
        b.fact(art, ev, SCHEMA.participant, o, s)
        b.fact(art, ev, KG.trigger, Literal(verb.split()[0]), s)
        if k % 4 == 0:  # with a second participant and a place: drawn as an event node (4-5 edges)
            o2, pl = rnd.choice(people), rnd.choice(places)
            b.fact(art, ev, SCHEMA.participant, o2, s)
            b.fact(art, ev, SCHEMA.location, pl, s)
            describe(art, o2)
            describe(art, pl)
            made += 4
        elif k % 7 == 0:  # a quotation
            q = ID[f"quote/{k:06d}"]
            s2 = say(art, ("„Wir bleiben im Gespräch“, sagte ", None), (labels[a], a), (".", None))
            g.add((q, RDF.type, KG.Quotation))
            b.fact(art, q, KG.speaker, a, s2)
            b.fact(art, q, KG.quoteText, Literal("Wir bleiben im Gespräch"), s2)
            g.add((q, PROV.wasDerivedFrom, s2))
            made += 2
        else:
            made += 1
    return ds


def _chromium(profile: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,800", f"--user-data-dir={profile}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    drv.set_page_load_timeout(300)
    drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                        {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    return drv


def _browser(page: Path, timeout: float, screenshot: Path | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as profile:
        drv = _chromium(profile)
        try:
            t0 = time.perf_counter()
            drv.get(page.resolve().as_uri())
            t_loaded = time.perf_counter() - t0
            while not drv.execute_script("return !!(window.kgViewer && window.kgViewer.drawn)"):
                if time.perf_counter() - t0 > timeout:
                    raise TimeoutError("network not drawn in time")
                time.sleep(0.02)
            wall = time.perf_counter() - t0
            info = drv.execute_script(
                """const v = window.kgViewer, nav = performance.getEntriesByType('navigation')[0];
                   const ids = v.nodes.getIds();
                   let t = performance.now(); v.selectNode(v.find(v.nodes.get(ids[ids.length >> 1]).kgName), true);
                   const sel = performance.now() - t;
                   t = performance.now(); v.nodeView.refresh(); v.edgeView.refresh(); v.network.redraw();
                   const filt = performance.now() - t;
                   return {first_draw: v.firstDrawAt, dcl: nav ? nav.domContentLoadedEventEnd : -1,
                           nodes: v.nodes.length, edges: v.edges.length, select: sel, refilter: filt};"""
            )
            time.sleep(0.5)
            if screenshot:
                drv.save_screenshot(str(screenshot))
            severe = [e for e in drv.get_log("browser") if e.get("level") == "SEVERE"]
            info.update(load_wall=t_loaded, drawn_wall=wall, console_errors=len(severe))
            return info
        finally:
            drv.quit()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entities", type=int, default=3000)
    ap.add_argument("--edges", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--trig", "--dataset", dest="trig", type=Path,
                    help="benchmark this dataset instead of a synthetic one (TriG, or N-Quads such as out/dataset.nq)")
    ap.add_argument("--top", type=int, default=None, help="render only the N most central entities")
    ap.add_argument("--physics", action="store_true", help="force physics on")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "kg-viz-bench")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--screenshot", action="store_true", help="save OUT/bench.png")
    ap.add_argument("--timeout", type=float, default=300.0)
    args = ap.parse_args(argv)

    rows: list[tuple[str, str]] = []
    t = time.perf_counter()
    if args.trig:
        ds = rdflib.Dataset(default_union=True)
        fmt = "nquads" if args.trig.suffix in (".nq", ".nquads") else "trig"
        ds.parse(args.trig, format=fmt)
        rows.append((f"load {args.trig.name} ({fmt})", f"{time.perf_counter() - t:.2f} s"))
    else:
        ds = synthetic(args.entities, args.edges, args.seed)
        rows.append((f"build synthetic ({args.entities} entities)", f"{time.perf_counter() - t:.2f} s"))
    rows.append(("quads", f"{len(ds):,}"))
    t = time.perf_counter()
    graph = project(ds)
    rows.append(("project()", f"{time.perf_counter() - t:.2f} s"))
    rows.append(("projection nodes / edges", f"{graph.number_of_nodes():,} / {graph.number_of_edges():,}"))
    t = time.perf_counter()
    html, summary = render_html(graph, title="viz bench", top=args.top, physics=True if args.physics else None)
    rows.append(("render_html()", f"{time.perf_counter() - t:.2f} s (layout {summary.layout}, physics {summary.physics})"))
    rows.append(("page nodes / edges", f"{summary.nodes_shown:,} / {summary.edges_shown:,}"))
    rows.append(("page size", f"{len(html.encode()) / 1e6:.2f} MB"))
    args.out.mkdir(parents=True, exist_ok=True)
    page = write_html(args.out / "bench.html", html)
    rows.append(("page", str(page)))
    if not args.no_browser:
        shot = args.out / "bench.png" if args.screenshot else None
        info = _browser(page, args.timeout, shot)
        rows.append(("browser: DOMContentLoaded", f"{info['dcl'] / 1000:.2f} s"))
        rows.append(("browser: first afterDrawing", f"{info['first_draw'] / 1000:.2f} s after navigation start"))
        rows.append(("browser: driver.get → drawn (wall)", f"{info['drawn_wall']:.2f} s"))
        rows.append(("browser: search+select+focus", f"{info['select']:.0f} ms"))
        rows.append(("browser: refilter+redraw", f"{info['refilter']:.0f} ms"))
        rows.append(("browser: vis nodes / edges", f"{info['nodes']:,} / {info['edges']:,}"))
        rows.append(("browser: console errors", str(info["console_errors"])))
        if shot:
            rows.append(("screenshot", str(shot)))
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
