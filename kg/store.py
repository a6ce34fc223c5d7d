"""The persistent graph store: an on-disk Oxigraph database under ``out/``.

``kg build`` writes the dataset with :func:`write_store`; ``kg query``,
``kg serve`` and ``kg export`` open it with :func:`open_store`.  Queries run
over the union of all named graphs (each article is a named graph, see
``docs/model.md``), with kg's prefixes predeclared.

The union of the named graphs is also stored, deduplicated, as the store's
default graph.  Oxigraph 0.5 evaluates ``use_default_graph_as_union`` as a
multiset (a triple stated by two articles matches twice, so ``COUNT(*)`` and
``SUM`` double count: oxigraph issue #1919), while SPARQL wants the RDF merge.
With the union materialised, plain queries, ``kg serve`` and any SPARQL tool
pointed at the store see set semantics; ``GRAPH ?g`` still sees the article
graphs.  A store whose default graph is empty (built by another tool) is
queried with ``use_default_graph_as_union=True`` instead.

Two backends share one interface (:class:`QueryBackend`):

* :class:`KgStore` – pyoxigraph, on disk (or in memory for tests);
* :class:`RdflibStore` – rdflib's SPARQL engine over an in-memory
  :class:`rdflib.Dataset` (reference implementation for tests and benchmarks).

:class:`kg.endpoint.EndpointStore` speaks the same interface to a remote
SPARQL endpoint.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from rdflib import Dataset, Literal, URIRef
>>> from kg import vocab
>>> ds = Dataset()
>>> g = ds.graph(vocab.ID["article/1"])
>>> _ = g.add((vocab.ID["person/a"], vocab.RDFS.label, Literal("Ana", lang="de")))
>>> with tempfile.TemporaryDirectory() as tmp:
...     info = write_store(ds, Path(tmp) / "store")
...     with open_store(Path(tmp) / "store") as store:
...         r = store.query("SELECT ?n WHERE { ?p rdfs:label ?n }")
>>> info.quads, info.graphs, r.rows
(1, 1, [(rdflib.term.Literal('Ana', lang='de'),)])
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, Union, runtime_checkable

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg import vocab
from kg.errors import DataError, QueryError, UsageError
from kg.results import QueryResult, Term, coerce_term, nt_term

__all__ = [
    "STORE_DIRNAME",
    "StoreInfo",
    "QueryBackend",
    "SparqlSyntaxError",
    "KgStore",
    "RdflibStore",
    "write_store",
    "open_store",
    "memory_store",
    "find_store_dir",
    "nquad_lines",
    "parse_syntax_error",
]

#: Name of the store directory inside the output directory (``out/store``).
STORE_DIRNAME = "store"

#: A quad: subject, predicate, object, graph name (``None`` = default graph).
Quad = tuple[Term, Term, Term, Union[Term, None]]

_PREFIXES: dict[str, str] = {p: str(ns) for p, ns in vocab.PREFIXES.items()}
_XSD_STRING = str(vocab.XSD.string)
_RDF_LANGSTRING = str(vocab.RDF.langString)


# ------------------------------------------------------------------ data types


@dataclass(frozen=True)
class StoreInfo:
    """What :func:`write_store` built.

    Attributes
    ----------
    directory : Path
        The store directory.
    quads : int
        Number of distinct quads stored.
    graphs : int
        Number of named graphs.
    seconds : float
        Wall time of the build.
    """

    directory: Path
    quads: int
    graphs: int
    seconds: float


@runtime_checkable
class QueryBackend(Protocol):
    """Anything that answers SPARQL over kg's union graph."""

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        """Run *sparql*; *bindings* pre-bind variables (values as for :func:`kg.results.coerce_term`)."""
        ...  # pragma: no cover


