"""Assemble the RDF dataset: one named graph per article.

This stage takes every article's analysis (sentences, mentions, entities,
claims) and writes triples.  It is the only corpus-wide stage:

* person keys merge across articles (a surname-only "Roe" joins the one
  "Jane Roe" of the corpus);
* each entity gets one display label for the whole corpus (the most frequent
  full form), kept in the graph ``kgid:graph/entities``;
* events reported by several articles are clustered (same type, agreeing
  participants, place and time) and get one IRI, so a fact stated twice is
  one statement node with two pieces of evidence;
* a summary graph ``kgid:graph/summary`` holds counts that catalogue
  questions would otherwise compute over the whole store on every run (the
  size of each named graph, how often each entity is mentioned, how many
  articles state each fact).  They are computed from the other graphs'
  quads (:func:`part_summary`, :func:`summary_quads`), never from the
  language analyses, so they agree with what a query over the data counts.

Examples
--------
>>> from kg.pipeline import analyse_text
>>> ds = assemble([analyse_text("Der Präsident Paul Muster besuchte am Montag Wien.")])
>>> len(list(ds.graphs())) >= 3
True
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Iterable, Sequence

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg import lexicon
from kg.resolve import corpus_keys, slug
from kg.sentence_view import _topic_overlap
from kg.vocab import EVENT_TYPES, ID, ITSRDF, KG, NIF, ORG, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, VOID, XSD


class _Once:
    """An rdflib namespace whose terms are made once (rdflib makes a new URIRef on every access)."""

    def __init__(self, ns) -> None:
        self._ns = ns

    def __getattr__(self, name: str):
        term = getattr(self._ns, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str):
        return self._ns[name]

    def __str__(self) -> str:
        return str(self._ns)


RDF, RDFS, SKOS, XSD, PROV = _Once(RDF), _Once(RDFS), _Once(SKOS), _Once(XSD), _Once(PROV)
KG, NIF, ORG, SCHEMA, ITSRDF = _Once(KG), _Once(NIF), _Once(ORG), _Once(SCHEMA), _Once(ITSRDF)


@lru_cache(maxsize=100_000)
def _nni(n: int) -> Literal:
    """An xsd:nonNegativeInteger literal (made once per number)."""
    return Literal(n, datatype=XSD.nonNegativeInteger)


if TYPE_CHECKING:  # pragma: no cover
    from kg.pipeline import ArticleAnalysis

__all__ = ["assemble", "assemble_quads", "corpus_context", "corpus_quads", "article_quads", "article_context", "CorpusContext", "to_dataset", "QuadView", "QuadSink", "article_iri", "entity_iri", "ENTITIES_GRAPH", "ONTOLOGY_GRAPH", "SUMMARY_GRAPH", "part_summary", "summary_quads", "dataset_summary_quads", "PartSummary"]

ENTITIES_GRAPH = URIRef(str(ID) + "graph/entities")
ONTOLOGY_GRAPH = URIRef(str(KG).rstrip("#"))
SUMMARY_GRAPH = URIRef(str(ID) + "graph/summary")

_TYPE_CLASS = {
    "person": SCHEMA.Person,
    "country": SCHEMA.Country,
    "place": SCHEMA.Place,
    "organisation": SCHEMA.Organization,
}
_EVENT_LABEL = {
    "Meeting": "Treffen", "Negotiate": "Verhandlungen", "Travel": "Reise", "Return": "Rückkehr",
    "Statement": "Äußerung", "Defend": "Verteidigung", "Appeal": "Appell", "Praise": "Lob",
    "Cooperate": "Annäherung", "Agreement": "Vereinbarung", "Aid": "Hilfe", "Demand": "Forderung",
    "Criticize": "Kritik", "Investigate": "Ermittlungen", "Reject": "Ablehnung", "Threaten": "Drohung",
    "Protest": "Protest", "Recall": "Abberufung", "Sanction": "Sanktionen", "Detain": "Inhaftierung",
    "Sentence": "Verurteilung", "Release": "Freilassung", "Attack": "Angriff", "TakeOffice": "Amtsantritt",
    "Appoint": "Ernennung", "Elect": "Wahl", "Resign": "Rücktritt", "Die": "Tod", "Stay": "Aufenthalt",
    "Event": "Ereignis",
}


def article_iri(article_id: str) -> URIRef:
    """IRI of an article (and of its named graph)."""
    return URIRef(f"{ID}article/{article_id}")


@lru_cache(maxsize=200_000)
def entity_iri(key: str) -> URIRef:
    """IRI of an entity key.

    Examples
    --------
    >>> str(entity_iri("country:US"))
    'https://w3id.org/kg-news/id/country/US'
    >>> str(entity_iri("person:joe-doe"))
    'https://w3id.org/kg-news/id/person/joe-doe'
    """
    kind, _, value = key.partition(":")
    return URIRef(f"{ID}{kind}/{value}")


def _key(t) -> str:
    """A cheap, unambiguous string key of a term (IRI, or literal with language/datatype)."""
    if isinstance(t, Literal):
        return f"\x02{t}\x03{t.language or ''}\x03{t.datatype or ''}"
    return str(t)


def _hash(*parts: str, n: int = 12) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:n]


def _post_key(role: str, scope: str | None) -> str:
    return f"post:{slug(role)}" + (f"--{scope.replace(':', '-').lower()}" if scope else "")


# --------------------------------------------------------------------------- corpus stage


def _canon_events(analyses: Sequence["ArticleAnalysis"], canon) -> dict[tuple[int, int], str]:
    """Cluster events across articles; return (article, event index) -> event key."""
    items: list[tuple[int, int]] = []
    info = {}
    for a, an in enumerate(analyses):
        for i, ev in enumerate(an.facts.events):
            items.append((a, i))
            info[(a, i)] = ev
    parent = {x: x for x in items}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x, y):
        rx, ry = find(x), find(y)
        if rx != ry:
            if rx < ry:
                parent[ry] = rx
            else:
                parent[rx] = ry

    def parts(x) -> set[str]:
        return {canon(k) for k in info[x].participants}

    def agents(x) -> set[str]:
        return {canon(k) for k in (info[x].agents or info[x].participants)}

    def theme_type(x):
        t = info[x].theme
        return None if t is None else analyses[x[0]].facts.events[t].type

    def conflict(x, y) -> bool:
        a, b = info[x], info[y]
        if a.place and b.place and canon(a.place) != canon(b.place):
            return True
        if a.time_value and b.time_value and a.time_value != b.time_value:
            return True
        return False

    by_type: dict[str, list] = defaultdict(list)
    for x in items:
        by_type[info[x].type].append(x)
    for typ, xs in by_type.items():
        index: dict[str, list] = defaultdict(list)
        for x in xs:
            for p in parts(x):
                index[p].append(x)
        for p, group in sorted(index.items()):
            for i in range(len(group)):
                for j in range(i + 1, len(group)):
                    x, y = group[i], group[j]
                    if x[0] == y[0] or find(x) == find(y) or conflict(x, y):
                        continue
                    px, py = parts(x), parts(y)
                    if info[x].theme is not None or info[y].theme is not None or typ in ("Agreement", "Defend", "Criticize", "Reject"):
                        if agents(x) & agents(y) and theme_type(x) == theme_type(y) and (
                            theme_type(x) is not None or _topic_overlap(info[x].topic, info[y].topic)
                        ):
                            union(x, y)
                        continue
                    need = 2 if typ == "Meeting" and min(len(px), len(py)) >= 2 else 1
                    if len(px & py) >= need:
                        if typ == "Meeting" and not (info[x].place and info[y].place) and len(px & py) < 2:
                            continue
                        union(x, y)
    # themes of merged parents merge too
    # (pairs are looked at only within clusters, until nothing changes: the same fixpoint as
    #  comparing every pair of events, without the quadratic cost on a large corpus)
    changed = True
    while changed:
        changed = False
        themed: dict[tuple[int, int], list] = defaultdict(list)
        for x in items:  # items are sorted, so each cluster's members are too
            if info[x].theme is not None:
                themed[find(x)].append(x)
        for members in themed.values():
            for i in range(len(members)):
                for j in range(i + 1, len(members)):
                    x, y = members[i], members[j]
                    if x[0] == y[0]:
                        continue
                    tx, ty = (x[0], info[x].theme), (y[0], info[y].theme)
                    if info[tx].type == info[ty].type and find(tx) != find(ty) and not conflict(tx, ty):
                        union(tx, ty)
                        changed = True
    clusters: dict[tuple[int, int], list] = defaultdict(list)
    for x in items:
        clusters[find(x)].append(x)
    keys: dict[tuple[int, int], str] = {}
    for root, members in clusters.items():
        typ = info[root].type
        allparts = sorted({p for m in members for p in parts(m)})
        sig = min(
            (analyses[m[0]].article.id, min(info[m].sentences), info[m].trigger) for m in members
        )
        key = f"event:{typ.lower()}-{_hash(typ, *allparts, *sig[:1], str(sig[1]), sig[2])}"
        for m in members:
            keys[m] = key
    return keys


class _GraphSink:
    """Collects the triples of one named graph as quads (much lighter than an rdflib graph)."""

    __slots__ = ("name", "quads")

    def __init__(self, name: URIRef, quads: list) -> None:
        self.name = name
        self.quads = quads

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        self.quads.append((s, p, o, self.name))


class QuadSink:
    """The dataset under construction: a list of (s, p, o, graph) quads."""

    def __init__(self) -> None:
        self.quads: list[tuple] = []

    def graph(self, name: URIRef) -> _GraphSink:
        return _GraphSink(name, self.quads)

    def unique(self) -> list[tuple]:
        """The quads without duplicates, in first-seen order."""
        return list(dict.fromkeys(self.quads))


class _GraphView:
    __slots__ = ("identifier", "_triples")

    def __init__(self, identifier: URIRef, triples: list) -> None:
        self.identifier = identifier
        self._triples = triples

    def triples(self, pattern=(None, None, None)):
        if pattern != (None, None, None):
            raise NotImplementedError("a QuadView graph only lists all its triples")
        return iter(self._triples)


class QuadView:
    """A read-only, Dataset-like view of quads: ``graphs()`` with ``identifier`` and ``triples()``.

    Enough for :func:`kg.project.project`, without the cost of an rdflib Dataset.
    """

    def __init__(self, quads: Iterable[tuple]) -> None:
        by_graph: dict = {}
        for s, p, o, g in quads:
            by_graph.setdefault(g, []).append((s, p, o))
        self._graphs = [_GraphView(g, t) for g, t in by_graph.items()]

    def graphs(self):
        return iter(self._graphs)


def to_dataset(quads: Iterable[tuple]) -> Dataset:
    """An rdflib Dataset (``default_union=True``, kg prefixes bound) holding ``quads``."""
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    ds.addN((s, p, o, ds.graph(g)) for s, p, o, g in quads)
    return ds


def assemble(analyses: Sequence["ArticleAnalysis"]) -> Dataset:
    """Build the RDF dataset of a corpus as an rdflib Dataset (see :func:`assemble_quads`)."""
    return to_dataset(assemble_quads(analyses))


def assemble_quads(analyses: Sequence["ArticleAnalysis"]) -> list[tuple]:
    """Build the RDF dataset of a corpus.

    Parameters
    ----------
    analyses : sequence of ArticleAnalysis
        One per article, in a deterministic order (the pipeline sorts by article id).

    Returns
    -------
    list of (s, p, o, g)
        Unique quads: one named graph per article (named by the article IRI),
        the corpus-wide labels in :data:`ENTITIES_GRAPH`, and the ontology in
        :data:`ONTOLOGY_GRAPH`.
    """
    c = corpus_context(analyses)
    quads = corpus_quads(c)
    summaries = [part_summary(quads)]
    for a_index, an in enumerate(analyses):
        part = article_quads(an, a_index, c)
        summaries.append(part_summary(part))
        quads.extend(part)
    quads.extend(summary_quads(summaries))
    return quads  # the parts have no graph in common: each part's unique quads are the corpus's


class CorpusContext:
    """The corpus-wide state an article graph is written with (see :func:`corpus_context`)."""

    __slots__ = ("canon", "labels", "entity_meta", "event_keys", "scoped_roles")

    def __init__(self, canon, labels, entity_meta, event_keys, scoped_roles) -> None:
        self.canon = canon
        self.labels = labels
        self.entity_meta = entity_meta
        self.event_keys = event_keys
        self.scoped_roles = scoped_roles


def corpus_context(analyses: Sequence["ArticleAnalysis"]) -> CorpusContext:
    """Person keys merged across the corpus, corpus labels, event clusters, scoped roles."""
    # --- person keys across the corpus
    person_info: set[tuple[str, str | None]] = set()
    for an in analyses:
        for key, ent in an.resolution.entities.items():
            if ent.type == "person":
                person_info.add((key, ent.family_name))
    merge = corpus_keys(person_info)

    def canon(key: str) -> str:
        return merge.get(key, key)

    # --- corpus labels
    label_votes: dict[str, Counter] = defaultdict(Counter)
    entity_meta: dict[str, object] = {}
    for an in analyses:
        counts = Counter(canon(k) for k in an.resolution.links.values())
        for key, ent in an.resolution.entities.items():
            c = canon(key)
            weight = counts.get(c, 1)
            if ent.type == "person" and ent.given_name:
                label_votes[c][ent.label] += weight + 1000  # full names win
            else:
                label_votes[c][ent.label] += weight
            prev = entity_meta.get(c)
            if prev is None or (ent.type == "person" and ent.given_name and not getattr(prev, "given_name", None)):
                entity_meta[c] = ent
    labels = {k: sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for k, v in label_votes.items()}

    event_keys = _canon_events(analyses, canon)
    scoped_roles = {
        (canon(p.person), p.role) for an in analyses for p in an.resolution.posts if p.scope
    }
    return CorpusContext(canon, labels, entity_meta, event_keys, scoped_roles)


def corpus_quads(c: CorpusContext) -> list[tuple]:
    """The ontology graph and the entities graph (corpus-wide labels), unique quads."""
    ds = QuadSink()
    labels, entity_meta = c.labels, c.entity_meta

    # --- ontology graph
    onto = ds.graph(ONTOLOGY_GRAPH)
    for triple in sorted(_ontology()):
        onto.add(triple)

    # --- entities graph (corpus-wide labels and lexicon facts)
    eg = ds.graph(ENTITIES_GRAPH)
    for key in sorted(labels):
        ent = entity_meta[key]
        iri = entity_iri(key)
        label = labels[key]
        eg.add((iri, RDFS.label, Literal(label, lang="de")))
        eg.add((iri, KG.entityType, Literal(ent.type)))
        if ent.type == "country":
            code = key.split(":", 1)[1]
            eg.add((iri, KG.isoCode, Literal(code)))
        elif ent.type in ("place", "organisation") and ent.country:
            eg.add((iri, KG.country, entity_iri(f"country:{ent.country}")))
            if f"country:{ent.country}" not in labels:  # named by the lexicon, not by the text: no type
                cl = entity_iri(f"country:{ent.country}")
                eg.add((cl, RDFS.label, Literal(lexicon.country_label(ent.country), lang="de")))
                eg.add((cl, KG.isoCode, Literal(ent.country)))
        if ent.type == "organisation" and ent.kind:
            eg.add((iri, KG.orgKind, Literal(ent.kind)))
        if ent.type == "person":
            eg.add((iri, SCHEMA.name, Literal(label)))
            parts = label.split()
            if len(parts) >= 2:
                eg.add((iri, SCHEMA.givenName, Literal(" ".join(parts[:-1]))))
                eg.add((iri, SCHEMA.familyName, Literal(parts[-1])))
    return ds.unique()


def article_quads(an: "ArticleAnalysis", a_index: int, c: CorpusContext) -> list[tuple]:
    """The unique quads of one article's named graph (``a_index``: its place in the corpus order)."""
    ds = QuadSink()
    _article_graph(ds, an, a_index, c.canon, c.labels, c.event_keys, c.scoped_roles)
    return ds.unique()


