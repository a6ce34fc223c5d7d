"""Render a projected graph as one self-contained, offline HTML page.

The page is made with pyvis (``Network`` + ``generate_html``, with kg's own
template in ``kg/viewer/``) and vis-network inlined from pyvis' package, so it
opens from disk without any network access.  It has a legend that doubles as
type filter, an article filter, a search box, a physics toggle and a side
panel with the facts and evidence sentences of the selected node or edge.

Article text is untrusted: it only ever enters the page inside one
``<script type="application/json">`` block (with ``<``, ``>``, ``&``,
U+2028/U+2029 escaped) and is put on screen with ``textContent``.  The page
contains no ``http://`` or ``https://`` string at all (IRIs are written with
JSON's ``\\/`` escape) and is byte-identical for the same input.

Examples
--------
>>> import networkx as nx
>>> from kg.viz import render_html
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", label="Anna Alt", type="person", facts=[], evidence=[], articles=[])
>>> g.add_node("b", label="Österreich", type="country", facts=[], evidence=[], articles=[])
>>> _ = g.add_edge("a", "b", label="Staatsangehörigkeit", evidence=[], facts=[], articles=[])
>>> html, summary = render_html(g, title="Beispiel")
>>> summary.nodes_shown, summary.edges_shown, summary.physics
(2, 1, True)
>>> "https://" in html or "http://" in html
False
>>> html == render_html(g, title="Beispiel")[0]
True
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, FileSystemLoader
from pyvis.network import Network

from kg.errors import UsageError
from kg.project import ENTITY_TYPES

__all__ = [
    "TYPE_STYLES",
    "TypeStyle",
    "VizSummary",
    "render_html",
    "select_subgraph",
    "script_json",
    "write_html",
]


@dataclass(frozen=True)
class TypeStyle:
    """How nodes of one type look (and how the legend names them)."""

    name: str
    color: str
    shape: str


#: Node type -> German legend name, colour, vis-network shape.
TYPE_STYLES: dict[str, TypeStyle] = {
    "person": TypeStyle("Person", "#4e79a7", "dot"),
    "organisation": TypeStyle("Organisation", "#f28e2b", "square"),
    "country": TypeStyle("Land", "#e15759", "hexagon"),
    "place": TypeStyle("Ort", "#59a14f", "triangle"),
    "event": TypeStyle("Ereignis", "#e0b429", "diamond"),
    "position": TypeStyle("Amt", "#b07aa1", "triangleDown"),
    "quotation": TypeStyle("Zitat", "#9c9c9c", "dot"),
    "article": TypeStyle("Artikel", "#76b7b2", "star"),
    "resource": TypeStyle("Ressource", "#8c8c8c", "dot"),
    "literal": TypeStyle("Literal", "#c9c3b8", "box"),
}
_DEFAULT_STYLE = TypeStyle("Sonstiges", "#8c8c8c", "dot")
_CANVAS_LABEL = 34  # longer labels are cut on the canvas (the panel shows them whole)


@dataclass(frozen=True)
class VizSummary:
    """What :func:`render_html` put on the page.

    Attributes
    ----------
    nodes_total, edges_total : int
        Size of the graph that was passed in.
    nodes_shown, edges_shown : int
        Size of the graph drawn on the page.
    nodes_left_out, edges_left_out : int
        ``total - shown``.
    reason : str
        Why nodes were left out (German, empty if none were).
    physics : bool
        Whether the physics simulation starts enabled.
    layout : str
        ``"kamada_kawai"``, ``"spring"`` (small graphs) or ``"spring-core+tree"`` (above
        ``layout_threshold``: hubs by spring layout, the rest fanned out around
        them); all seeded and computed in Python.
    focus_nodes : tuple of str
        The nodes that matched ``focus`` (selected when the page opens).
    """

    nodes_total: int
    edges_total: int
    nodes_shown: int
    edges_shown: int
    nodes_left_out: int
    edges_left_out: int
    reason: str
    physics: bool
    layout: str
    focus_nodes: tuple[str, ...] = field(default_factory=tuple)

    def __str__(self) -> str:
        """One line for the command line.

        Examples
        --------
        >>> str(VizSummary(10, 12, 4, 5, 6, 7, "Fokus „x“ (1 Schritt)", True, "spring"))
        '4 nodes, 5 edges shown (6 nodes left out: Fokus „x“ (1 Schritt)); physics on, spring layout'
        """
        text = f"{self.nodes_shown} nodes, {self.edges_shown} edges shown"
        if self.nodes_left_out:
            text += f" ({self.nodes_left_out} nodes left out" + (f": {self.reason})" if self.reason else ")")
        return text + f"; physics {'on' if self.physics else 'off'}, {self.layout} layout"

    def as_dict(self) -> dict[str, Any]:
        """Plain dict (for JSON)."""
        d = asdict(self)
        d["focus_nodes"] = list(self.focus_nodes)
        return d


# ---------------------------------------------------------------- escaping
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SCHEME_SEP = "://"


def script_json(obj: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>``, ``&``, ``'``, U+2028 and U+2029 become ``\\uXXXX`` escapes, so
    no string can close the script element or open a comment; ``://`` becomes
    ``:\\/\\/`` so the page holds no URL; output is deterministic (sorted keys).

    Examples
    --------
    >>> script_json({"b": "</script><b>", "a": "x://y"})
    '{"a":"x:\\\\/\\\\/y","b":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    >>> import json
    >>> json.loads(script_json(["\\u2028 & ü"]))
    ['\\u2028 & ü']
    """
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    text = (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
        .replace(_SCHEME_SEP, ":\\/\\/")
    )
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _js_safe(js: str) -> str:
    """Make third-party JavaScript safe to inline: no URL, no ``</script``."""
    js = js.replace(_SCHEME_SEP, ":\\/\\/")
    js = re.sub(r"<(/?script)", r"\\x3C\1", js, flags=re.IGNORECASE)
    return js.replace("<!--", "\\x3C!--")


