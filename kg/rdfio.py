"""Fast, deterministic N-Quads and Turtle writers for kg's quads.

rdflib's serialisers are correct but slow past ~10⁵ triples and their
N-Triples/JSON-LD output order varies.  These writers take the quads the
assembly stage produces, sort them, and write byte-identical files for the
same input.  Terms are written in N-Triples syntax (the same escaping as
:func:`kg.results.nt_term`); Turtle groups triples by subject and uses the
kg prefixes where the local name is a plain name.

Examples
--------
>>> from rdflib import URIRef, Literal
>>> q = [(URIRef("https://schema.org/a"), URIRef("https://schema.org/name"), Literal("Ä"), URIRef("urn:g"))]
>>> nquad_lines(q)
['<https://schema.org/a> <https://schema.org/name> "Ä" <urn:g> .\\n']
>>> print(turtle(q, {"schema": "https://schema.org/"}), end="")
@prefix schema: <https://schema.org/> .
<BLANKLINE>
schema:a schema:name "Ä" .
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Mapping

from rdflib import BNode, Literal, URIRef

__all__ = ["term", "nquad_lines", "turtle", "turtle_parts", "turtle_from_parts", "turtle_chunks"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_BAD_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"})


@lru_cache(maxsize=400_000)
def _iri(s: str) -> str:
    if _BAD_IRI.search(s):
        s = "".join(f"\\u{ord(c):04X}" if (c in '<>"{}|^`\\' or ord(c) <= 0x20) else c for c in s)
    return f"<{s}>"


def term(t) -> str:
    """A term in N-Triples syntax.

    Examples
    --------
    >>> term(Literal('a "b"', lang="de"))
    '"a \\\\"b\\\\""@de'
    """
    if isinstance(t, URIRef):
        return _iri(str(t))
    if isinstance(t, Literal):
        body = '"' + str(t).translate(_ESCAPES) + '"'
        if t.language:
            return f"{body}@{t.language}"
        if t.datatype is not None and str(t.datatype) != _XSD_STRING:
            return f"{body}^^{_iri(str(t.datatype))}"
        return body
    if isinstance(t, BNode):
        return f"_:{t}"
    raise TypeError(f"not an RDF term: {t!r}")


def nquad_lines(quads: Iterable[tuple]) -> list[str]:
    """Sorted, unique N-Quads lines (each ending in a newline)."""
    lines = {
        f"{term(s)} {term(p)} {term(o)} {term(g)} .\n" if g is not None else f"{term(s)} {term(p)} {term(o)} .\n"
        for s, p, o, g in quads
    }
    return sorted(lines)


def turtle(quads: Iterable[tuple], prefixes: Mapping[str, str]) -> str:
    """Turtle of the union of all graphs: subjects sorted, ``a`` first, objects sorted."""
    return turtle_from_parts([turtle_parts(quads, prefixes)], prefixes)


def turtle_parts(quads: Iterable[tuple], prefixes: Mapping[str, str]) -> dict[str, dict[str, list[str]]]:
    """The Turtle terms of ``quads``: subject -> predicate -> sorted objects (all as written).

    Parts of disjoint sets of quads (one per named graph, say) can be made
    separately, kept, and joined by :func:`turtle_from_parts`: the result is
    the Turtle of all the quads together.
    """
    ordered = sorted(prefixes.items(), key=lambda kv: -len(str(kv[1])))

    @lru_cache(maxsize=400_000)
    def name(iri: str) -> str:
        if iri == _RDF_TYPE:
            return "a"
        for prefix, ns in ordered:
            ns = str(ns)
            if iri.startswith(ns):
                local = iri[len(ns):]
                if _LOCAL.match(local):
                    return f"{prefix}:{local}"
        return _iri(iri)

    def obj(t) -> str:
        if isinstance(t, URIRef):
            n = name(str(t))
            return n if n != "a" else _iri(_RDF_TYPE)
        if isinstance(t, Literal) and t.datatype is not None and not t.language and str(t.datatype) != _XSD_STRING:
            return '"' + str(t).translate(_ESCAPES) + '"^^' + name(str(t.datatype))
        return term(t)

    def subj(t) -> str:
        if isinstance(t, URIRef):
            n = name(str(t))
            return n if n != "a" else _iri(_RDF_TYPE)
        return term(t)

    by_subject: dict[str, dict[str, set[str]]] = {}
    for s, p, o, _g in quads:
        by_subject.setdefault(subj(s), {}).setdefault(name(str(p)), set()).add(obj(o))
    return {s: {p: sorted(objs) for p, objs in preds.items()} for s, preds in by_subject.items()}


def turtle_from_parts(parts: Iterable[Mapping[str, Mapping[str, list[str]]]], prefixes: Mapping[str, str]) -> str:
    """Turtle of the union of :func:`turtle_parts` results (see there)."""
    return "".join(turtle_chunks(parts, prefixes)[0])


def turtle_chunks(parts: Iterable[Mapping[str, Mapping[str, list[str]]]], prefixes: Mapping[str, str]) -> tuple[list[str], int]:
    """The pieces of :func:`turtle_from_parts` (joined, the document) and the number of distinct triples."""
    by_subject: dict[str, list] = {}
    for part in parts:
        for s, preds in part.items():
            have = by_subject.get(s)
            if have is None:
                by_subject[s] = [preds]
            else:
                have.append(preds)
    out = [f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items())]
    out.append("\n")
    n = 0
    for s in sorted(by_subject):
        contributions = by_subject[s]
        if len(contributions) == 1:
            preds = contributions[0]
        else:
            merged: dict[str, set[str]] = {}
            for c in contributions:
                for p, objs in c.items():
                    merged.setdefault(p, set()).update(objs)
            preds = {p: sorted(objs) for p, objs in merged.items()}
        keys = sorted(preds, key=lambda k: (k != "a", k))
        body = []
        for p in keys:
            objs = preds[p]
            n += len(objs)
            body.append(f"{p} " + " ,\n        ".join(objs))
        out.append(f"{s} " + " ;\n    ".join(body) + " .\n\n")
    if by_subject:
        out[-1] = out[-1][:-1]  # one newline at the end
    else:
        out = ["".join(out).rstrip("\n") + "\n"]
    return out, n
