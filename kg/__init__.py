"""kg: an evidence-first knowledge graph of German news articles.

The library API mirrors the command line (imported lazily, so ``import kg``
is cheap):

>>> import kg
>>> a = kg.analyse_text("US-Präsidentin Jane Roe traf am Montag in Wien den Kanzler Max Muster.")
>>> sorted({m.type for m in a.mentions})
['country', 'date', 'person', 'place', 'role']

``kg.build(["articles/"], "out")`` builds a corpus; ``kg.load_dataset("out")``
returns the rdflib Dataset; :mod:`kg.query` runs the question catalogue.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "KgError", "analyse", "analyse_text", "build", "load_dataset"]


def __getattr__(name: str):
    if name == "KgError":
        from kg.errors import KgError

        return KgError
    if name in ("analyse", "analyse_text", "build", "load_dataset"):
        from kg import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