def _css_safe(css: str) -> str:
    css = re.sub(r"https?://\S*?(?=[\"')\s])", "", css)
    return css.replace("</", "<\\/")


def _text_safe(text: str) -> str:
    """Plain text for HTML element content (the template escapes it too)."""
    return text.replace(_SCHEME_SEP, ":\u2060//")


# ---------------------------------------------------------------- assets
def _viewer_dir() -> Path:
    return Path(str(resources.files("kg").joinpath("viewer")))


def _vis_dir() -> Path:
    import pyvis

    return Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


_ASSETS: dict[str, str] = {}


def _assets() -> dict[str, str]:
    if not _ASSETS:
        vis = _vis_dir()
        view = _viewer_dir()
        _ASSETS.update(
            kg_vis_js=_js_safe((vis / "vis-network.min.js").read_text(encoding="utf-8")),
            kg_vis_css=_css_safe((vis / "vis-network.css").read_text(encoding="utf-8")),
            kg_js=_js_safe((view / "viewer.js").read_text(encoding="utf-8")),
            kg_css=_css_safe((view / "viewer.css").read_text(encoding="utf-8")),
        )
    return _ASSETS


class _IdList(list):  # type: ignore[type-arg]
    """pyvis keeps node ids in a list and tests membership per edge; make it O(1)."""

    def __init__(self) -> None:
        super().__init__()
        self._set: set[Any] = set()

    def append(self, item: Any) -> None:
        self._set.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._set


# ---------------------------------------------------------------- selection
def _undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    # nodes in a fixed order: the seeded layouts depend on it (a subgraph's order is a set's)
    u = nx.Graph()
    u.add_nodes_from(sorted(graph.nodes, key=str))
    u.add_edges_from(sorted(((a, b) for a, b in graph.edges() if a != b), key=lambda e: (str(e[0]), str(e[1]))))
    return u


