"""kg serve / kg.endpoint: a real SPARQL server process on 127.0.0.1, queried over HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Dataset, Literal

from kg import vocab
from kg.endpoint import EndpointStore, endpoint_urls, insert_values, upload, with_prefixes
from kg.errors import DataError, EndpointError, QueryError
from kg.query import catalogue, resolve_query, run
from kg.results import rows_as_text
from kg.serve import RunningServer, find_oxigraph, start_server, wait_ready
from kg.store import open_store

ID = vocab.ID


def in_ci() -> bool:
    return os.environ.get("CI", "") not in ("", "0", "false")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]




def need_oxigraph() -> str:
    binary = find_oxigraph()
    if binary is None:
        if in_ci():
            pytest.fail("the oxigraph server binary must be installed under CI (pip install oxigraph)")
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    return binary


@pytest.fixture(scope="module")
def embedded(built):
    with open_store(built) as store:
        yield store


@pytest.fixture(scope="module")
def oxigraph_server(built):
    need_oxigraph()
    server = start_server(built, "127.0.0.1", free_port(), engine="oxigraph")
    try:
        assert server.kind == "oxigraph"
        yield server
    finally:
        server.stop()
        assert server.process.poll() is not None  # the process is gone


@pytest.fixture(scope="module")
def python_server(built):
    server = start_server(built, "127.0.0.1", 0, engine="python")
    try:
        assert server.kind == "python"
        yield server
    finally:
        server.stop()
        assert not server.alive()


@pytest.fixture(scope="module", params=["oxigraph", "python"])
def server(request) -> RunningServer:
    return request.getfixturevalue(f"{request.param}_server")


def http(url: str, *, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


# ------------------------------------------------------------------ catalogue over HTTP


@pytest.mark.parametrize("q", catalogue(), ids=lambda q: q.name)
def test_catalogue_through_the_endpoint_matches_the_embedded_store(q, server, embedded):
    remote = EndpointStore(server.url)
    assert rows_as_text(run(remote, q)) == rows_as_text(run(embedded, q))


def test_parameters_through_the_endpoint(server, embedded):
    remote = EndpointStore(server.url)
    q = resolve_query("evidence")
    params = {"subject": "kgid:person/eva-lindner"}
    got = run(remote, q, params)
    assert len(got.rows) == 4
    assert rows_as_text(got) == rows_as_text(run(embedded, q, params))
    evil = {"subject": 'x" } ; DROP ALL #'}
    assert run(remote, q, evil).rows == []
    assert len(run(remote, q).rows) == 116


def test_union_has_set_semantics_over_http(server):
    r = EndpointStore(server.url).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(r.rows[0][0]) == 957  # 918 distinct triples in the article graphs + 39 in the summary graph


def test_syntax_errors_over_http_point_into_the_user_text(server):
    remote = EndpointStore(server.url)
    with pytest.raises(QueryError) as exc:
        run(remote, "SELECT ?x WHERE {\n  ?x a nope:Thing }", name="bad")
    assert str(exc.value) == "query bad line 2 col 8: unknown prefix 'nope:'"
    with pytest.raises(QueryError) as exc:
        run(remote, "SELECT ?x WHERE { ?x a kg:Meeting ", name="bad")
    assert str(exc.value) == (
        'query bad line 1 col 35: unexpected end of query, expected one of ",", ".", ";", "{", "{|", "}", "~"')


def test_the_endpoint_is_read_only(server):
    base = server.url.rsplit("/", 1)[0]
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    status, _, _ = http(base + "/update", data=update.encode(), headers={"Content-Type": "application/sparql-update"})
    assert status >= 400
    status, _, _ = http(server.url, data=urllib.parse.urlencode({"update": update}).encode(),
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status >= 400
    assert EndpointStore(server.url).query("ASK { <http://example.org/a> ?p ?o }").boolean is False


@pytest.mark.parametrize(
    "accept, media_type",
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_content_negotiation(server, accept, media_type):
    q = "SELECT ?n WHERE { ?c a schema:Country ; kg:isoCode ?n } ORDER BY ?n"
    q, _ = with_prefixes(q)
    status, ctype, body = http(server.url + "?" + urllib.parse.urlencode({"query": q}), headers={"Accept": accept})
    assert status == 200
    assert ctype.split(";")[0] == media_type
    text = body.decode("utf-8")
    if media_type.endswith("json"):
        assert [b["n"]["value"] for b in json.loads(text)["results"]["bindings"]] == ["AT", "IT"]
    else:
        assert "AT" in text and "IT" in text


def test_unreachable_endpoint():
    port = free_port()
    with pytest.raises(EndpointError) as exc:
        EndpointStore(f"http://127.0.0.1:{port}/query", timeout=5).query("ASK {}")
    assert str(exc.value).startswith(f"cannot reach http://127.0.0.1:{port}/query: ")
    assert "\n" not in str(exc.value)


def test_start_server_needs_a_built_graph(tmp_path):
    with pytest.raises(DataError, match="run `kg build` first"):
        start_server(tmp_path, "127.0.0.1", free_port())


def test_wait_ready_gives_up(tmp_path):
    with pytest.raises(EndpointError, match="not ready after"):
        wait_ready(f"http://127.0.0.1:{free_port()}/query", timeout=0.5)


# ------------------------------------------------------------------ upload (read-write server)


@pytest.fixture
def writable_server(tmp_path):
    binary = need_oxigraph()
    port = free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    server = RunningServer(url=f"http://127.0.0.1:{port}/query", kind="oxigraph", process=proc)
    try:
        wait_ready(server.url, timeout=30, server=server)
        yield server
    finally:
        server.stop()
        assert proc.poll() is not None


@pytest.mark.parametrize("method", ["graph-store", "update"])
def test_upload(writable_server, ds, embedded, method):
    info = upload(writable_server.url, ds, method=method)
    assert info.method == method
    assert info.graphs == 3 and info.triples == 1060  # 2 article graphs (1,021 quads) + the summary graph (39)
    remote = EndpointStore(writable_server.url)
    r = remote.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(r.rows[0][0]) == 1060
    for name in ("people", "countries", "corroborated"):
        q = resolve_query(name)
        assert rows_as_text(run(remote, q)) == rows_as_text(run(embedded, q))
    # uploading again replaces the graphs instead of adding to them
    smaller = Dataset()
    smaller.graph(ID["article/7c1e9a20b4d35f68"]).add((ID["person/x"], vocab.RDFS.label, Literal("X", lang="de")))
    upload(writable_server.url, smaller, method=method)
    r = remote.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH kgid:article\\/7c1e9a20b4d35f68 { ?s ?p ?o } }")
    assert int(r.rows[0][0]) == 1


def test_upload_to_an_unreachable_endpoint(ds):
    with pytest.raises(EndpointError, match="cannot reach"):
        upload(f"http://127.0.0.1:{free_port()}", ds)


# ------------------------------------------------------------------ helpers


def test_endpoint_urls():
    assert endpoint_urls("http://h:1").query == "http://h:1/query"
    u = endpoint_urls("http://h:1/ds/sparql")
    assert (u.query, u.update, u.store) == ("http://h:1/ds/sparql", "http://h:1/ds/update", "http://h:1/ds/data")
    assert endpoint_urls("http://h:1/query", store_url="http://h:1/gsp").store == "http://h:1/gsp"
    with pytest.raises(EndpointError):
        endpoint_urls("ftp://h/x")


def test_with_prefixes_keeps_line_numbers():
    text = "# comment with PREFIX fake: <x>\nPREFIX kg: <http://example.org/>\nSELECT * {}"
    full, shift = with_prefixes(text)
    assert full.count("\n") == text.count("\n")
    assert full.endswith(text) and len(full) - len(text) == shift
    assert "PREFIX fake: <https" not in full  # not declared (only in a comment) but not one of kg's anyway
    assert "PREFIX kg: <https" not in full  # declared by the query
    assert "PREFIX kgid: <https://w3id.org/kg-news/id/>" in full


def test_insert_values_escapes_terms():
    text, line, col, n = insert_values("CONSTRUCT { ?s ?p ?o }\nWHERE { ?s ?p ?o }", {"s": "kgid:person/x"})
    assert text == f"CONSTRUCT {{ ?s ?p ?o }}\nWHERE {{ VALUES (?s) {{ (<{ID}person/x>) }} ?s ?p ?o }}"
    assert (line, col) == (2, 8)
    assert insert_values("SELECT * { }", {})[0] == "SELECT * { }"
