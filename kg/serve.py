"""``kg serve``: a read-only SPARQL 1.1 endpoint over the built graph.

The preferred server is the Oxigraph server binary shipped by the ``oxigraph``
PyPI package, started as::

    oxigraph serve-read-only --location OUT/store --bind HOST:PORT

The store's default graph is the materialised union of the article graphs
(see :mod:`kg.store`), so queries see the same graph as ``kg query``; for a
store without it, ``--union-default-graph`` is added.  When the
binary is missing, a small standard-library server (:func:`make_fallback_server`)
speaks the same protocol over :class:`kg.store.KgStore`: ``GET``/``POST`` of
``query`` at ``/query`` (also ``/`` and ``/sparql``), content negotiation for
SPARQL JSON, XML, CSV and TSV (Turtle/N-Triples for CONSTRUCT), and ``403`` for
updates.  Both bind to 127.0.0.1 unless told otherwise.

Examples
--------
>>> url_for("127.0.0.1", 7878)
'http://127.0.0.1:7878/query'
>>> url_for("::1", 7878)
'http://[::1]:7878/query'
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.errors import EndpointError, KgError, UsageError
from kg.results import render, to_json
from kg.store import KgStore, SparqlSyntaxError, find_store_dir, open_store

__all__ = [
    "find_oxigraph",
    "oxigraph_command",
    "url_for",
    "RunningServer",
    "start_server",
    "wait_ready",
    "make_fallback_server",
    "serve",
]


def find_oxigraph() -> str | None:
    """Path of the ``oxigraph`` server binary (PATH, then beside the Python executable)."""
    found = shutil.which("oxigraph")
    if found:
        return found
    for cand in (Path(sys.executable).parent / "oxigraph", Path(sys.executable).parent / "oxigraph.exe"):
        if cand.is_file():
            return str(cand)
    return None


_HELP_CACHE: dict[str, str] = {}


def _supports_union_flag(binary: str) -> bool:
    if binary not in _HELP_CACHE:
        try:
            out = subprocess.run(
                [binary, "serve-read-only", "--help"], capture_output=True, text=True, timeout=20, check=False
            )
            _HELP_CACHE[binary] = out.stdout + out.stderr
        except (OSError, subprocess.SubprocessError):
            _HELP_CACHE[binary] = ""
    return "--union-default-graph" in _HELP_CACHE[binary]


def _bind(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def url_for(host: str, port: int) -> str:
    """The query URL of a server bound to *host*:*port*."""
    return f"http://{_bind(host, port)}/query"


def oxigraph_command(binary: str, store_dir: Path, host: str, port: int, *, union: bool = False) -> list[str]:
    """The command line that serves *store_dir* read-only.

    *union* adds ``--union-default-graph``: needed only for stores whose
    default graph is not the materialised union (see :mod:`kg.store`).
    """
    cmd = [binary, "serve-read-only", "--location", str(store_dir), "--bind", _bind(host, port)]
    return cmd + ["--union-default-graph"] if union else cmd


@dataclass
class RunningServer:
    """A started endpoint: a child process or an in-process fallback server.

    Use as a context manager, or call :meth:`stop`.
    """

    url: str
    kind: str
    process: subprocess.Popen | None = None
    httpd: ThreadingHTTPServer | None = None
    store: KgStore | None = None
    _thread: threading.Thread | None = field(default=None, repr=False)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def alive(self) -> bool:
        """Whether the server is still running."""
        if self.process is not None:
            return self.process.poll() is None
        return self._thread is not None and self._thread.is_alive()

    def wait(self) -> int:
        """Block until the server ends; its exit status."""
        if self.process is not None:
            return self.process.wait()
        if self._thread is not None:
            while self._thread.is_alive():
                self._thread.join(0.5)
        return 0

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server (terminate, then kill after *timeout* seconds)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None
        if self._thread is not None:
            self._thread.join(timeout)
        if self.store is not None:
            self.store.close()
            self.store = None


def wait_ready(url: str, *, timeout: float = 30.0, server: RunningServer | None = None) -> None:
    """Wait until *url* answers ``ASK {}`` (bounded retries with back-off).

    Raises
    ------
    EndpointError
        Not ready within *timeout* seconds, or the server process died.
    """
    from kg.endpoint import EndpointStore

    ep = EndpointStore(url, timeout=5)
    deadline = time.monotonic() + timeout
    delay = 0.05
    last = "no answer"
    while time.monotonic() < deadline:
        if server is not None and not server.alive():
            code = server.process.returncode if server.process else "?"
            err = ""
            if server.process is not None and server.process.stderr is not None:
                err = " ".join(server.process.stderr.read().decode("utf-8", "replace").split())[:300]
            raise EndpointError(f"the SPARQL server stopped (exit {code}){': ' + err if err else ''}")
        try:
            if ep.query("ASK {}").boolean is not None:
                return
        except KgError as exc:
            last = str(exc)
        time.sleep(delay)
        delay = min(delay * 2, 0.5)
    raise EndpointError(f"SPARQL server at {url} not ready after {timeout:g} s ({last})")


def start_server(
    out_dir: Path | str,
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    engine: str = "auto",
    ready_timeout: float = 30.0,
) -> RunningServer:
    """Start a read-only endpoint over the store in *out_dir* and wait until it answers.

    Parameters
    ----------
    out_dir : Path
        The output directory of ``kg build`` (or the store directory itself).
    host, port
        Where to listen; 127.0.0.1 keeps it local.
    engine : {"auto", "oxigraph", "python"}
        ``auto`` uses the Oxigraph binary when it is installed, else the
        standard-library server.

    Raises
    ------
    DataError
        No graph built in *out_dir*.
    UsageError
        ``engine="oxigraph"`` but the binary is missing.
    EndpointError
        The server did not come up.
    """
    store_dir = find_store_dir(out_dir)
    url = url_for(host, port)
    with open_store(store_dir) as probe:
        need_union_flag = not probe.union_materialised
    binary = find_oxigraph() if engine in ("auto", "oxigraph") else None
    if binary is not None and need_union_flag and not _supports_union_flag(binary):
        binary = None
    if engine == "oxigraph" and binary is None:
        raise UsageError("the oxigraph server binary is not installed (pip install oxigraph)")
    if binary is not None:
        proc = subprocess.Popen(
            oxigraph_command(binary, store_dir, host, port, union=need_union_flag),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        server = RunningServer(url=url, kind="oxigraph", process=proc)
    else:
        store = open_store(store_dir)
        try:
            httpd = make_fallback_server(store, host, port)
        except OSError as exc:
            store.close()
            raise EndpointError(f"cannot listen on {_bind(host, port)}: {exc.strerror or exc}") from None
        url = url_for(host, httpd.server_address[1])  # the real port when *port* is 0
        thread = threading.Thread(target=httpd.serve_forever, name="kg-sparql", daemon=True)
        thread.start()
        server = RunningServer(url=url, kind="python", httpd=httpd, store=store, _thread=thread)
    try:
        wait_ready(url, timeout=ready_timeout, server=server)
    except BaseException:
        server.stop()
        raise
    return server


def serve(out_dir: Path | str, host: str = "127.0.0.1", port: int = 7878, *, engine: str = "auto") -> None:
    """Serve the graph in *out_dir* read-only until interrupted (Ctrl-C).

    Prints the query URL on stderr.  See :func:`start_server` for the errors.
    """
    server = start_server(out_dir, host, port, engine=engine)
    what = "Oxigraph" if server.kind == "oxigraph" else "kg (Python)"
    print(f"SPARQL endpoint ({what}, read-only): {server.url}  — Ctrl-C to stop", file=sys.stderr, flush=True)
    try:
        code = server.wait()
        if code:
            raise EndpointError(f"the SPARQL server stopped with exit status {code}")
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


# ------------------------------------------------------------------ fallback server

_RESULT_TYPES = [
    ("application/sparql-results+json", "json"),
    ("application/json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("application/xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
]
_GRAPH_TYPES = [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("text/plain", "nt")]


def _negotiate(accept: str, offers: list[tuple[str, str]]) -> tuple[str, str]:
    """Pick the best offer for an Accept header (quality values honoured; default: first offer)."""
    best: tuple[float, int, tuple[str, str]] | None = None
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        mt = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        for offer in offers:
            t = offer[0]
            if mt in (t, "*/*") or (mt.endswith("/*") and t.startswith(mt[:-1])):
                cand = (q, -i, offer)
                if best is None or cand[:2] > best[:2]:
                    best = cand
                break
    return best[2] if best else offers[0]


class _Handler(BaseHTTPRequestHandler):
    server_version = "kg-sparql/1"
    store: KgStore  # set on the subclass made by make_fallback_server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, msg: str) -> None:
        self._send(status, (msg + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        parts = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        if parts.path not in ("/", "/query", "/sparql"):
            return self._text(404, "not found")
        if "update" in params:
            return self._text(403, "this endpoint is read-only")
        if "query" not in params:
            return self._text(200, "kg SPARQL endpoint (read-only): send a query to /query")
        self._answer(params["query"][0])

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        parts = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if parts.path == "/update" or ctype == "application/sparql-update":
            return self._text(403, "this endpoint is read-only")
        if parts.path not in ("/", "/query", "/sparql"):
            return self._text(404, "not found")
        if ctype == "application/sparql-query":
            return self._answer(body.decode("utf-8", "replace"))
        if ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in form:
                return self._text(403, "this endpoint is read-only")
            if "query" in form:
                return self._answer(form["query"][0])
            return self._text(400, "missing query parameter")
        return self._text(415, f"unsupported content type {ctype or 'none'}")

    def do_PUT(self) -> None:  # noqa: N802 - stdlib name
        self._text(403, "this endpoint is read-only")

    do_DELETE = do_PATCH = do_PUT

    def _answer(self, text: str) -> None:
        if _looks_like_update(text):
            return self._text(403, "this endpoint is read-only")
        try:
            result = self.store.query(text)
        except SparqlSyntaxError as exc:
            pos = f"error at {exc.line}:{exc.column}: " if exc.line is not None else ""
            return self._text(400, f"{pos}{exc.detail}")
        except KgError as exc:
            return self._text(400, str(exc))
        accept = self.headers.get("Accept") or "*/*"
        if result.kind == "graph":
            mt, fmt = _negotiate(accept, _GRAPH_TYPES)
            data = render(result, "nt" if fmt == "nt" else "turtle")
            return self._send(200, data.encode("utf-8"), f"{mt}; charset=utf-8")
        mt, fmt = _negotiate(accept, _RESULT_TYPES)
        data = to_json(result) if fmt == "json" else render(result, fmt)
        charset = "" if mt.startswith("application/sparql-results") else "; charset=utf-8"
        self._send(200, data.encode("utf-8"), mt + charset)


def _looks_like_update(text: str) -> bool:
    from kg.endpoint import _strip_comments_and_strings

    blank = _strip_comments_and_strings(text)
    blank = re.sub(r"(?is)^\s*((PREFIX\s+[\w.\-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", blank)
    return re.match(r"(?i)(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", blank) is not None


def make_fallback_server(store: KgStore, host: str = "127.0.0.1", port: int = 7878) -> ThreadingHTTPServer:
    """A threading HTTP server answering SPARQL queries from *store* (call ``serve_forever``).

    Examples
    --------
    >>> from kg.store import memory_store
    >>> httpd = make_fallback_server(memory_store(), "127.0.0.1", 0)
    >>> httpd.server_address[0]
    '127.0.0.1'
    >>> httpd.server_close()
    """
    handler = type("KgSparqlHandler", (_Handler,), {"store": store})
    server_cls = ThreadingHTTPServer
    if ":" in host:
        import socket

        server_cls = type("V6Server", (ThreadingHTTPServer,), {"address_family": socket.AF_INET6})
    httpd = server_cls((host, port), handler)
    httpd.daemon_threads = True
    return httpd
