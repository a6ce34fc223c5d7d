"""The small SPARQL fixture (``fixtures/sparql_small.trig``), shared by the store, query, serve and export tests.

``conftest.py`` makes it the module-scoped fixtures ``ds`` (the dataset) and ``built`` (an output
folder with its store); a test module may define its own ``ds`` (test_export adds awkward literals).

The fixture is hand-made except its last block, the summary graph ``kgid:graph/summary`` (graph
sizes, mention counts, articles per statement), which is written by the library code a build uses
(:func:`kg.dataset.dataset_summary_quads`).  After editing the hand-made part, regenerate it::

    PYTHONPATH=. python tests/sparql_fixture.py
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

FIXTURE = Path(__file__).parent / "fixtures" / "sparql_small.trig"
#: First line of the generated block at the end of the fixture.
SUMMARY_MARK = "# ------------------------------------------------------------------ summary graph (generated"


def load_fixture() -> Dataset:
    """The fixture as an rdflib Dataset (two articles about one meeting, one named graph each)."""
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    return ds


def write_summary(path: Path = FIXTURE) -> int:
    """Rewrite the generated summary block at the end of ``path``; return its number of triples."""
    from kg.dataset import SUMMARY_GRAPH, dataset_summary_quads
    from kg.rdfio import term

    text = path.read_text(encoding="utf-8")
    head = text.split(SUMMARY_MARK, 1)[0].rstrip("\n") + "\n"
    ds = Dataset()
    ds.parse(data=head, format="trig")
    quads = dataset_summary_quads(ds.quads((None, None, None, None)))
    lines = [
        f"{SUMMARY_MARK} by `PYTHONPATH=. python tests/sparql_fixture.py`:",
        "# kg.dataset.dataset_summary_quads over the graphs above, the code a build uses; do not edit by hand)",
        f"{term(SUMMARY_GRAPH)} {{",
        *(f"  {term(s)} {term(p)} {term(o)} ." for s, p, o, _g in quads),
        "}",
    ]
    path.write_text(head + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return len(quads)


if __name__ == "__main__":
    print(f"{FIXTURE}: {write_summary()} summary triples")
