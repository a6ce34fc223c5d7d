"""Project kg's RDF dataset onto the graph a reader has in mind.

The RDF model (``docs/model.md``) is built for provenance: posts are
``org:Post`` nodes, facts are reified ``rdf:Statement`` nodes, sentences and
mentions are NIF resources.  A reader thinks of *people, countries, places,
organisations*, of *who met whom where*, and of *who said what*.
:func:`project` turns the first into the second, as a
:class:`networkx.MultiDiGraph` ready for :mod:`kg.viz` and :mod:`kg.stats`.

Projection rules (``raw=False``):

* Entities (``schema:Person``, ``schema:Country``, ``schema:Place``,
  ``schema:Organization``) become nodes.
* A post held by a person becomes an edge person → scope labelled with the
  role (``"Präsident von"``) and a fact on the person (``"Präsident (USA)"``);
  a post without a scope is a fact only.
* An event with one actor and exactly one counterpart (or two participants and
  no actor), that no other event refers to, becomes one edge labelled with a
  German verb (``"trifft"``, ``"verteidigt"``, ``"vereinbart mit"``); its place
  goes to the edge's ``place`` attribute.  Every other event becomes a node of
  type ``event`` with edges from the actor (verb), to other participants
  (``"mit"``), to the persons concerned (``"betrifft"``), to its subject
  (``"Gegenstand"``) and to its place (``"Ort"``).
* A quotation becomes a small node attached to its speaker (``"sagt"``).
* ``schema:nationality`` → ``"Staatsangehörigkeit"``, ``kg:country`` of a
  place → ``"liegt in"``, of an organisation → ``"gehört zu"``.

Every node and edge carries ``label``, ``evidence`` (sentences, with the
mention to highlight), ``facts`` (short German strings) and ``articles``.

Examples
--------
>>> import rdflib
>>> from kg.project import project
>>> ds = rdflib.Dataset(default_union=True)
>>> _ = ds.parse(data='''
... @prefix schema: <https://schema.org/> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... <https://w3id.org/kg-news/id/article/1> {
...   <https://w3id.org/kg-news/id/person/anna-muster> a schema:Person ;
...       rdfs:label "Anna Muster"@de ;
...       schema:nationality <https://w3id.org/kg-news/id/country/AT> .
...   <https://w3id.org/kg-news/id/country/AT> a schema:Country ;
...       rdfs:label "Österreich"@de .
... }''', format="trig")
>>> g = project(ds)
>>> [g.nodes[n]["label"] for n in g]
['Österreich', 'Anna Muster']
>>> [d["label"] for _, _, d in g.edges(data=True)]
['Staatsangehörigkeit']
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import networkx as nx
import rdflib
from rdflib.term import BNode, Literal, Node, URIRef

from kg.vocab import (
    ENTITY_CLASSES,
    EVENT_TYPES,
    ID,
    ITSRDF,
    KG,
    NIF,
    ORG,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
)

__all__ = [
    "Evidence",
    "NODE_TYPES",
    "ENTITY_TYPES",
    "project",
    "iter_evidence",
]

# Terms used in hot loops, looked up once (namespace attribute access is slow).
_TYPE = RDF.type
_ANCHOR = NIF.anchorOf
_BEGIN = NIF.beginIndex
_END = NIF.endIndex
_SENTENCE = NIF.sentence
_REFCTX = NIF.referenceContext
_TAIDENT = ITSRDF.taIdentRef
_LABEL = RDFS.label
_PREFLABEL = SKOS.prefLabel
_DERIVED = PROV.wasDerivedFrom
_SUBJ = RDF.subject
_PRED = RDF.predicate
_OBJ = RDF.object

#: Every value the ``type`` node attribute takes in the reader's projection.
NODE_TYPES: tuple[str, ...] = (
    "person",
    "country",
    "place",
    "organisation",
    "position",
    "event",
    "quotation",
    "article",
)
#: Node types that count as "entities" (for ``top=`` and statistics).
ENTITY_TYPES: frozenset[str] = frozenset({"person", "country", "place", "organisation"})

#: The ontology's named graph: vocabulary, not data.
_ONTOLOGY_GRAPH = URIRef(str(KG).rstrip("#"))

_CLASS_TO_TYPE: dict[URIRef, str] = {
    ENTITY_CLASSES["person"]: "person",
    ENTITY_CLASSES["country"]: "country",
    ENTITY_CLASSES["organisation"]: "organisation",
    ENTITY_CLASSES["place"]: "place",
}
# IRI path segment under kgid: -> type, for entities referenced but not typed.
_PATH_TO_TYPE = {
    "person": "person",
    "country": "country",
    "place": "place",
    "org": "organisation",
}
_EVENT_CLASSES = frozenset(EVENT_TYPES.values()) | {SCHEMA.Event}

# (binary form, form towards an event node) of each event class's verb.
_VERBS: dict[str, tuple[str, str]] = {
    "Meeting": ("trifft", "trifft sich"),
    "Negotiate": ("verhandelt mit", "verhandelt"),
    "Travel": ("reist nach", "reist"),
    "Return": ("kehrt zurück nach", "kehrt zurück"),
    "Statement": ("äußert sich zu", "äußert sich"),
    "Defend": ("verteidigt", "verteidigt"),
    "Appeal": ("appelliert an", "appelliert"),
    "Praise": ("lobt", "lobt"),
    "Cooperate": ("kooperiert mit", "kooperiert"),
    "Agreement": ("vereinbart mit", "vereinbart"),
    "Aid": ("hilft", "hilft"),
    "Demand": ("fordert von", "fordert"),
    "Criticize": ("kritisiert", "kritisiert"),
    "Investigate": ("ermittelt gegen", "ermittelt"),
    "Reject": ("lehnt ab", "lehnt ab"),
    "Threaten": ("droht", "droht"),
    "Protest": ("protestiert gegen", "protestiert"),
    "Recall": ("beruft ab", "beruft ab"),
    "Sanction": ("sanktioniert", "sanktioniert"),
    "Detain": ("nimmt fest", "nimmt fest"),
    "Sentence": ("verurteilt", "verurteilt"),
    "Release": ("lässt frei", "lässt frei"),
    "Attack": ("greift an", "greift an"),
    "TakeOffice": ("tritt Amt an als", "tritt Amt an"),
    "Appoint": ("ernennt", "ernennt"),
    "Elect": ("wählt", "wählt"),
    "Resign": ("tritt zurück als", "tritt zurück"),
    "Die": ("stirbt in", "stirbt"),
    "Stay": ("hält sich auf in", "hält sich auf"),
    "Event": ("beteiligt an", "beteiligt an"),
}
# Classes whose verb takes a place as its object ("reist nach Wien").
_PLACE_VERBS = frozenset({"Travel", "Return", "Stay", "Die"})
_MODALITY_DE = {
    "asserted": "",
    "planned": "geplant",
    "negated": "verneint",
    "demanded": "gefordert",
    "possible": "möglich",
    "reported": "berichtet",
}
_ORG_KIND_DE = {
    "government": "Regierung",
    "legislature": "Parlament",
    "court": "Gericht",
    "party": "Partei",
    "agency": "Behörde",
    "media": "Medien",
    "company": "Unternehmen",
    "international": "Internationale Organisation",
    "ngo": "Nichtregierungsorganisation",
    "military": "Militär",
    "other": "Sonstige",
}
_QUOTE_KIND_DE = {"direct": "direktes Zitat", "indirect": "indirekte Rede"}
_LABEL_PREDICATES = frozenset({_LABEL, SKOS.altLabel, _PREFLABEL})
_EVENT_PREDICATES = frozenset(
    {KG.agent, KG.patient, KG.theme, SCHEMA.participant, SCHEMA.location}
)
# Predicates the projection handles explicitly (never a generic edge).
_HANDLED = frozenset(
    {
        _TYPE,
        ORG.holds,
        ORG.role,
        ORG.postIn,
        KG.postLocation,
        SCHEMA.nationality,
        KG.country,
        KG.speaker,
        _DERIVED,
        _TAIDENT,
        _REFCTX,
        _SENTENCE,
        _SUBJ,
        _PRED,
        _OBJ,
    }
    | _LABEL_PREDICATES
    | _EVENT_PREDICATES
)
_QUOTE_LABEL_CHARS = 48


@dataclass(frozen=True, order=True)
class Evidence:
    """One sentence that supports a node or an edge.

    ``start``/``end`` are character offsets *into* ``sentence`` of the text to
    highlight (the mention, the trigger or the quotation), or ``None``.

    Examples
    --------
    >>> e = Evidence("kgid:a/1", "Titel", "Anna lacht.", 0, 4)
    >>> e.sentence[e.start:e.end]
    'Anna'
    >>> sorted(e.as_dict())
    ['article', 'article_title', 'end', 'sentence', 'start']
    """

    article: str
    article_title: str
    sentence: str
    start: int | None = None
    end: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The dictionary stored in the ``evidence`` attribute."""
        return {"article": self.article, "article_title": self.article_title, "sentence": self.sentence, "start": self.start, "end": self.end}