def article_context(an: "ArticleAnalysis", a_index: int, c: CorpusContext) -> tuple:
    """Everything corpus-wide that :func:`article_quads` may read for this article.

    Two builds in which an article's analysis and this tuple are the same write
    the same graph for it (a cache key for the article's derived outputs): the
    canonical key and corpus label of every entity key the article refers to,
    the cluster key of each of its events, and whether the corpus scopes each
    of its unscoped posts.  It errs on the side of more.
    """
    res, facts = an.resolution, an.facts
    keys: set[str] = set(res.links.values()) | set(res.entities)
    keys.update(person for _idx, person in res.references)
    for p in res.posts:
        keys.update(k for k in (p.person, p.scope, p.location) if k)
    for r in facts.relations:
        keys.update((r.subject, r.object))
    for ev in facts.events:
        keys.update(ev.agents)
        keys.update(ev.patients)
        keys.update(ev.participants)
        if ev.place:
            keys.add(ev.place)
    for q in facts.quotes:
        if q.speaker:
            keys.add(q.speaker)
    canon, labels = c.canon, c.labels
    ents = tuple((k, canon(k), labels.get(canon(k))) for k in sorted(k for k in keys if k))
    events = tuple(c.event_keys[(a_index, i)] for i in range(len(facts.events)))
    scoped = tuple((canon(p.person), p.role) in c.scoped_roles for p in res.posts)
    return (ents, events, scoped)


