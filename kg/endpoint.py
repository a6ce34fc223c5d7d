"""Talk to a remote SPARQL 1.1 endpoint (Oxigraph, Fuseki, GraphDB, ``kg serve`` …).

* :class:`EndpointStore` has the same ``.query()`` interface as
  :class:`kg.store.KgStore`, over the SPARQL 1.1 Protocol (``POST
  application/sparql-query``, results as SPARQL JSON).
* :func:`upload` puts a dataset into an endpoint for ``kg build --endpoint``:
  one ``PUT`` per named graph (SPARQL 1.1 Graph Store HTTP Protocol), or,
  when the server has no graph store, ``INSERT DATA`` updates.

Only the standard library (:mod:`urllib`) is used.

Examples
--------
>>> EndpointStore("http://127.0.0.1:7878").url
'http://127.0.0.1:7878/query'
>>> endpoint_urls("http://127.0.0.1:7878/query")
EndpointUrls(query='http://127.0.0.1:7878/query', update='http://127.0.0.1:7878/update', store='http://127.0.0.1:7878/store')
>>> endpoint_urls("http://localhost:3030/ds/sparql").store
'http://localhost:3030/ds/data'
"""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg import vocab
from kg.errors import EndpointError, QueryError
from kg.results import QueryResult, coerce_term, nt_term, parse_json_result
from kg.store import SparqlSyntaxError, nquad_lines, parse_syntax_error

__all__ = ["EndpointUrls", "endpoint_urls", "EndpointStore", "UploadInfo", "upload", "with_prefixes", "insert_values"]

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


@dataclass(frozen=True)
class EndpointUrls:
    """The three URLs of an endpoint: SPARQL query, SPARQL update, graph store."""

    query: str
    update: str
    store: str


def endpoint_urls(url: str, *, store_url: str | None = None, update_url: str | None = None) -> EndpointUrls:
    """Derive query/update/graph-store URLs from one endpoint URL.

    A bare server URL (``http://host:7878``) or one ending in ``/query`` gets
    Oxigraph's layout (``/query``, ``/update``, ``/store``); one ending in
    ``/sparql`` gets Fuseki's (``/sparql``, ``/update``, ``/data``).  Other
    URLs are used as the query URL as they are; pass *store_url* and
    *update_url* explicitly for those.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"not an http(s) endpoint URL: {url}")
    path = parts.path.rstrip("/")
    if path.endswith("/query") or path.endswith("/sparql") or path == "":
        base_path = path.rsplit("/", 1)[0] if path else ""
        q_path = path or "/query"
        store_name = "data" if path.endswith("/sparql") else "store"
    else:
        base_path, q_path, store_name = path, path, "store"
    base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, base_path, "", ""))
    query = urllib.parse.urlunsplit((parts.scheme, parts.netloc, q_path, parts.query, ""))
    return EndpointUrls(
        query=query,
        update=update_url or f"{base}/update",
        store=store_url or f"{base}/{store_name}",
    )


# ------------------------------------------------------------------ query text helpers

_DECLARED = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.\-]*)?\s*:")


def with_prefixes(sparql: str) -> tuple[str, int]:
    """Prepend kg's missing ``PREFIX`` declarations on the first line.

    They go on the same line as the query's first line, so line numbers of
    error messages stay those of *sparql*; the second value is how many
    characters line 1 was shifted by.

    Examples
    --------
    >>> text, shift = with_prefixes("PREFIX kg: <http://x/>\\nSELECT * {}")
    >>> "PREFIX kg: <https" in text, text.count("\\n"), shift == text.index("PREFIX kg: <http://x/>")
    (False, 1, True)
    """
    declared = {m.group(1) or "" for m in _DECLARED.finditer(_strip_comments_and_strings(sparql))}
    header = "".join(f"PREFIX {p}: <{ns}> " for p, ns in vocab.PREFIXES.items() if p not in declared)
    return header + sparql, len(header)


def _strip_comments_and_strings(text: str) -> str:
    """Text with comments, strings and IRIs blanked out (same length)."""
    out = list(text)
    i, n = 0, len(text)
    iri = re.compile(r"<[^<>\"{}|^`\\\s]*>")
    while i < n:
        ch = text[i]
        if ch == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out[i:j] = " " * (j - i)
            i = j
        elif ch in "\"'":
            q3 = text[i:i + 3]
            if q3 in ('"""', "'''"):
                j = text.find(q3, i + 3)
                j = n if j < 0 else j + 3
            else:
                j = i + 1
                while j < n and text[j] != ch and text[j] != "\n":
                    j += 2 if text[j] == "\\" else 1
                j = min(n, j + 1)
            out[i:j] = [c if c == "\n" else " " for c in text[i:j]]
            i = j
        elif ch == "<" and (m := iri.match(text, i)):
            j = m.end()
            out[i + 1:j - 1] = " " * (j - i - 2)
            i = j
        else:
            i += 1
    return "".join(out)


