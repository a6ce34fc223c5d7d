"""The question catalogue: named SPARQL queries in ``queries/*.rq``.

Each file starts with comment header lines::

    # title: Personen und Ämter / People and positions
    # description: Every person, one row per position held …
    # param: subject — IRI of one entity (kgid:person/…) to narrow to

followed by the SPARQL text.  kg's prefixes are predeclared, so a query can
use ``kg:``, ``kgid:``, ``schema:`` … without ``PREFIX`` lines.  Parameters are
bound by the engine (pyoxigraph ``substitutions``, rdflib ``initBindings``),
never pasted into the query text; a parameter must be a projected variable.

Examples
--------
>>> names = [q.name for q in catalogue()]
>>> "people" in names and "evidence" in names
True
>>> [p.name for p in resolve_query("evidence").params]
['subject']
>>> complete_query_names("co")
['cooccurrence', 'corroborated', 'countries']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import QueryError, UsageError
from kg.results import QueryResult, coerce_term
from kg.store import QueryBackend, SparqlSyntaxError

__all__ = [
    "QueryParam",
    "NamedQuery",
    "default_queries_dir",
    "catalogue",
    "resolve_query",
    "parse_query_text",
    "run",
    "complete_query_names",
    "bind_value",
    "inline_query",
    "run_named",
]


@dataclass(frozen=True)
class QueryParam:
    """A parameter a query accepts (``# param: name — description``)."""

    name: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """One question of the catalogue (or a query read from a ``.rq`` file).

    Attributes
    ----------
    name : str
        The catalogue name (file stem).
    title : str
        ``"Deutsch / English"`` as in the header.
    description : str
        One paragraph.
    params : tuple of QueryParam
        The parameters it accepts.
    text : str
        The whole file (header comments included: line numbers of errors refer to it).
    path : Path or None
        Where it was read from.
    """

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...] = ()
    text: str = ""
    path: Path | None = field(default=None, compare=False)
    any_params: bool = field(default=False, compare=False)

    @property
    def title_de(self) -> str:
        """The German half of the title."""
        return self.title.split(" / ", 1)[0].strip()

    @property
    def title_en(self) -> str:
        """The English half of the title (the German one if there is none)."""
        parts = self.title.split(" / ", 1)
        return (parts[1] if len(parts) > 1 else parts[0]).strip()

    @property
    def param_names(self) -> list[str]:
        """Names of the parameters, in header order."""
        return [p.name for p in self.params]


_HEADER_RE = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$", re.I)
_PARAM_RE = re.compile(r"^([A-Za-z_]\w*)\s*(?:[—–:]|-{1,2})?\s*(.*)$")


def parse_query_text(text: str, name: str = "query", path: Path | None = None) -> NamedQuery:
    """Read the comment header of a query.

    Continuation lines (``#`` followed by at least two spaces) extend the
    previous header field.

    Examples
    --------
    >>> q = parse_query_text("# title: A / B\\n# param: who — a person\\nSELECT ?who WHERE {}\\n", "x")
    >>> q.title_en, q.param_names, q.params[0].description
    ('B', ['who'], 'a person')
    """
    title = description = ""
    params: list[QueryParam] = []
    last: str | None = None
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if not s.startswith("#"):
            break
        m = _HEADER_RE.match(s)
        if m:
            key, value = m.group(1).lower(), m.group(2).strip()
            last = key
            if key == "title":
                title = value
            elif key == "description":
                description = value
            else:
                pm = _PARAM_RE.match(value)
                if not pm:
                    raise QueryError(f"bad '# param:' line in query {name}: {value}")
                params.append(QueryParam(pm.group(1), pm.group(2).strip()))
        elif re.match(r"^#\s{2,}\S", line) and last:
            extra = s[1:].strip()
            if last == "title":
                title = f"{title} {extra}".strip()
            elif last == "description":
                description = f"{description} {extra}".strip()
            elif params:
                p = params[-1]
                params[-1] = QueryParam(p.name, f"{p.description} {extra}".strip())
        else:
            last = None
    return NamedQuery(name, title, description, tuple(params), text, path)


def default_queries_dir() -> Path:
    """The catalogue directory: ``queries/`` beside the package, else ``kg/queries``."""
    import kg

    pkg = Path(kg.__file__).resolve().parent
    for candidate in (pkg.parent / "queries", pkg / "queries"):
        if candidate.is_dir() and any(candidate.glob("*.rq")):
            return candidate
    return pkg.parent / "queries"


