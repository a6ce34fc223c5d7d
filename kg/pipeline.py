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
                if isinstance(an, ArticleAnalysis) and an.article.text == a.text and an.article.date == a.date:
                    # other metadata may differ (same text, new path): keep the new article record
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
            if old.is_dir() and old.name not in (fingerprint, GRAPHS_CACHE):
                shutil.rmtree(old, ignore_errors=True)

    ordered = [analyses[a.id] for a in sorted(read.articles, key=lambda a: a.id)]
    del analyses
    summary.articles = len(ordered)
    summary.sentences = sum(len([s for s in an.sentences if s.kind != "furniture"]) for an in ordered)
    summary.mentions = sum(len(an.mentions) for an in ordered)
    failed = [(an.article.source_path, i) for an in ordered for i in an.facts.failed_sentences]
    if failed:
        where = ", ".join(f"{path} sentence {i}" for path, i in failed[:3]) + (" …" if len(failed) > 3 else "")
        summary.notes.append(f"{len(failed)} sentence(s) skipped by the mapper after an internal error: {where}")
    summary.graphs = len(ordered)
    articles_meta = [
        {"id": an.article.id, "path": an.article.source_path, "title": an.article.title, "sha256": an.article.sha256}
        for an in ordered
    ]
    _write_outputs(ordered, out, summary, html=html, store=store, read_skipped=read.skipped, articles_meta=articles_meta, corpus_key=corpus_key)
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
    from kg.project import project
    from kg.viz import render_html, write_html

    page, _info = render_html(project(quads), title="kg – Wissensgraph")  # quads: read as they are
    write_html(target, page)


def _all_quads(ordered, ctx, built: dict[int, list] | None = None) -> list[tuple]:
    """The quads the page is drawn from, in :func:`kg.dataset.assemble_quads` order (``built``: article graphs made already).

    All graphs but the summary graph: its counts serve the catalogue questions, the page does not
    read them (the seeds' page is byte-identical with and without them), and counting all quads
    again would lengthen the page's process, the critical path of an incremental build.
    """
    from kg.dataset import article_quads, corpus_quads

    quads = corpus_quads(ctx)
    for i, an in enumerate(ordered):
        quads.extend(built[i] if built is not None and i in built else article_quads(an, i, ctx))
    return quads


def _html_child(target: Path, quads, ordered, ctx) -> None:  # pragma: no cover - runs in a forked process
    try:
        _write_html(quads if quads is not None else _all_quads(ordered, ctx), target)
    except BaseException as exc:  # report, never a traceback
        print(f"kg: {target}: cannot write the page ({exc.__class__.__name__}: {exc})", file=sys.stderr)
        os._exit(1)
    os._exit(0)


def _start_page(target: Path, quads, ordered, ctx):
    """Build the page in a forked process (it is independent of the other files)."""
    import multiprocessing

    child = multiprocessing.get_context("fork").Process(target=_html_child, args=(target, quads, ordered, ctx))
    child.start()
    return child


#: Per-graph derived outputs (N-Quads lines, Turtle terms, counts, the summary counts of
#: :func:`kg.dataset.part_summary`), in ``out/cache/graphs/KEY.pickle``.
GRAPHS_CACHE = "graphs"
#: Above this many sentences the page is built in a forked process, alongside the other files.
_FORK_SENTENCES = 1_500
_KINDS = {"https://schema.org/Person": "person", "https://schema.org/Country": "country", "https://schema.org/Place": "place", "https://schema.org/Organization": "organisation"}


def _record_key(output_fingerprint: str, an: ArticleAnalysis, context: tuple) -> str:
    """Cache key of an article graph's derived outputs: code, the article, the corpus state it reads."""
    a = an.article
    h = hashlib.sha256(output_fingerprint.encode())
    h.update("\x1f".join((a.id, a.sha256, a.source_path, a.title or "", a.date or "", a.publisher or "", a.language)).encode("utf-8"))
    h.update(repr(context).encode("utf-8"))
    return h.hexdigest()[:32]