# --------------------------------------------------------------------------- summary graph

#: What :func:`part_summary` returns (plain dicts and tuples: it is cached with each graph's outputs).
PartSummary = dict

_SUMMARY_CLASSES = frozenset((SCHEMA.Person, SCHEMA.Country, SCHEMA.Place, SCHEMA.Organization))


@lru_cache(maxsize=100_000)
def _int(n: int) -> Literal:
    """An xsd:integer literal (the datatype SPARQL's COUNT gives)."""
    return Literal(n, datatype=XSD.integer)


def part_summary(quads: Iterable[tuple]) -> PartSummary:
    """The counts of one part of the dataset (the corpus graphs, or one article graph), from its quads.

    ``quads`` are unique (s, p, o, g) quads, no graph of which occurs in another part (each
    article graph is one part).  Returned, for :func:`summary_quads`:

    * ``triples``: graph name -> number of triples in that named graph;
    * ``typed``: entities typed ``schema:Person``/``Country``/``Place``/``Organization``;
    * ``mentions``: entity -> (number of distinct sentences ``?s`` with a mention ``?m``
      ``itsrdf:taIdentRef`` the entity and ``?m nif:sentence ?s``, the sorted articles
      ``?s nif:referenceContext ?a`` of those sentences);
    * ``statements``: statement node (``a rdf:Statement``) -> (its ``rdf:subject``,
      ``rdf:predicate``, ``rdf:object`` and the sorted articles ``?a`` of its evidence:
      ``?statement prov:wasDerivedFrom ?s . ?s nif:referenceContext ?a``).

    The joins are made within the part: kg writes a mention, its sentence and the sentence's
    article, and a statement's evidence, into the graph of the article they belong to, and a
    sentence IRI starts with its article's IRI (so sentence counts of two parts add up).
    """
    triples: Counter = Counter()
    typed: set = set()
    ident: dict = defaultdict(list)
    sentence_of: dict = defaultdict(list)
    article_of: dict = defaultdict(list)
    stmt_nodes: set = set()
    spo: dict = defaultdict(dict)
    derived: dict = defaultdict(list)
    rdf_type, statement = RDF.type, RDF.Statement
    roles = {RDF.subject: 0, RDF.predicate: 1, RDF.object: 2}
    taident, nsent, refctx, wasderived = ITSRDF.taIdentRef, NIF.sentence, NIF.referenceContext, PROV.wasDerivedFrom
    for s, p, o, g in quads:
        triples[g] += 1
        if p == rdf_type:
            if o in _SUMMARY_CLASSES:
                typed.add(s)
            elif o == statement:
                stmt_nodes.add(s)
        elif p == taident:
            ident[s].append(o)
        elif p == nsent:
            sentence_of[s].append(o)
        elif p == refctx:
            article_of[s].append(o)
        elif p in roles:
            spo[s].setdefault(roles[p], []).append(o)
        elif p == wasderived:
            derived[s].append(o)
    ent_sentences: dict = defaultdict(set)
    for m, ents in ident.items():
        for e in ents:
            ent_sentences[e].update(sentence_of.get(m, ()))
    mentions = {}
    for e, sents in ent_sentences.items():
        arts = {a for s_ in sents for a in article_of.get(s_, ())}
        mentions[e] = (len(sents), tuple(sorted(arts)))
    statements = {}
    for st in stmt_nodes:
        parts = spo.get(st, {})
        arts = {a for s_ in derived.get(st, ()) for a in article_of.get(s_, ())}
        statements[st] = (tuple(parts.get(0, ())), tuple(parts.get(1, ())), tuple(parts.get(2, ())), tuple(sorted(arts)))
    return {"triples": dict(triples), "typed": typed, "mentions": mentions, "statements": statements}


