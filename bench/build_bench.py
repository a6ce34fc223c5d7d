"""Benchmark ``kg build`` on real news: time, throughput, memory, cache, determinism.

The corpora live *outside* the repository, in ``../shared/eval/`` relative to
the repository root (``KG_EVAL_DIR`` overrides it); nothing is copied into the
repository.  Where they are absent the script prints one ``skipped: … not
found`` line and exits 0.

* ``10kgnad/test.csv`` — 1,028 DER STANDARD articles, ``label;'text'``, no
  header (``--delimiter ';' --quotechar "'" --text-column 2``);
* ``wikinews/plaintext.jsonl`` — 850 German Wikinews articles, JSON Lines.

For each corpus the real command line (``python -m kg build``) runs as a
subprocess, each time into a fresh temporary ``--out`` folder:

1. ``--jobs 1`` and ``--jobs 2`` from scratch (the outputs ``dataset.nq``,
   ``graph.ttl``, ``graph.html`` and ``manifest.json`` must be byte-identical);
2. the same input again into the ``--jobs 2`` folder ("unchanged": the summary
   must say every article was reused, i.e. no language work was done);
3. the input plus ONE new small article (the CSV with one row appended, or
   the JSON Lines with one line appended, at the same path: every build reads
   a copy of the corpus in the work folder) into a copy of the ``--jobs 2``
   folder ("+1 article": all others come from the cache); then a fresh build
   of that input (not timed), whose outputs must be byte-identical to the
   incremental build's.

Measured per run: wall seconds, CPU seconds (user + system of the whole process
tree), articles/s and tokens/s (tokens = ``len(kg.segment.tokenize(text))``
summed over the articles the reader yields, computed once here), peak RSS of
the largest single process (``/usr/bin/time`` ``%M``, else ``getrusage``),
peak memory of the whole process tree (main process, workers and forked
helpers, PSS summed so shared pages count once, sampled every 0.2 s from
``/proc``), triples and skipped articles (parsed from the summary on stderr).
MB are 2**20 bytes.

The floor is ``kg.segment.split_sentences`` + ``tokenize`` over all texts in
this process (one core, best of two); the pipeline's cost is reported as a
ratio to it.

The machine is shared: for every run the CPU time that *other* processes
used meanwhile is computed from ``/proc/stat`` ("other load", in cores).  A
run during which others used more than ``--max-other-load`` cores is repeated
(at most ``--retries`` times) and the fastest attempt is kept; the table shows
the other load of the kept attempt.

Usage::

    .venv/bin/python bench/build_bench.py            # full corpora, writes bench/results/build.md
    .venv/bin/python bench/build_bench.py --quick    # first 100 articles of each, prints only

Prints a Markdown report on stdout (progress on stderr).
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import io
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "build.md"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CSV_ARGS = ["--delimiter", ";", "--quotechar", "'", "--text-column", "2"]
EXTRA_TEXT = (
    "Der Gemeinderat von Neustadt an der Weide hat am Dienstag einen neuen Haushalt beschlossen. "
    "Bürgermeisterin Anna Beispiel sagte, die Stadt werde im kommenden Jahr mehr Geld in Schulen "
    "und Radwege investieren. Die Opposition kritisierte die Pläne als zu teuer."
)
TARGET_SECONDS_FULL = 60.0  # 1,028 articles with --jobs 2
TARGET_TOKENS_PER_S = 6000.0
TARGET_PEAK_MB = 2048.0
TARGET_UNCHANGED_S = 5.0
SUMMARY_ARTICLES = re.compile(r"^articles: (\d+) built \((\d+) unchanged, reused\), (\d+) skipped", re.M)
SUMMARY_TRIPLES = re.compile(r"^triples: (\d+) in", re.M)
SUMMARY_WROTE = re.compile(r"^wrote: (.*)$", re.M)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def eval_dir() -> Path:
    env = os.environ.get("KG_EVAL_DIR")
    return Path(env) if env else ROOT.parent / "shared" / "eval"


def shown(rel: str) -> str:
    return str(eval_dir() / rel) if os.environ.get("KG_EVAL_DIR") else f"../shared/eval/{rel}"


# --------------------------------------------------------------------------- corpora


@dataclass
class Corpus:
    name: str
    rel: str
    kind: str  # "csv" | "jsonl"
    args: list[str]
    path: Path | None = None  # the file the builds read (a prefix copy with --quick)
    n_articles: int = 0
    n_skipped_by_reader: int = 0
    tokens: int = 0
    chars: int = 0
    texts: list[str] = field(default_factory=list)


def make_prefix_copy(corpus: Corpus, src: Path, dst_dir: Path, n: int) -> Path:
    """The first ``n`` records of ``src`` (CSV rows parsed with the corpus dialect, or lines)."""
    dst = dst_dir / src.name
    if corpus.kind == "csv":
        with src.open(encoding="utf-8", newline="") as f:
            rows = []
            for row in csv.reader(f, delimiter=";", quotechar="'"):
                rows.append(row)
                if len(rows) >= n:
                    break
        with dst.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, delimiter=";", quotechar="'", lineterminator="\r\n").writerows(rows)
    else:
        with src.open("rb") as f:
            lines = [line for _, line in zip(range(n), f)]
        dst.write_bytes(b"".join(lines))
    return dst


def make_plus_one(corpus: Corpus, dst_dir: Path) -> Path:
    """A copy of the corpus file with one new small article appended."""
    dst_dir.mkdir(parents=True, exist_ok=True)
    dst = dst_dir / corpus.path.name
    data = corpus.path.read_bytes()
    if corpus.kind == "csv":
        nl = b"\r\n" if b"\r\n" in data[:100000] else b"\n"
        if data and not data.endswith(b"\n"):
            data += nl
        buf = io.StringIO()
        csv.writer(buf, delimiter=";", quotechar="'", quoting=csv.QUOTE_NONNUMERIC, lineterminator=nl.decode()).writerow(
            ["Inland", EXTRA_TEXT]
        )
        row = buf.getvalue().replace("'Inland'", "Inland", 1)  # same shape as 10kGNAD: label;'text'
        data += row.encode("utf-8")
    else:
        if data and not data.endswith(b"\n"):
            data += b"\n"
        obj = {"id": "bench-extra", "split": "bench", "title": "Neuer Haushalt in Neustadt", "date": "2024-03-05", "text": EXTRA_TEXT}
        data += (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")
    dst.write_bytes(data)
    return dst


def load_texts(corpus: Corpus) -> None:
    """Read the corpus as kg does and count its tokens (once)."""
    from kg.reader import read_inputs
    from kg.segment import tokenize

    opts = {}
    if corpus.kind == "csv":
        opts = {"delimiter": ";", "quotechar": "'", "text_column": "2"}
    read = read_inputs([str(corpus.path)], **opts)
    corpus.texts = [a.text for a in read.articles]
    corpus.n_articles = len(read.articles)
    corpus.n_skipped_by_reader = len(read.skipped)
    corpus.tokens = sum(len(tokenize(t)) for t in corpus.texts)
    corpus.chars = sum(len(t) for t in corpus.texts)


def floor_seconds(texts: list[str], repeats: int = 2) -> float:
    """Best-of-``repeats`` time of split_sentences + tokenize over all texts, in this process."""
    from kg.segment import split_sentences, tokenize

    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for t in texts:
            split_sentences(t)
            tokenize(t)
        best = min(best, time.perf_counter() - t0)
    return best


COMPARED = ("dataset.nq", "graph.ttl", "graph.html", "manifest.json")


def _compare(a: Path, b: Path) -> str:
    """Whether the output files of two builds are byte-identical ("yes", or which differ)."""
    differ = [n for n in COMPARED if not filecmp.cmp(a / n, b / n, shallow=False)]
    return "yes" if not differ else "NO (" + ", ".join(differ) + " differ)"


def code_fingerprint() -> str:
    """kg's cache fingerprint (other people may edit kg/ while the benchmark runs)."""
    try:
        from kg.pipeline import _code_fingerprint

        return _code_fingerprint()
    except Exception:  # pragma: no cover - private helper renamed
        return "?"


