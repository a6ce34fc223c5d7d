"""The small SPARQL fixture (``fixtures/sparql_small.trig``), shared by the store, query, serve and export tests.

``conftest.py`` makes it the module-scoped fixtures ``ds`` (the dataset) and ``built`` (an output
folder with its store); a test module may define its own ``ds`` (test_export adds awkward literals).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

FIXTURE = Path(__file__).parent / "fixtures" / "sparql_small.trig"


def load_fixture() -> Dataset:
    """The fixture as an rdflib Dataset (two articles about one meeting, one named graph each)."""
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    return ds
