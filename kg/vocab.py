"""Every IRI kg writes, in one place.

kg reuses established vocabularies where they fit and adds its own terms in
the ``kg:`` namespace (documented in ``kg/ontology.ttl``):

* schema.org for the kinds of things (Person, Country, Place, Organization,
  Event, NewsArticle) and their names, dates and places;
* W3C ORG and SKOS for positions held (a post = role concept + scope);
* PROV-O for derivation of facts from sentences;
* NIF 2.0 for sentences and mentions with character offsets;
* VoID (``void:triples``) for the size of each named graph (build-time summary).

Resource IRIs (entities, events, articles) live under :data:`ID` and are
built by :mod:`kg.iris` from stable keys, so the same entity in two articles
gets one IRI.

Examples
--------
>>> from kg import vocab
>>> str(vocab.SCHEMA.Person)
'https://schema.org/Person'
>>> str(vocab.KG.Meeting)
'https://w3id.org/kg-news/ns#Meeting'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

__all__ = [
    "KG",
    "ID",
    "SCHEMA",
    "ORG",
    "NIF",
    "ITSRDF",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "XSD",
    "OWL",
    "VOID",
    "PREFIXES",
    "ENTITY_CLASSES",
    "EVENT_TYPES",
]

class _Namespace(Namespace):
    """An rdflib Namespace that makes each term once (the assembly asks for millions)."""

    _terms: dict[tuple[str, str], URIRef] = {}

    def term(self, name: str) -> URIRef:
        key = (str(self), name)
        t = self._terms.get(key)
        if t is None:
            t = self._terms[key] = super().term(name)
        return t


#: kg's own vocabulary (classes and properties).
KG = _Namespace("https://w3id.org/kg-news/ns#")
#: Base of every resource kg mints (entities, events, articles, statements).
ID = _Namespace("https://w3id.org/kg-news/id/")
SCHEMA = _Namespace("https://schema.org/")
ORG = _Namespace("http://www.w3.org/ns/org#")
NIF = _Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = _Namespace("http://www.w3.org/2005/11/its/rdf#")
#: VoID (``void:triples``: the size of each named graph, in the summary graph).
VOID = _Namespace("http://rdfs.org/ns/void#")

#: Prefixes bound in every serialisation and prepended to every query.
PREFIXES: dict[str, Namespace] = {
    "kg": KG,
    "kgid": ID,
    "schema": SCHEMA,
    "org": ORG,
    "nif": NIF,
    "itsrdf": ITSRDF,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "xsd": XSD,
    "owl": OWL,
    "void": VOID,
}

#: Mention/entity type name -> RDF class.
ENTITY_CLASSES = {
    "person": SCHEMA.Person,
    "country": SCHEMA.Country,
    "place": SCHEMA.Place,
    "organisation": SCHEMA.Organization,
    "role": SKOS.Concept,
}

#: Event type name (as in ``kg/data/verbs.tsv``) -> RDF class.  Each class is
#: an ``rdfs:subClassOf schema:Event`` in ``kg/ontology.ttl`` with its CAMEO
#: top-level code.
EVENT_TYPES = {
    name: KG[name]
    for name in (
        "Meeting",
        "Statement",
        "Praise",
        "Appeal",
        "Demand",
        "Agreement",
        "Cooperate",
        "Reject",
        "Criticize",
        "Defend",
        "Threaten",
        "Protest",
        "Detain",
        "Release",
        "Sentence",
        "Recall",
        "Return",
        "Travel",
        "TakeOffice",
        "Appoint",
        "Elect",
        "Resign",
        "Attack",
        "Sanction",
        "Aid",
        "Investigate",
        "Die",
        "Stay",
        "Negotiate",
        "Event",
    )
}


def prefix_header() -> str:
    """SPARQL ``PREFIX`` lines for :data:`PREFIXES`.

    Examples
    --------
    >>> prefix_header().splitlines()[0]
    'PREFIX kg: <https://w3id.org/kg-news/ns#>'
    """
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
