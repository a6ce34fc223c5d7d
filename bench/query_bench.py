"""Benchmark the question catalogue on pyoxigraph (on disk) and rdflib (in memory).

Graphs of about 10^4, 10^5 and 10^6 quads are made by replicating the shape
of ``tests/fixtures/sparql_small.trig`` (two articles about one meeting) with
distinct entities: replica *i* renames every resource it mints, while
countries and roles come from shared pools (seeded, so the same graph every
run), which gives cross-article links and corroborated statements like real
builds.  A pooled country or role has one label of its own ("Land AK",
"Rolle 05"), as one IRI has in a real build.  The summary graph
(``kgid:graph/summary``: graph sizes, mention counts, articles per statement) is
made from the replicated graphs by :func:`kg.dataset.dataset_summary_quads`, the
code a build uses.  Every catalogue query is timed on both engines (median of ``--runs``
runs; ``evidence`` and ``person`` bound to one IRI with ``-p``).  rdflib runs
each query in a forked child that is stopped after ``--timeout`` seconds, and
at a larger size a query whose time at the previous size, scaled linearly,
already exceeds the timeout is not run at all; both show as ``> T s``.

Usage::

    python bench/query_bench.py                      # 10^4, 10^5, 10^6
    python bench/query_bench.py --sizes 1e4,1e5 --runs 5

Prints Markdown tables (load times, then query medians and the rdflib/oxigraph
ratio) on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import multiprocessing as mp
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Literal, URIRef

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import vocab  # noqa: E402
from kg.dataset import SUMMARY_GRAPH, dataset_summary_quads  # noqa: E402
from kg.query import NamedQuery, catalogue, run  # noqa: E402
from kg.store import RdflibStore, open_store, write_store  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "sparql_small.trig"
BASE = str(vocab.ID)
PARAMS = {"evidence": ("subject", "person/karl-hofstetter"), "person": ("person", "person/karl-hofstetter")}
COUNTRY_POOL = [f"country/{a}{b}" for a in "ABCDEFGHIJ" for b in "KLMNOPQRST"]  # 100 codes
ROLE_POOL = [f"role/rolle-{i:02d}" for i in range(40)]
POOL_LABELS = {**{c: f"Land {c[-2:]}" for c in COUNTRY_POOL}, **{r: f"Rolle {r[-2:]}" for r in ROLE_POOL}}
LABELS = (vocab.RDFS.label, vocab.SKOS.prefLabel)


# ------------------------------------------------------------------ graph generation


def _fixture_quads() -> list[tuple]:
    """The fixture's quads without its summary graph (it is made anew for each replicated graph)."""
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    quads = (q for q in ds.quads((None, None, None, None)) if q[3] != SUMMARY_GRAPH)
    return sorted(quads, key=lambda q: tuple(str(x) for x in q))


def _statement_key(s: URIRef, p: URIRef, o) -> str:
    return hashlib.sha256(f"{s}\n{p}\n{o.n3()}".encode()).hexdigest()[:16]


def make_dataset(target: int, seed: int = 42) -> Dataset:
    """About *target* quads: replicas of the fixture with renamed resources."""
    base = _fixture_quads()
    per = len(base)
    replicas = max(1, round(target / per))
    rng = random.Random(seed)
    statements: dict[URIRef, tuple] = {}
    for s, p, o, _ in base:
        if p in (vocab.RDF.subject, vocab.RDF.predicate, vocab.RDF.object):
            statements.setdefault(s, [None, None, None])[
                (vocab.RDF.subject, vocab.RDF.predicate, vocab.RDF.object).index(p)] = o
    ds = Dataset()
    for i in range(replicas):
        pool = {}

        def rename(t, _i=i, _pool=pool):
            if not isinstance(t, URIRef) or not str(t).startswith(BASE):
                return t
            local = str(t)[len(BASE):]
            kind = local.split("/", 1)[0]
            if kind in ("country", "role"):
                if local not in _pool:
                    choices = COUNTRY_POOL if kind == "country" else ROLE_POOL
                    _pool[local] = choices[rng.randrange(len(choices))]
                return URIRef(BASE + _pool[local])
            if kind == "statement":
                return t  # recomputed below from the renamed (s, p, o)
            head, _, rest = local.partition("/")
            tail, _, more = rest.partition("/")
            return URIRef(f"{BASE}{head}/{tail}-r{_i}" + (f"/{more}" if more else ""))

        for s, p, o, g in base:
            s2, o2, g2 = rename(s), rename(o), rename(g)
            if str(s).startswith(BASE + "statement/"):
                ss, sp, so = statements[s]
                s2 = URIRef(f"{BASE}statement/{_statement_key(rename(ss), sp, rename(so))}")
            if isinstance(o, Literal) and p == vocab.KG.isoCode:
                o2 = Literal(str(rename(URIRef(BASE + "country/" + str(o)))).rsplit("/", 1)[1])
            elif isinstance(o, Literal) and p in LABELS and str(s2)[len(BASE):] in POOL_LABELS:
                # a pooled country or role keeps one name of its own, as in a real build
                o2 = Literal(POOL_LABELS[str(s2)[len(BASE):]], lang=o.language)
            ds.graph(g2).add((s2, p, o2))
    # the summary graph a build writes (graph sizes, mention counts, articles per statement),
    # made by the same library code from the replicated graphs
    summary = ds.graph(SUMMARY_GRAPH)
    for s, p, o, _g in dataset_summary_quads(ds.quads((None, None, None, None))):
        summary.add((s, p, o))
    return ds


def quad_count(ds: Dataset) -> int:
    return sum(len(g) for g in ds.graphs())


# ------------------------------------------------------------------ timing


