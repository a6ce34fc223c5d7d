"""Read articles: the first stage of the pipeline.

One input file is one article, except JSON Lines (one article a line) and CSV
(one article a row, ``text_column`` names the text).  A folder is read
recursively.  ``-`` reads one article from standard input.  A plain text file
may have a sidecar ``NAME.meta.json`` with ``title``, ``date``, ``source`` and
``language``.

Bad articles (binary, empty, huge, not text, not German) are *skipped* with a
one-line reason; a path that does not exist is an :class:`~kg.errors.InputError`.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("Die Regierung hat am Montag getagt.", encoding="utf-8")
>>> result = read_inputs([str(d / "a.txt")])
>>> [a.text for a in result.articles]
['Die Regierung hat am Montag getagt.']
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import html
import html.parser
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from kg.errors import InputError, UsageError

__all__ = ["Article", "Skipped", "ReadResult", "read_inputs", "article_from_text", "MAX_ARTICLE_BYTES"]

#: Articles larger than this are skipped ("too large").
MAX_ARTICLE_BYTES = 5_000_000
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv", ".tsv"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Very frequent German function words: a text with none of them is hardly German.
_GERMAN_WORDS = frozenset(
    "der die das und ist nicht mit sich auf für von den dem des ein eine im zu sie es auch "
    "bei nach wird hat sind wurde wie aus dass noch".split()
)
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Article:
    """One article's text and metadata.

    ``id`` is the first 16 hex digits of the SHA-256 of the text, so the same
    text read twice gets the same id (and IRI) wherever it comes from.
    """

    id: str
    text: str
    source_path: str
    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    language: str = "de"
    encoding_note: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not built, and why (one line)."""

    source_path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source_path}: {self.reason}"


@dataclass(slots=True)
class ReadResult:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def article_from_text(
    text: str,
    source_path: str,
    *,
    title: str | None = None,
    date: str | None = None,
    publisher: str | None = None,
    language: str = "de",
    encoding_note: str | None = None,
) -> Article:
    """Make an :class:`Article` from text (kept as it is, so offsets match the file).

    Examples
    --------
    >>> a = article_from_text("Hallo Welt.", "x.txt")
    >>> a.text, len(a.id)
    ('Hallo Welt.', 16)
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    if date and not _DATE.match(date):
        date = None
    return Article(
        id=digest,
        text=text,
        source_path=source_path,
        title=(title or None),
        date=date[:10] if date else None,
        publisher=publisher or None,
        language=language or "de",
        encoding_note=encoding_note,
    )


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return len(head) > 0 and controls / len(head) > 0.05


def _decode(data: bytes, path: str) -> tuple[str, str | None]:
    """UTF-8 (with or without BOM); else cp1252/latin-1 with a note."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return data.decode("cp1252"), "not UTF-8; read as cp1252"
    except UnicodeDecodeError:
        pass
    text = data.decode("latin-1")
    return text, f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}); read as latin-1"


def _check_text(text: str) -> str | None:
    """Reason to skip a decoded article, or None."""
    stripped = text.strip()
    if not stripped:
        return "empty"
    words = [w.lower() for w in _WORD.findall(stripped[:20000])]
    if len(words) >= 20:
        german = sum(1 for w in words if w in _GERMAN_WORDS)
        if german / len(words) < 0.03:
            return "not German text (too few German function words)"
    return None