def insert_values(sparql: str, bindings: Mapping[str, Any]) -> tuple[str, int, int, int]:
    """Bind variables by a ``VALUES`` block at the start of the WHERE group.

    The terms are written in N-Triples syntax by :func:`kg.results.nt_term`
    (escaped, never pasted raw), so a value cannot change the query's
    structure.  Returns the new text, the insertion line and column (1-based)
    and the length of the inserted text (all on one line).

    Examples
    --------
    >>> insert_values("SELECT ?s WHERE { ?s ?p ?o }", {"s": 'x" } DROP ALL #'})[0]
    'SELECT ?s WHERE { VALUES (?s) { ("x\\\\" } DROP ALL #") } ?s ?p ?o }'
    """
    if not bindings:
        return sparql, 0, 0, 0
    blank = _strip_comments_and_strings(sparql)
    depth, seen_where, pos = 0, False, None
    construct = re.match(r"(?is)\s*(?:(?:PREFIX|BASE)\b[^<]*<[^>]*>\s*)*CONSTRUCT\b", blank) is not None
    for m in re.finditer(r"[{}]|\bWHERE\b", blank, re.I):
        tok = m.group(0)
        if tok == "{":
            if depth == 0 and (seen_where or not construct):
                pos = m.end()
                break
            depth += 1
        elif tok == "}":
            depth -= 1
        elif depth == 0:
            seen_where = True
    if pos is None:
        raise QueryError("cannot bind parameters: no WHERE clause found")
    names = list(bindings)
    terms = [nt_term(coerce_term(bindings[k])) for k in names]
    block = f" VALUES ({' '.join('?' + k for k in names)}) {{ ({' '.join(terms)}) }}"
    line = sparql.count("\n", 0, pos) + 1
    col = pos - (sparql.rfind("\n", 0, pos) + 1) + 1
    return sparql[:pos] + block + sparql[pos:], line, col, len(block)


# ------------------------------------------------------------------ HTTP


def _reason(exc: BaseException) -> str:
    r = getattr(exc, "reason", exc)
    return " ".join(str(r).split()) or type(exc).__name__


def _http(
    url: str,
    *,
    data: bytes | None = None,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    timeout: float = 60.0,
) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        body = exc.read() if exc.fp is not None else b""
        return exc.code, exc.headers.get("Content-Type", "") if exc.headers else "", body
    except (urllib.error.URLError, socket.timeout, ConnectionError, OSError) as exc:
        raise EndpointError(f"cannot reach {url}: {_reason(exc)}") from None


class EndpointStore:
    """Query a SPARQL 1.1 endpoint with the interface of :class:`kg.store.KgStore`.

    Parameters
    ----------
    url : str
        The query URL (``http://127.0.0.1:7878/query``) or the server URL.
    timeout : float
        Seconds to wait for an answer.

    Notes
    -----
    kg's prefixes are added to the query text when it does not declare them;
    parameters are bound by a ``VALUES`` block (see :func:`insert_values`)
    since the protocol has no substitution.  The endpoint should treat the
    default graph as the union of the named graphs (``kg serve`` does).
    """

    def __init__(self, url: str, *, timeout: float = 60.0) -> None:
        self.urls = endpoint_urls(url)
        self.url = self.urls.query
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"EndpointStore({self.url!r})"

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        """Run *sparql* on the endpoint; errors as :meth:`kg.store.KgStore.query`.

        Raises
        ------
        EndpointError
            The endpoint cannot be reached or fails.
        SparqlSyntaxError
            The endpoint rejected the query as malformed.
        """
        text, ins_line, ins_col, ins_len = insert_values(sparql, bindings or {})
        full, shift = with_prefixes(text)
        status, ctype, body = _http(
            self.url,
            data=full.encode("utf-8"),
            method="POST",
            headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": _ACCEPT},
            timeout=self.timeout,
        )
        if status == 400:
            msg = body.decode("utf-8", "replace").strip()
            if re.search(r"error at \d+:\d+", msg):
                err = parse_syntax_error(msg[msg.index("error at"):], text, column_offset_line1=shift)
                if err.line == ins_line and err.column is not None and err.column > ins_col:
                    err = SparqlSyntaxError(err.detail, err.line, max(ins_col, err.column - ins_len))
                raise err
            raise QueryError(f"the endpoint rejected the query: {' '.join(msg.split())[:300]}")
        if status >= 300:
            msg = " ".join(body.decode("utf-8", "replace").split())[:300]
            raise EndpointError(f"{self.url} answered HTTP {status}: {msg or 'no message'}")
        mt = ctype.split(";")[0].strip().lower()
        try:
            if mt in ("application/sparql-results+json", "application/json"):
                return parse_json_result(body)
            if mt in ("application/n-triples", "text/turtle", "text/plain"):
                g = Graph()
                g.parse(data=body.decode("utf-8"), format="nt" if mt != "text/turtle" else "turtle")
                return QueryResult(vars=[], rows=[], triples=list(g))  # type: ignore[arg-type]
        except (ValueError, KeyError) as exc:
            raise EndpointError(f"{self.url} sent unreadable results: {exc}") from None
        raise EndpointError(f"{self.url} answered with unsupported media type {mt or 'none'}")

    def ping(self) -> bool:
        """Whether the endpoint answers ``ASK {}``."""
        try:
            return self.query("ASK {}").boolean is not None
        except (EndpointError, QueryError):
            return False