def _ranked(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> list[str]:
    """Nodes by importance (degree, then label, then id)."""
    deg = dict(graph.degree())
    return sorted(nodes, key=lambda n: (-deg.get(n, 0), str(graph.nodes[n].get("label", "")), str(n)))


def select_subgraph(
    graph: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 2,
    top: int | None = None,
) -> tuple[nx.MultiDiGraph, list[str], str]:
    """The part of ``graph`` to draw.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A projection (see :func:`kg.project.project`).
    focus : str, optional
        Keep the nodes whose label contains this text (case-insensitive) and
        everything within ``depth`` hops of them (edge direction ignored).
    depth : int
        Hops around the focus nodes.
    top : int, optional
        Keep the ``top`` entities (person, country, place, organisation) with
        the highest degree, plus the events, quotations, ... that only connect
        kept entities (in a raw projection: the ``top`` nodes).  Focus
        matches are always kept.

    Returns
    -------
    (subgraph, focus_nodes, reason)
        ``focus_nodes`` best match first (exact label, entities, degree);
        ``reason`` says in German what was left out and why ("" if nothing).

    Raises
    ------
    kg.errors.UsageError
        If ``focus`` matches no label, or ``depth``/``top`` is negative.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for n, t in [("a", "person"), ("b", "person"), ("c", "country")]:
    ...     g.add_node(n, label=n.upper(), type=t)
    >>> _ = g.add_edge("a", "c"); _ = g.add_edge("b", "c")
    >>> sub, hits, why = select_subgraph(g, focus="a", depth=1)
    >>> sorted(sub), hits
    (['a', 'c'], ['a'])
    >>> sorted(select_subgraph(g, top=1)[0])
    ['c']
    >>> select_subgraph(g, focus="zz")
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: no node label contains 'zz'
    """
    if depth < 0:
        raise UsageError(f"depth must be 0 or more, not {depth}")
    if top is not None and top < 1:
        raise UsageError(f"top must be 1 or more, not {top}")
    reasons: list[str] = []
    keep: set[str] = set(graph.nodes)
    hits: list[str] = []
    if focus is not None:
        needle = focus.casefold().strip()
        if not needle:
            raise UsageError("focus must not be empty")
        deg = dict(graph.degree())
        hits = sorted(
            (n for n, d in graph.nodes(data=True) if needle in str(d.get("label", n)).casefold()),
            key=lambda n: (  # best match first: it is the one selected on the page
                str(graph.nodes[n].get("label", n)).casefold() != needle,
                graph.nodes[n].get("type") not in ENTITY_TYPES,
                -deg.get(n, 0),
                str(n),
            ),
        )
        if not hits:
            raise UsageError(f"no node label contains {focus!r}")
        und = _undirected(graph)
        keep = set()
        for h in hits:
            keep.update(nx.single_source_shortest_path_length(und, h, cutoff=depth))
        reasons.append(f"Fokus „{focus}“ ({depth} {'Schritt' if depth == 1 else 'Schritte'})")
    if top is not None:
        sub = graph.subgraph(keep)
        raw = bool(graph.graph.get("raw"))  # RDF as it is: rank every node
        entities = [n for n in sub if raw or sub.nodes[n].get("type") in ENTITY_TYPES]
        if len(entities) > top:
            kept = set(_ranked(sub, entities)[:top]) | set(hits)
            und = _undirected(sub)
            entity_set = set(entities)
            others = [n for n in sub if n not in entity_set]
            chosen: set[str] = set()
            for _round in range(3):  # events about events: a few rounds suffice
                for n in others:
                    if n in chosen:
                        continue
                    nbrs = set(und[n])
                    ent_nbrs = nbrs & entity_set
                    if ent_nbrs <= kept and (ent_nbrs or nbrs & chosen):
                        chosen.add(n)
            keep = kept | chosen
            reasons.append(f"nur die {top} wichtigsten {'Knoten' if raw else 'Entitäten'}")
    sub = graph.subgraph(keep).copy()
    return sub, hits, "; ".join(reasons)


# ---------------------------------------------------------------- layout
def _layout(graph: nx.MultiDiGraph, *, large: bool) -> tuple[dict[str, tuple[float, float]], str]:
    """Seeded positions in screen pixels (about 110 px per edge)."""
    und = _undirected(graph)
    n = und.number_of_nodes()
    if n == 0:
        return {}, "none"
    try:
        if large:
            pos, name = _layout_large(und), "spring-core+tree"
        elif n <= 60 and nx.is_connected(und):
            pos = _unit_edges(und, nx.kamada_kawai_layout(und))
            name = "kamada_kawai"
        else:
            pos = _unit_edges(und, nx.spring_layout(und, seed=42, iterations=80))
            name = "spring"
    except ImportError:  # numpy/scipy missing: a plain spiral, hubs in the middle
        spiral = _spiral(graph)
        pos = {k: (x * 1.1 * math.sqrt(n), y * 1.1 * math.sqrt(n)) for k, (x, y) in spiral.items()}
        name = "spiral"
    return {k: (round(float(x) * _EDGE_PX, 1), round(float(y) * _EDGE_PX, 1)) for k, (x, y) in pos.items()}, name


_EDGE_PX = 110.0
_CORE = 250


def _unit_edges(und: nx.Graph, pos: dict[Any, Any]) -> dict[Any, tuple[float, float]]:
    """Scale a layout so that the median edge is 1 unit long."""
    lengths = sorted(math.dist(pos[u], pos[v]) for u, v in und.edges())
    median = lengths[len(lengths) // 2] if lengths else 0.0
    factor = 1.0 / median if median > 1e-9 else math.sqrt(max(len(pos), 1))
    return {k: (float(x) * factor, float(y) * factor) for k, (x, y) in pos.items()}


def _component_layout(und: nx.Graph, comp: list[Any]) -> dict[Any, tuple[float, float]]:
    """One connected component: spring layout of its hubs, the rest fanned out around them."""
    n = len(comp)
    if n <= 3:
        if n == 1:
            return {comp[0]: (0.0, 0.0)}
        return {v: (0.6 * math.cos(2 * math.pi * i / n), 0.6 * math.sin(2 * math.pi * i / n)) for i, v in enumerate(comp)}
    sub = und.subgraph(comp)
    deg = dict(sub.degree())
    ranked = sorted(comp, key=lambda v: (-deg[v], str(v)))
    core = ranked[:_CORE]
    core_set = set(core)
    core_sub = nx.Graph()  # not sub.subgraph(core): its node order is a set's, and the seeded layout depends on it
    core_sub.add_nodes_from(core)
    core_sub.add_edges_from((u, v) for u in core for v in sorted(und[u], key=str) if v in core_set and u != v)
    pos = _unit_edges(core_sub, nx.spring_layout(core_sub, seed=42, iterations=60))
    if n <= _CORE:
        return pos
    # spread the core a little: the fans need room
    pos = {k: (x * 1.6, y * 1.6) for k, (x, y) in pos.items()}
    golden = math.pi * (3 - math.sqrt(5))
    frontier = sorted(core, key=str)
    placed = set(core)
    while len(placed) < n:
        groups: dict[Any, list[Any]] = defaultdict(list)
        for v in frontier:
            for w in sorted(sub[v], key=str):
                if w not in placed:
                    placed.add(w)
                    parent = max((p for p in sub[w] if p in pos), key=lambda p: (deg[p], str(p)))
                    groups[parent].append(w)
        if not groups:  # pragma: no cover - cannot happen in a connected component
            break
        frontier = []
        for parent in sorted(groups, key=str):
            kids = groups[parent]
            px, py = pos[parent]
            outward = math.atan2(py, px) if (px or py) else 0.0
            radius = 0.8 + 0.22 * math.sqrt(len(kids))
            for i, kid in enumerate(kids):
                # fan out on the side away from the centre, wrapping round for many children
                angle = outward + (i * golden if len(kids) > 6 else (i - (len(kids) - 1) / 2) * 0.55)
                r = radius * (1.0 + 0.35 * ((i * 0.618) % 1.0)) if len(kids) > 6 else radius
                pos[kid] = (px + r * math.cos(angle), py + r * math.sin(angle))
                frontier.append(kid)
    return pos


def _layout_large(und: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Components laid out one by one and packed in rows, largest first."""
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(und)), key=lambda c: (-len(c), str(c[0])))
    boxes = []
    for comp in comps:
        pos = _component_layout(und, comp)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        boxes.append((pos, min(xs), min(ys), max(xs) - min(xs) + 1.5, max(ys) - min(ys) + 1.5))
    row_width = max(boxes[0][3], math.sqrt(sum(b[3] * b[4] for b in boxes)) * 1.2)
    out: dict[Any, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for pos, x0, y0, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for k, (px, py) in pos.items():
            out[k] = (x + px - x0, y + py - y0)
        x += w
        row_h = max(row_h, h)
    cx = sum(p[0] for p in out.values()) / len(out)
    cy = sum(p[1] for p in out.values()) / len(out)
    return {k: (px - cx, py - cy) for k, (px, py) in out.items()}


def _spiral(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Golden-angle spiral by decreasing degree (no numpy needed)."""
    order = _ranked(graph, graph.nodes)
    n = max(len(order), 1)
    golden = math.pi * (3 - math.sqrt(5))
    return {
        node: (math.sqrt((i + 0.5) / n) * math.cos(i * golden), math.sqrt((i + 0.5) / n) * math.sin(i * golden))
        for i, node in enumerate(order)
    }


def _darker(color: str, factor: float = 0.72) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def _lighter(color: str, factor: float = 0.35) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c + (255 - c) * factor) for c in (r, g, b)))