# --------------------------------------------------------------------------- measuring one run


def _cpu_busy_jiffies() -> int | None:
    """Busy jiffies of all CPUs since boot (user+nice+system+irq+softirq+steal), or None."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            parts = f.readline().split()
    except OSError:
        return None
    v = [int(x) for x in parts[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (v + [0] * 8)[:8]
    return user + nice + system + irq + softirq + steal


class TreeRSS(threading.Thread):
    """Peak memory of a process and all its descendants, sampled from /proc.

    Each process counts with its PSS (``/proc/PID/smaps_rollup``: pages shared
    with a forked parent or sibling are divided among them, so a ``fork`` is
    not counted twice); where that file is missing, with its RSS.
    """

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.stop = threading.Event()
        self.page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

    def _sample(self) -> int:
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            ppid = int(stat[stat.rfind(b")") + 2 :].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
        total, todo = 0, [self.pid]
        while todo:
            p = todo.pop()
            todo.extend(children.get(p, ()))
            total += self._memory(p)
        return total

    def _memory(self, pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        return int(line.split()[1]) * 1024
        except (OSError, IndexError, ValueError):
            pass
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                return int(f.read().split()[1]) * self.page
        except (OSError, IndexError, ValueError):
            return 0

    def run(self) -> None:
        if not os.path.isdir("/proc"):
            return
        while not self.stop.is_set():
            try:
                self.peak = max(self.peak, self._sample())
            except Exception:
                pass
            self.stop.wait(self.interval)


@dataclass
class Run:
    corpus: str
    label: str
    jobs: int
    wall: float = 0.0
    cpu: float = 0.0
    max_rss_mb: float = 0.0
    tree_rss_mb: float = 0.0
    other_load: float | None = None
    load1: float = 0.0
    articles: int = 0
    reused: int = 0
    skipped: int = 0
    triples: int = 0
    wrote: str = ""
    attempts: int = 1
    stderr: str = ""
    returncode: int = 0


TIME_BIN = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_build(corpus: Corpus, label: str, inp: Path, out: Path, jobs: int, workdir: Path) -> Run:
    """One ``python -m kg build`` subprocess, measured."""
    cmd = [sys.executable, "-m", "kg", "build", str(inp), "--out", str(out), "--jobs", str(jobs), *corpus.args]
    timefile = workdir / "time.txt"
    if TIME_BIN:
        cmd = [TIME_BIN, "-o", str(timefile), "-f", "%e %M %U %S", *cmd]
    run = Run(corpus.name, label, jobs, load1=os.getloadavg()[0])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    self0 = time.process_time()  # the sampler thread's own CPU is not "other" load
    busy0 = _cpu_busy_jiffies()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=workdir)
    sampler = TreeRSS(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.stop.set()
    sampler.join()
    busy1 = _cpu_busy_jiffies()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    run.returncode = proc.returncode
    run.stderr = err.decode("utf-8", "replace")
    run.wall = wall
    run.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    run.max_rss_mb = after.ru_maxrss / 1024  # fallback: a running maximum over all children so far
    if TIME_BIN and timefile.is_file():
        fields = timefile.read_text().split()
        if len(fields) >= 4:
            try:
                run.max_rss_mb = int(fields[1]) / 1024
            except ValueError:
                pass
    run.tree_rss_mb = sampler.peak / 2**20
    if busy0 is not None and busy1 is not None and wall > 0:
        hz = os.sysconf("SC_CLK_TCK")
        own = time.process_time() - self0
        run.other_load = max(0.0, ((busy1 - busy0) / hz - run.cpu - own) / wall)
    m = SUMMARY_ARTICLES.search(run.stderr)
    if m:
        run.articles, run.reused, run.skipped = (int(x) for x in m.groups())
    m = SUMMARY_TRIPLES.search(run.stderr)
    if m:
        run.triples = int(m.group(1))
    m = SUMMARY_WROTE.search(run.stderr)
    run.wrote = m.group(1) if m else ""
    return run


def measured(corpus: Corpus, label: str, inp: Path, out: Path, jobs: int, workdir: Path, args, prepare=None) -> Run:
    """Run (with ``prepare()`` before each attempt), repeat when others loaded the machine; keep the fastest."""
    best: Run | None = None
    for attempt in range(1, args.retries + 2):
        if prepare:
            prepare()
        r = run_build(corpus, label, inp, out, jobs, workdir)
        if r.returncode != 0:
            log(r.stderr)
            raise SystemExit(f"kg build failed ({corpus.name}, {label}): exit status {r.returncode}")
        note = f"{r.wall:7.2f} s wall, {r.cpu:7.2f} s CPU, other load {r.other_load if r.other_load is not None else float('nan'):.2f}"
        log(f"  {corpus.name:<9} {label:<22} attempt {attempt}: {note}")
        if best is None or r.wall < best.wall:
            best = r
        best.attempts = attempt
        if r.other_load is None or r.other_load <= args.max_other_load:
            break
    return best


# --------------------------------------------------------------------------- report


def fmt_rate(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def table(runs: list[Run], corpora: dict[str, Corpus], floors: dict[str, float]) -> list[str]:
    head = (
        "| corpus | run | jobs | wall s | CPU s | articles/s | tokens/s | × floor | peak RSS MB (largest process) "
        "| peak PSS MB (tree) | triples | built / reused | skipped | other load | attempts |"
    )
    lines = [head, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        c = corpora[r.corpus]
        ratio = r.wall / floors[r.corpus] if floors.get(r.corpus) else float("nan")
        other = f"{r.other_load:.2f}" if r.other_load is not None else "n/a"
        lines.append(
            f"| {r.corpus} | {r.label} | {r.jobs} | {r.wall:.2f} | {r.cpu:.2f} | {fmt_rate(c.n_articles / r.wall)} "
            f"| {fmt_rate(c.tokens / r.wall)} | {ratio:.1f} | {r.max_rss_mb:,.0f} | {r.tree_rss_mb:,.0f} | {r.triples:,} "
            f"| {r.articles} / {r.reused} | {r.skipped} | {other} | {r.attempts} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="use the first 100 articles of each corpus (results are printed, not written)")
    ap.add_argument("--corpus", choices=["10kgnad", "wikinews"], action="append", help="only this corpus (repeatable)")
    ap.add_argument("--retries", type=int, default=1, help="repeat a disturbed run at most this often [1]")
    ap.add_argument("--max-other-load", type=float, default=0.5, help="cores other processes may use before a run counts as disturbed [0.5]")
    ap.add_argument("--results", type=Path, default=None, help=f"write the report here [default: {RESULTS.relative_to(ROOT)}; none with --quick]")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = ap.parse_args(argv)

    base = eval_dir()
    if not base.is_dir():
        print(f"skipped: {base if os.environ.get('KG_EVAL_DIR') else '../shared/eval'} not found")
        return 0
    corpora: list[Corpus] = []
    for name, rel, kind, cargs in (
        ("10kgnad", "10kgnad/test.csv", "csv", CSV_ARGS),
        ("wikinews", "wikinews/plaintext.jsonl", "jsonl", []),
    ):
        if args.corpus and name not in args.corpus:
            continue
        if not (base / rel).is_file():
            print(f"skipped: {shown(rel)} not found")
            continue
        corpora.append(Corpus(name, rel, kind, list(cargs), path=base / rel))
    if not corpora:
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="kg-build-bench-"))
    runs: list[Run] = []
    identical: dict[str, str] = {}
    checks: dict[str, list[str]] = {}
    floors: dict[str, float] = {}
    loads_start = os.getloadavg()
    try:
        for c in corpora:
            work = tmp / c.name
            work.mkdir()
            if args.quick:
                c.path = make_prefix_copy(c, c.path, work, 100)
            load_texts(c)
            log(f"{c.name}: {c.n_articles} articles ({c.n_skipped_by_reader} skipped by the reader), {c.tokens:,} tokens, {c.chars:,} characters")
            floors[c.name] = floor_seconds(c.texts)
            log(f"  floor (split_sentences + tokenize, 1 core): {floors[c.name]:.2f} s, {c.tokens / floors[c.name]:,.0f} tokens/s")

            # every build reads the same path (an article's graph records its source path: a +1 input
            # at another path would change every article's graph)
            (work / "input").mkdir()
            original = work / "input" / f"original{c.path.suffix}"
            shutil.copyfile(c.path, original)
            c.path = work / "input" / c.path.name
            shutil.copyfile(original, c.path)
            out1, out2 = work / "out-j1", work / "out-j2"
            fp_start = code_fingerprint()

            def fresh(path: Path):
                return lambda: shutil.rmtree(path, ignore_errors=True)

            r1 = measured(c, "fresh", c.path, out1, 1, work, args, prepare=fresh(out1))
            r2 = measured(c, "fresh", c.path, out2, 2, work, args, prepare=fresh(out2))
            identical[c.name] = _compare(out1, out2)
            r3 = measured(c, "unchanged re-run", c.path, out2, 2, work, args)
            # +1 article: into a copy of the --jobs 2 output (restored before each attempt)
            plus = make_plus_one(c, work / "plus-one")
            snapshot = work / "out-j2-snapshot"
            shutil.copytree(out2, snapshot, symlinks=True)
            out3 = work / "out-plus-one"

            def restore():
                shutil.rmtree(out3, ignore_errors=True)
                shutil.copytree(snapshot, out3, symlinks=True)
                shutil.copyfile(plus, c.path)  # the new article appended to the same input file

            r4 = measured(c, "+1 article (incremental)", c.path, out3, 2, work, args, prepare=restore)
            runs += [r1, r2, r3, r4]
            # the incremental build against a fresh build of the same input (not timed)
            out4 = work / "out-plus-one-fresh"
            r5 = run_build(c, "fresh, +1 input", c.path, out4, 2, work)
            plus_identical = _compare(out3, out4) if r5.returncode == 0 else f"NO (fresh build failed: {r5.stderr.strip()[-200:]})"

            cl = checks.setdefault(c.name, [])
            fp_end = code_fingerprint()
            if fp_end != fp_start:
                cl.append(f"WARNING: kg's code or data changed during the runs (fingerprint {fp_start} → {fp_end}); "
                          "the cache checks and the comparison are not meaningful, run again")
            no_work = r3.reused == r3.articles == c.n_articles and "nothing changed" in r3.wrote
            cl.append(f"unchanged re-run: {r3.reused} of {r3.articles} reused, outputs {'not rewritten' if 'nothing changed' in r3.wrote else 'rewritten'}"
                      f" → {'no language work' if no_work else 'LANGUAGE WORK DONE'}")
            cl.append(f"+1 article: {r4.articles} articles, {r4.reused} reused, {r4.articles - r4.reused} analysed"
                      f" ({'as expected' if (r4.articles, r4.reused) == (c.n_articles + 1, c.n_articles) else 'UNEXPECTED'})")
            cl.append(f"--jobs 1 and --jobs 2 outputs ({', '.join(COMPARED)}) byte-identical: {identical[c.name]}")
            cl.append(f"+1 article incremental vs a fresh build of the same input ({', '.join(COMPARED)}) byte-identical: {plus_identical}")
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            log(f"kept {tmp}")

    import kg

    loads_end = os.getloadavg()
    lines = [
        "# kg build benchmark",
        "",
        f"`bench/build_bench.py{' --quick' if args.quick else ''}` — {time.strftime('%Y-%m-%d %H:%M')}, kg {kg.__version__}, "
        f"code fingerprint {code_fingerprint()}, Python {platform.python_version()}, {os.cpu_count()} cores ({platform.machine()}), "
        f"load average {loads_start[0]:.2f} / {loads_start[1]:.2f} / {loads_start[2]:.2f} at start, "
        f"{loads_end[0]:.2f} / {loads_end[1]:.2f} / {loads_end[2]:.2f} at end.",
        "",
        "Corpora (read from `../shared/eval/`, not in the repository): "
        + "; ".join(
            f"{c.name} `{c.rel}`{' (first 100)' if args.quick else ''}: {c.n_articles:,} articles, {c.tokens:,} tokens"
            f" (floor: split_sentences + tokenize {floors[c.name]:.2f} s, {c.tokens / floors[c.name]:,.0f} tokens/s)"
            for c in corpora
        )
        + ".",
        "",
        *table(runs, {c.name: c for c in corpora}, floors),
        "",
        "Rates are over all input articles/tokens (for the re-runs an effective rate). *× floor*: wall time divided by "
        "the time of `split_sentences` + `tokenize` over the same texts in one process. *Peak RSS (largest process)*: "
        "`/usr/bin/time %M` (the biggest single process, main or worker); *peak PSS (tree)*: main process plus workers "
        "and forked helpers, proportional set size summed (shared pages counted once), sampled every 0.2 s, so a "
        "short peak can be missed. *Other load*: cores used by other processes on the machine during the run "
        f"(a run above {args.max_other_load} was repeated up to {args.retries} time(s), the fastest kept).",
        "",
        "Checks:",
        "",
    ]
    for name, cl in checks.items():
        lines += [f"- {name}: {x}" for x in cl]
    # targets
    lines += ["", "Targets:", ""]
    for r in runs:
        if r.label == "fresh" and r.jobs == 2:
            c = next(c for c in corpora if c.name == r.corpus)
            tps = c.tokens / r.wall
            scaled = r.wall * 1028 / c.n_articles
            target = f"< {TARGET_SECONDS_FULL:.0f} s for 1,028 articles"
            lines.append(
                f"- {r.corpus} --jobs 2: {r.wall:.1f} s for {c.n_articles:,} articles (≈ {scaled:.0f} s per 1,028) {target}: "
                f"{'met' if scaled < TARGET_SECONDS_FULL else 'NOT met'}; {tps:,.0f} tokens/s ≥ {TARGET_TOKENS_PER_S:,.0f}: "
                f"{'met' if tps >= TARGET_TOKENS_PER_S else 'NOT met'}"
            )
    peak = max(max(r.tree_rss_mb, r.max_rss_mb) for r in runs)
    lines.append(f"- peak memory (larger of the biggest single process and the whole tree's PSS, any run): {peak:,.0f} MB "
                 f"< {TARGET_PEAK_MB:,.0f} MB: {'met' if peak < TARGET_PEAK_MB else 'NOT met'}")
    worst = max((r for r in runs if r.label == "unchanged re-run"), key=lambda r: r.wall)
    lines.append(f"- unchanged re-run: {worst.wall:.2f} s (slowest) < {TARGET_UNCHANGED_S:.0f} s: {'met' if worst.wall < TARGET_UNCHANGED_S else 'NOT met'}")
    report = "\n".join(lines) + "\n"
    print(report)
    target_file = args.results if args.results is not None else (None if args.quick else RESULTS)
    if target_file is not None:
        target_file.parent.mkdir(parents=True, exist_ok=True)
        target_file.write_text(report, encoding="utf-8")
        log(f"wrote {target_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
