"""The pipeline: read → segment → recognise → resolve → map → assemble → write.

Each stage is its own module with a typed interface; this module only wires
them together, caches each article's analysis (so an unchanged article is
not analysed again), runs articles in parallel, and writes the outputs
atomically (temp file, then rename: an interrupted build leaves the previous
``out/`` intact).

Examples
--------
>>> a = analyse_text("Bundeskanzlerin Angela Merkel traf am Montag in Paris den Präsidenten Emmanuel Macron.")
>>> sorted({m.type for m in a.mentions})
['date', 'person', 'place', 'role']
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable, Sequence

from kg.errors import BuildError, DataError
from kg.mapper import ArticleFacts, map_article
from kg.mentions import Mention, recognise
from kg.reader import Article, Skipped, article_from_text, read_inputs
from kg.resolve import Resolution, resolve
from kg.segment import Sentence, split_sentences

__all__ = [
    "ArticleAnalysis",
    "BuildSummary",
    "analyse",
    "analyse_text",
    "build",
    "load_dataset",
    "atomic_write",
    "DATASET_FILE",
]

DATASET_FILE = "dataset.nq"
_UMASK = os.umask(0o022)
os.umask(_UMASK)
MANIFEST_FILE = "manifest.json"


@dataclass(slots=True)
class ArticleAnalysis:
    """Everything the language stages found in one article."""

    article: Article
    sentences: list[Sentence]
    mentions: list[Mention]
    resolution: Resolution
    facts: ArticleFacts


def analyse(article: Article) -> ArticleAnalysis:
    """Run the language stages on one article.

    A sentence the mapper cannot handle is skipped, never the article.
    """
    sentences = split_sentences(article.text)
    mentions = recognise(article.text, sentences, article_date=article.date)
    res = resolve(article.text, sentences, mentions)
    facts = map_article(article.text, sentences, mentions, res)
    return ArticleAnalysis(article, sentences, mentions, res, facts)


def analyse_text(text: str, source: str = "<text>", *, date: str | None = None, title: str | None = None) -> ArticleAnalysis:
    """Analyse a string as one article (convenient in tests and notebooks)."""
    return analyse(article_from_text(text, source, date=date, title=title))


# --------------------------------------------------------------------------- build


@dataclass(slots=True)
class BuildSummary:
    """What a build did (printed to stderr by the CLI)."""

    out_dir: Path
    articles: int = 0
    reused: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sentences: int = 0
    mentions: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    events: int = 0
    quotes: int = 0
    triples: int = 0
    graphs: int = 0
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        ents = ", ".join(f"{k} {v}" for k, v in sorted(self.entities.items()))
        out = [
            f"articles: {self.articles} built ({self.reused} unchanged, reused), {len(self.skipped)} skipped",
            f"sentences: {self.sentences}; mentions: {self.mentions}",
            f"entities: {ents or 'none'}",
            f"events: {self.events}; quotations: {self.quotes}",
            f"triples: {self.triples} in {self.graphs} named graphs",
            f"wrote: {', '.join(self.files)} in {self.out_dir} ({self.seconds:.2f} s)",
        ]
        reasons = Counter(s.reason.split(" (")[0] for s in self.skipped)
        if reasons:
            out.insert(1, "skipped: " + "; ".join(f"{n} {r}" for r, n in sorted(reasons.items())))
        return out


def _code_fingerprint() -> str:
    """Hash of kg's code and data: a cached analysis is valid only for the same code."""
    h = hashlib.sha256()
    root = resources.files("kg")
    for name in sorted(
        ("segment.py", "mentions.py", "resolve.py", "mapper.py", "quotes.py", "sentence_view.py", "lexicon.py", "ner.py", "reader.py")
    ):
        try:
            h.update(root.joinpath(name).read_bytes())
        except OSError:
            pass
    _hash_tree(h, Path(str(root.joinpath("data"))))
    return h.hexdigest()[:16]