@dataclass
class Timing:
    runs: list[float] = field(default_factory=list)
    rows: int | None = None
    timed_out: bool = False
    skipped: bool = False

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None


def _params(name: str) -> dict[str, str]:
    if name in PARAMS:
        key, local = PARAMS[name]
        return {key: f"{BASE}{local}-r0"}
    return {}


def time_query(store, q: NamedQuery, runs: int) -> Timing:
    t = Timing()
    for _ in range(runs):
        t0 = time.perf_counter()
        r = run(store, q, _params(q.name))
        t.runs.append(time.perf_counter() - t0)
        t.rows = len(r.rows)
    return t


_CHILD_STORE = None


def _child(conn, q: NamedQuery) -> None:
    t0 = time.perf_counter()
    r = run(_CHILD_STORE, q, _params(q.name))
    conn.send((time.perf_counter() - t0, len(r.rows)))
    conn.close()


def time_query_forked(store, q: NamedQuery, runs: int, timeout: float) -> Timing:
    """Each run in a forked child, stopped after *timeout* seconds."""
    global _CHILD_STORE
    _CHILD_STORE = store
    ctx = mp.get_context("fork")
    t = Timing()
    spent = 0.0
    for _ in range(runs):
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(child, q))
        proc.start()
        child.close()
        if parent.poll(timeout):
            elapsed, rows = parent.recv()
            t.runs.append(elapsed)
            t.rows = rows
            spent += elapsed
        else:
            t.timed_out = True
        if proc.is_alive():
            proc.terminate()  # only the child this function started
        proc.join()
        parent.close()
        if t.timed_out or spent > timeout / 2:  # slow queries are not repeated
            break
    return t


# ------------------------------------------------------------------ main


def _fmt(t: Timing | None, timeout: float) -> str:
    if t is None:
        return "–"
    if t.timed_out or t.skipped:
        return f"> {timeout:g} s"
    return f"{t.median:.3f}" if t.median is not None else "–"


def _ratio(a: Timing | None, b: Timing | None, timeout: float) -> str:
    if a is None or b is None or a.median is None:
        return "–"
    if b.timed_out or b.skipped:
        return f"> {timeout / max(a.median, 1e-6):.0f}×"
    return f"{b.median / max(a.median, 1e-6):.1f}×"


def parse_sizes(text: str) -> list[int]:
    return [int(float(x)) for x in text.split(",") if x.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1e4,1e5,1e6", help="comma-separated quad counts (default: 1e4,1e5,1e6)")
    ap.add_argument("--runs", type=int, default=3, help="runs per query, the median is reported (default 3)")
    ap.add_argument("--timeout", type=float, default=60.0, help="rdflib time limit per query run in seconds")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--queries", default="", help="comma-separated catalogue names (default: all)")
    ap.add_argument("--no-rdflib", action="store_true", help="time pyoxigraph only")
    args = ap.parse_args(argv)

    queries = catalogue()
    if args.queries:
        wanted = set(args.queries.split(","))
        queries = [q for q in queries if q.name in wanted]
    sizes = parse_sizes(args.sizes)
    results: dict[int, dict[str, tuple[Timing, Timing | None]]] = {}
    loads: list[tuple[int, int, float, float, float]] = []
    prev: dict[str, tuple[int, Timing]] = {}
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        for size in sizes:
            t0 = time.perf_counter()
            ds = make_dataset(size, args.seed)
            gen = time.perf_counter() - t0
            n = quad_count(ds)
            print(f"[{size:.0e}] generated {n} quads in {gen:.1f} s", file=sys.stderr, flush=True)
            info = write_store(ds, tmp / f"store-{size}")
            print(f"[{size:.0e}] pyoxigraph store written in {info.seconds:.1f} s", file=sys.stderr, flush=True)
            ox = open_store(info.directory)
            rl = None if args.no_rdflib else RdflibStore(ds)
            loads.append((size, n, gen, info.seconds, 0.0))
            results[size] = {}
            for q in queries:
                a = time_query(ox, q, args.runs)
                b: Timing | None = None
                if rl is not None:
                    before = prev.get(q.name)
                    if before and before[1].median and before[1].median * size / before[0] > args.timeout:
                        b = Timing(skipped=True)
                    elif before and (before[1].timed_out or before[1].skipped):
                        b = Timing(skipped=True)
                    else:
                        b = time_query_forked(rl, q, args.runs, args.timeout)
                    prev[q.name] = (size, b)
                    if a.rows is not None and b.rows is not None and a.rows != b.rows:
                        print(f"  !! {q.name}: oxigraph {a.rows} rows, rdflib {b.rows} rows", file=sys.stderr)
                results[size][q.name] = (a, b)
                print(f"  {q.name:<14} ox {_fmt(a, args.timeout):>8}  rdflib {_fmt(b, args.timeout):>9}  rows {a.rows}",
                      file=sys.stderr, flush=True)
            ox.close()
            del ds, rl
            gc.collect()
            shutil.rmtree(info.directory, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print("### Graphs\n")
    print("| target | quads | generate (s) | pyoxigraph store build (s) |")
    print("|---:|---:|---:|---:|")
    for size, n, gen, build, _ in loads:
        print(f"| {size:.0e} | {n} | {gen:.1f} | {build:.1f} |")
    print(f"\n### Query medians in seconds ({args.runs} runs; rdflib limit {args.timeout:g} s)\n")
    head = "| query |" + "".join(f" ox {s:.0e} | rdflib {s:.0e} | × |" for s in sizes)
    print(head)
    print("|---|" + "---:|---:|---:|" * len(sizes))
    for q in queries:
        cells = []
        for s in sizes:
            a, b = results[s][q.name]
            cells += [_fmt(a, args.timeout), _fmt(b, args.timeout), _ratio(a, b, args.timeout)]
        print(f"| {q.name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