def _style(type_: str) -> TypeStyle:
    return TYPE_STYLES.get(type_, _DEFAULT_STYLE)


# ---------------------------------------------------------------- page
class _Tables:
    """Articles and sentences, stored once and referenced by index."""

    def __init__(self, articles_meta: dict[str, dict[str, str]]) -> None:
        self.meta = articles_meta
        self.articles: dict[str, int] = {}
        self.article_rows: list[list[str]] = []
        self.sentences: dict[tuple[int, str], int] = {}
        self.sentence_rows: list[list[Any]] = []

    def article(self, iri: str, title: str = "") -> int:
        idx = self.articles.get(iri)
        if idx is None:
            meta = self.meta.get(iri, {})
            idx = self.articles[iri] = len(self.article_rows)
            self.article_rows.append([iri, meta.get("title") or title or iri, meta.get("date", "")])
        return idx

    def evidence(self, items: list[dict[str, Any]], limit: int) -> list[list[int]]:
        out = []
        for ev in items[:limit]:
            a = self.article(str(ev.get("article", "")), str(ev.get("article_title", "")))
            key = (a, str(ev.get("sentence", "")))
            s = self.sentences.get(key)
            if s is None:
                s = self.sentences[key] = len(self.sentence_rows)
                self.sentence_rows.append([a, key[1]])
            start, end = ev.get("start"), ev.get("end")
            out.append([s, -1 if start is None else int(start), -1 if end is None else int(end)])
        return out