def summary_quads(summaries: Iterable[PartSummary]) -> list[tuple]:
    """The summary graph (:data:`SUMMARY_GRAPH`) of a dataset made of the parts ``summaries`` describe.

    * every named graph but the summary graph itself: ``<graph> void:triples N``, the number
      of triples in that graph (for an article, ``<article> void:triples N``: the article IRI
      names its graph);
    * every entity typed ``schema:Person``/``Country``/``Place``/``Organization``:
      ``kg:mentionCount`` (distinct sentences that mention it, 0 if none) and
      ``kg:mentionArticleCount`` (distinct articles of those sentences);
    * every ``rdf:Statement`` whose evidence comes from two or more articles (corroborated):
      ``kg:articleCount``, the number of distinct articles of its evidence sentences, counted
      over every statement node with the same subject, predicate and object (kg mints one node
      per triple).  A statement of one article gets no count (most do: it would add ~6 % to
      the graph).

    Examples
    --------
    >>> from kg.pipeline import analyse_text
    >>> quads = assemble_quads([analyse_text("Der Präsident Paul Muster besuchte am Montag Wien.")])
    >>> summary = [q for q in quads if q[3] == SUMMARY_GRAPH]
    >>> n = sum(1 for q in quads if q[3] == summary[0][0])
    >>> [int(q[2]) for q in summary if q[0] == summary[0][0] and q[1] == VOID.triples] == [n]
    True
    """
    triples: Counter = Counter()
    typed: set = set()
    sentences: Counter = Counter()
    articles: dict = defaultdict(set)
    stmts: dict = defaultdict(list)
    stmt_articles: dict = defaultdict(set)
    for part in summaries:
        triples.update(part["triples"])
        typed.update(part["typed"])
        for e, (n, arts) in part["mentions"].items():
            sentences[e] += n
            articles[e].update(arts)
        for st, (ss, ps, os_, arts) in part["statements"].items():
            stmts[st].append((ss, ps, os_))
            for key in ((s, p, o) for s in ss for p in ps for o in os_):
                stmt_articles[key].update(arts)
    out: list[tuple] = []
    g = SUMMARY_GRAPH
    for name in sorted(triples, key=str):
        if name != g and name is not None:
            out.append((name, VOID.triples, _int(triples[name]), g))
    for e in sorted(typed, key=str):
        out.append((e, KG.mentionCount, _int(sentences.get(e, 0)), g))
        out.append((e, KG.mentionArticleCount, _int(len(articles.get(e, ()))), g))
    for st in sorted(stmts, key=str):
        arts: set = set()
        for ss, ps, os_ in stmts[st]:
            for key in ((s, p, o) for s in ss for p in ps for o in os_):
                arts |= stmt_articles[key]
        if len(arts) >= 2:  # a fact of one article is the common case: no triple for it
            out.append((st, KG.articleCount, _int(len(arts)), g))
    return list(dict.fromkeys(out))