def _hash_tree(h, folder: Path) -> None:
    try:
        for entry in sorted(folder.rglob("*")):
            if entry.is_file():
                h.update(str(entry.relative_to(folder)).encode())
                h.update(entry.read_bytes())
    except OSError:
        pass


def _output_fingerprint() -> str:
    """Hash of everything that writes the outputs (all of kg's code, the ontology, the viewer)."""
    h = hashlib.sha256(_code_fingerprint().encode())
    root = Path(str(resources.files("kg")))
    for path in sorted(root.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    h.update(root.joinpath("ontology.ttl").read_bytes())
    _hash_tree(h, root / "viewer")
    return h.hexdigest()[:16]


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder and ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _analyse_safe(article: Article) -> ArticleAnalysis:
    try:
        return analyse(article)
    except Exception as exc:  # never lose the article: keep it with no facts
        print(f"kg: {article.source_path}: analysis failed ({exc.__class__.__name__}); kept without facts", file=sys.stderr)
        sentences = split_sentences(article.text)
        return ArticleAnalysis(article, sentences, [], Resolution(), ArticleFacts())


def build(
    inputs: Sequence[str],
    out_dir: str | Path = "out",
    *,
    jobs: int | None = None,
    text_column: str | None = None,
    delimiter: str | None = None,
    quotechar: str = '"',
    strict: bool = False,
    html: bool = True,
    store: bool = True,
    progress: Callable[[int, int, int], None] | None = None,
) -> BuildSummary:
    """Build the knowledge graph of ``inputs`` into ``out_dir``.

    Parameters
    ----------
    inputs : sequence of str
        Files, folders or ``-``.
    out_dir : path
        Where ``graph.ttl``, ``graph.html``, the store and the cache go.
    jobs : int, optional
        Worker processes for the language stages (default: all cores).
    strict : bool
        Fail on the first skipped input instead of reporting it.

    Returns
    -------
    BuildSummary
    """
    t0 = time.perf_counter()
    out = Path(out_dir)
    read = read_inputs(inputs, text_column=text_column, delimiter=delimiter, quotechar=quotechar)
    if strict and read.skipped:
        first = read.skipped[0]
        raise BuildError(f"{first.reason} (--strict)", path=first.source_path)
    if not read.articles:
        detail = f": {read.skipped[0]}" if read.skipped else ""
        raise BuildError(f"no article could be read from {', '.join(inputs)}{detail}")
    summary = BuildSummary(out_dir=out, skipped=list(read.skipped))
    for a in read.articles:
        if a.encoding_note:
            summary.notes.append(f"{a.source_path}: {a.encoding_note}")

    fingerprint = _code_fingerprint()
    cache_dir = out / "cache" / fingerprint
    corpus_key = _corpus_key(read.articles, fingerprint, html=html, store=store)
    if _up_to_date(out, corpus_key, html=html, store=store):
        manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
        summary.articles = summary.reused = len(read.articles)
        summary.sentences = manifest.get("sentences", 0)
        summary.mentions = manifest.get("mentions", 0)
        summary.events = manifest.get("events", 0)
        summary.quotes = manifest.get("quotes", 0)
        summary.entities = manifest.get("entities", {})
        summary.triples = manifest.get("triples", 0)
        summary.graphs = len(read.articles)
        summary.files.append("nothing changed")
        summary.seconds = time.perf_counter() - t0
        return summary
    analyses: dict[str, ArticleAnalysis] = {}
    todo: list[Article] = []
    for a in read.articles:
        cached = cache_dir / f"{a.id}.pickle"
        if cached.is_file():
            try:
                with cached.open("rb") as f:
                    an = pickle.load(f)
                if isinstance(an, ArticleAnalysis) and an.article.text == a.text:
                    # metadata may differ (same text, new path): keep the new article record
                    an.article = a
                    analyses[a.id] = an
                    summary.reused += 1
                    continue
            except Exception:
                pass
        todo.append(a)

    n_jobs = jobs or os.cpu_count() or 1
    done = 0
    if progress:
        progress(0, len(todo), 0)
    if n_jobs > 1 and len(todo) > 4:
        with ProcessPoolExecutor(max_workers=n_jobs) as pool:
            for an in pool.map(_analyse_safe, todo, chunksize=max(1, min(16, len(todo) // (n_jobs * 4) or 1))):
                analyses[an.article.id] = an
                done += 1
                if progress:
                    progress(done, len(todo), len(an.sentences))
    else:
        for a in todo:
            an = _analyse_safe(a)
            analyses[a.id] = an
            done += 1
            if progress:
                progress(done, len(todo), len(an.sentences))
    # cache new analyses (old fingerprints are removed)
    if todo:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for a in todo:
            atomic_write(cache_dir / f"{a.id}.pickle", pickle.dumps(analyses[a.id], protocol=pickle.HIGHEST_PROTOCOL))
    if (out / "cache").is_dir():
        for old in (out / "cache").iterdir():
            if old.is_dir() and old.name != fingerprint:
                shutil.rmtree(old, ignore_errors=True)

    ordered = [analyses[a.id] for a in sorted(read.articles, key=lambda a: a.id)]
    from kg.dataset import assemble_quads
    from kg.vocab import RDF, SCHEMA

    quads = assemble_quads(ordered)
    summary.articles = len(ordered)
    summary.sentences = sum(len([s for s in an.sentences if s.kind != "furniture"]) for an in ordered)
    summary.mentions = sum(len(an.mentions) for an in ordered)
    kinds = {SCHEMA.Person: "person", SCHEMA.Country: "country", SCHEMA.Place: "place", SCHEMA.Organization: "organisation"}
    typed: dict[str, set] = {k: set() for k in kinds.values()}
    events, quotes = set(), set()
    for s_, p_, o_, _g in quads:
        if p_ == RDF.type:
            if o_ in kinds:
                typed[kinds[o_]].add(s_)
            elif "/event/" in s_:
                events.add(s_)
            elif "/quote/" in s_:
                quotes.add(s_)
    failed = [(an.article.source_path, i) for an in ordered for i in an.facts.failed_sentences]
    if failed:
        where = ", ".join(f"{path} sentence {i}" for path, i in failed[:3]) + (" …" if len(failed) > 3 else "")
        summary.notes.append(f"{len(failed)} sentence(s) skipped by the mapper after an internal error: {where}")
    summary.entities = {k: len(v) for k, v in typed.items()}
    summary.events = len(events)
    summary.quotes = len(quotes)
    summary.triples = len({(s_, p_, o_) for s_, p_, o_, _g in quads})
    summary.graphs = len(ordered)
    articles_meta = [
        {"id": an.article.id, "path": an.article.source_path, "title": an.article.title, "sha256": an.article.sha256}
        for an in ordered
    ]
    del ordered, analyses, typed, events, quotes  # the language analyses are cached on disk; free them
    import gc

    gc.collect()
    _write_outputs(quads, out, summary, html=html, store=store, read_skipped=read.skipped, ordered=articles_meta, corpus_key=corpus_key)
    summary.seconds = time.perf_counter() - t0
    return summary


def _corpus_key(articles: Sequence[Article], fingerprint: str, *, html: bool, store: bool) -> str:
    """What the outputs depend on: code, data, every article's text and metadata, options."""
    h = hashlib.sha256(f"{fingerprint}|{_output_fingerprint()}|{html}|{store}".encode())
    for a in sorted(articles, key=lambda a: a.id):
        h.update("\x1f".join((a.id, a.source_path, a.title or "", a.date or "", a.publisher or "", a.language)).encode("utf-8"))
    return h.hexdigest()


def _up_to_date(out: Path, corpus_key: str, *, html: bool, store: bool) -> bool:
    try:
        manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if manifest.get("corpus_key") != corpus_key:
        return False
    needed = [DATASET_FILE, "graph.ttl"] + (["graph.html"] if html else [])
    if store and not (out / "store").is_dir():
        return False
    return all((out / n).is_file() for n in needed)


def _write_html(quads, target: Path) -> None:
    from kg.dataset import QuadView
    from kg.project import project
    from kg.viz import render_html, write_html

    page, _info = render_html(project(QuadView(quads)), title="kg – Wissensgraph")
    write_html(target, page)


def _html_child(quads, target: Path) -> None:  # pragma: no cover - runs in a forked process
    try:
        _write_html(quads, target)
    except BaseException as exc:  # report, never a traceback
        print(f"kg: {target}: cannot write the page ({exc.__class__.__name__}: {exc})", file=sys.stderr)
        os._exit(1)
    os._exit(0)


def _write_outputs(quads, out: Path, summary: BuildSummary, *, html: bool, store: bool, read_skipped, ordered, corpus_key: str) -> None:
    from kg.rdfio import nquad_lines, turtle
    from kg.vocab import PREFIXES

    out.mkdir(parents=True, exist_ok=True)
    child = None
    if html and len(quads) > 50_000 and hasattr(os, "fork"):
        # the page is independent of the other files: build it on the other core meanwhile
        import multiprocessing

        child = multiprocessing.get_context("fork").Process(target=_html_child, args=(quads, out / "graph.html"))
        child.start()
    lines = nquad_lines(quads)
    old_lines = None
    if store and (out / "store").is_dir() and (out / DATASET_FILE).is_file():
        # the previous build's quads: the store is then updated by their difference
        with contextlib.suppress(OSError, UnicodeDecodeError):
            with (out / DATASET_FILE).open(encoding="utf-8", newline="") as fh:
                old_lines = fh.readlines()
    atomic_write(out / DATASET_FILE, "".join(lines))
    summary.files.append(DATASET_FILE)
    atomic_write(out / "graph.ttl", turtle(quads, {p: str(ns) for p, ns in PREFIXES.items()}))
    summary.files.append("graph.ttl")
    if child is not None:
        quads.clear()  # the page's process has its own copy; free ours before the store is loaded
        import gc

        gc.collect()
    if store:
        from kg.store import lines_digest, update_store_from_lines, write_store_from_lines

        digest = lines_digest(lines)
        updated = None
        if old_lines is not None:
            updated = update_store_from_lines(old_lines, lines, out / "store", digest=digest)
        old_lines = None
        if updated is None:
            write_store_from_lines(lines, out / "store", digest=digest)
        summary.files.append("store/" if updated is None else "store/ (updated)")
    del lines
    if html:
        if child is not None:
            child.join()
            if child.exitcode != 0:
                raise BuildError("the graph page could not be written", path=str(out / "graph.html"))
        else:
            _write_html(quads, out / "graph.html")
        summary.files.append("graph.html")
    manifest = {
        "kg_version": _version(),
        "articles": ordered,
        "skipped": [{"path": s.source_path, "reason": s.reason} for s in read_skipped],
        "triples": summary.triples,
        "entities": summary.entities,
        "sentences": summary.sentences,
        "mentions": summary.mentions,
        "events": summary.events,
        "quotes": summary.quotes,
        "corpus_key": corpus_key,
    }
    atomic_write(out / MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def _version() -> str:
    from kg import __version__

    return __version__


def load_dataset(out_dir: str | Path = "out"):
    """The dataset of a build (``out/dataset.nq``) as an rdflib Dataset.

    Raises
    ------
    DataError
        No build in ``out_dir``.
    """
    from rdflib import Dataset

    from kg.vocab import PREFIXES

    path = Path(out_dir) / DATASET_FILE
    if not path.is_file():
        raise DataError(f"no graph built in {out_dir}/ (run `kg build` first)")
    ds = Dataset(default_union=True)
    for p, ns in PREFIXES.items():
        ds.bind(p, ns)
    try:
        ds.parse(path, format="nquads")
    except Exception as exc:
        raise DataError(f"cannot read the built graph ({exc.__class__.__name__}: {str(exc).splitlines()[0][:200]})", path=str(path)) from None
    return ds