def catalogue(queries_dir: Path | None = None) -> list[NamedQuery]:
    """All named queries, sorted by name.

    Parameters
    ----------
    queries_dir : Path, optional
        Where the ``.rq`` files are (default: :func:`default_queries_dir`).

    Raises
    ------
    DataError
        If the directory does not exist.
    """
    from kg.errors import DataError

    d = Path(queries_dir) if queries_dir is not None else default_queries_dir()
    if not d.is_dir():
        raise DataError(f"query catalogue not found: {d}")
    out = []
    for path in sorted(d.glob("*.rq")):
        out.append(parse_query_text(path.read_text(encoding="utf-8"), path.stem, path))
    return out


def resolve_query(spec: str, queries_dir: Path | None = None) -> NamedQuery:
    """A catalogue name or a path to a ``.rq`` file → :class:`NamedQuery`.

    Raises
    ------
    QueryError
        ``unknown query 'x' (try: kg query --list)``, or an unreadable file.

    Examples
    --------
    >>> resolve_query("nope")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: unknown query 'nope' (try: kg query --list)
    """
    by_name = {q.name: q for q in catalogue(queries_dir)}
    if spec in by_name:
        return by_name[spec]
    p = Path(spec)
    if p.suffix == ".rq" or "/" in spec or p.is_file():
        if not p.is_file():
            raise QueryError(f"no such query file: {spec}")
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read query file {spec}: {exc}") from None
        return parse_query_text(text, p.stem, p)
    raise QueryError(f"unknown query {spec!r} (try: kg query --list)")


def bind_value(value: str) -> object:
    """How a ``-p name=value`` string binds: IRI if it looks like one, else a plain literal.

    Examples
    --------
    >>> bind_value("kgid:person/x")
    rdflib.term.URIRef('https://w3id.org/kg-news/id/person/x')
    >>> bind_value("Karl")
    rdflib.term.Literal('Karl')
    """
    return coerce_term(value)


def run(
    store: QueryBackend,
    query: NamedQuery | str,
    params: Mapping[str, str] | None = None,
    *,
    name: str | None = None,
) -> QueryResult:
    """Run a query with parameters on any backend.

    Parameters
    ----------
    store : QueryBackend
        :class:`kg.store.KgStore`, :class:`kg.store.RdflibStore` or
        :class:`kg.endpoint.EndpointStore`.
    query : NamedQuery or str
        A catalogue entry or SPARQL text (its ``# param:`` header lines say
        which parameters it takes).
    params : dict, optional
        ``name → value``; values bind as by :func:`bind_value`.
    name : str, optional
        Name for error messages (default: the query's name).

    Raises
    ------
    UsageError
        A parameter the query does not declare.
    QueryError
        ``query NAME line L col C: message`` for malformed SPARQL (position
        in the query text as written), or an evaluation failure.

    Examples
    --------
    >>> from kg.store import memory_store
    >>> run(memory_store(), "SELECT ?x WHERE { ?x ?y }", name="mine")
    Traceback (most recent call last):
    ...
    kg.store.SparqlSyntaxError: query mine line 1 col 26: unexpected end of query, expected one of LATERAL, SERVICE
    >>> run(memory_store(), "SELECT ?x WHERE { }", {"x": "1"})
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: query takes no parameter 'x' (it takes none)
    """
    nq = query if isinstance(query, NamedQuery) else parse_query_text(query, name or "")
    label = name if name is not None else (nq.name or None)
    params = dict(params or {})
    allowed = nq.param_names
    for key in params:
        if key not in allowed and not nq.any_params:
            takes = ", ".join(allowed) if allowed else "none"
            who = f"query {label}" if label else "query"
            raise UsageError(f"{who} takes no parameter {key!r} (it takes {takes})")
    bindings = {k: bind_value(v) for k, v in params.items()}
    try:
        return store.query(nq.text, bindings=bindings or None)
    except SparqlSyntaxError as exc:
        raise exc.with_name(label) from None


def inline_query(text: str) -> NamedQuery:
    """A query given as text (``kg query -e``): it may bind any of its projected variables.

    Examples
    --------
    >>> q = inline_query("SELECT ?x WHERE { ?x a schema:Person }")
    >>> q.name, q.any_params
    ('', True)
    """
    nq = parse_query_text(text, "")
    return NamedQuery("", nq.title, nq.description, nq.params, text, None, any_params=True)


def run_named(store: QueryBackend, query: NamedQuery, params: Mapping[str, str] | None = None) -> QueryResult:
    """:func:`run` for a :class:`NamedQuery` (the name used by the command line)."""
    return run(store, query, params)


def complete_query_names(incomplete: str, queries_dir: Path | None = None) -> list[str]:
    """Catalogue names starting with *incomplete* (for shell completion)."""
    try:
        return [q.name for q in catalogue(queries_dir) if q.name.startswith(incomplete)]
    except Exception:  # completion must never fail loudly
        return []