def render_html(
    graph: nx.MultiDiGraph,
    *,
    title: str = "kg",
    focus: str | None = None,
    depth: int = 2,
    top: int | None = None,
    physics: bool | None = None,
    layout_threshold: int = 300,
    max_evidence: int = 25,
) -> tuple[str, VizSummary]:
    """Render ``graph`` as a complete, offline HTML page.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A projection from :func:`kg.project.project` (nodes with ``label``,
        ``type``, ``facts``, ``evidence``, ``articles``; edges with ``label``
        and the same lists).  Missing attributes are tolerated.
    title : str
        Page title (shown with the counts in the header).
    focus : str, optional
        Show only nodes within ``depth`` hops of the nodes whose label
        contains this text (case-insensitive); they are selected on load.
    depth : int
        Hops around the focus.
    top : int, optional
        Keep only the ``top`` most central entities (by degree).
    physics : bool, optional
        Start with the physics simulation on/off; default: on up to
        ``layout_threshold`` nodes, off above (the seeded Python layout is
        then final, so the page opens fast).
    layout_threshold : int
        See ``physics``; above it edges are also drawn straight.
    max_evidence : int
        Evidence sentences embedded per node/edge (the panel says how many
        there are in all).

    Returns
    -------
    (str, VizSummary)
        The page and what it shows.

    Raises
    ------
    kg.errors.UsageError
        If ``focus`` matches nothing, or ``depth``/``top`` is out of range.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("x", label="</script><script>alert(1)</script>", type="person")
    >>> html, s = render_html(g)
    >>> "<script>alert" in html
    False
    >>> s.nodes_shown
    1
    """
    sub, hits, reason = select_subgraph(graph, focus=focus, depth=depth, top=top)
    n_shown = sub.number_of_nodes()
    big = n_shown > layout_threshold
    physics_on = (not big) if physics is None else bool(physics)
    positions, layout_name = _layout(sub, large=big)
    degree = dict(graph.degree())  # importance: in the whole projection
    shown_degree = dict(sub.degree())  # what the panel can list
    tables = _Tables(dict(graph.graph.get("articles", {})))

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading=title)
    net.node_ids = _IdList()
    env = Environment(loader=FileSystemLoader(str(_viewer_dir())), autoescape=True, keep_trailing_newline=True)
    env.policies["json.dumps_function"] = lambda obj, **_kw: script_json(obj)
    env.policies["json.dumps_kwargs"] = {}
    env.filters["plain"] = _text_safe
    env.globals.update(_assets())
    net.templateEnv = env
    net.path = "page.html"

    type_counts: dict[str, int] = defaultdict(int)
    for node in sorted(sub.nodes, key=str):
        d = sub.nodes[node]
        type_ = str(d.get("type", "resource"))
        type_counts[type_] += 1
        st = _style(type_)
        label = str(d.get("label", node))
        evidence = list(d.get("evidence", []))
        value = 1 + degree.get(node, 0)
        canvas_label = label if len(label) <= _CANVAS_LABEL else label[: _CANVAS_LABEL - 1].rstrip() + "…"
        x, y = positions.get(node, (0.0, 0.0))
        opts: dict[str, Any] = {
            "value": value,
            "x": x,
            "y": y,
            "kgType": type_,
            "kgFacts": [str(f) for f in d.get("facts", [])],
            "kgEv": tables.evidence(evidence, max_evidence),
            "kgEvN": len(evidence),
            "kgArts": sorted(tables.article(str(a)) for a in d.get("articles", [])),
            "kgDeg": shown_degree.get(node, 0),
            "kgName": label,
            "borderWidth": 1.5,
        }
        if type_ == "quotation":
            opts["value"] = 1
            opts["font"] = {"size": 11, "color": "#555b63"}
        elif type_ == "event":
            # events are hubs by construction; keep their (long) labels modest
            opts["scaling"] = {"label": {"enabled": False}}
            opts["font"] = {"size": 12, "color": "#4d4419"}
        if d.get("modality") not in (None, "asserted"):
            opts["shapeProperties"] = {"borderDashes": [4, 3]}
        net.add_node(
            str(node),
            label=canvas_label,
            shape=st.shape,
            color={
                "background": st.color,
                "border": _darker(st.color),
                "highlight": {"background": _lighter(st.color), "border": "#1b1f24"},
                "hover": {"background": _lighter(st.color), "border": _darker(st.color, 0.5)},
            },
            **opts,
        )

    # parallel edges get different curvatures so none hides another
    pair_count: dict[frozenset[str], int] = defaultdict(int)
    edge_rows = sorted(sub.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    for u, v, _k, _d in edge_rows:
        pair_count[frozenset((str(u), str(v)))] += 1
    pair_seen: dict[frozenset[str], int] = defaultdict(int)
    for i, (u, v, _k, d) in enumerate(edge_rows):
        label = str(d.get("label", ""))
        shown = label + (f" ({d['place']})" if d.get("place") else "")
        evidence = list(d.get("evidence", []))
        arts = sorted(tables.article(str(a)) for a in d.get("articles", []))
        opts = {
            "id": f"e{i}",
            "label": shown if len(shown) <= _CANVAS_LABEL else shown[: _CANVAS_LABEL - 1].rstrip() + "…",
            "kgLabel": label,
            "kgFacts": [str(f) for f in d.get("facts", [])],
            "kgEv": tables.evidence(evidence, max_evidence),
            "kgEvN": len(evidence),
            "kgArts": arts,
            "width": 1 + min(len(arts), 6) * 0.5,
        }
        if d.get("modality") not in (None, "asserted"):
            opts["dashes"] = True
        pair = frozenset((str(u), str(v)))
        if pair_count[pair] > 1 and not big:
            j = pair_seen[pair]
            pair_seen[pair] += 1
            # alternate sides so labels of parallel edges never sit on each other
            side = "curvedCW" if j % 2 == 0 else "curvedCCW"
            opts["smooth"] = {"enabled": True, "type": side, "roundness": round(0.22 + 0.22 * (j // 2), 2)}
        net.add_edge(str(u), str(v), **opts)

    net.options = _vis_options(physics_on=physics_on, big=big)
    left_out_nodes = graph.number_of_nodes() - n_shown
    summary = VizSummary(
        nodes_total=graph.number_of_nodes(),
        edges_total=graph.number_of_edges(),
        nodes_shown=n_shown,
        edges_shown=sub.number_of_edges(),
        nodes_left_out=left_out_nodes,
        edges_left_out=graph.number_of_edges() - sub.number_of_edges(),
        reason=reason if left_out_nodes or reason else "",
        physics=physics_on,
        layout=layout_name,
        focus_nodes=tuple(hits),
    )
    types = [
        {"type": t, "name": _style(t).name, "color": _style(t).color, "shape": _style(t).shape, "count": type_counts[t]}
        for t in [*TYPE_STYLES, *sorted(set(type_counts) - set(TYPE_STYLES))]
        if type_counts.get(t)
    ]
    payload = {
        "title": title,
        "articles": tables.article_rows,
        "sentences": tables.sentence_rows,
        "types": types,
        "summary": summary.as_dict(),
        "raw": bool(graph.graph.get("raw", False)),
        "big": big,
    }
    env.globals["kg_payload"] = script_json(payload)
    env.globals["kg_counts"] = _counts_line(summary)
    html = net.generate_html(name="kg.html")
    _check_page(html)
    return html, summary


def _counts_line(s: VizSummary) -> str:
    text = f"{s.nodes_shown} Knoten · {s.edges_shown} Kanten"
    if s.nodes_left_out:
        text += f" (von {s.nodes_total} / {s.edges_total}"
        text += f"; {s.reason})" if s.reason else ")"
    return text


def _vis_options(*, physics_on: bool, big: bool) -> dict[str, Any]:
    font = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
    return {
        "autoResize": True,
        "layout": {"randomSeed": 42, "improvedLayout": False},
        "nodes": {
            "font": {"size": 14, "face": font, "color": "#1f2328", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {
                "min": 8,
                "max": 36,
                "label": {"enabled": True, "min": 12, "max": 24, "drawThreshold": 6, "maxVisible": 28},
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "color": {"color": "#a3abb6", "highlight": "#c43c50", "hover": "#5b6b7f", "inherit": False},
            "font": {
                "size": 12,
                "face": font,
                "color": "#434a54",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "horizontal",
            },
            "smooth": {"enabled": False} if big else {"enabled": True, "type": "continuous", "roundness": 0.2},
            "selectionWidth": 2,
            "hoverWidth": 0.6,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 300,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "keyboard": False,
            "multiselect": False,
        },
        "physics": {
            "enabled": physics_on,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -110,
                "centralGravity": 0.01,
                "springLength": 150,
                "springConstant": 0.04,
                "damping": 0.5,
                "avoidOverlap": 0.8,
            },
            "stabilization": {"enabled": True, "iterations": 250 if not big else 60, "fit": True},
            "minVelocity": 1.0,
        },
    }


_DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.DOTALL)


def _check_page(html: str) -> None:
    """Refuse to return a page that breaks the promises of this module."""
    blocks = _DATA_BLOCK.findall(html)
    if len(blocks) != 1 or "<" in blocks[0]:
        raise AssertionError("kg-data block is not sealed")  # pragma: no cover
    if re.search(r"https?://", html, flags=re.IGNORECASE):
        raise AssertionError("page contains a URL")  # pragma: no cover


def write_html(path: str | os.PathLike[str], html: str) -> Path:
    """Write ``html`` to ``path`` atomically, UTF-8.

    The text goes to a temporary file in the same directory first and is then
    moved over ``path`` with :func:`os.replace`, so a reader never sees half a
    page.  A ``<meta charset="utf-8">`` is added if the page lacks one.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = tempfile.mkdtemp()
    >>> p = write_html(pathlib.Path(d) / "g.html", "<html><head></head><body>ü</body></html>")
    >>> p.read_bytes().count("ü".encode())
    1
    >>> b'<meta charset="utf-8">' in p.read_bytes()
    True
    """
    target = Path(path)
    if not re.search(r"<meta\s+charset=[\"']?utf-8", html, flags=re.IGNORECASE):
        html = re.sub(r"<head(\s[^>]*)?>", lambda m: m.group(0) + '<meta charset="utf-8">', html, count=1)
    directory = target.parent if str(target.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(html)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target
