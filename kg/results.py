"""Query results and the writers for the W3C result formats.

Every query backend of kg (the embedded store :mod:`kg.store`, the rdflib
backend, a remote endpoint :mod:`kg.endpoint`) returns a :class:`QueryResult`
holding rdflib terms, so the writers here work the same whatever engine ran
the query.

Writers (:func:`render`, :func:`write`):

``json``
    SPARQL 1.1 Query Results JSON Format (``application/sparql-results+json``).
``xml``
    SPARQL Query Results XML Format (``application/sparql-results+xml``).
``csv``
    SPARQL 1.1 Query Results CSV Format: plain values, CRLF line ends.
``tsv``
    SPARQL 1.1 Query Results TSV Format: terms in N-Triples syntax.
``table``
    An aligned terminal table: IRIs shortened with kg's prefixes, long cells
    cut with ``…``, East Asian wide characters counted as two columns.

``CONSTRUCT`` and ``DESCRIBE`` results are written as Turtle (``nt`` gives
N-Triples).  All output is deterministic: the same result gives the same bytes.

Examples
--------
>>> from rdflib import Literal, URIRef
>>> r = QueryResult(vars=["x", "name"],
...                 rows=[(URIRef("https://w3id.org/kg-news/id/person/a"), Literal("Ana", lang="de"))])
>>> render(r, "csv")
'x,name\\r\\nhttps://w3id.org/kg-news/id/person/a,Ana\\r\\n'
>>> render(r, "tsv")
'?x\\t?name\\n<https://w3id.org/kg-news/id/person/a>\\t"Ana"@de\\n'
>>> print(render(r, "table"), end="")
x              name
─────────────  ────
kgid:person/a  Ana
(1 row)
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal as TypingLiteral, TextIO, Union
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import quoteattr as _xml_quoteattr

from rdflib import BNode, Graph, Literal, URIRef

from kg import vocab
from kg.errors import UsageError

__all__ = [
    "Term",
    "Row",
    "QueryResult",
    "ResultFormat",
    "RESULT_FORMATS",
    "render",
    "write",
    "write_result",
    "rows_as_text",
    "to_json",
    "to_xml",
    "to_csv",
    "to_tsv",
    "to_table",
    "to_turtle",
    "nt_term",
    "shorten_iri",
    "display_width",
    "parse_json_result",
    "coerce_term",
]

#: An RDF term as the results carry it: an rdflib IRI, literal or blank node.
Term = Union[URIRef, Literal, BNode]
#: One solution: one term (or ``None`` for unbound) per variable.
Row = tuple[Union[Term, None], ...]

_XSD_STRING = str(vocab.XSD.string)
_RDF_LANGSTRING = str(vocab.RDF.langString)


@dataclass
class QueryResult:
    """The answer of one SPARQL query, engine-neutral.

    Parameters
    ----------
    vars : list of str
        The projected variable names without ``?``, in query order (empty for
        ``ASK``, ``CONSTRUCT`` and ``DESCRIBE``).
    rows : list of tuple
        The solutions of a ``SELECT``: one rdflib term or ``None`` (unbound)
        per variable, in the engine's order (kg's queries order totally).
    boolean : bool or None
        The answer of an ``ASK`` query, else ``None``.
    triples : list of tuple or None
        The triples of a ``CONSTRUCT``/``DESCRIBE`` query, else ``None``.

    Examples
    --------
    >>> from rdflib import Literal
    >>> r = QueryResult(vars=["n"], rows=[(Literal(1),), (None,)])
    >>> r.kind, len(r), r.column("n")
    ('select', 2, [rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')), None])
    >>> QueryResult(vars=[], rows=[], boolean=True).kind
    'ask'
    """

    vars: list[str]
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] | None = None

    @property
    def kind(self) -> TypingLiteral["select", "ask", "graph"]:
        """``"select"``, ``"ask"`` or ``"graph"`` (CONSTRUCT/DESCRIBE)."""
        if self.boolean is not None:
            return "ask"
        if self.triples is not None:
            return "graph"
        return "select"

    def __len__(self) -> int:
        if self.kind == "graph":
            return len(self.triples or [])
        return len(self.rows)

    def column(self, name: str) -> list[Term | None]:
        """All values of variable *name*, one per row."""
        i = self.vars.index(name)
        return [row[i] for row in self.rows]

    def dicts(self) -> list[dict[str, Term]]:
        """The rows as dictionaries of the bound variables only."""
        return [{v: t for v, t in zip(self.vars, row) if t is not None} for row in self.rows]

    def graph(self) -> Graph:
        """The triples of a CONSTRUCT/DESCRIBE result as an rdflib graph with kg's prefixes."""
        g = Graph(bind_namespaces="none")
        for prefix, ns in vocab.PREFIXES.items():
            g.bind(prefix, ns)
        for t in self.triples or []:
            g.add(t)
        return g


@dataclass(frozen=True)
class ResultFormat:
    """One output format of query results.

    Attributes
    ----------
    name : str
        The ``--format`` value.
    extension : str
        File name extension (with dot) for ``--out DIR``.
    media_type : str
        The media type (for HTTP content negotiation).
    """

    name: str
    extension: str
    media_type: str


#: The result formats by name (``table`` is for terminals only).
RESULT_FORMATS: dict[str, ResultFormat] = {
    "table": ResultFormat("table", ".txt", "text/plain; charset=utf-8"),
    "csv": ResultFormat("csv", ".csv", "text/csv; charset=utf-8"),
    "tsv": ResultFormat("tsv", ".tsv", "text/tab-separated-values; charset=utf-8"),
    "json": ResultFormat("json", ".json", "application/sparql-results+json"),
    "xml": ResultFormat("xml", ".srx", "application/sparql-results+xml"),
}


# ------------------------------------------------------------------ terms


def _is_simple(lit: Literal) -> bool:
    return lit.language is None and (lit.datatype is None or str(lit.datatype) == _XSD_STRING)


def nt_term(term: Term) -> str:
    """A term in N-Triples syntax (one line, always the full form).

    Examples
    --------
    >>> from rdflib import Literal, URIRef, BNode
    >>> nt_term(URIRef("http://ex/a"))
    '<http://ex/a>'
    >>> nt_term(Literal('say "hi"\\n', lang="de"))
    '"say \\\\"hi\\\\"\\\\n"@de'
    >>> nt_term(Literal("2021-06-16", datatype=vocab.XSD.date))
    '"2021-06-16"^^<http://www.w3.org/2001/XMLSchema#date>'
    >>> nt_term(BNode("b1"))
    '_:b1'
    """
    from kg.rdfio import term as _term

    return _term(term)


def coerce_term(value: object) -> Term:
    """Turn a parameter value into an RDF term.

    rdflib terms pass through.  A string that looks like an IRI (``http://…``,
    ``https://…``, ``urn:…``, ``<…>``) or a prefixed name with one of kg's
    prefixes (``kgid:person/x``) becomes an IRI; any other string becomes a
    plain literal (so user input can never change the query's structure).

    Examples
    --------
    >>> coerce_term("kgid:person/x")
    rdflib.term.URIRef('https://w3id.org/kg-news/id/person/x')
    >>> coerce_term("https://example.org/a")
    rdflib.term.URIRef('https://example.org/a')
    >>> coerce_term('x" } ; DROP ALL #')
    rdflib.term.Literal('x" } ; DROP ALL #')
    >>> coerce_term("Wien: Gipfel")
    rdflib.term.Literal('Wien: Gipfel')
    """
    if isinstance(value, (URIRef, Literal, BNode)):
        return value
    if not isinstance(value, str):
        return Literal(value)
    s = value.strip()
    if s.startswith("<") and s.endswith(">") and len(s) > 2 and not any(c.isspace() for c in s):
        return URIRef(s[1:-1])
    if any(c.isspace() for c in s) or '"' in s or "<" in s or ">" in s:
        return Literal(value)
    if s.startswith(("http://", "https://", "urn:")):
        return URIRef(s)
    prefix, sep, local = s.partition(":")
    if sep and prefix in vocab.PREFIXES and local and not local.startswith("//"):
        return URIRef(str(vocab.PREFIXES[prefix]) + local)
    return Literal(value)


_SHORT_PREFIXES: list[tuple[str, str]] = sorted(
    ((str(ns), p) for p, ns in vocab.PREFIXES.items()), key=lambda x: -len(x[0])
)


def shorten_iri(iri: str) -> str:
    """Shorten an IRI with kg's prefixes for display (``kgid:person/x``).

    The result is for reading, not for pasting into SPARQL (``/`` is not
    allowed unescaped in a SPARQL prefixed name).

    Examples
    --------
    >>> shorten_iri("https://w3id.org/kg-news/id/person/x")
    'kgid:person/x'
    >>> shorten_iri("http://example.org/a")
    'http://example.org/a'
    """
    for ns, prefix in _SHORT_PREFIXES:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


# ------------------------------------------------------------------ JSON


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    d = {"type": "literal", "value": str(term)}
    if term.language:
        d["xml:lang"] = term.language
    elif term.datatype is not None and str(term.datatype) != _XSD_STRING:
        d["datatype"] = str(term.datatype)
    return d


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON (unbound variables are left out of a binding).

    Examples
    --------
    >>> from rdflib import Literal
    >>> print(to_json(QueryResult(vars=["n"], rows=[(Literal(2),)])), end="")
    {
      "head": {
        "vars": [
          "n"
        ]
      },
      "results": {
        "bindings": [
          {
            "n": {
              "type": "literal",
              "value": "2",
              "datatype": "http://www.w3.org/2001/XMLSchema#integer"
            }
          }
        ]
      }
    }
    """
    if result.kind == "ask":
        doc: dict = {"head": {}, "boolean": bool(result.boolean)}
    else:
        _require_select(result, "json")
        bindings = [
            {v: _json_term(t) for v, t in zip(result.vars, row) if t is not None}
            for row in result.rows
        ]
        doc = {"head": {"vars": list(result.vars)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _term_from_json(d: dict) -> Term:
    t = d.get("type")
    if t == "uri":
        return URIRef(d["value"])
    if t == "bnode":
        return BNode(d["value"])
    if t in ("literal", "typed-literal"):
        lang = d.get("xml:lang")
        dt = d.get("datatype")
        if lang:
            return Literal(d["value"], lang=lang)
        if dt and dt not in (_XSD_STRING, _RDF_LANGSTRING):
            return Literal(d["value"], datatype=URIRef(dt))
        return Literal(d["value"])
    raise ValueError(f"unknown term type in SPARQL JSON results: {t!r}")


def parse_json_result(data: str | bytes) -> QueryResult:
    """Parse SPARQL 1.1 Query Results JSON back into a :class:`QueryResult`.

    Examples
    --------
    >>> from rdflib import Literal
    >>> r = QueryResult(vars=["n", "m"], rows=[(Literal("x", lang="de"), None)])
    >>> parse_json_result(to_json(r)) == r
    True
    """
    doc = json.loads(data)
    if "boolean" in doc:
        return QueryResult(vars=[], rows=[], boolean=bool(doc["boolean"]))
    names = list(doc.get("head", {}).get("vars", []))
    rows: list[Row] = []
    for b in doc.get("results", {}).get("bindings", []):
        rows.append(tuple(_term_from_json(b[v]) if v in b else None for v in names))
    return QueryResult(vars=names, rows=rows)


# ------------------------------------------------------------------ XML

_SRX_NS = "http://www.w3.org/2005/sparql-results#"


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format.

    Examples
    --------
    >>> from rdflib import Literal
    >>> print(to_xml(QueryResult(vars=["n"], rows=[(Literal("a", lang="de"),)])), end="")
    <?xml version="1.0" encoding="UTF-8"?>
    <sparql xmlns="http://www.w3.org/2005/sparql-results#">
      <head>
        <variable name="n"/>
      </head>
      <results>
        <result>
          <binding name="n"><literal xml:lang="de">a</literal></binding>
        </result>
      </results>
    </sparql>
    """
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{_SRX_NS}">']
    if result.kind == "ask":
        out += ["  <head/>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>"]
    else:
        _require_select(result, "xml")
        out.append("  <head>")
        out += [f"    <variable name={_xml_quoteattr(v)}/>" for v in result.vars]
        out += ["  </head>", "  <results>"]
        for row in result.rows:
            out.append("    <result>")
            for v, t in zip(result.vars, row):
                if t is None:
                    continue
                out.append(f"      <binding name={_xml_quoteattr(v)}>{_xml_term(t)}</binding>")
            out.append("    </result>")
        out.append("  </results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _xml_text(s: str) -> str:
    # escape &, <, > and make CR survive XML line-end normalisation
    return _xml_escape(s).replace("\r", "&#13;")


def _xml_term(t: Term) -> str:
    if isinstance(t, URIRef):
        return f"<uri>{_xml_text(str(t))}</uri>"
    if isinstance(t, BNode):
        return f"<bnode>{_xml_text(str(t))}</bnode>"
    if t.language:
        return f"<literal xml:lang={_xml_quoteattr(t.language)}>{_xml_text(str(t))}</literal>"
    if t.datatype is not None and str(t.datatype) != _XSD_STRING:
        return f"<literal datatype={_xml_quoteattr(str(t.datatype))}>{_xml_text(str(t))}</literal>"
    return f"<literal>{_xml_text(str(t))}</literal>"


# ------------------------------------------------------------------ CSV / TSV


def _csv_value(t: Term | None) -> str:
    if t is None:
        return ""
    if isinstance(t, BNode):
        return f"_:{t}"
    return str(t)


def _csv_field(s: str) -> str:
    if any(c in s for c in '",\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: header of names, plain values, CRLF line ends.

    Fields with a comma, quote or line break are quoted (RFC 4180); an
    unbound variable is an empty field.

    Examples
    --------
    >>> from rdflib import Literal
    >>> to_csv(QueryResult(vars=["a", "b"], rows=[(Literal("x, y"), None)]))
    'a,b\\r\\n"x, y",\\r\\n'
    """
    if result.kind == "ask":
        return "boolean\r\n" + ("true" if result.boolean else "false") + "\r\n"
    _require_select(result, "csv")
    lines = [",".join(_csv_field(v) for v in result.vars)]
    for row in result.rows:
        lines.append(",".join(_csv_field(_csv_value(t)) for t in row))
    return "".join(line + "\r\n" for line in lines)


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: ``?name`` header, N-Triples terms, LF line ends.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> to_tsv(QueryResult(vars=["a", "b"], rows=[(URIRef("http://ex/a"), Literal("t\\tu"))]))
    '?a\\t?b\\n<http://ex/a>\\t"t\\\\tu"\\n'
    """
    if result.kind == "ask":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    _require_select(result, "tsv")
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else nt_term(t) for t in row))
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ table


def display_width(s: str) -> int:
    """Terminal columns *s* takes: wide/fullwidth characters 2, combining marks 0.

    Examples
    --------
    >>> display_width("Wien"), display_width("東京"), display_width("e\\u0301")
    (4, 4, 1)
    """
    w = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def _truncate(s: str, width: int) -> str:
    if display_width(s) <= width:
        return s
    out, w = [], 0
    for ch in s:
        cw = display_width(ch)
        if w + cw > width - 1:
            break
        out.append(ch)
        w += cw
    return "".join(out) + "…"


def _cell(t: Term | None) -> str:
    if t is None:
        return ""
    if isinstance(t, URIRef):
        s = shorten_iri(str(t))
    elif isinstance(t, BNode):
        s = f"_:{t}"
    else:
        s = str(t)
    # one line per cell: control characters become visible or spaces
    return "".join(" " if ch in "\t\r\n" else ("�" if unicodedata.category(ch) == "Cc" else ch) for ch in s)


def _pad(s: str, width: int, right: bool) -> str:
    fill = " " * (width - display_width(s))
    return fill + s if right else s + fill


_NUMERIC = {str(vocab.XSD[x]) for x in ("integer", "decimal", "double", "float", "int", "long",
                                        "nonNegativeInteger", "positiveInteger")}


def to_table(result: QueryResult, *, max_width: int = 48) -> str:
    """A readable, aligned table for terminals.

    Parameters
    ----------
    result : QueryResult
        The result to show.
    max_width : int
        Longest cell in terminal columns; longer ones end in ``…``.

    Examples
    --------
    >>> from rdflib import Literal
    >>> r = QueryResult(vars=["name", "n"], rows=[(Literal("Wien"), Literal(3)), (Literal("東京"), None)])
    >>> print(to_table(r), end="")
    name  n
    ────  ─
    Wien  3
    東京
    (2 rows)
    """
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    if result.kind == "graph":
        return to_turtle(result)
    max_width = max(2, max_width)
    cells = [[_truncate(_cell(t), max_width) for t in row] for row in result.rows]
    right = [
        bool(result.rows)
        and all(t is None or (isinstance(t, Literal) and str(t.datatype) in _NUMERIC) for t in col)
        and any(t is not None for t in col)
        for col in zip(*result.rows)
    ] or [False] * len(result.vars)
    heads = [_truncate(v, max_width) for v in result.vars]
    widths = [display_width(h) for h in heads]
    for row in cells:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row)]
    lines = ["  ".join(_pad(h, w, False) for h, w in zip(heads, widths)).rstrip()]
    lines.append("  ".join("─" * w for w in widths))
    for row in cells:
        lines.append("  ".join(_pad(c, w, r) for c, w, r in zip(row, widths, right)).rstrip())
    n = len(result.rows)
    lines.append(f"({n} row{'' if n == 1 else 's'})")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ graphs