def _record(quads: list[tuple]) -> dict:
    """What the outputs need of one graph's quads, as strings (cheap to store and to load)."""
    from rdflib import URIRef

    from kg.dataset import part_summary
    from kg.rdfio import nquad_lines, turtle_parts
    from kg.vocab import PREFIXES, RDF

    typed: dict[str, set[str]] = {}
    events, quotes = set(), set()
    for s_, p_, o_, _g in quads:
        if p_ == RDF.type:
            kind = _KINDS.get(str(o_)) if isinstance(o_, URIRef) else None
            if kind:
                typed.setdefault(kind, set()).add(str(s_))
            elif "/event/" in s_:
                events.add(str(s_))
            elif "/quote/" in s_:
                quotes.add(str(s_))
    return {
        "nq": nquad_lines(quads),
        "ttl": turtle_parts(quads, {p: str(ns) for p, ns in PREFIXES.items()}),
        "typed": {k: sorted(v) for k, v in sorted(typed.items())},
        "events": sorted(events),
        "quotes": sorted(quotes),
        "summary": part_summary(quads),
    }


def _load_record(path: Path) -> dict | None:
    try:
        with path.open("rb") as f:
            rec = pickle.load(f)
    except Exception:
        return None
    return rec if isinstance(rec, dict) and {"nq", "ttl", "typed", "events", "quotes", "summary"} <= rec.keys() else None