@dataclass
class _Sentence:
    iri: URIRef
    article: str
    begin: int
    text: str


@dataclass
class _Mention:
    sentence: URIRef
    start: int
    end: int
    entity: URIRef


@dataclass
class _Article:
    iri: str
    title: str
    date: str


@dataclass
class _Item:
    """A node or edge under construction."""

    label: str
    type: str = ""
    facts: list[str] = field(default_factory=list)
    # (sentence IRI, what to highlight: an entity (its mention) or a text, first found wins)
    support: list[tuple[Node, tuple[Node | str, ...]]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def fact(self, text: str) -> None:
        if text and text not in self.facts:
            self.facts.append(text)

    def add(self, sentences: Iterable[Node], *highlight: Node | str | None) -> None:
        marks = tuple(h for h in highlight if h)
        self.support.extend((s, marks) for s in sentences)


class _Index:
    """Every quad of a dataset (union of its graphs), indexed by subject."""

    def __init__(self, ds: rdflib.Graph, *, track_graphs: bool = False) -> None:
        spo: dict[Node, dict[Node, dict[Node, None]]] = {}
        self.graphs_of: dict[Node, set[str]] = defaultdict(set)
        self.onto = rdflib.Graph()
        base = str(ID)
        graphs: Iterable[tuple[Any, Iterable[tuple[Node, Node, Node]]]]
        if isinstance(ds, list):  # (s, p, o, g) quads, each graph's together (kg.dataset.assemble_quads)
            graphs = _graph_runs(ds)
        elif hasattr(ds, "graphs"):  # Dataset: read graph by graph (faster than quads)
            graphs = ((g.identifier, g.triples((None, None, None))) for g in ds.graphs())
        elif hasattr(ds, "contexts"):  # pragma: no cover - ConjunctiveGraph
            graphs = ((g.identifier, g.triples((None, None, None))) for g in ds.contexts())
        else:  # a plain Graph
            graphs = [(getattr(ds, "identifier", None), ds.triples((None, None, None)))]
        for ctx, triples in graphs:
            if ctx == _ONTOLOGY_GRAPH:
                for t in triples:
                    self.onto.add(t)
                continue
            track = track_graphs and isinstance(ctx, URIRef) and str(ctx).startswith(base)
            for s, p, o in triples:
                preds = spo.get(s)
                if preds is None:
                    preds = spo[s] = {}
                objs = preds.get(p)
                if objs is None:
                    objs = preds[p] = {}
                objs[o] = None
                if track:
                    self.graphs_of[s].add(str(ctx))
                    self.graphs_of[o].add(str(ctx))
        self.spo: dict[Node, dict[URIRef, list[Node]]] = {
            s: {p: (sorted(objs, key=_sk) if len(objs) > 1 else list(objs)) for p, objs in preds.items()}  # type: ignore[misc]
            for s, preds in spo.items()
        }
        self._triples: list[tuple[Node, URIRef, Node]] | None = None
        self._by_type: dict[Node, list[Node]] | None = None

    @property
    def triples(self) -> list[tuple[Node, URIRef, Node]]:
        """Every distinct triple (union of the data graphs), sorted."""
        if self._triples is None:
            self._triples = [
                (s, p, o)
                for s in sorted(self.spo, key=_sk)
                for p in sorted(self.spo[s], key=_sk)
                for o in self.spo[s][p]
            ]
        return self._triples

    def objs(self, s: Node, p: URIRef) -> list[Node]:
        d = self.spo.get(s)
        return d.get(p, []) if d else []

    def obj(self, s: Node, p: URIRef) -> Node | None:
        o = self.objs(s, p)
        return o[0] if o else None

    def text(self, s: Node, p: URIRef) -> str:
        o = self.obj(s, p)
        return str(o) if o is not None else ""

    def types(self, s: Node) -> list[Node]:
        return self.objs(s, _TYPE)

    def subjects_of_type(self, cls: URIRef) -> list[Node]:
        if self._by_type is None:
            by_type: dict[Node, list[Node]] = defaultdict(list)
            for s, preds in self.spo.items():
                for t in preds.get(_TYPE, ()):
                    by_type[t].append(s)
            self._by_type = by_type
        return sorted(self._by_type.get(cls, ()), key=_sk)

    def objects(self) -> Iterator[Node]:
        """Every object of every triple (with repetitions, in no particular order)."""
        for preds in self.spo.values():
            for objs in preds.values():
                yield from objs


def _graph_runs(quads: list[tuple]) -> Iterator[tuple[Any, list[tuple[Node, Node, Node]]]]:
    """(graph, triples) for each run of quads in the same graph."""
    start, n = 0, len(quads)
    while start < n:
        g = quads[start][3]
        end = start + 1
        while end < n and quads[end][3] is g:
            end += 1
        yield g, [(s, p, o) for s, p, o, _g in quads[start:end]]
        start = end


def _sk(term: Node) -> tuple[str, str]:
    """Sort key that never compares terms of different kinds."""
    return (type(term).__name__, str(term))


def _pick_de(values: Iterable[Node]) -> str:
    """The German literal among ``values`` (else one without language, else any)."""
    best: tuple[int, str] | None = None
    for v in values:
        if not isinstance(v, Literal):
            continue
        rank = 0 if v.language == "de" else 1 if not v.language else 2
        cand = (rank, str(v))
        if best is None or cand < best:
            best = cand
    return best[1] if best else ""


@functools.lru_cache(maxsize=1)
def _shipped_ontology() -> rdflib.Graph:
    g = rdflib.Graph()
    try:
        data = resources.files("kg").joinpath("ontology.ttl").read_text(encoding="utf-8")
        g.parse(data=data, format="turtle")
    except (OSError, ValueError):  # pragma: no cover - packaging problem
        pass
    return g


def _local_name(term: Node) -> str:
    s = str(term)
    return re.split(r"[#/]", s.rstrip("/#"))[-1] or s


def _qname(term: Node) -> str:
    s = str(term)
    matches = [(len(str(ns)), prefix, str(ns)) for prefix, ns in PREFIXES.items() if s.startswith(str(ns))]
    if not matches:
        return s
    _, prefix, ns = max(matches)
    return f"{prefix}:{s[len(ns):]}"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Projector:
    def __init__(self, ds: rdflib.Graph, *, quotations: bool, articles: bool) -> None:
        self.ix = _Index(ds)
        self.with_quotes = quotations
        self.with_articles = articles
        self.nodes: dict[str, _Item] = {}
        self.edges: dict[tuple[str, str, str], _Item] = {}
        self._load_text()

    # ------------------------------------------------------------ text layer
    def _load_text(self) -> None:
        ix = self.ix
        self.articles: dict[str, _Article] = {}
        for a in ix.subjects_of_type(SCHEMA.NewsArticle):
            self.articles[str(a)] = _Article(
                str(a), ix.text(a, SCHEMA.headline) or _local_name(a), ix.text(a, SCHEMA.datePublished)
            )
        self.sentences: dict[Node, _Sentence] = {}
        for s in ix.subjects_of_type(NIF.Sentence):
            art = ix.obj(s, _REFCTX)
            begin = ix.obj(s, _BEGIN)
            self.sentences[s] = _Sentence(
                s,  # type: ignore[arg-type]
                str(art) if art is not None else "",
                int(begin.toPython()) if isinstance(begin, Literal) and str(begin).isdigit() else 0,
                ix.text(s, _ANCHOR),
            )
            if art is not None and str(art) not in self.articles:
                self.articles[str(art)] = _Article(str(art), _local_name(art), "")
        # mentions: sentence -> [(start, end, entity)], entity -> [mention]
        self.mentions_in: dict[Node, list[_Mention]] = defaultdict(list)
        self.mentions_of: dict[Node, list[_Mention]] = defaultdict(list)
        for m, preds in self.ix.spo.items():
            ents = preds.get(_TAIDENT)
            if not ents:
                continue
            sent = ix.obj(m, _SENTENCE)
            if sent not in self.sentences:
                continue
            sinfo = self.sentences[sent]
            b, e = ix.obj(m, _BEGIN), ix.obj(m, _END)
            anchor = ix.text(m, _ANCHOR)
            try:
                start, end = int(str(b)) - sinfo.begin, int(str(e)) - sinfo.begin
            except ValueError:
                start = end = -1
            if not (0 <= start < end <= len(sinfo.text)) or (anchor and sinfo.text[start:end] != anchor):
                pos = sinfo.text.find(anchor) if anchor else -1
                if pos < 0:
                    continue
                start, end = pos, pos + len(anchor)
            for ent in ents:
                mention = _Mention(sent, start, end, ent)  # type: ignore[arg-type]
                self.mentions_in[sent].append(mention)
                self.mentions_of[ent].append(mention)
        for lst in list(self.mentions_in.values()) + list(self.mentions_of.values()):
            lst.sort(key=lambda m: (str(m.sentence), m.start, m.end, str(m.entity)))
        # statements: (s, p, o) -> sentences ; s -> [(p, o)]
        self.stmt_sents: dict[tuple[Node, Node, Node], list[Node]] = defaultdict(list)
        self.stmts_about: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        self.stmts_into: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        for st, preds in self.ix.spo.items():
            if _SUBJ not in preds:
                continue
            key = (preds[_SUBJ][0], preds.get(_PRED, [None])[0], preds.get(_OBJ, [None])[0])
            for sent in preds.get(_DERIVED, []):
                if sent in self.sentences and sent not in self.stmt_sents[key]:  # type: ignore[index]
                    self.stmt_sents[key].append(sent)  # type: ignore[index]
            self.stmts_about[key[0]].append((key[1], key[2]))  # type: ignore[arg-type]
            self.stmts_into[key[2]].append((key[0], key[1]))  # type: ignore[arg-type]

    def sents_of(self, s: Node, p: Node | None = None, o: Node | None = None) -> list[Node]:
        """Sentences of the statements (s p o); ``None`` is a wildcard."""
        out: list[Node] = []
        for sp, so in self.stmts_about.get(s, []):
            if (p is None or sp == p) and (o is None or so == o):
                for sent in self.stmt_sents.get((s, sp, so), []):
                    if sent not in out:
                        out.append(sent)
        return out

    def sents_about(self, o: Node) -> list[Node]:
        """Sentences of the statements whose object is ``o``."""
        out: list[Node] = []
        for ss, sp in self.stmts_into.get(o, []):
            for sent in self.stmt_sents.get((ss, sp, o), []):
                if sent not in out:
                    out.append(sent)
        return out

    def evidence(self, support: list[tuple[Node, tuple[Node | str, ...]]]) -> list[Evidence]:
        """One :class:`Evidence` per sentence, chronological, first highlight wins."""
        by_sentence: dict[Node, Evidence] = {}
        for sent, marks in support:
            info = self.sentences.get(sent)
            if info is None:
                continue
            span: tuple[int | None, int | None] = (None, None)
            for mark in marks:
                if isinstance(mark, Node):
                    hit = next((m for m in self.mentions_in.get(sent, []) if m.entity == mark), None)
                    if hit is not None:
                        span = (hit.start, hit.end)
                        break
                else:
                    pos = info.text.find(mark)
                    if pos >= 0:
                        span = (pos, pos + len(mark))
                        break
            old = by_sentence.get(sent)
            if old is None or (old.start is None and span[0] is not None):
                art = self.articles.get(info.article)
                by_sentence[sent] = Evidence(
                    info.article, art.title if art else "", info.text, span[0], span[1]
                )

        def order(item: tuple[Node, Evidence]) -> tuple[str, str, int, int, str]:
            sent, ev = item
            art = self.articles.get(ev.article)
            return (art.date if art else "", ev.article, self.sentences[sent].begin, ev.start or 0, str(sent))

        return [ev for _, ev in sorted(by_sentence.items(), key=order)]

    # ------------------------------------------------------------ labels/types
    def label(self, term: Node) -> str:
        ix = self.ix
        for p in (_LABEL, _PREFLABEL):
            text = _pick_de(ix.objs(term, p))
            if text:
                return text
        if isinstance(term, Literal):
            return str(term)
        return _local_name(term)

    def class_label(self, cls: Node) -> str:
        for g in (self.ix.onto, _shipped_ontology()):
            text = _pick_de(g.objects(cls, _LABEL))  # type: ignore[arg-type]
            if text:
                return text
        return _local_name(cls)

    def predicate_label(self, p: Node) -> str:
        for g in (self.ix.onto, _shipped_ontology()):
            labels = [o for o in g.objects(p, _LABEL) if isinstance(o, Literal) and o.language == "de"]  # type: ignore[arg-type]
            if labels:
                return str(sorted(labels)[0])
        return _local_name(p)

    def entity_type(self, term: Node) -> str | None:
        if not isinstance(term, URIRef):
            return None
        for cls in self.ix.types(term):
            if cls in _CLASS_TO_TYPE:
                return _CLASS_TO_TYPE[cls]
        s = str(term)
        if s.startswith(str(ID)) and not self.ix.types(term):
            return _PATH_TO_TYPE.get(s[len(str(ID)) :].split("/", 1)[0])
        return None

    def is_event(self, term: Node) -> bool:
        return any(c in _EVENT_CLASSES for c in self.ix.types(term))

    def event_class(self, term: Node) -> str:
        kg_classes = sorted(str(c)[len(str(KG)) :] for c in self.ix.types(term) if c in _EVENT_CLASSES and c != SCHEMA.Event)
        specific = [c for c in kg_classes if c != "Event"]
        return (specific or kg_classes or ["Event"])[0]

    # ------------------------------------------------------------ building
    def node(self, term: Node, type_: str, label: str | None = None) -> _Item:
        key = str(term)
        item = self.nodes.get(key)
        if item is None:
            item = self.nodes[key] = _Item(label or self.label(term), type_)
        return item

    def edge(self, u: Node, v: Node, label: str, key: str | None = None) -> _Item:
        k = (str(u), str(v), key or label)
        item = self.edges.get(k)
        if item is None:
            item = self.edges[k] = _Item(label)
        return item

    def run(self) -> nx.MultiDiGraph:
        ix = self.ix
        # 1. entities
        candidates = set(ix.spo) | set(self.mentions_of) | {o for o in ix.objects() if isinstance(o, URIRef)}
        entities = [c for c in sorted(candidates, key=_sk) if self.entity_type(c) is not None]
        for ent in entities:
            t = self.entity_type(ent)
            item = self.node(ent, t)  # type: ignore[arg-type]
            item.add((m.sentence for m in self.mentions_of.get(ent, [])), ent)
            item.add(self.sents_of(ent), ent)
            item.add(self.sents_about(ent), ent)
            alts = sorted({str(a) for a in ix.objs(ent, SKOS.altLabel)} - {item.label})
            if t == "country":
                iso = ix.text(ent, KG.isoCode)
                if iso:
                    item.fact(f"ISO-Code: {iso}")
            if t == "organisation":
                kind = ix.text(ent, KG.orgKind)
                if kind:
                    item.fact(f"Art: {_ORG_KIND_DE.get(kind, kind)}")
            if alts:
                item.fact("auch: " + ", ".join(alts))
        ent_set = {str(e) for e in entities}

        # 2. relations between entities
        for ent in entities:
            t = self.nodes[str(ent)].type
            for c in ix.objs(ent, SCHEMA.nationality):
                if str(c) in ent_set:
                    e = self.edge(ent, c, "Staatsangehörigkeit")
                    e.add(self.sents_of(ent, SCHEMA.nationality, c), ent, c)
                    self.nodes[str(ent)].fact(f"Staatsangehörigkeit: {self.label(c)}")
            for c in ix.objs(ent, KG.country):
                if str(c) in ent_set:
                    rel = "liegt in" if t == "place" else "gehört zu"
                    e = self.edge(ent, c, rel)
                    e.add(self.sents_of(ent, KG.country, c), ent, c)
                    self.nodes[str(ent)].fact(f"{rel}: {self.label(c)}")
            for post in ix.objs(ent, ORG.holds):
                self._post(ent, post, ent_set)
        # generic relations nobody else handles
        # (each triple makes its own edge, so the order they are visited in does not matter)
        for s, preds in ix.spo.items():
            if str(s) not in ent_set:
                continue
            for p, objs in preds.items():
                if p in _HANDLED:
                    continue
                for o in objs:
                    if str(o) not in ent_set or s == o:
                        continue
                    name = self.predicate_label(p)
                    e = self.edge(s, o, name, key=str(p))
                    e.add(self.sents_of(s, p, o), s, o)

        # 3. events
        events = sorted({s for s in ix.spo if self.is_event(s)})
        themes = {o for ev in events for o in ix.objs(ev, KG.theme)}
        as_edge: dict[Node, bool] = {}
        plan: dict[Node, tuple[list[Node], list[Node], list[Node], list[Node], list[Node]]] = {}
        for ev in events:
            agents = [a for a in ix.objs(ev, KG.agent) if str(a) in ent_set]
            parts = [x for x in ix.objs(ev, SCHEMA.participant) if str(x) in ent_set and x not in agents]
            patients = [x for x in ix.objs(ev, KG.patient) if str(x) in ent_set and x not in agents]
            thm = [x for x in ix.objs(ev, KG.theme) if (str(x) in ent_set or self.is_event(x)) and x not in agents]
            places = [x for x in ix.objs(ev, SCHEMA.location) if str(x) in ent_set]
            plan[ev] = (agents, parts, patients, thm, places)
            counter = list(dict.fromkeys(parts + patients + thm))
            cls = self.event_class(ev)
            binary = ev not in themes and (
                (len(agents) == 1 and len(counter) == 1 and len(places) <= 1)
                or (not agents and len(parts) == 2 and not patients and not thm and len(places) <= 1)
                or (len(agents) == 1 and not counter and len(places) == 1 and cls in _PLACE_VERBS)
            )
            as_edge[ev] = binary
        for ev in events:
            self._event(ev, plan[ev], as_edge[ev])

        # 4. quotations
        for q in ix.subjects_of_type(KG.Quotation):
            self._quotation(q, ent_set)

        # 5. optional article nodes
        if self.with_articles:
            for key, item in list(self.nodes.items()):
                if item.type == "article":
                    continue
                for a in sorted({ev.article for ev in self.evidence(item.support)}):
                    art = self.articles.get(a)
                    an = self.node(URIRef(a), "article", art.title if art else _local_name(a))
                    if art and art.date:
                        an.fact(f"Datum: {art.date}")
                    e = self.edge(URIRef(a), URIRef(key), "erwähnt")
                    e.support += [x for x in item.support if self.sentences[x[0]].article == a]
        return self.to_graph()

    def _post(self, person: Node, post: Node, ent_set: set[str]) -> None:
        ix = self.ix
        role = ix.obj(post, ORG.role)
        role_label = self.label(role) if role is not None else ""
        scope = ix.obj(post, ORG.postIn)
        former = ix.text(post, KG.former).lower() in {"true", "1"}
        post_label = _pick_de(ix.objs(post, _LABEL))
        if not post_label:
            post_label = role_label or self.label(post)
            if scope is not None:
                post_label += f" ({self.label(scope)})"
        prefix = "ehem. " if former else ""
        pitem = self.nodes[str(person)]
        pitem.fact(prefix + post_label)
        if scope is not None and str(scope) in ent_set:
            rel = f"{prefix}{role_label or 'Amt'} von" if role_label else f"{prefix}hat Amt bei"
            e = self.edge(person, scope, rel, key=f"post:{post}")
            e.fact(prefix + post_label)
            e.add(self.sents_of(person, ORG.holds, post), person, scope)
            e.extra["kind"] = "position"
        for loc in ix.objs(post, KG.postLocation):
            if str(loc) in ent_set:
                e = self.edge(person, loc, "Dienstort", key=f"postloc:{post}")
                e.fact(prefix + post_label)
                e.add(self.sents_of(post, KG.postLocation, loc), person, loc)

    def _event(self, ev: Node, plan: tuple[list[Node], ...], as_edge: bool) -> None:
        ix = self.ix
        agents, parts, patients, thm, places = plan
        cls = self.event_class(ev)
        binary_verb, node_verb = _VERBS.get(cls, ("beteiligt an", "beteiligt an"))
        stance = ix.text(ev, KG.stance)
        if stance:
            binary_verb = node_verb = stance
        label = _pick_de(ix.objs(ev, _LABEL)) or self.class_label(KG[cls])
        modality = ix.text(ev, KG.modality)
        mod_de = _MODALITY_DE.get(modality, modality)
        time = ix.text(ev, KG.timeExpression)
        date = ix.text(ev, SCHEMA.startDate)
        trigger = ix.text(ev, KG.trigger)
        topic = ix.text(ev, KG.topic)
        names = lambda xs: " und ".join(self.label(x) for x in xs)  # noqa: E731
        when = ", ".join(x for x in (time, date) if x)

        cls_de = self.class_label(KG[cls])
        facts = [label if label.startswith(cls_de) else f"{cls_de}: {label}"]
        if agents:
            facts.append(f"Akteur: {names(agents)}")
        if parts:
            facts.append(f"Teilnehmer: {names(parts)}")
        if patients:
            facts.append(f"Betroffen: {names(patients)}")
        if thm:
            facts.append(f"Gegenstand: {names(thm)}")
        if topic:
            facts.append(f"Thema: {topic}")
        if places:
            facts.append(f"Ort: {names(places)}")
        if when:
            facts.append(f"Zeit: {when}")
        if mod_de:
            facts.append(f"Modalität: {mod_de}")
        if trigger:
            facts.append(f"Auslöser: „{trigger}“")
        sents = self.sents_of(ev)
        mod_suffix = f" [{mod_de}]" if mod_de else ""

        if as_edge:
            if agents:
                src = agents[0]
                counter = list(dict.fromkeys(parts + patients + thm)) or places
            else:
                src, counter = parts[0], parts[1:]
            dst = counter[0]
            edge_places = [p for p in places if p != dst]
            e = self.edge(src, dst, binary_verb, key=str(ev))
            e.extra.update(kind="event", event=str(ev), modality=modality or "asserted")
            if edge_places:
                e.extra["place"] = names(edge_places)
            for f in facts:
                e.fact(f)
            e.add(sents, trigger, src, dst)
            tail2 = (f" in {names(edge_places)}" if edge_places else "") + (f" ({when})" if when else "")
            self.nodes[str(src)].fact(f"{binary_verb} {self.label(dst)}{tail2}{mod_suffix}")
            if str(dst) in self.nodes and not self.is_event(dst):
                self.nodes[str(dst)].fact(f"{label}{mod_suffix}")
            for p in edge_places:
                self.nodes[str(p)].fact(f"Ort von: {label}{mod_suffix}")
            return

        item = self.node(ev, "event", label)
        item.extra["modality"] = modality or "asserted"
        item.extra["event_class"] = cls
        for f in facts:
            item.fact(f)
        item.add(sents, trigger, *agents, *parts, *patients)
        for a in agents:
            e = self.edge(a, ev, node_verb)
            e.add(self.sents_of(ev, KG.agent, a) or sents, a, trigger)
            with_whom = f" (mit {names(parts)})" if parts else ""
            self.nodes[str(a)].fact(f"{label}{with_whom}{mod_suffix}")
        for x in parts:
            e = self.edge(ev, x, "mit")
            e.add(self.sents_of(ev, SCHEMA.participant, x) or sents, x, trigger)
            self.nodes[str(x)].fact(f"{label}{mod_suffix}")
        for x in patients:
            if x in parts:
                continue
            e = self.edge(ev, x, "betrifft")
            e.add(self.sents_of(ev, KG.patient, x) or sents, x, trigger)
            self.nodes[str(x)].fact(f"betroffen: {label}{mod_suffix}")
        for x in thm:
            e = self.edge(ev, x, "Gegenstand")
            e.add(self.sents_of(ev, KG.theme, x) or sents, trigger, x)
        for x in places:
            e = self.edge(ev, x, "Ort")
            e.add(self.sents_of(ev, SCHEMA.location, x) or sents, x, trigger)
            self.nodes[str(x)].fact(f"Ort von: {label}{mod_suffix}")

    def _quotation(self, q: Node, ent_set: set[str]) -> None:
        ix = self.ix
        text = ix.text(q, KG.quoteText)
        speakers = [s for s in ix.objs(q, KG.speaker) if str(s) in ent_set]
        kind = ix.text(q, KG.quoteKind)
        cue = ix.text(q, KG.cue)
        sents = list(dict.fromkeys(ix.objs(q, _DERIVED) + self.sents_of(q)))
        full = f"„{text}“"
        if not self.with_quotes:
            for sp in speakers:
                self.nodes[str(sp)].fact(f"sagt: {_short(full, 80)}")
                self.nodes[str(sp)].add(sents, text, sp)
            return
        item = self.node(q, "quotation", _short(full, _QUOTE_LABEL_CHARS))
        item.fact(f"Zitat: {full}")
        if speakers:
            item.fact("Sprecher: " + " und ".join(self.label(s) for s in speakers))
        if kind:
            item.fact(f"Art: {_QUOTE_KIND_DE.get(kind, kind)}")
        if cue:
            item.fact(f"Redeeinleitung: „{cue}“")
        item.add(sents, text)
        for sp in speakers:
            e = self.edge(sp, q, "sagt")
            e.add(sents, text, sp)
            e.fact(full)

    # ------------------------------------------------------------ output
    def to_graph(self) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        g.graph["raw"] = False
        used: set[str] = set()
        node_evidence: dict[str, list[Evidence]] = {}
        for key in sorted(self.nodes):
            item = self.nodes[key]
            evs = self.evidence(item.support)
            node_evidence[key] = evs
            used.update(e.article for e in evs)
            g.add_node(
                key,
                label=item.label,
                type=item.type,
                evidence=[e.as_dict() for e in evs],
                facts=list(item.facts),
                articles=sorted({e.article for e in evs}),
                **item.extra,
            )
        for u, v, k in sorted(self.edges):
            item = self.edges[(u, v, k)]
            if u not in g or v not in g:
                continue
            evs = self.evidence(item.support)
            used.update(e.article for e in evs)
            g.add_edge(
                u,
                v,
                key=k,
                label=item.label,
                evidence=[e.as_dict() for e in evs],
                facts=list(item.facts),
                articles=sorted({e.article for e in evs}),
                **item.extra,
            )
        g.graph["articles"] = {
            a: {"title": self.articles[a].title, "date": self.articles[a].date}
            for a in sorted(used | set(self.articles))
        }
        return g


def _project_raw(ds: rdflib.Graph) -> nx.MultiDiGraph:
    ix = _Index(ds, track_graphs=True)
    proj = _Projector.__new__(_Projector)
    proj.ix = ix
    g = nx.MultiDiGraph()
    g.graph["raw"] = True

    def node_id(t: Node) -> str:
        return t.n3() if isinstance(t, (Literal, BNode)) else str(t)

    def node_type(t: Node) -> str:
        if isinstance(t, Literal):
            return "literal"
        for cls in ix.types(t):
            if cls in _CLASS_TO_TYPE:
                return _CLASS_TO_TYPE[cls]
            if cls in _EVENT_CLASSES:
                return "event"
            if cls == KG.Quotation:
                return "quotation"
            if cls == ORG.Post:
                return "position"
            if cls == SCHEMA.NewsArticle:
                return "article"
        return "resource"

    terms: dict[str, Node] = {}
    for s, _p, o in ix.triples:
        terms.setdefault(node_id(s), s)
        terms.setdefault(node_id(o), o)
    for key in sorted(terms):
        t = terms[key]
        if isinstance(t, Literal):
            label = _short(str(t), 60)
            facts = [str(t)] if len(str(t)) > 60 else []
        else:
            label = _pick_de(ix.objs(t, _LABEL)) or _qname(t)
            facts = [_qname(t)]
        g.add_node(
            key,
            label=label,
            type=node_type(t),
            evidence=[],
            facts=facts,
            articles=sorted(ix.graphs_of.get(t, ())),
        )
    edges = sorted((node_id(s), node_id(o), _qname(p)) for s, p, o in ix.triples)
    for u, v, k in edges:
        arts = sorted(ix.graphs_of.get(terms[u], set()) & ix.graphs_of.get(terms[v], set()))
        g.add_edge(u, v, key=k, label=k, evidence=[], facts=[], articles=arts)
    g.graph["articles"] = {
        str(a): {"title": ix.text(a, SCHEMA.headline) or _local_name(a), "date": ix.text(a, SCHEMA.datePublished)}
        for a in ix.subjects_of_type(SCHEMA.NewsArticle)
    }
    return g


def project(
    ds: rdflib.Dataset,
    *,
    raw: bool = False,
    quotations: bool = True,
    articles: bool = False,
) -> nx.MultiDiGraph:
    """Turn kg's RDF dataset into the graph a reader thinks of.

    Parameters
    ----------
    ds : rdflib.Dataset
        A dataset as built by kg (one named graph per article; the ontology
        graph is used for labels only).  A plain :class:`rdflib.Graph` works
        too, and so does a list of ``(s, p, o, graph)`` quads with each
        graph's quads together (as :func:`kg.dataset.assemble_quads` makes
        them; read without building a dataset).  The union of all graphs is
        read, whatever ``default_union`` is.
    raw : bool
        If true, every IRI, blank node and literal is a node and every triple
        an edge (labelled with the predicate's prefixed name): RDF as it is,
        NIF and statements included.  Node ``type`` is then one of
        :data:`NODE_TYPES` or ``"resource"``/``"literal"``.
    quotations : bool
        Draw quotations as small nodes attached to the speaker (default); if
        false they become facts of the speaker.
    articles : bool
        Also draw one node per article with an ``"erwähnt"`` edge to every
        node it supports (off by default: it swamps large graphs).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are keyed by IRI and carry ``label``, ``type``, ``evidence``
        (list of ``{article, article_title, sentence, start, end}``, one per
        sentence, chronological), ``facts`` (German strings) and ``articles``
        (sorted IRIs).  Edges carry ``label``, ``evidence``, ``facts`` and
        ``articles``; event edges also ``event``, ``modality`` and maybe
        ``place``.  ``graph.graph["articles"]`` maps article IRIs to
        ``{"title", "date"}``.  Nodes and edges are inserted in sorted order.

    Examples
    --------
    >>> import rdflib
    >>> ds = rdflib.Dataset(default_union=True)
    >>> _ = ds.parse(data='''
    ... @prefix kg: <https://w3id.org/kg-news/ns#> .
    ... @prefix schema: <https://schema.org/> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... <https://w3id.org/kg-news/id/article/1> {
    ...   <https://w3id.org/kg-news/id/person/a> a schema:Person ; rdfs:label "Anna Alt"@de .
    ...   <https://w3id.org/kg-news/id/person/b> a schema:Person ; rdfs:label "Ben Berg"@de .
    ...   <https://w3id.org/kg-news/id/event/m1> a kg:Meeting , schema:Event ;
    ...       kg:agent <https://w3id.org/kg-news/id/person/a> ;
    ...       schema:participant <https://w3id.org/kg-news/id/person/a> ,
    ...                          <https://w3id.org/kg-news/id/person/b> .
    ... }''', format="trig")
    >>> g = project(ds)
    >>> [(g.nodes[u]["label"], d["label"], g.nodes[v]["label"]) for u, v, d in g.edges(data=True)]
    [('Anna Alt', 'trifft', 'Ben Berg')]
    >>> g.nodes["https://w3id.org/kg-news/id/person/a"]["facts"]
    ['trifft Ben Berg']
    >>> project(ds, raw=True).number_of_edges()  # every triple
    9
    """
    if raw:
        return _project_raw(ds)
    return _Projector(ds, quotations=quotations, articles=articles).run()


def iter_evidence(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """Every evidence dict of every node and edge of a projection (for tests/stats).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", evidence=[{"sentence": "x"}])
    >>> [e["sentence"] for e in iter_evidence(g)]
    ['x']
    """
    for _, data in graph.nodes(data=True):
        yield from data.get("evidence", [])
    for _, _, data in graph.edges(data=True):
        yield from data.get("evidence", [])
