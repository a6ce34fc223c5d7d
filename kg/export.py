"""Export the graph in RDF (and graph) file formats.

A small registry maps format names to writers, like rdflib's plugin
registry: a writer is named by ``"module:function"`` and imported only when
used, so a format whose implementation lives in a module that is missing
(or slow to import) does not break the others.

Every writer is deterministic: the same graph gives the same bytes, whatever
order the triples were added in.

=========  =========  ==========================================================
name       extension  content
=========  =========  ==========================================================
turtle     .ttl       the union of all graphs as one graph, kg's prefixes
nt         .nt        N-Triples of the union, sorted lines
nquads     .nq        N-Quads, one graph per article, sorted lines
trig       .trig      TriG, one named graph per article, graphs sorted by name
jsonld     .jsonld    JSON-LD with a @context of kg's prefixes, nodes sorted by @id
graphml    .graphml   the projected entity graph (:mod:`kg.project`, :mod:`kg.stats`)
=========  =========  ==========================================================

Examples
--------
>>> import io
>>> from rdflib import Dataset, Literal
>>> from kg import rdfio, vocab
>>> ds = Dataset()
>>> _ = ds.graph(vocab.ID["article/1"]).add((vocab.ID["person/a"], vocab.RDFS.label, Literal("Ana", lang="de")))
>>> buf = io.BytesIO()
>>> export(ds, "nt", buf)
>>> buf.getvalue().decode()
'<https://w3id.org/kg-news/id/person/a> <http://www.w3.org/2000/01/rdf-schema#label> "Ana"@de .\\n'
>>> [f.name for f in formats()]
['turtle', 'nt', 'nquads', 'trig', 'jsonld', 'graphml']
"""

from __future__ import annotations

import importlib
import io
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Union

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg import rdfio, vocab
from kg.errors import UsageError
from kg.results import nt_term

__all__ = [
    "FormatInfo",
    "formats",
    "register",
    "get_writer",
    "format_for_path",
    "export",
    "Writer",
]

#: A writer takes the dataset and a binary stream.
Writer = Callable[[Dataset, BinaryIO], None]


@dataclass(frozen=True)
class FormatInfo:
    """One export format.

    Attributes
    ----------
    name : str
        The ``--format`` value.
    extension : str
        The file name extension, with dot.
    media_type : str
        IANA media type.
    description : str
        One line for ``--help``.
    """

    name: str
    extension: str
    media_type: str
    description: str


_REGISTRY: dict[str, tuple[FormatInfo, str | Writer]] = {}


def register(info: FormatInfo, writer: str | Writer) -> None:
    """Register (or replace) a format; *writer* is a callable or ``"module:function"``.

    Examples
    --------
    >>> register(FormatInfo("demo", ".txt", "text/plain", "demo"), "kg.export:_write_nt")
    >>> get_writer("demo") is _write_nt
    True
    >>> _ = _REGISTRY.pop("demo")
    """
    _REGISTRY[info.name] = (info, writer)


def formats() -> list[FormatInfo]:
    """The registered formats, in registration order."""
    return [info for info, _ in _REGISTRY.values()]


def _unknown(fmt: str) -> UsageError:
    return UsageError(f"unknown export format {fmt!r} (valid: {', '.join(_REGISTRY)})")


def get_writer(fmt: str) -> Writer:
    """The writer of format *fmt*, imported on first use.

    Raises
    ------
    UsageError
        For an unknown format.
    """
    try:
        info, target = _REGISTRY[fmt]
    except KeyError:
        raise _unknown(fmt) from None
    if isinstance(target, str):
        module, _, func = target.partition(":")
        target = getattr(importlib.import_module(module), func)
        _REGISTRY[fmt] = (info, target)
    return target


def format_for_path(path: Path | str) -> str:
    """The format name for a file name's extension (``out/kg.ttl`` → ``turtle``).

    Examples
    --------
    >>> format_for_path("graph.jsonld")
    'jsonld'
    """
    suffix = Path(path).suffix.lower()
    for info in formats():
        if info.extension == suffix:
            return info.name
    raise UsageError(
        f"cannot tell the export format from {Path(path).name!r} "
        f"(extensions: {', '.join(i.extension for i in formats())})"
    )


def export(ds: Dataset, fmt: str, dest: Path | str | BinaryIO) -> None:
    """Write *ds* in format *fmt* to a path (atomically) or a binary stream.

    Parameters
    ----------
    ds : rdflib.Dataset
        The graph (named graph per article, as ``kg build`` makes it).
    fmt : str
        A name from :func:`formats`.
    dest : Path or binary file object
        A path is written to a temporary file in the same directory and then
        renamed over the target, so readers never see half a file.

    Raises
    ------
    UsageError
        For an unknown format.
    """
    writer = get_writer(fmt)
    if isinstance(dest, (str, os.PathLike)):
        path = Path(dest)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                writer(ds, fh)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    else:
        writer(ds, dest)


# ------------------------------------------------------------------ helpers

Term = Union[URIRef, Literal, BNode]
_DEFAULT = "__default__"


def _graph_id(g: object) -> URIRef | None:
    gid = getattr(g, "identifier", g)
    if gid is None or gid == DATASET_DEFAULT_GRAPH_ID:
        return None
    return gid  # type: ignore[return-value]


def _quads(ds: Dataset | Graph) -> Iterable[tuple[Term, Term, Term, URIRef | None]]:
    if isinstance(ds, Dataset):
        for s, p, o, g in ds.quads((None, None, None, None)):
            yield s, p, o, _graph_id(g)
    else:
        for s, p, o in ds:
            yield s, p, o, None


