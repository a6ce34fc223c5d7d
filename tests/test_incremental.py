"""Incremental builds give the same bytes as a fresh build of the same inputs.

Build A, then add, change and remove articles in the same ``out/`` and compare
every output file (and the store's quads) with a fresh build of the same
inputs into an empty folder.  The two seed articles report the same summit:
adding one merges events and entities with the other (corroboration), which
changes the other article's graph, not only the new one's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.pipeline
from kg.pipeline import GRAPHS_CACHE, build

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BILANZ = "genf-gipfel-bilanz"
VEREINBARUNGEN = "genf-gipfel-vereinbarungen"
EXTRA = (
    "Neuer Haushalt in Neustadt\n\n"
    "Der Stadtrat von Neustadt hat am Dienstag den Haushalt beschlossen. "
    "Bürgermeisterin Anna Beispiel sagte, die Stadt werde mehr in Schulen investieren. "
    "Der russische Präsident Wladimir Putin traf am Mittwoch in Genf den US-Präsidenten Joe Biden."
)
FILES = ("dataset.nq", "graph.ttl", "graph.html", "manifest.json")


def _store_quads(out: Path) -> set[str]:
    st = ox.Store.read_only(str(out / "store"))
    try:
        return {str(q) for q in st.quads_for_pattern(None, None, None, None)}
    finally:
        del st


def _copy_seed(src: Path, name: str) -> None:
    for f in SEEDS.glob(f"{name}.*"):
        shutil.copy(f, src / f.name)


def _same_as_fresh(src: Path, out: Path, tmp_path: Path, label: str) -> None:
    fresh = tmp_path / f"fresh-{label}"
    build([str(src)], fresh, jobs=1)
    for name in FILES:
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), f"{label}: {name} differs from a fresh build"
    assert _store_quads(out) == _store_quads(fresh), f"{label}: the store differs from a fresh build"
    assert (out / "store.sha256").read_text() == (fresh / "store.sha256").read_text()


def _graphs(out: Path) -> dict[str, str]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["graphs"]


@pytest.mark.parametrize("fork", [False, True], ids=["page-here", "page-forked"])
def test_incremental_builds_are_byte_identical_to_fresh_builds(tmp_path, monkeypatch, fork):
    if fork:
        monkeypatch.setattr(kg.pipeline, "_FORK_SENTENCES", 0)  # the page in its own process, as on a large corpus
    src = tmp_path / "in"
    src.mkdir()
    _copy_seed(src, BILANZ)
    (src / "extra.txt").write_text(EXTRA, encoding="utf-8")
    out = tmp_path / "out"
    first = build([str(src)], out, jobs=1)
    assert first.reused == 0
    before = _graphs(out)

    # add B: its events and entities merge with A's
    _copy_seed(src, VEREINBARUNGEN)
    added = build([str(src)], out, jobs=1)
    assert added.reused == 2 and added.articles == 3  # (the store is loaded afresh: B is most of the corpus)
    after = _graphs(out)
    assert set(after) - set(before) and len(after) == len(before) + 1
    _same_as_fresh(src, out, tmp_path, "added")

    # change one article's text
    (src / "extra.txt").write_text(EXTRA.replace("Schulen", "Straßen"), encoding="utf-8")
    changed = build([str(src)], out, jobs=1)
    assert changed.reused == 2 and "store/ (updated)" in changed.files
    _same_as_fresh(src, out, tmp_path, "changed")

    # change an article's metadata only (no language work, its graph changes)
    meta = src / f"{BILANZ}.meta.json"
    data = json.loads(meta.read_text(encoding="utf-8"))
    data["title"] = (data.get("title") or "") + " (aktualisiert)"
    meta.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    retitled = build([str(src)], out, jobs=1)
    assert retitled.reused == 3
    _same_as_fresh(src, out, tmp_path, "retitled")

    # remove an article
    (src / "extra.txt").unlink()
    removed = build([str(src)], out, jobs=1)
    assert removed.articles == 2 and "store/ (updated)" in removed.files
    _same_as_fresh(src, out, tmp_path, "removed")

    # only the current build's graph parts are kept
    kept = {p.stem for p in (out / "cache" / GRAPHS_CACHE).glob("*.pickle")}
    assert kept == set(_graphs(out).values())


def _graph_lines(out: Path, article_id: str) -> set[str]:
    text = (out / "dataset.nq").read_text(encoding="utf-8")
    return {ln for ln in text.splitlines() if ln.endswith(f"/article/{article_id}> .")}


def test_corroboration_rewrites_the_other_articles_graph(tmp_path):
    """Adding B changes A's graph (shared event IRIs, corpus labels): A's cached part is not reused."""
    src = tmp_path / "in"
    src.mkdir()
    _copy_seed(src, BILANZ)
    out = tmp_path / "out"
    build([str(src)], out, jobs=1, html=False)
    a_id = next(k for k in _graphs(out) if k != "corpus")
    key_before, lines_before = _graphs(out)[a_id], _graph_lines(out, a_id)
    _copy_seed(src, VEREINBARUNGEN)
    build([str(src)], out, jobs=1, html=False)
    assert _graph_lines(out, a_id) != lines_before  # the new article reached A's graph
    assert _graphs(out)[a_id] != key_before
    fresh = tmp_path / "fresh"
    build([str(src)], fresh, jobs=1, html=False)
    assert (out / "dataset.nq").read_bytes() == (fresh / "dataset.nq").read_bytes()


def test_a_corrupt_cached_part_is_rebuilt(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _copy_seed(src, BILANZ)
    out = tmp_path / "out"
    build([str(src)], out, jobs=1)
    for p in (out / "cache" / GRAPHS_CACHE).glob("*.pickle"):
        p.write_bytes(b"not a pickle")
    _copy_seed(src, VEREINBARUNGEN)
    build([str(src)], out, jobs=1)
    _same_as_fresh(src, out, tmp_path, "corrupt")


def test_a_date_change_analyses_the_article_again(tmp_path):
    """Dates are resolved against the publication date: the cached analysis is not reused for a new date."""
    src = tmp_path / "in"
    src.mkdir()
    _copy_seed(src, BILANZ)
    out = tmp_path / "out"
    build([str(src)], out, jobs=1, html=False)
    meta = src / f"{BILANZ}.meta.json"
    data = json.loads(meta.read_text(encoding="utf-8"))
    data["date"] = "2001-02-03"
    meta.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    again = build([str(src)], out, jobs=1, html=False)
    assert again.reused == 0
    fresh = tmp_path / "fresh"
    build([str(src)], fresh, jobs=1, html=False)
    assert (out / "dataset.nq").read_bytes() == (fresh / "dataset.nq").read_bytes()