def to_turtle(result: QueryResult) -> str:
    """The triples of a CONSTRUCT/DESCRIBE result as Turtle with kg's prefixes."""
    return result.graph().serialize(format="turtle")


def _to_nt(result: QueryResult) -> str:
    lines = sorted({" ".join(nt_term(x) for x in t) + " ." for t in result.triples or []})
    return "".join(line + "\n" for line in lines)


# ------------------------------------------------------------------ dispatch


def _require_select(result: QueryResult, fmt: str) -> None:
    if result.kind != "select":
        raise UsageError(f"format {fmt} is for SELECT and ASK results")


def render(result: QueryResult, fmt: str = "table", *, max_width: int = 48) -> str:
    """The result as text in format *fmt*.

    Parameters
    ----------
    result : QueryResult
        What a query returned.
    fmt : str
        ``table``, ``csv``, ``tsv``, ``json`` or ``xml``.  A CONSTRUCT/DESCRIBE
        result is always Turtle (``nt``: N-Triples).
    max_width : int
        Longest cell of ``table``.

    Raises
    ------
    UsageError
        For an unknown format.

    Examples
    --------
    >>> render(QueryResult(vars=[], rows=[], boolean=True), "json")
    '{\\n  "head": {},\\n  "boolean": true\\n}\\n'
    """
    if result.kind == "graph":
        if fmt == "nt":
            return _to_nt(result)
        if fmt in RESULT_FORMATS or fmt in ("turtle", "ttl"):
            return to_turtle(result)
    if fmt == "table":
        return to_table(result, max_width=max_width)
    if fmt == "csv":
        return to_csv(result)
    if fmt == "tsv":
        return to_tsv(result)
    if fmt == "json":
        return to_json(result)
    if fmt == "xml":
        return to_xml(result)
    raise UsageError(f"unknown result format {fmt!r} (valid: {', '.join(RESULT_FORMATS)})")