class SparqlSyntaxError(QueryError):
    """A malformed query, with the position relative to the caller's text.

    Parameters
    ----------
    detail : str
        What the parser expected, one line.
    line, column : int or None
        1-based position in the query text as the user wrote it.
    name : str, optional
        The catalogue name or file of the query, for the message.

    Examples
    --------
    >>> str(SparqlSyntaxError("expected OPTIONAL", 3, 10, name="people"))
    'query people line 3 col 10: expected OPTIONAL'
    >>> str(SparqlSyntaxError("expected OPTIONAL", 3, 10))
    'query line 3 col 10: expected OPTIONAL'
    """

    def __init__(
        self, detail: str, line: int | None, column: int | None, *, name: str | None = None
    ) -> None:
        self.detail = " ".join(detail.split())
        self.line = line
        self.column = column
        self.name = name
        where = "query" + (f" {name}" if name else "")
        if line is not None:
            where += f" line {line}" + (f" col {column}" if column is not None else "")
        super().__init__(f"{where}: {self.detail}")

    def with_name(self, name: str | None) -> SparqlSyntaxError:
        """The same error, naming the query."""
        return SparqlSyntaxError(self.detail, self.line, self.column, name=name)


# ------------------------------------------------------------------ term conversion


def _to_ox(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


class _FromOx:
    """Converts pyoxigraph terms to rdflib terms, caching repeated ones."""

    __slots__ = ("cache",)

    def __init__(self) -> None:
        self.cache: dict[Any, Term] = {}

    def __call__(self, t: Any) -> Term | None:
        if t is None:
            return None
        hit = self.cache.get(t)
        if hit is not None:
            return hit
        if isinstance(t, ox.NamedNode):
            r: Term = URIRef(t.value)
        elif isinstance(t, ox.Literal):
            dt = t.datatype.value
            if t.language:
                r = Literal(t.value, lang=t.language)
            elif dt == _XSD_STRING:
                r = Literal(t.value)
            else:
                r = Literal(t.value, datatype=URIRef(dt))
        elif isinstance(t, ox.BlankNode):
            r = BNode(t.value)
        else:  # RDF-star triple terms are not used by kg
            raise QueryError(f"unsupported term in result: {t!r}")
        if len(self.cache) < 200_000:
            self.cache[t] = r
        return r


def _norm(t: Any) -> Term | None:
    """rdflib term as kg's results carry it (``xsd:string`` literals become simple)."""
    if isinstance(t, Literal) and t.language is None and t.datatype is not None:
        if str(t.datatype) == _XSD_STRING:
            return Literal(str(t))
    return t


# ------------------------------------------------------------------ errors


def _split_expected(s: str) -> list[str]:
    """Split oxigraph's ``expected one of A, "b", [c-d]`` list at top-level commas."""
    items, cur, depth, quote, i = [], [], 0, "", 0
    while i < len(s):
        ch = s[i]
        if quote:
            cur.append(ch)
            if ch == "\\" and i + 1 < len(s):
                cur.append(s[i + 1])
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
            cur.append(ch)
        elif ch == "[":
            depth += 1
            cur.append(ch)
        elif ch == "]":
            depth = max(0, depth - 1)
            cur.append(ch)
        elif ch == "," and depth == 0:
            items.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
        i += 1
    if "".join(cur).strip():
        items.append("".join(cur).strip())
    return items


def _prefix_before(text: str, line: int, column: int) -> tuple[str, int] | None:
    """The prefixed name ending just before (*line*, *column*): its prefix and start column."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    before = lines[line - 1][: max(0, column - 1)]
    m = re.search(r"([A-Za-z\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?:[^\s:]*$", before)
    return ((m.group(1) or ""), m.start() + 1) if m else None


def _clean_detail(rest: str, text: str, line: int, column: int) -> str:
    rest = " ".join(rest.split())
    if rest.startswith("expected one of "):
        items = _split_expected(rest[len("expected one of "):])
    elif rest.startswith("expected "):
        items = [rest[len("expected "):]]
    else:
        return rest
    sentences = [i for i in items if " " in i and i[:1].isupper() and not i.startswith(("'", '"', "["))]
    if any(s.startswith("Prefix not found") for s in sentences):
        found = _prefix_before(text, line, column)
        return f"unknown prefix '{found[0]}:'" if found is not None else "unknown prefix"
    if sentences:
        s = sentences[0]
        return s[0].lower() + s[1:]
    tokens = [i for i in items if i and not i.startswith("[")]
    if not tokens:
        return "syntax error"
    shown = ", ".join(tokens[:8]) + (", …" if len(tokens) > 8 else "")
    return f"expected {'one of ' if len(tokens) > 1 else ''}{shown}"


def parse_syntax_error(
    message: str, text: str, *, line_offset: int = 0, column_offset_line1: int = 0
) -> SparqlSyntaxError:
    """Turn an Oxigraph parser message (``error at L:C: …``) into a :class:`SparqlSyntaxError`.

    Parameters
    ----------
    message : str
        The parser's message (from pyoxigraph or an Oxigraph server).
    text : str
        The query as the user wrote it (for positions and prefix names).
    line_offset : int
        Lines that were prepended to *text* before parsing.
    column_offset_line1 : int
        Characters that were prepended to the first line of *text*.

    Examples
    --------
    >>> str(parse_syntax_error("error at 2:7: expected OPTIONAL", "SELECT *\\nWHERE { ?x ?y ?z }"))
    'query line 2 col 7: expected OPTIONAL'
    >>> print(parse_syntax_error("error at 1:23: expected one of Prefix not found, [_]",
    ...                          "SELECT * { ?x a nope:X }"))
    query line 1 col 17: unknown prefix 'nope:'
    """
    m = re.match(r"\s*error at (\d+):(\d+):\s*(.*)", message, re.S)
    if not m:
        return SparqlSyntaxError(message, None, None)
    line = int(m.group(1)) - line_offset
    column = int(m.group(2))
    if line == 1:
        column -= column_offset_line1
    line, column = max(line, 1), max(column, 1)
    detail = _clean_detail(m.group(3), text, line, column)
    if detail.startswith("unknown prefix '"):
        found = _prefix_before(text, line, column)
        if found is not None:
            column = found[1]  # point at the prefixed name, not past it
    lines = text.split("\n")
    offset = sum(len(x) + 1 for x in lines[: line - 1]) + column - 1
    if not text[offset:].strip() and detail.startswith("expected"):
        detail = f"unexpected end of query, {detail}"
    return SparqlSyntaxError(detail, line, column)


def _locate(text: str, needle_re: str) -> tuple[int | None, int | None]:
    m = re.search(needle_re, text)
    if not m:
        return None, None
    start = m.start(1) if m.groups() else m.start()
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, col


def _rdflib_error(exc: Exception, text: str) -> QueryError:
    """Map an rdflib parse/evaluation error to kg's errors."""
    lineno = getattr(exc, "lineno", None)
    col = getattr(exc, "col", None)
    if lineno is not None and col is not None and hasattr(exc, "msg"):
        msg = str(getattr(exc, "msg", "syntax error"))
        found = getattr(exc, "found", None)
        detail = msg[0].lower() + msg[1:] if msg else "syntax error"
        if found and "found" not in detail:
            detail += f", found {found}"
        return SparqlSyntaxError(detail, lineno, col)
    msg = " ".join(str(exc).split())
    m = re.match(r"Unknown namespace prefix\s*:\s*(\S*)", msg)
    if m:
        p = m.group(1)
        line, col = _locate(text, rf"(?<![\w<#?$]){re.escape(p)}:")
        return SparqlSyntaxError(f"unknown prefix '{p}:'", line, col)
    return QueryError(f"query failed: {msg or type(exc).__name__}")


# ------------------------------------------------------------------ N-Quads


def _quads_of(data: Dataset | Graph | Iterable[Any]) -> Iterator[Quad]:
    """Quads of a Dataset (named graphs keep their names) or an iterable of quads/triples."""
    if isinstance(data, Dataset):
        for s, p, o, g in data.quads((None, None, None, None)):
            gid = getattr(g, "identifier", g)
            yield s, p, o, (None if gid is None or gid == DATASET_DEFAULT_GRAPH_ID else gid)
        return
    if isinstance(data, Graph):
        for s, p, o in data:
            yield s, p, o, None
        return
    for q in data:
        if isinstance(q, ox.Quad):
            conv = _FromOx()
            g = None if isinstance(q.graph_name, ox.DefaultGraph) else conv(q.graph_name)
            yield conv(q.subject), conv(q.predicate), conv(q.object), g  # type: ignore[misc]
        elif len(q) == 4:
            s, p, o, g = q
            gid = getattr(g, "identifier", g)
            yield s, p, o, (None if gid is None or gid == DATASET_DEFAULT_GRAPH_ID else gid)
        else:
            s, p, o = q
            yield s, p, o, None


def nquad_lines(data: Dataset | Graph | Iterable[Any], *, graph: Term | None = None) -> Iterator[str]:
    """N-Quads lines (with ``\\n``) of *data*; *graph* overrides every quad's graph.

    Examples
    --------
    >>> from rdflib import URIRef, Literal
    >>> list(nquad_lines([(URIRef("http://s"), URIRef("http://p"), Literal("o"), URIRef("http://g"))]))
    ['<http://s> <http://p> "o" <http://g> .\\n']
    """
    for s, p, o, g in _quads_of(data):
        if graph is not None:
            g = graph
        head = f"{nt_term(s)} {nt_term(p)} {nt_term(o)}"
        yield f"{head} {nt_term(g)} .\n" if g is not None else f"{head} .\n"


# ------------------------------------------------------------------ store location


def _is_store(path: Path) -> bool:
    return (path / "CURRENT").is_file()


def find_store_dir(path: Path | str) -> Path:
    """The store directory for *path*: the store itself or an output dir holding ``store/``.

    Raises
    ------
    DataError
        If neither holds a built graph.
    """
    path = Path(path)
    _recover(path)
    _recover(path / STORE_DIRNAME)
    if _is_store(path):
        return path
    if _is_store(path / STORE_DIRNAME):
        return path / STORE_DIRNAME
    where = path.parent if path.name == STORE_DIRNAME else path
    raise DataError(f"no graph built in {where}/ — run `kg build` first")


def _backup_name(directory: Path) -> Path:
    return directory.parent / f".{directory.name}.old"


def _recover(directory: Path) -> None:
    """Finish a swap that was interrupted between its two renames."""
    old = _backup_name(directory)
    if not directory.exists() and _is_store(old):
        with contextlib.suppress(OSError):
            os.replace(old, directory)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clean_stale(directory: Path) -> None:
    """Remove temporary build directories of dead processes."""
    pat = re.compile(rf"^\.{re.escape(directory.name)}\.tmp-(\d+)-")
    if not directory.parent.is_dir():
        return
    for p in directory.parent.iterdir():
        m = pat.match(p.name)
        if m and not _pid_alive(int(m.group(1))):
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)


