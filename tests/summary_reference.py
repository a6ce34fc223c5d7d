"""The catalogue questions that read the build's summary graph, written as they were before it.

``sources``, ``entities`` and ``corroborated`` read counts made at build time
(``kgid:graph/summary``, :func:`kg.dataset.summary_quads`).  These reference
versions count the same things over the data on every run; the tests check
that both give the same rows in the same order (fixture, both engines; seeds).
"""

from __future__ import annotations

REFERENCE = {
    "sources": """
SELECT ?article ?title ?date ?publisher ?path ?triples
WHERE {
  {
    SELECT ?article (MIN(?headline) AS ?title) (MIN(?published) AS ?date) (MIN(?publisherName) AS ?publisher)
           (MIN(?sourcePath) AS ?path) (MIN(?graphSize) AS ?triples)
    WHERE {
      ?article a schema:NewsArticle .
      OPTIONAL { SELECT ?article ?h WHERE { ?article schema:headline ?h } }
      OPTIONAL { SELECT ?article ?published WHERE { ?article schema:datePublished ?published } }
      OPTIONAL { SELECT ?article ?pub WHERE { ?article schema:publisher ?pub } }
      OPTIONAL { SELECT ?article ?sp WHERE { ?article kg:sourcePath ?sp } }
      { SELECT ?article (COUNT(*) AS ?graphSize) WHERE { GRAPH ?article { ?s ?p ?o } } GROUP BY ?article }
      BIND(STR(?h) AS ?headline)
      BIND(STR(?pub) AS ?publisherName)
      BIND(STR(?sp) AS ?sourcePath)
    }
    GROUP BY ?article
  }
  BIND(CONCAT(COALESCE(?title, ""), "\\u0001") AS ?k1)
  BIND(CONCAT(STR(?article), "\\u0001") AS ?k2)
  BIND(CONCAT(COALESCE(?publisher, ""), "\\u0001") AS ?k3)
  BIND(CONCAT(COALESCE(?path, ""), "\\u0001") AS ?k4)
}
ORDER BY (!BOUND(?date)) COALESCE(STR(?date), "") ?k1 ?k2 ?k3 ?k4 DESC(?triples)
""",
    "entities": """
SELECT ?entity ?name ?type ?mentions ?articles
WHERE {
  {
    SELECT ?entity (MIN(?entityName) AS ?name) ?type
           (COUNT(DISTINCT ?sentence) AS ?mentions) (COUNT(DISTINCT ?article) AS ?articles)
    WHERE {
      VALUES ?class { schema:Person schema:Country schema:Place schema:Organization }
      ?entity a ?class .
      OPTIONAL { SELECT ?entity ?el WHERE { ?entity rdfs:label ?el } }
      OPTIONAL {
        SELECT ?entity ?sentence ?article
        WHERE {
          { SELECT ?mention ?entity WHERE { ?mention itsrdf:taIdentRef ?entity } }
          { SELECT ?mention ?sentence WHERE { ?mention nif:sentence ?sentence } }
          OPTIONAL { SELECT ?sentence ?article WHERE { ?sentence nif:referenceContext ?article } }
        }
      }
      BIND(STRAFTER(STR(?class), STR(schema:)) AS ?type)
      BIND(STR(?el) AS ?entityName)
    }
    GROUP BY ?entity ?type
  }
  BIND(CONCAT(COALESCE(?name, ""), "\\u0001") AS ?k1)
  BIND(CONCAT(STR(?entity), "\\u0001") AS ?k2)
}
ORDER BY DESC(?mentions) ?k1 ?type ?k2 DESC(?articles)
""",
    "corroborated": """
SELECT ?subject ?predicate ?object ?articles
       (MIN(?subjectName) AS ?subjectLabel)
       (MIN(?objectName) AS ?objectLabel)
WHERE {
  {
    SELECT ?subject ?predicate ?object (COUNT(DISTINCT ?article) AS ?articles)
    WHERE {
      ?statement a rdf:Statement ;
                 rdf:subject ?subject ;
                 rdf:predicate ?predicate ;
                 rdf:object ?object ;
                 prov:wasDerivedFrom ?sentenceNode .
      ?sentenceNode nif:referenceContext ?article .
    }
    GROUP BY ?subject ?predicate ?object
    HAVING (COUNT(DISTINCT ?article) >= 2)
  }
  OPTIONAL { ?subject rdfs:label ?sl . FILTER(LANG(?sl) = "" || LANGMATCHES(LANG(?sl), "de"))
             BIND(STR(?sl) AS ?subjectName) }
  OPTIONAL { ?object rdfs:label ?ol . FILTER(LANG(?ol) = "" || LANGMATCHES(LANG(?ol), "de"))
             BIND(STR(?ol) AS ?objectName) }
}
GROUP BY ?subject ?predicate ?object ?articles
ORDER BY DESC(?articles) STR(?subject) STR(?predicate) isIRI(?object) STR(?object)
         COALESCE(?subjectLabel, "") COALESCE(?objectLabel, "")
""",
}