# ------------------------------------------------------------------ upload


@dataclass(frozen=True)
class UploadInfo:
    """What :func:`upload` sent: graphs, triples, and ``"graph-store"`` or ``"update"``."""

    graphs: int
    triples: int
    method: str


def _graphs_of(ds: Dataset | Graph) -> dict[URIRef | None, list[str]]:
    out: dict[URIRef | None, list[str]] = {}
    if isinstance(ds, Dataset):
        for s, p, o, g in ds.quads((None, None, None, None)):
            gid = getattr(g, "identifier", g)
            key = None if gid is None or gid == DATASET_DEFAULT_GRAPH_ID else gid
            out.setdefault(key, []).append(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n")
    else:
        out[None] = [line for line in nquad_lines(ds)]
    return {k: sorted(set(v)) for k, v in out.items()}


def upload(
    url: str,
    ds: Dataset | Graph,
    *,
    store_url: str | None = None,
    update_url: str | None = None,
    method: str = "auto",
    timeout: float = 120.0,
    chunk: int = 5000,
) -> UploadInfo:
    """Put every graph of *ds* into the endpoint at *url*, replacing graphs of the same name.

    Parameters
    ----------
    url : str
        The endpoint (see :func:`endpoint_urls` for the derived URLs).
    ds : rdflib.Dataset
        The dataset; each named graph is sent as a whole.
    store_url, update_url : str, optional
        Graph store and update URLs when they cannot be derived from *url*.
    method : {"auto", "graph-store", "update"}
        ``auto`` tries the Graph Store Protocol and falls back to SPARQL
        UPDATE when the server has no graph store (404/405/415).
    chunk : int
        Triples per ``INSERT DATA`` request.

    Raises
    ------
    EndpointError
        The endpoint cannot be reached or refuses the data.
    """
    urls = endpoint_urls(url, store_url=store_url, update_url=update_url)
    graphs = _graphs_of(ds)
    order = sorted(graphs, key=lambda g: (g is not None, str(g or "")))
    use_update = method == "update"
    total = 0
    for gid in order:
        lines = graphs[gid]
        total += len(lines)
        if not use_update:
            target = f"{urls.store}?" + ("default" if gid is None else urllib.parse.urlencode({"graph": str(gid)}))
            status, _, body = _http(
                target,
                data="".join(lines).encode("utf-8"),
                method="PUT",
                headers={"Content-Type": "application/n-triples"},
                timeout=timeout,
            )
            if status < 300:
                continue
            if method == "auto" and status in (404, 405, 415, 501):
                use_update = True
            else:
                msg = " ".join(body.decode("utf-8", "replace").split())[:300]
                raise EndpointError(f"{urls.store} refused graph {gid or 'default'}: HTTP {status} {msg}")
        _update_graph(urls.update, gid, lines, timeout=timeout, chunk=chunk)
    return UploadInfo(len(order), total, "update" if use_update else "graph-store")


def _update_graph(update_url: str, gid: URIRef | None, lines: list[str], *, timeout: float, chunk: int) -> None:
    def send(text: str) -> None:
        status, _, body = _http(
            update_url,
            data=text.encode("utf-8"),
            method="POST",
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
            timeout=timeout,
        )
        if status >= 300:
            msg = " ".join(body.decode("utf-8", "replace").split())[:300]
            raise EndpointError(f"{update_url} refused the update: HTTP {status} {msg}")

    target = "DEFAULT" if gid is None else f"GRAPH {nt_term(gid)}"
    send(f"DROP SILENT {target}")
    for i in range(0, len(lines), max(1, chunk)):
        body = "".join(lines[i:i + chunk])
        if gid is None:
            send(f"INSERT DATA {{\n{body}}}")
        else:
            send(f"INSERT DATA {{ GRAPH {nt_term(gid)} {{\n{body}}} }}")