def _new_graph() -> Graph:
    g = Graph(bind_namespaces="none")
    for prefix, ns in vocab.PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def _by_graph(ds: Dataset | Graph) -> dict[URIRef | None, Graph]:
    graphs: dict[URIRef | None, Graph] = defaultdict(_new_graph)
    for s, p, o, g in _quads(ds):
        graphs[g].add((s, p, o))
    return graphs


def _sort_key(g: URIRef | None) -> tuple[int, str]:
    return (0, "") if g is None else (1, str(g))


# ------------------------------------------------------------------ writers


def _write_turtle(ds: Dataset, out: BinaryIO) -> None:
    # the same writer as ``kg build``'s graph.ttl: sorted, kg prefixes, fast
    out.write(rdfio.turtle(_quads(ds), {p: str(ns) for p, ns in vocab.PREFIXES.items()}).encode("utf-8"))


def _write_nt(ds: Dataset, out: BinaryIO) -> None:
    out.write("".join(rdfio.nquad_lines((s, p, o, None) for s, p, o, _ in _quads(ds))).encode("utf-8"))


def _write_nquads(ds: Dataset, out: BinaryIO) -> None:
    out.write("".join(rdfio.nquad_lines(_quads(ds))).encode("utf-8"))


def _turtle_body(g: Graph) -> str:
    text = g.serialize(format="turtle")
    body = [line for line in text.splitlines() if not line.startswith("@prefix ")]
    return "\n".join(body).strip("\n")


def _write_trig(ds: Dataset, out: BinaryIO) -> None:
    buf = io.StringIO()
    for prefix, ns in vocab.PREFIXES.items():
        buf.write(f"@prefix {prefix}: <{ns}> .\n")
    for gid, graph in sorted(_by_graph(ds).items(), key=lambda kv: _sort_key(kv[0])):
        if not len(graph):
            continue
        # not indented: a line break inside a long literal must stay as it is
        body = _turtle_body(graph)
        name = f"{nt_term(gid)} " if gid is not None else ""
        buf.write(f"\n{name}{{\n{body}\n}}\n")
    out.write(buf.getvalue().encode("utf-8"))


_JSONLD_PREFIXES = sorted(((str(ns), p) for p, ns in vocab.PREFIXES.items()), key=lambda x: -len(x[0]))


def _compact(iri: str) -> str:
    for ns, prefix in _JSONLD_PREFIXES:
        if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _jsonld_id(t: Term) -> str:
    return f"_:{t}" if isinstance(t, BNode) else _compact(str(t))


def _jsonld_value(o: Term) -> dict[str, str]:
    if isinstance(o, (URIRef, BNode)):
        return {"@id": _jsonld_id(o)}
    d = {"@value": str(o)}
    if o.language:
        d["@language"] = o.language
    elif o.datatype is not None and str(o.datatype) != str(vocab.XSD.string):
        d["@type"] = _compact(str(o.datatype))
    return d


def _jsonld_nodes(graph: Graph) -> list[dict]:
    nodes: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    rdf_type = vocab.RDF.type
    for s, p, o in graph:
        node = nodes[_jsonld_id(s)]
        if p == rdf_type and isinstance(o, (URIRef, BNode)):
            node["@type"].append(_jsonld_id(o))
        else:
            node[_compact(str(p))].append(_jsonld_value(o))
    out = []
    for sid in sorted(nodes):
        props = nodes[sid]
        node: dict = {"@id": sid}
        for key in sorted(props):
            values = props[key]
            if key == "@type":
                node["@type"] = sorted(set(values))
            else:
                uniq = {json.dumps(v, sort_keys=True, ensure_ascii=False): v for v in values}
                node[key] = [uniq[k] for k in sorted(uniq)]
        out.append(node)
    return out


def _write_jsonld(ds: Dataset, out: BinaryIO) -> None:
    context = {prefix: str(ns) for prefix, ns in vocab.PREFIXES.items()}
    graphs = _by_graph(ds)
    top: list[dict] = []
    if None in graphs:
        top.extend(_jsonld_nodes(graphs[None]))
    for gid in sorted((g for g in graphs if g is not None), key=str):
        top.append({"@id": _jsonld_id(gid), "@graph": _jsonld_nodes(graphs[gid])})
    top.sort(key=lambda n: (n["@id"], "@graph" in n))
    doc = {"@context": context, "@graph": top}
    out.write((json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"))


def _write_graphml(ds: Dataset, out: BinaryIO) -> None:
    from kg.project import project  # written elsewhere: imported only when used
    from kg.stats import to_graphml

    data = to_graphml(project(ds))
    if isinstance(data, str):
        data = data.encode("utf-8")
    out.write(data)


register(FormatInfo("turtle", ".ttl", "text/turtle", "Turtle: the union of all graphs, kg's prefixes"),
         "kg.export:_write_turtle")
register(FormatInfo("nt", ".nt", "application/n-triples", "N-Triples: the union of all graphs, sorted"),
         "kg.export:_write_nt")
register(FormatInfo("nquads", ".nq", "application/n-quads", "N-Quads: one named graph per article, sorted"),
         "kg.export:_write_nquads")
register(FormatInfo("trig", ".trig", "application/trig", "TriG: one named graph per article"),
         "kg.export:_write_trig")
register(FormatInfo("jsonld", ".jsonld", "application/ld+json", "JSON-LD: named graphs, nodes sorted by @id"),
         "kg.export:_write_jsonld")
register(FormatInfo("graphml", ".graphml", "application/graphml+xml",
                    "GraphML of the entity graph (for Gephi, yEd, networkx)"),
         "kg.export:_write_graphml")