def _write_outputs(ordered, out: Path, summary: BuildSummary, *, html: bool, store: bool, read_skipped, articles_meta, corpus_key: str) -> None:
    """Assemble what changed, write the files, update the store, write the manifest (last).

    Each graph's derived outputs are cached under a key made of the code, the
    article and the corpus-wide state its graph reads
    (:func:`kg.dataset.article_context`), so an article whose graph another
    article changed (a merged event, a new corpus label) is written again, and
    every other one is read from the cache.  The files are made from the
    per-graph parts in the same way whether they were cached or not.
    """
    from kg import dataset as D
    from kg.rdfio import turtle_chunks
    from kg.vocab import PREFIXES

    out.mkdir(parents=True, exist_ok=True)
    rec_dir = out / "cache" / GRAPHS_CACHE
    ctx = D.corpus_context(ordered)
    ofp = _output_fingerprint()
    keys = [_record_key(ofp, an, D.article_context(an, i, ctx)) for i, an in enumerate(ordered)]
    stale = [i for i, k in enumerate(keys) if not (rec_dir / f"{k}.pickle").is_file()]
    forked = html and hasattr(os, "fork") and sum(len(an.sentences) for an in ordered) > _FORK_SENTENCES
    # most graphs to write (a fresh build), or the page made here: assemble everything once, here
    everything = len(stale) * 2 > len(ordered) or (html and not forked)
    child = None
    try:
        if forked and not everything:
            child = _start_page(out / "graph.html", None, ordered, ctx)  # it assembles the dataset itself
        built = {i: D.article_quads(ordered[i], i, ctx) for i in (range(len(ordered)) if everything else stale)}
        page_quads = None
        if html and everything:
            page_quads = _all_quads(ordered, ctx, built)
            if forked:
                child = _start_page(out / "graph.html", page_quads, None, None)
                page_quads = None
        corpus_rec = _record(D.corpus_quads(ctx))
        records: list[dict] = []
        rec_dir.mkdir(parents=True, exist_ok=True)
        for i, key in enumerate(keys):
            rec = None if i in built else _load_record(rec_dir / f"{key}.pickle")
            if rec is None:
                rec = _record(built.pop(i) if i in built else D.article_quads(ordered[i], i, ctx))
                atomic_write(rec_dir / f"{key}.pickle", pickle.dumps(rec, protocol=pickle.HIGHEST_PROTOCOL))
            records.append(rec)
        index = {an.article.id: i for i, an in enumerate(ordered)}
        article_keys = {an.article.id: k for an, k in zip(ordered, keys)}
        del built, ctx
        ordered.clear()  # the language analyses are cached on disk (and the page's process has its own): free them
        import gc

        gc.collect()
        # the summary graph: counts over every other part (kg.dataset.summary_quads), a part of its own
        summary_rec = _record(D.summary_quads([corpus_rec["summary"], *(rec["summary"] for rec in records)]))
        shared = {"corpus": corpus_rec, "summary": summary_rec}
        graph_keys = {}
        for name, rec in shared.items():
            graph_keys[name] = hashlib.sha256("".join(rec["nq"]).encode("utf-8")).hexdigest()[:32]
            if not (rec_dir / f"{graph_keys[name]}.pickle").is_file():
                atomic_write(rec_dir / f"{graph_keys[name]}.pickle", pickle.dumps(rec, protocol=pickle.HIGHEST_PROTOCOL))
        graph_keys |= article_keys
        parts = [corpus_rec, summary_rec, *records]
        for rec in parts:
            rec["summary"] = None  # merged into the summary graph, and cached on disk already: free them

        typed: dict[str, set] = {k: set() for k in _KINDS.values()}
        events, quotes = set(), set()
        for rec in parts:
            for k, v in rec["typed"].items():
                typed[k].update(v)
            events.update(rec["events"])
            quotes.update(rec["quotes"])
        summary.entities = {k: len(v) for k, v in typed.items()}
        summary.events = len(events)
        summary.quotes = len(quotes)
        del typed, events, quotes

        lines = sorted(line for rec in parts for line in rec["nq"])
        data = "".join(lines).encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        atomic_write(out / DATASET_FILE, data)
        del data
        summary.files.append(DATASET_FILE)
        chunks, summary.triples = turtle_chunks([rec["ttl"] for rec in parts], {p: str(ns) for p, ns in PREFIXES.items()})
        atomic_write(out / "graph.ttl", "".join(chunks))
        del chunks
        summary.files.append("graph.ttl")
        for rec in parts:
            rec["ttl"] = None  # free the Turtle terms before the store is loaded
        if store:
            from kg.store import patch_store, write_store_from_lines

            updated = None
            old = _old_manifest(out)
            if old.get("graphs") and old.get("dataset_sha256") and (out / "store").is_dir():
                removed: list[str] | None = []
                added: list[str] = []
                old_graphs = old["graphs"]
                for g in sorted(set(old_graphs) | set(graph_keys)):
                    ok, nk = old_graphs.get(g), graph_keys.get(g)
                    if ok == nk:
                        continue
                    if ok is not None:
                        old_rec = _load_record(rec_dir / f"{ok}.pickle")
                        if old_rec is None:
                            removed = None  # the previous graph is not known any more: load the store afresh
                            break
                        removed.extend(old_rec["nq"])
                    if nk is not None:
                        added.extend(shared[g]["nq"] if g in shared else records[index[g]]["nq"])
                if removed is not None:
                    updated = patch_store(
                        out / "store", old_digest=old["dataset_sha256"], removed=removed, added=added, digest=digest, total=len(lines)
                    )
            if updated is None:
                write_store_from_lines(lines, out / "store", digest=digest)
            summary.files.append("store/" if updated is None else "store/ (updated)")
        del lines, records, parts
        if html:
            if child is not None:
                child.join()
                exitcode, child = child.exitcode, None
                if exitcode != 0:
                    raise BuildError("the graph page could not be written", path=str(out / "graph.html"))
            else:
                _write_html(page_quads, out / "graph.html")
            summary.files.append("graph.html")
    finally:
        if child is not None:  # an error here: do not leave the page's process behind
            child.terminate()
            child.join()
    manifest = {
        "kg_version": _version(),
        "articles": articles_meta,
        "skipped": [{"path": s.source_path, "reason": s.reason} for s in read_skipped],
        "triples": summary.triples,
        "entities": summary.entities,
        "sentences": summary.sentences,
        "mentions": summary.mentions,
        "events": summary.events,
        "quotes": summary.quotes,
        "corpus_key": corpus_key,
        "dataset_sha256": digest,
        "graphs": graph_keys,
    }
    atomic_write(out / MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    # the previous build's graph parts are needed no more (they were kept for the store's difference)
    keep = {f"{k}.pickle" for k in graph_keys.values()}
    for entry in rec_dir.iterdir():
        if entry.name not in keep and entry.suffix == ".pickle":
            with contextlib.suppress(OSError):
                entry.unlink()


def _old_manifest(out: Path) -> dict:
    try:
        m = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return m if isinstance(m, dict) else {}


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
