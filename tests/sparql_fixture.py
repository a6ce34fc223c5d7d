"""The small SPARQL fixture (``fixtures/sparql_small.trig``), shared by the store, query, serve and export tests."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

FIXTURE = Path(__file__).parent / "fixtures" / "sparql_small.trig"


def load_fixture() -> Dataset:
    """The fixture as an rdflib Dataset (two articles about one meeting, one named graph each)."""
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    return ds
