"""Property-based: arbitrary text never breaks the pipeline and always yields valid RDF."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.dataset import assemble
from kg.pipeline import analyse_text

german_words = st.sampled_from(
    "der die das Präsident Kanzlerin Angela Merkel sagte „ “ » « \" . , : ; - – US-Präsident Berlin "
    "Russland russischen traf am Montag in im Januar 6. 20.00 Uhr Kremlchef sei habe nicht kein und "
    "Botschafter Anna Beispiel zurück kehrte vereinbart Gespräche über • \n \n\n ( ) ' ’ Foto: dpa/AFP".split(" ")
)

texts = st.one_of(
    st.text(max_size=400),
    st.lists(german_words, max_size=80).map(" ".join),
    st.lists(st.one_of(german_words, st.text(max_size=8)), max_size=60).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_pipeline_never_raises_and_turtle_reparses(text):
    analysis = analyse_text(text)
    for m in analysis.mentions:
        assert text[m.start:m.end] == m.text
    for q in analysis.facts.quotes:
        assert 0 <= q.start <= q.end <= len(text)
    ds = assemble([analysis])
    union = Graph()
    for g in ds.graphs():
        for t in g:
            union.add(t)
    data = union.serialize(format="turtle")
    assert len(Graph().parse(data=data, format="turtle")) == len(union)