def dataset_summary_quads(quads: Iterable[tuple]) -> list[tuple]:
    """The summary graph of a whole dataset given as unique quads, each named graph one part.

    For data not made by :func:`assemble_quads` (test fixtures, the query benchmark's
    replicated graphs): the same :func:`part_summary` and :func:`summary_quads` a build uses.
    Quads already in :data:`SUMMARY_GRAPH` are left out.
    """
    by_graph: dict = defaultdict(list)
    for q in quads:
        if q[3] != SUMMARY_GRAPH:
            by_graph[q[3]].append(q)
    return summary_quads(part_summary(by_graph[g]) for g in sorted(by_graph, key=str))


@lru_cache(maxsize=1)
def _ontology() -> tuple:
    g = Graph()
    g.parse(data=resources.files("kg").joinpath("ontology.ttl").read_text(encoding="utf-8"), format="turtle")
    return tuple(g)


def _article_graph(ds: QuadSink, an: "ArticleAnalysis", a_index: int, canon, labels: dict[str, str], event_keys, scoped_roles) -> None:
    art = an.article
    airi = article_iri(art.id)
    g = ds.graph(airi)
    g.add((airi, RDF.type, SCHEMA.NewsArticle))
    g.add((airi, KG.contentHash, Literal(art.sha256)))
    g.add((airi, KG.sourcePath, Literal(art.source_path)))
    g.add((airi, SCHEMA.inLanguage, Literal(art.language)))
    if art.title:
        g.add((airi, SCHEMA.headline, Literal(art.title, lang="de")))
    if art.date:
        g.add((airi, SCHEMA.datePublished, Literal(art.date, datatype=XSD.date)))
    if art.publisher:
        g.add((airi, SCHEMA.publisher, Literal(art.publisher)))

    sent_iri: dict[int, URIRef] = {}

    def sentence_of(idx: int) -> URIRef:
        """The sentence node (written on first use; furniture sentences only when they are evidence)."""
        if idx not in sent_iri:
            s = an.sentences[idx]
            siri = URIRef(f"{airi}/s/{s.index}")
            sent_iri[idx] = siri
            g.add((siri, RDF.type, NIF.Sentence))
            g.add((siri, NIF.referenceContext, airi))
            g.add((siri, NIF.beginIndex, _nni(s.start)))
            g.add((siri, NIF.endIndex, _nni(s.end)))
            g.add((siri, NIF.anchorOf, Literal(s.text)))
            g.add((siri, KG.sentenceIndex, _nni(s.index)))
            g.add((siri, KG.sentenceKind, Literal(s.kind)))
        return sent_iri[idx]

    for s in an.sentences:
        if s.kind != "furniture":
            sentence_of(s.index)

    def fact(s: Node, p: URIRef, o: Node, sentences: Iterable[int]) -> None:
        g.add((s, p, o))
        st = URIRef(f"{ID}statement/{_hash(_key(s), str(p), _key(o), n=16)}")
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        for idx in sentences:
            g.add((st, PROV.wasDerivedFrom, sentence_of(idx)))

    # --- mentions and entities
    mention_sentences: dict[str, set[int]] = defaultdict(set)
    for i, m in enumerate(an.mentions):
        key = an.resolution.links.get(i)
        miri = URIRef(f"{airi}/m/{m.start}-{m.end}-{m.type}")
        g.add((miri, RDF.type, NIF.Phrase))
        g.add((miri, NIF.referenceContext, airi))
        g.add((miri, NIF.sentence, sentence_of(m.sentence)))
        g.add((miri, NIF.beginIndex, _nni(m.start)))
        g.add((miri, NIF.endIndex, _nni(m.end)))
        g.add((miri, NIF.anchorOf, Literal(m.text)))
        g.add((miri, KG.mentionType, Literal(m.type)))
        if m.type == "date" and m.value:
            g.add((miri, KG.timeExpression, Literal(m.value)))
        if key:
            c = canon(key)
            g.add((miri, ITSRDF.taIdentRef, entity_iri(c)))
            if not c.startswith("role:"):
                mention_sentences[c].add(m.sentence)
    for idx, person in an.resolution.references:
        m = an.mentions[idx]
        miri = URIRef(f"{airi}/m/{m.start}-{m.end}-person")
        g.add((miri, RDF.type, NIF.Phrase))
        g.add((miri, NIF.referenceContext, airi))
        g.add((miri, NIF.sentence, sentence_of(m.sentence)))
        g.add((miri, NIF.beginIndex, _nni(m.start)))
        g.add((miri, NIF.endIndex, _nni(m.end)))
        g.add((miri, NIF.anchorOf, Literal(m.text)))
        g.add((miri, KG.mentionType, Literal("person")))
        g.add((miri, ITSRDF.taIdentRef, entity_iri(canon(person))))
        mention_sentences[canon(person)].add(m.sentence)

    for key, ent in sorted(an.resolution.entities.items()):
        c = canon(key)
        if ent.type == "role":
            continue
        iri = entity_iri(c)
        cls = _TYPE_CLASS.get(ent.type)
        if cls is not None:
            fact(iri, RDF.type, cls, sorted(mention_sentences.get(c, ())) or [])
        for form in ent.forms:
            g.add((iri, SKOS.altLabel, Literal(form, lang="de")))

    # --- positions
    for p in an.resolution.posts:
        if not p.scope and (canon(p.person), p.role) in scoped_roles:
            continue  # "der Präsident" where the corpus says whose president he is
        person = entity_iri(canon(p.person))
        scope = canon(p.scope) if p.scope else None
        post = entity_iri(_post_key(p.role, scope))
        role = entity_iri(f"role:{slug(p.role)}")
        g.add((role, RDF.type, SKOS.Concept))
        g.add((role, SKOS.prefLabel, Literal(p.role, lang="de")))
        g.add((role, RDFS.label, Literal(p.role, lang="de")))
        if p.role_class:
            g.add((role, KG.roleClass, Literal(p.role_class)))
        if p.canonical and p.canonical != p.role:
            broader = entity_iri(f"role:{slug(p.canonical)}")
            g.add((role, SKOS.broader, broader))
            g.add((broader, RDF.type, SKOS.Concept))
            g.add((broader, SKOS.prefLabel, Literal(p.canonical, lang="de")))
            g.add((broader, RDFS.label, Literal(p.canonical, lang="de")))
        scope_label = labels.get(scope) if scope else None
        if scope and scope_label is None and scope.startswith("country:"):
            scope_label = lexicon.country_label(scope.split(":", 1)[1])
        g.add((post, RDFS.label, Literal(f"{p.role} ({scope_label})" if scope_label else p.role, lang="de")))
        g.add((post, SKOS.altLabel, Literal(p.surface, lang="de")))
        fact(post, RDF.type, ORG.Post, [p.sentence])
        fact(post, ORG.role, role, [p.sentence])
        if scope:
            fact(post, ORG.postIn, entity_iri(scope), [p.sentence])
        fact(person, ORG.holds, post, [p.sentence])
        if p.location:
            fact(post, KG.postLocation, entity_iri(canon(p.location)), [p.sentence])
        if p.former:
            fact(post, KG.former, Literal(True), [p.sentence])

    for r in an.facts.relations:
        pred = SCHEMA.nationality if r.predicate == "nationality" else SCHEMA.affiliation
        fact(entity_iri(canon(r.subject)), pred, entity_iri(canon(r.object)), [r.sentence])

    # --- events
    ev_iris: list[URIRef] = []
    for i, ev in enumerate(an.facts.events):
        ev_iris.append(entity_iri(event_keys[(a_index, i)]))
    for i, ev in enumerate(an.facts.events):
        iri = ev_iris[i]
        sents = list(ev.sentences)
        cls = EVENT_TYPES.get(ev.type, KG.Event)
        fact(iri, RDF.type, cls, sents)
        g.add((iri, RDF.type, SCHEMA.Event))
        g.add((iri, RDFS.label, Literal(_event_label(ev, an, labels, canon), lang="de")))
        g.add((iri, KG.trigger, Literal(ev.trigger)))
        fact(iri, KG.modality, Literal(ev.modality), sents)
        for a in ev.agents:
            fact(iri, KG.agent, entity_iri(canon(a)), sents)
        for p_ in ev.patients:
            fact(iri, KG.patient, entity_iri(canon(p_)), sents)
        for p_ in ev.participants:
            fact(iri, SCHEMA.participant, entity_iri(canon(p_)), sents)
        if ev.place:
            fact(iri, SCHEMA.location, entity_iri(canon(ev.place)), sents)
        if ev.time_text:
            g.add((iri, KG.timeExpression, Literal(ev.time_text)))
        if ev.time_value:
            v = ev.time_value
            if len(v) == 10 and v[4] == "-":
                fact(iri, SCHEMA.startDate, Literal(v, datatype=XSD.date), sents)
            elif len(v) == 7 and v[4] == "-":
                fact(iri, SCHEMA.startDate, Literal(v, datatype=XSD.gYearMonth), sents)
            elif v.startswith("--") and len(v) == 4:
                fact(iri, KG.month, Literal(v, datatype=XSD.gMonth), sents)
        if ev.duration:
            g.add((iri, KG.duration, Literal(ev.duration)))
        if ev.stance:
            fact(iri, KG.stance, Literal(ev.stance), sents)
        if ev.topic:
            fact(iri, KG.topic, Literal(ev.topic), sents)
        if ev.theme is not None and 0 <= ev.theme < len(ev_iris):
            fact(iri, KG.theme, ev_iris[ev.theme], sents)

    # --- quotations
    for q in an.facts.quotes:
        speaker_text = getattr(q, "speaker_text", None)
        if not q.speaker and not speaker_text:
            continue
        speaker = canon(q.speaker) if q.speaker else None
        who = speaker or f"text:{' '.join(speaker_text.split()).casefold()}"
        qiri = URIRef(f"{ID}quote/{_hash(who, ' '.join(q.text.split()), n=16)}")
        fact(qiri, RDF.type, KG.Quotation, [q.sentence])
        if speaker:
            fact(qiri, KG.speaker, entity_iri(speaker), [q.sentence])
        if speaker_text:
            g.add((qiri, KG.speakerText, Literal(speaker_text)))
        g.add((qiri, KG.quoteText, Literal(q.text)))
        g.add((qiri, KG.quoteKind, Literal(q.kind)))
        if q.cue:
            g.add((qiri, KG.cue, Literal(q.cue)))
        g.add((qiri, PROV.wasDerivedFrom, sentence_of(q.sentence)))