class _HTMLText(html.parser.HTMLParser):
    """Extract the readable text of an HTML page (drops script, style, nav, header, footer, aside)."""

    _SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg", "iframe"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote", "figcaption"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: D401
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Readable text and ``<title>`` of an HTML page.

    Examples
    --------
    >>> html_to_text("<html><title>T</title><script>x()</script><p>Ein Satz.</p></html>")
    ('Ein Satz.', 'T')
    """
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    paragraphs = "\n\n".join(line for line in lines if line)
    title = " ".join("".join(parser.title).split()) or None
    return paragraphs, title


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or (
        "<body" in head and "</" in text[:20000]
    )


def _sidecar(path: Path) -> dict:
    meta_path = path.with_name(path.stem + ".meta.json")
    if not meta_path.is_file():
        return {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"bad metadata sidecar ({exc.__class__.__name__})", path=str(meta_path)) from None
    return meta if isinstance(meta, dict) else {}


def _iter_files(inputs: Sequence[str]) -> Iterator[tuple[str, Path | None]]:
    for spec in inputs:
        if spec == "-":
            yield spec, None
            continue
        path = Path(spec)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not p.name.startswith(".")
                and not p.name.endswith(".meta.json")
                and p.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES
            )
            for p in found:
                yield str(p), p
        elif path.exists():
            yield spec, path
        else:
            raise InputError("no such file or directory", path=spec)


def read_inputs(
    inputs: Sequence[str],
    *,
    text_column: str | None = None,
    delimiter: str | None = None,
    quotechar: str = '"',
    max_bytes: int | None = None,
    stdin: io.BufferedIOBase | None = None,
) -> ReadResult:
    """Read every article named by ``inputs`` (files, folders, ``-``).

    Parameters
    ----------
    inputs : sequence of str
        Paths as the user gave them.
    text_column : str, optional
        For CSV input: header name or 1-based column number of the text
        (default: a column named ``text``, else the last column).
    delimiter, quotechar : str
        CSV dialect (default delimiter: ``,``; ``\\t`` for ``.tsv``).
    max_bytes : int, optional
        Larger articles are skipped (default :data:`MAX_ARTICLE_BYTES`).

    Returns
    -------
    ReadResult
        Articles in input order (duplicates by content dropped) and skipped inputs.

    Raises
    ------
    InputError
        A named path does not exist, or a CSV column does not exist.
    """
    if not inputs:
        raise UsageError("no input given (name files, folders or - for stdin)")
    if max_bytes is None:
        max_bytes = MAX_ARTICLE_BYTES
    if delimiter is not None and len(delimiter) != 1:
        raise UsageError(f"--delimiter {delimiter!r}: must be exactly one character")
    if len(quotechar) != 1:
        raise UsageError(f"--quotechar {quotechar!r}: must be exactly one character")
    result = ReadResult()
    seen: dict[str, str] = {}

    def add(article: Article | Skipped) -> None:
        if isinstance(article, Skipped):
            result.skipped.append(article)
            return
        if article.id in seen:
            result.skipped.append(Skipped(article.source_path, f"duplicate of {seen[article.id]}"))
            return
        seen[article.id] = article.source_path
        result.articles.append(article)

    for name, path in _iter_files(inputs):
        if path is None:
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            for item in _articles_from_bytes(data, "<stdin>", None, max_bytes, text_column, delimiter, quotechar):
                add(item)
            continue
        try:
            size = path.stat().st_size
            if size > max_bytes * 50 and path.suffix.lower() not in JSONL_SUFFIXES | CSV_SUFFIXES:
                add(Skipped(name, f"too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit)"))
                continue
            data = path.read_bytes()
        except PermissionError:
            add(Skipped(name, "cannot read (permission denied)"))
            continue
        except OSError as exc:
            add(Skipped(name, f"cannot read ({exc.strerror or exc.__class__.__name__})"))
            continue
        for item in _articles_from_bytes(data, name, path, max_bytes, text_column, delimiter, quotechar):
            add(item)
    return result


def _articles_from_bytes(
    data: bytes,
    name: str,
    path: Path | None,
    max_bytes: int,
    text_column: str | None,
    delimiter: str | None,
    quotechar: str,
) -> Iterable[Article | Skipped]:
    suffix = path.suffix.lower() if path is not None else ""
    if not data.strip():
        yield Skipped(name, "empty")
        return
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, note = data.decode("utf-16"), "UTF-16 with byte-order mark"
        except UnicodeDecodeError:
            yield Skipped(name, "not UTF-8 text (broken UTF-16)")
            return
    elif _looks_binary(data):
        yield Skipped(name, "binary file, not text")
        return
    else:
        text, note = _decode(data, name)
    if suffix in JSONL_SUFFIXES:
        yield from _from_jsonl(text, name, max_bytes, note)
        return
    if suffix in CSV_SUFFIXES:
        delim = delimiter or ("\t" if suffix == ".tsv" else ",")
        yield from _from_csv(text, name, text_column, delim, quotechar, max_bytes, note)
        return
    if len(data) > max_bytes:
        yield Skipped(name, f"too large ({len(data) / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit)")
        return
    meta = _sidecar(path) if path is not None else {}
    title = meta.get("title")
    if suffix in HTML_SUFFIXES or _looks_like_html(text):
        text, html_title = html_to_text(text)
        title = title or html_title
    reason = _check_text(text)
    if reason:
        yield Skipped(name, reason)
        return
    yield article_from_text(
        text,
        name,
        title=title,
        date=meta.get("date"),
        publisher=meta.get("source") or meta.get("publisher"),
        language=meta.get("language", "de"),
        encoding_note=note,
    )


def _from_jsonl(text: str, name: str, max_bytes: int, note: str | None) -> Iterator[Article | Skipped]:
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"not valid JSON ({exc.msg})")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield Skipped(where, 'no "text" string')
            continue
        body = obj["text"]
        if len(body.encode("utf-8")) > max_bytes:
            yield Skipped(where, "too large")
            continue
        reason = _check_text(body)
        if reason:
            yield Skipped(where, reason)
            continue
        ident = obj.get("id")
        yield article_from_text(
            body,
            f"{name}#{ident}" if ident not in (None, "") else where,
            title=str(obj["title"]) if obj.get("title") else None,
            date=str(obj["date"]) if obj.get("date") else None,
            publisher=str(obj["source"]) if obj.get("source") else None,
            encoding_note=note,
        )


def _looks_like_header(rows: list[list[str]], index: int) -> bool:
    """Whether the first row names columns: one short word where the other rows hold article text."""
    if len(rows) < 2 or index >= len(rows[0]):
        return False
    cell = rows[0][index].strip()
    if not cell or len(cell) > 40 or any(c.isspace() for c in cell) or cell[-1] in ".!?":
        return False
    return any(index < len(r) and len(r[index]) > 200 and " " in r[index] for r in rows[1:50])


def _from_csv(
    text: str,
    name: str,
    text_column: str | None,
    delimiter: str,
    quotechar: str,
    max_bytes: int,
    note: str | None,
) -> Iterator[Article | Skipped]:
    csv.field_size_limit(max(max_bytes * 2, 1 << 20))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=quotechar)
    rows = list(reader)
    if not rows:
        return
    header = rows[0]
    index: int | None = None
    body_rows = rows
    if text_column is not None and text_column.isdigit():
        index = int(text_column) - 1
        if index < 0:
            raise InputError(f"--text-column {text_column}: columns are numbered from 1", path=name)
    else:
        wanted = (text_column or "text").strip().lower()
        names = [h.strip().lower() for h in header]
        if wanted in names:
            index = names.index(wanted)
            body_rows = rows[1:]
        elif text_column is not None:
            raise InputError(f"no column named {text_column!r} (header: {', '.join(header)[:200]})", path=name)
        else:
            index = len(header) - 1
            if _looks_like_header(rows, index):
                body_rows = rows[1:]  # e.g. "id,body": a header without a "text" column
    lower = [h.strip().lower() for h in header] if body_rows is not rows else []
    def col(row: list[str], key: str) -> str | None:
        if key in lower:
            i = lower.index(key)
            return row[i] if i < len(row) else None
        return None
    for rowno, row in enumerate(body_rows, start=2 if body_rows is not rows else 1):
        where = f"{name}:{rowno}"
        if index >= len(row):
            yield Skipped(where, f"row has no column {index + 1}")
            continue
        body = row[index]
        if len(body.encode("utf-8")) > max_bytes:
            yield Skipped(where, "too large")
            continue
        reason = _check_text(body)
        if reason:
            yield Skipped(where, reason)
            continue
        yield article_from_text(
            body,
            where,
            title=col(row, "title"),
            date=col(row, "date"),
            publisher=col(row, "source"),
            encoding_note=note,
        )
