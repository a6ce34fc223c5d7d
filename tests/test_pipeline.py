"""kg.pipeline: incremental builds (unchanged articles are not analysed again, the store is updated by difference) and sentences the mapper cannot handle."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from kg.pipeline import build

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
EXTRA = (
    "Neuer Haushalt in Neustadt\n\n"
    "Der Stadtrat von Neustadt hat am Dienstag den Haushalt beschlossen. "
    "Bürgermeisterin Anna Beispiel sagte, die Stadt werde mehr in Schulen investieren."
)


def _quads(out: Path) -> set[str]:
    st = ox.Store.read_only(str(out / "store"))
    try:
        return {str(q) for q in st.quads_for_pattern(None, None, None, None)}
    finally:
        del st


def _inputs(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for f in sorted(SEEDS.glob("*.txt")):
        shutil.copy(f, src / f.name)
    return src


def test_adding_and_changing_articles_updates_the_store(tmp_path):
    src = _inputs(tmp_path)
    out = tmp_path / "out"
    first = build([str(src)], out, jobs=1, html=False)
    assert first.reused == 0 and "store/" in first.files

    again = build([str(src)], out, jobs=1, html=False)
    assert again.files == ["nothing changed"] and again.reused == 2

    (src / "extra.txt").write_text(EXTRA, encoding="utf-8")
    added = build([str(src)], out, jobs=1, html=False)
    assert added.reused == 2 and added.articles == 3
    assert "store/ (updated)" in added.files
    fresh = build([str(src)], tmp_path / "fresh", jobs=1, html=False)
    assert _quads(out) == _quads(tmp_path / "fresh")
    assert (out / "dataset.nq").read_bytes() == (tmp_path / "fresh" / "dataset.nq").read_bytes()

    (src / "extra.txt").write_text(EXTRA.replace("Schulen", "Straßen"), encoding="utf-8")
    changed = build([str(src)], out, jobs=1, html=False)
    assert changed.reused == 2 and "store/ (updated)" in changed.files
    assert any("Straßen" in q for q in _quads(out)) and not any("Schulen" in q for q in _quads(out))

    (src / "extra.txt").unlink()
    removed = build([str(src)], out, jobs=1, html=False)
    assert "store/ (updated)" in removed.files
    build([str(src)], tmp_path / "two", jobs=1, html=False)
    assert _quads(out) == _quads(tmp_path / "two")
    assert fresh.triples > removed.triples


def test_a_store_without_digest_is_rebuilt(tmp_path):
    src = _inputs(tmp_path)
    out = tmp_path / "out"
    build([str(src)], out, jobs=1, html=False)
    (out / "store.sha256").unlink()
    (src / "extra.txt").write_text(EXTRA, encoding="utf-8")
    s = build([str(src)], out, jobs=1, html=False)
    assert "store/" in s.files and "store/ (updated)" not in s.files
    assert (out / "store.sha256").is_file()


def test_a_sentence_the_mapper_cannot_handle_is_skipped_and_reported(tmp_path, monkeypatch):
    import kg.mapper

    real = kg.mapper._sentence_events

    def flaky(ctx, sent, toks):
        if sent.index == 1:
            raise RuntimeError("boom")
        return real(ctx, sent, toks)

    monkeypatch.setattr(kg.mapper, "_sentence_events", flaky)
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(EXTRA, encoding="utf-8")
    s = build([str(src)], tmp_path / "out", jobs=1, html=False, store=False)
    assert s.articles == 1
    assert s.notes == [f"1 sentence(s) skipped by the mapper after an internal error: {src / 'a.txt'} sentence 1"]
