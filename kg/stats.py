"""Numbers about a projected graph, and a Gephi-ready GraphML export.

Examples
--------
>>> import networkx as nx
>>> from kg.stats import graph_stats, format_stats, to_graphml
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", label="Anna", type="person", evidence=[], articles=["x"])
>>> g.add_node("b", label="Ben", type="person", evidence=[], articles=["x"])
>>> g.add_node("c", label="Chur", type="place", evidence=[], articles=[])
>>> _ = g.add_edge("a", "b", label="trifft", evidence=[], articles=["x"])
>>> s = graph_stats(g)
>>> s.counts_by_type, s.components, s.largest_component
({'person': 2, 'place': 1}, 2, 2)
>>> print(format_stats(s).splitlines()[0])
Knoten: 3   Kanten: 1   Zusammenhangskomponenten: 2 (größte: 2 Knoten)
>>> b"<graphml" in to_graphml(g)
True
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

__all__ = ["Ranked", "GraphStats", "graph_stats", "format_stats", "to_graphml"]

#: Above this many nodes betweenness is estimated from a seeded sample of sources.
BETWEENNESS_EXACT_LIMIT = 1500
_BETWEENNESS_SAMPLE = 400


@dataclass(frozen=True)
class Ranked:
    """One node in a top list."""

    node: str
    label: str
    type: str
    value: float


@dataclass(frozen=True)
class GraphStats:
    """Summary numbers of a projection.

    Attributes
    ----------
    nodes, edges : int
        Graph size.
    counts_by_type : dict
        Node type -> number of nodes (sorted by type).
    top_degree, top_betweenness : list of Ranked
        The 10 nodes with the highest degree / betweenness centrality
        (undirected; betweenness normalised, sampled above
        :data:`BETWEENNESS_EXACT_LIMIT` nodes with a fixed seed).
    components : int
        Number of weakly connected components.
    largest_component : int
        Nodes in the largest of them.
    articles : int
        Distinct articles that support any node or edge.
    betweenness_sampled : bool
        Whether betweenness was estimated from a sample.
    """

    nodes: int
    edges: int
    counts_by_type: dict[str, int]
    top_degree: list[Ranked] = field(default_factory=list)
    top_betweenness: list[Ranked] = field(default_factory=list)
    components: int = 0
    largest_component: int = 0
    articles: int = 0
    betweenness_sampled: bool = False


def _simple(graph: nx.MultiDiGraph) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(sorted(graph.nodes, key=str))
    g.add_edges_from(sorted(((str(u), str(v)) for u, v in graph.edges() if u != v)))
    return g


def _top(graph: nx.MultiDiGraph, values: dict[Any, float], n: int = 10) -> list[Ranked]:
    order = sorted(values, key=lambda k: (-values[k], str(graph.nodes[k].get("label", k)), str(k)))
    return [
        Ranked(str(k), str(graph.nodes[k].get("label", k)), str(graph.nodes[k].get("type", "")), values[k])
        for k in order[:n]
        if values[k] > 0
    ]


def graph_stats(graph: nx.MultiDiGraph) -> GraphStats:
    """Count, rank and measure a projection.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Typically :func:`kg.project.project`'s result.

    Returns
    -------
    GraphStats

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for n in "abc":
    ...     g.add_node(n, label=n.upper(), type="person")
    >>> _ = g.add_edge("a", "b"); _ = g.add_edge("b", "c")
    >>> s = graph_stats(g)
    >>> [(r.label, r.value) for r in s.top_degree]
    [('B', 2), ('A', 1), ('C', 1)]
    >>> [(r.label, r.value) for r in s.top_betweenness]
    [('B', 1.0)]
    """
    counts: dict[str, int] = {}
    for _, d in graph.nodes(data=True):
        t = str(d.get("type", ""))
        counts[t] = counts.get(t, 0) + 1
    degree = {n: d for n, d in graph.degree()}
    simple = _simple(graph)
    sampled = simple.number_of_nodes() > BETWEENNESS_EXACT_LIMIT
    if simple.number_of_nodes():
        btw = nx.betweenness_centrality(
            simple, k=_BETWEENNESS_SAMPLE if sampled else None, seed=42 if sampled else None, normalized=True
        )
        btw = {k: round(v, 6) for k, v in btw.items()}
    else:
        btw = {}
    comps = [len(c) for c in nx.weakly_connected_components(graph)]
    articles: set[str] = set()
    for _, d in graph.nodes(data=True):
        articles.update(str(a) for a in d.get("articles", []))
    for _, _, d in graph.edges(data=True):
        articles.update(str(a) for a in d.get("articles", []))
    return GraphStats(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        counts_by_type=dict(sorted(counts.items())),
        top_degree=_top(graph, degree),
        top_betweenness=_top(graph, {n: btw.get(str(n), 0.0) for n in graph.nodes}),
        components=len(comps),
        largest_component=max(comps, default=0),
        articles=len(articles),
        betweenness_sampled=sampled,
    )


def _table(title: str, rows: list[Ranked], fmt: str) -> list[str]:
    if not rows:
        return [f"{title}: –"]
    width = min(48, max(len(r.label) for r in rows))
    twidth = max(len(r.type) for r in rows)
    out = [title + ":"]
    for i, r in enumerate(rows, 1):
        label = r.label if len(r.label) <= width else r.label[: width - 1] + "…"
        out.append(f"  {i:>2}. {label:<{width}}  {r.type:<{twidth}}  {format(r.value, fmt):>9}")
    return out


def format_stats(stats: GraphStats) -> str:
    """Plain-text report of :class:`GraphStats` (German headings).

    Examples
    --------
    >>> s = GraphStats(nodes=1, edges=0, counts_by_type={"person": 1}, components=1, largest_component=1)
    >>> print(format_stats(s))
    Knoten: 1   Kanten: 0   Zusammenhangskomponenten: 1 (größte: 1 Knoten)
    Artikel: 0
    Knoten nach Typ:
      person          1
    Höchster Grad: –
    Höchste Betweenness: –
    """
    lines = [
        f"Knoten: {stats.nodes}   Kanten: {stats.edges}   "
        f"Zusammenhangskomponenten: {stats.components} (größte: {stats.largest_component} Knoten)",
        f"Artikel: {stats.articles}",
        "Knoten nach Typ:",
    ]
    for t, c in stats.counts_by_type.items():
        lines.append(f"  {t or '(ohne)':<12} {c:>4}")
    lines += _table("Höchster Grad", stats.top_degree, "d")
    title = "Höchste Betweenness" + (" (Stichprobe)" if stats.betweenness_sampled else "")
    lines += _table(title, stats.top_betweenness, ".4f")
    return "\n".join(lines)


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(value: Any) -> str:
    return _XML_BAD.sub("\ufffd", str(value))


def to_graphml(graph: nx.MultiDiGraph) -> bytes:
    """GraphML of a projection with scalar attributes only (for Gephi).

    Nodes get ``label``, ``type``, ``weight`` (degree), ``evidence_count``,
    ``articles`` (IRIs joined by ``" | "``) and ``facts`` (joined likewise);
    edges get ``label``, ``weight`` (number of supporting articles, at least
    1), ``evidence_count`` and ``articles``.  Output is deterministic.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="A", type="person", evidence=[{}], articles=["x", "y"], facts=["f"])
    >>> back = nx.read_graphml(io.BytesIO(to_graphml(g)))
    >>> back.nodes["a"]["articles"], back.nodes["a"]["evidence_count"]
    ('x | y', 1)
    """
    out = nx.MultiDiGraph()
    degree = dict(graph.degree())
    for n in sorted(graph.nodes, key=str):
        d = graph.nodes[n]
        out.add_node(
            _xml_text(n),
            label=_xml_text(d.get("label", n)),
            type=_xml_text(d.get("type", "")),
            weight=int(degree.get(n, 0)),
            evidence_count=len(d.get("evidence", [])),
            articles=_xml_text(" | ".join(str(a) for a in d.get("articles", []))),
            facts=_xml_text(" | ".join(str(f) for f in d.get("facts", []))),
        )
    for u, v, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        arts = [str(a) for a in d.get("articles", [])]
        out.add_edge(
            _xml_text(u),
            _xml_text(v),
            key=_xml_text(k),
            label=_xml_text(d.get("label", "")),
            weight=max(1, len(arts)),
            evidence_count=len(d.get("evidence", [])),
            articles=_xml_text(" | ".join(arts)),
        )
    buf = io.BytesIO()
    nx.write_graphml_xml(out, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()