def _event_label(ev, an: "ArticleAnalysis", labels: dict[str, str], canon) -> str:
    name = _EVENT_LABEL.get(ev.type, ev.type) if ev.type != "Event" else ev.trigger
    who = [labels.get(canon(k), k.split(":", 1)[1]) for k in ev.participants]
    text = name
    if ev.type == "Agreement" and ev.theme is not None and ev.theme < len(an.facts.events):
        inner = an.facts.events[ev.theme]
        text = f"{name}: {_EVENT_LABEL.get(inner.type, inner.type)}"
        if inner.trigger and inner.type != "Meeting":
            text = f"{name}: {_event_phrase(inner, an)}"
        elif inner.topic:
            text += f" ({inner.topic})"
    elif ev.topic and ev.type in ("Agreement", "Defend", "Criticize", "Reject", "Demand", "Praise", "Appeal"):
        text = f"{name}: {ev.topic}"
    elif ev.theme is not None and ev.theme < len(an.facts.events):
        text = f"{name}: {_event_phrase(an.facts.events[ev.theme], an)}"
    if who:
        text += " – " + ", ".join(who)
    if ev.place:
        text += f" ({labels.get(canon(ev.place), ev.place.split(':', 1)[1])})"
    return text


def _event_phrase(ev, an: "ArticleAnalysis") -> str:
    """The words of the article around a nominal trigger ('Rückkehr der Botschafter')."""
    text = an.article.text
    s = ev.start
    e = ev.end
    tail = text[e:e + 60].split("\n")[0]
    words = tail.split()
    phrase = text[s:e]
    if words and words[0] in ("der", "des", "von", "zum", "zur", "über", "mit"):
        take = [words[0]]
        for w in words[1:4]:
            take.append(w.rstrip(".,:;"))
            if w[:1].isupper() or w.endswith((".", ",", ":", ";")):
                break
        phrase += " " + " ".join(take)
    return phrase.strip()
