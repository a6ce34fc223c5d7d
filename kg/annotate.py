"""Mentions as JSON records: what ``kg annotate`` prints.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = p.write_text("Der Präsident Paul Muster reiste nach Wien.", encoding="utf-8")
>>> [r["type"] for r in annotate_files([str(p)])]
['role', 'person', 'place']
"""

from __future__ import annotations

from typing import Iterator, Sequence

from kg.dataset import entity_iri
from kg.errors import InputError
from kg.pipeline import analyse
from kg.reader import read_inputs
from kg.resolve import corpus_keys

__all__ = ["annotate_files"]


def annotate_files(paths: Sequence[str]) -> Iterator[dict]:
    """Yield one record per mention: article, start, end, text, type, entity.

    Persons mentioned by surname only in one file and in full in another get
    the full name's IRI, as in a build of the same files.
    """
    read = read_inputs(list(paths))
    for skipped in read.skipped:
        raise InputError(skipped.reason, path=skipped.source_path)
    analyses = [analyse(a) for a in read.articles]
    merge = corpus_keys(
        (key, ent.family_name)
        for an in analyses
        for key, ent in an.resolution.entities.items()
        if ent.type == "person"
    )
    for an in analyses:
        refs = dict(an.resolution.references)
        for i, m in enumerate(an.mentions):
            key = an.resolution.links.get(i)
            rec = {
                "article": an.article.source_path,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "type": m.type,
                "entity": str(entity_iri(merge.get(key, key))) if key else None,
            }
            if m.type == "date" and m.value:
                rec["value"] = m.value
            if i in refs:
                rec["refers_to"] = str(entity_iri(merge.get(refs[i], refs[i])))
            yield rec