def write(
    result: QueryResult,
    fmt: str,
    dest: Path | str | TextIO | BinaryIO,
    *,
    max_width: int = 48,
) -> None:
    """Write *result* in format *fmt* to a file path or an open stream.

    A path is written atomically (temporary file in the same directory, then
    :func:`os.replace`) as UTF-8 bytes, so CSV keeps its CRLF line ends.

    Examples
    --------
    >>> import io
    >>> buf = io.BytesIO()
    >>> write(QueryResult(vars=["a"], rows=[(None,)]), "csv", buf)
    >>> buf.getvalue()
    b'a\\r\\n\\r\\n'
    """
    text = render(result, fmt, max_width=max_width)
    if isinstance(dest, (str, os.PathLike)):
        path = Path(dest)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(text.encode("utf-8"))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return
    if isinstance(dest, io.TextIOBase) or hasattr(dest, "encoding"):
        dest.write(text)  # type: ignore[arg-type]
    else:
        dest.write(text.encode("utf-8"))  # type: ignore[arg-type]


#: Alias of :func:`write` (the name the command line uses).
write_result = write


def rows_as_text(result: QueryResult) -> list[tuple[str, ...]]:
    """Rows as tuples of N-Triples strings (``""`` for unbound): handy for comparisons.

    Examples
    --------
    >>> from rdflib import Literal
    >>> rows_as_text(QueryResult(vars=["a", "b"], rows=[(Literal("x"), None)]))
    [('"x"', '')]
    """
    return [tuple("" if t is None else nt_term(t) for t in row) for row in result.rows]