# ------------------------------------------------------------------ building


_LOAD_CHUNK = 200_000


def write_store(data: Dataset | Iterable[Any], directory: Path | str) -> StoreInfo:
    """Build an on-disk store at *directory* from a dataset or quads, atomically.

    The store is built in a sibling temporary directory, bulk-loaded from
    N-Quads, and swapped in by renaming: an interrupted build leaves the
    previous store intact, and its temporary files are removed (now, or by
    the next build if the process was killed).

    Parameters
    ----------
    data : rdflib.Dataset or iterable of quads
        The graph: a Dataset (named graphs kept), an rdflib Graph (default
        graph), or an iterable of ``(s, p, o, g)`` / ``(s, p, o)`` tuples of
        rdflib terms or of :class:`pyoxigraph.Quad`.
    directory : Path
        Where the store lives (e.g. ``out/store``).

    Returns
    -------
    StoreInfo

    Examples
    --------
    >>> import tempfile
    >>> from rdflib import URIRef
    >>> q = [(URIRef("http://s"), URIRef("http://p"), URIRef("http://o"), URIRef("http://g"))]
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     info = write_store(q, Path(tmp) / "store")
    ...     again = write_store(q + q, Path(tmp) / "store")   # replaces the first
    >>> info.quads, again.quads, again.graphs
    (1, 1, 1)
    """
    t0 = time.perf_counter()
    directory = Path(directory)
    parent = directory.parent
    parent.mkdir(parents=True, exist_ok=True)
    _recover(directory)
    _clean_stale(directory)
    if directory.exists() and not directory.is_dir():
        raise DataError(f"{directory} exists and is not a directory")
    tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.tmp-{os.getpid()}-", dir=parent))
    nq = tmp.with_name(tmp.name + ".nq")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it private; the store is not secret
        store = ox.Store(str(tmp))
        try:
            # load in pieces: Oxigraph's bulk loader keeps a whole file's batch in memory
            lines = _with_union(data)
            while True:
                with open(nq, "w", encoding="utf-8", newline="\n") as fh:
                    n = 0
                    for line in lines:
                        fh.write(line)
                        n += 1
                        if n >= _LOAD_CHUNK:
                            break
                if n == 0:
                    break
                store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
                if n < _LOAD_CHUNK:
                    break
            store.flush()
            # pre-serialised lines are unique already: no need to count the store
            quads = len(data.named) if isinstance(data, _Lines) else _named_quad_count(store)
            graphs = sum(1 for _ in store.named_graphs())

        except SyntaxError as exc:
            raise DataError(f"cannot store the graph: {' '.join(str(exc).split())}") from None
        finally:
            del store
        nq.unlink()
        _digest_path(directory).unlink(missing_ok=True)
        _swap_in(tmp, directory)
        if isinstance(data, _Lines) and data.digest:
            _write_digest(directory, data.digest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        nq.unlink(missing_ok=True)
        raise
    return StoreInfo(directory, quads, graphs, time.perf_counter() - t0)


def _digest_path(directory: Path) -> Path:
    """Beside the store (``out/store.sha256``): the SHA-256 of the lines it holds.

    Removed before a store is swapped in and written after, so a stale
    digest never describes a newer store.
    """
    return directory.parent / f"{directory.name}.sha256"


def _write_digest(directory: Path, digest: str) -> None:
    tmp = directory.parent / f".{directory.name}.sha256.tmp-{os.getpid()}"
    tmp.write_text(digest + "\n", encoding="ascii")
    os.replace(tmp, _digest_path(directory))


def lines_digest(lines: Iterable[str]) -> str:
    """SHA-256 of N-Quads lines as written to a file (``dataset.nq``)."""
    h = hashlib.sha256()
    for line in lines:
        h.update(line.encode("utf-8"))
    return h.hexdigest()


def write_store_from_lines(lines: list[str], directory: Path | str, *, digest: str | None = None) -> StoreInfo:
    """Like :func:`write_store`, from sorted N-Quads lines (every quad in a named graph).

    The deduplicated union goes into the default graph as well (see
    :func:`write_store`); the lines are written as they are, so nothing is
    serialised twice.  *digest* (:func:`lines_digest` of *lines*) is kept in
    the store so that a later build can update it in place
    (:func:`update_store_from_lines`).
    """
    union = sorted({_head(line) + " .\n" for line in lines})
    return write_store(_Lines(lines, union, digest), directory)


def _head(line: str) -> str:
    """``s p o`` of an N-Quads line whose graph is an IRI."""
    return line[: line.rfind(" <")]


def store_digest(directory: Path | str) -> str | None:
    """The :func:`lines_digest` a store was built or last updated from, if known."""
    try:
        return _digest_path(Path(directory)).read_text(encoding="ascii").strip() or None
    except OSError:
        return None


def update_store_from_lines(
    old: list[str], new: list[str], directory: Path | str, *, digest: str, max_change: float = 0.25
) -> StoreInfo | None:
    """Bring the store built from *old* lines up to date with *new* lines, atomically.

    Only the difference is applied: quads of changed or removed article
    graphs are deleted, new ones inserted, and the materialised union in the
    default graph follows (a triple leaves it only when no named graph states
    it any more).  The update is made on a copy of the store that is swapped
    in by renaming, so an interrupted build leaves the previous store intact.

    Returns None, and changes nothing, when the store was not built from
    *old* (its digest differs) or when more than *max_change* of the lines
    differ (then a fresh bulk load is faster): the caller rebuilds it.
    """
    old_set, new_set = set(old), set(new)
    return patch_store(directory, old_digest=lines_digest(old), removed=sorted(old_set - new_set),
                       added=sorted(new_set - old_set), digest=digest, total=len(new_set), max_change=max_change)


def patch_store(
    directory: Path | str,
    *,
    old_digest: str,
    removed: list[str],
    added: list[str],
    digest: str,
    total: int,
    max_change: float = 0.25,
) -> StoreInfo | None:
    """Like :func:`update_store_from_lines`, given the difference itself.

    *removed* and *added* are the N-Quads lines (each in a named graph) that
    left and joined the dataset since the build whose :func:`lines_digest`
    was *old_digest*; *total* is the number of lines now.  A triple leaves
    the materialised union in the default graph when no named graph states
    it any more.  Returns None, changing nothing, when the store was not built
    from *old_digest* or the change is larger than *max_change* of the lines
    (the caller then rebuilds it).
    """
    t0 = time.perf_counter()
    directory = Path(directory)
    _recover(directory)
    if not _is_store(directory) or store_digest(directory) != old_digest:
        return None
    removed_set, added_set = set(removed) - set(added), set(added) - set(removed)
    if len(removed_set) + len(added_set) > max_change * max(total, 1):
        return None
    _clean_stale(directory)
    tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.tmp-{os.getpid()}-", dir=directory.parent))
    try:
        shutil.rmtree(tmp)
        shutil.copytree(directory, tmp)
        store = ox.Store(str(tmp))
        try:
            gone = _parse_lines(sorted(removed_set))
            for q in gone:
                store.remove(q)
            fresh = _parse_lines(sorted(added_set))
            store.extend(fresh)
            default = ox.DefaultGraph()
            store.extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in fresh)
            for q in gone:
                if not any(
                    x.graph_name != default for x in store.quads_for_pattern(q.subject, q.predicate, q.object, None)
                ):
                    store.remove(ox.Quad(q.subject, q.predicate, q.object, default))
            store.flush()
            graphs = sum(1 for _ in store.named_graphs())
        except SyntaxError as exc:
            raise DataError(f"cannot store the graph: {' '.join(str(exc).split())}") from None
        finally:
            del store
        _digest_path(directory).unlink(missing_ok=True)
        _swap_in(tmp, directory)
        _write_digest(directory, digest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return StoreInfo(directory, total, graphs, time.perf_counter() - t0)


def _parse_lines(lines: list[str]) -> list[ox.Quad]:
    if not lines:
        return []
    return list(ox.parse(input="".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS))


class _Lines:
    """Pre-serialised N-Quads lines, accepted by :func:`write_store`."""

    def __init__(self, named: list[str], union: list[str], digest: str | None = None) -> None:
        self.named = named
        self.union = union
        self.digest = digest


def _with_union(data: Dataset | Iterable[Any]) -> Iterator[str]:
    if isinstance(data, _Lines):
        yield from data.named
        yield from data.union
        return
    """N-Quads lines of *data*, each triple also in the default graph (the materialised union)."""
    for s, p, o, g in _quads_of(data):
        head = f"{nt_term(s)} {nt_term(p)} {nt_term(o)}"
        if g is not None:
            yield f"{head} {nt_term(g)} .\n"
        yield f"{head} .\n"


def _triple_lines(data: Iterable[Any]) -> Iterator[str]:
    for s, p, o, _ in _quads_of(data):
        yield f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n"


def _named_quad_count(store: ox.Store) -> int:
    return len(store) - sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def _has_default_graph(store: ox.Store) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None


def _swap_in(new: Path, directory: Path) -> None:
    old = _backup_name(directory)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
    if directory.exists():
        os.replace(directory, old)
    os.replace(new, directory)
    shutil.rmtree(old, ignore_errors=True)


# ------------------------------------------------------------------ backends


def _select(res: Any, conv: _FromOx) -> QueryResult:
    names = [v.value for v in res.variables]
    rows = [tuple(conv(sol[i]) for i in range(len(names))) for sol in res]
    return QueryResult(vars=names, rows=rows)


class KgStore:
    """kg's graph in a pyoxigraph store (on disk via :func:`open_store`, or in memory).

    Parameters
    ----------
    store : pyoxigraph.Store
        The opened store.
    directory : Path, optional
        Where it lives (``None`` for in-memory stores).
    read_only : bool
        Whether :meth:`replace_graph`/:meth:`remove_graph` are refused.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> s = memory_store([(URIRef("http://s"), vocab.RDF.type, vocab.SCHEMA.Person, URIRef("http://g"))])
    >>> s.query("SELECT ?x WHERE { ?x a schema:Person }").rows
    [(rdflib.term.URIRef('http://s'),)]
    >>> s.query("ASK { ?x a schema:Place }").boolean
    False
    >>> s.graphs()
    [rdflib.term.URIRef('http://g')]
    """

    def __init__(self, store: ox.Store, directory: Path | None = None, *, read_only: bool = False) -> None:
        self._store = store
        self.directory = directory
        self.read_only = read_only
        #: Whether the default graph holds the union of the named graphs (see the module notes).
        self.union_materialised = _has_default_graph(store)

    # -- context manager / lifetime
    def __enter__(self) -> KgStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the database (the object is unusable afterwards)."""
        self._store = None  # type: ignore[assignment]

    def _require(self) -> ox.Store:
        if self._store is None:
            raise DataError("the graph store is closed")
        return self._store

    def __len__(self) -> int:
        """Number of quads in the named graphs (the materialised union not counted)."""
        store = self._require()
        return _named_quad_count(store) if self.union_materialised else len(store)

    # -- querying
    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        """Run a SPARQL query over the union of all graphs.

        Parameters
        ----------
        sparql : str
            The query; kg's prefixes (``vocab.PREFIXES``) are predeclared, a
            ``PREFIX`` in the query overrides them.
        bindings : dict, optional
            Variable name → value, substituted into the query by the engine
            (never pasted into the text).  Strings follow
            :func:`kg.results.coerce_term`.  Each variable must be projected.

        Raises
        ------
        SparqlSyntaxError
            Malformed query (position relative to *sparql*).
        QueryError
            Evaluation failed.
        """
        store = self._require()
        subs = None
        if bindings:
            subs = {ox.Variable(k): _to_ox(coerce_term(v)) for k, v in bindings.items()}
        conv = _FromOx()
        try:
            res = store.query(
                sparql,
                prefixes=_PREFIXES,
                use_default_graph_as_union=not self.union_materialised,
                substitutions=subs,
            )
            if isinstance(res, ox.QueryBoolean):
                return QueryResult(vars=[], rows=[], boolean=bool(res))
            if isinstance(res, ox.QueryTriples):
                triples = [(conv(t.subject), conv(t.predicate), conv(t.object)) for t in res]
                return QueryResult(vars=[], rows=[], triples=triples)  # type: ignore[arg-type]
            return _select(res, conv)
        except SyntaxError as exc:
            raise parse_syntax_error(str(exc), sparql) from None
        except RuntimeError as exc:
            msg = " ".join(str(exc).split())
            m = re.search(r"does not contains? variable \?(\w+) in its SELECT projection", msg)
            if m:
                raise QueryError(f"parameter {m.group(1)} is not a column of the query") from None
            raise QueryError(f"query failed: {msg}") from None
        except OSError as exc:
            raise DataError(f"cannot read the graph store: {' '.join(str(exc).split())}") from None

    def graphs(self) -> list[URIRef]:
        """The named graphs (article IRIs and the ontology graph), sorted."""
        return sorted(URIRef(g.value) for g in self._require().named_graphs() if isinstance(g, ox.NamedNode))

    # -- incremental updates
    def _writable(self) -> ox.Store:
        store = self._require()
        if self.read_only:
            raise UsageError("the graph store is open read-only")
        return store

    def replace_graph(self, graph_iri: str | URIRef, quads: Iterable[Any]) -> int:
        """Replace named graph *graph_iri* by the given triples/quads (their graph is ignored).

        One atomic update: the union in the default graph is kept in step.
        Returns the number of triples the graph holds afterwards.

        Examples
        --------
        >>> from rdflib import URIRef
        >>> s = memory_store([(URIRef("http://s"), URIRef("http://p"), URIRef("http://o"), URIRef("http://g"))])
        >>> s.replace_graph("http://g", [(URIRef("http://s"), URIRef("http://p"), URIRef("http://o2"))])
        1
        >>> s.query("SELECT ?o WHERE { ?s ?p ?o }").rows
        [(rdflib.term.URIRef('http://o2'),)]
        """
        store = self._writable()
        g = nt_term(URIRef(str(graph_iri)))
        body = "".join(line[:-2] + ".\n" for line in _triple_lines(quads))
        update = self._drop_update(g)
        if body:
            update += f" ;\nINSERT DATA {{ GRAPH {g} {{\n{body}}} }}"
            if self.union_materialised:
                update += f" ;\nINSERT DATA {{\n{body}}}"
        self._update(store, update)
        return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph_iri))))

    def remove_graph(self, graph_iri: str | URIRef) -> None:
        """Remove named graph *graph_iri* (no error if it does not exist)."""
        store = self._writable()
        self._update(store, self._drop_update(nt_term(URIRef(str(graph_iri)))))

    def _drop_update(self, g: str) -> str:
        drop = f"DROP SILENT GRAPH {g}"
        if not self.union_materialised:
            return drop
        # triples of g that no other named graph states leave the union
        return (
            f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g}) }} }} ;\n{drop}"
        )

    @staticmethod
    def _update(store: ox.Store, update: str) -> None:
        try:
            store.update(update)
            store.flush()
        except (SyntaxError, OSError, RuntimeError) as exc:
            raise DataError(f"cannot update the graph store: {' '.join(str(exc).split())[:300]}") from None

    # -- export
    def nquads(self) -> bytes:
        """The named graphs as N-Quads bytes (engine order; the materialised union left out)."""
        store = self._require()
        if not self.union_materialised:
            return store.dump(format=ox.RdfFormat.N_QUADS)
        parts = []
        for g in store.named_graphs():
            data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g).decode("utf-8")
            parts.append("".join(f"{line[:-1]}{g} .\n" for line in data.splitlines(keepends=False) if line))
        return "".join(parts).encode("utf-8")

    def dataset(self) -> Dataset:
        """The named graphs as an rdflib Dataset (for exporting)."""
        ds = Dataset()
        ds.parse(data=self.nquads().decode("utf-8"), format="nquads")
        return ds


def open_store(directory: Path | str, *, read_only: bool = True) -> KgStore:
    """Open the store built by :func:`write_store`.

    Parameters
    ----------
    directory : Path
        The store directory or the output directory holding ``store/``.
    read_only : bool
        Open read-only (several readers may share it); pass ``False`` for
        :meth:`KgStore.replace_graph`.

    Raises
    ------
    DataError
        No store there, or it cannot be opened (corrupt or locked).
    """
    path = find_store_dir(directory)
    try:
        store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except (OSError, ValueError, RuntimeError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise DataError(f"the graph in {path}/ cannot be opened ({reason}) — run `kg build` again") from None
    return KgStore(store, path, read_only=read_only)


def memory_store(data: Dataset | Iterable[Any] = ()) -> KgStore:
    """An in-memory :class:`KgStore` holding *data* (for tests and tools)."""
    store = ox.Store()
    payload = "".join(_with_union(data)).encode("utf-8")
    if payload:
        store.load(payload, format=ox.RdfFormat.N_QUADS)
    return KgStore(store, None)


class RdflibStore:
    """The :class:`QueryBackend` interface over rdflib's SPARQL engine.

    Parameters
    ----------
    ds : rdflib.Dataset
        The dataset; it is queried as ``Dataset(default_union=True)`` (a view
        sharing the same store, *ds* itself is not changed).

    Examples
    --------
    >>> from rdflib import Dataset, URIRef
    >>> ds = Dataset()
    >>> _ = ds.graph(URIRef("http://g")).add((URIRef("http://s"), vocab.RDF.type, vocab.SCHEMA.Person))
    >>> RdflibStore(ds).query("SELECT ?x WHERE { ?x a schema:Person }").rows
    [(rdflib.term.URIRef('http://s'),)]
    """

    def __init__(self, ds: Dataset) -> None:
        self.source = ds
        self._ds = Dataset(store=ds.store, default_union=True)

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        """Run *sparql* like :meth:`KgStore.query` (bindings via rdflib's ``initBindings``)."""
        init = {k: coerce_term(v) for k, v in (bindings or {}).items()}
        try:
            res = self._ds.query(sparql, initNs=vocab.PREFIXES, initBindings=init)
            if res.type == "ASK":
                return QueryResult(vars=[], rows=[], boolean=bool(res.askAnswer))
            if res.type in ("CONSTRUCT", "DESCRIBE"):
                triples = [(_norm(s), _norm(p), _norm(o)) for s, p, o in res.graph]  # type: ignore[union-attr]
                return QueryResult(vars=[], rows=[], triples=triples)  # type: ignore[arg-type]
            names = [str(v) for v in res.vars or []]
            rows = [tuple(_norm(t) for t in row) for row in res]  # type: ignore[union-attr]
            return QueryResult(vars=names, rows=rows)  # type: ignore[arg-type]
        except QueryError:
            raise
        except Exception as exc:  # rdflib raises plain Exceptions and pyparsing errors
            raise _rdflib_error(exc, sparql) from None

    def graphs(self) -> list[URIRef]:
        """The named graphs, sorted."""
        return sorted(
            g.identifier
            for g in self.source.graphs()
            if isinstance(g.identifier, URIRef) and g.identifier != DATASET_DEFAULT_GRAPH_ID
        )
