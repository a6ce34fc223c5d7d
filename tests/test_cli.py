"""The command line: exact outputs and one-line errors (click's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def runner():
    return CliRunner()


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("kg, version ")


@pytest.mark.parametrize("command", ["build", "query", "export", "viz", "stats", "annotate", "serve"])
def test_help_has_examples(runner, command):
    result = runner.invoke(cli, [command, "-h"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_missing_file_is_one_line_error(runner, tmp_path):
    result = runner.invoke(cli, ["build", "no-such-article.txt", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output == "Error: no-such-article.txt: no such file or directory\n"


def test_query_without_build(runner, tmp_path):
    result = runner.invoke(cli, ["query", "people", "--out", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no graph built in ")
    assert len(result.output.splitlines()) == 1


def test_unknown_query(runner, seeds_out):
    result = runner.invoke(cli, ["query", "nope", "--out", str(seeds_out)])
    assert result.exit_code == 1
    assert result.output == "Error: unknown query 'nope' (try: kg query --list)\n"


def test_malformed_query(runner, seeds_out):
    result = runner.invoke(cli, ["query", "-e", "SELECT ?s WHERE { ?s ?p }", "--out", str(seeds_out)])
    assert result.exit_code == 1
    line = result.output.strip()
    assert line.startswith("Error: query ") and " line 1 col " in line
    assert len(result.output.splitlines()) == 1


def test_count_query_csv(runner, seeds_out):
    result = runner.invoke(cli, ["query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv", "--out", str(seeds_out)])
    assert result.exit_code == 0
    header, value = result.output.strip().splitlines()
    assert header == "n"
    assert int(value) > 1000


def test_query_json_is_w3c(runner, seeds_out):
    result = runner.invoke(cli, ["query", "countries", "--format", "json", "--out", str(seeds_out)])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["head"]["vars"][:4] == ["country", "name", "code", "mentions"]
    codes = {b["code"]["value"] for b in data["results"]["bindings"]}
    assert codes == {"US", "RU", "DE"}


def test_query_list(runner):
    result = runner.invoke(cli, ["query", "--list"])
    assert result.exit_code == 0
    names = {line.split()[0] for line in result.output.splitlines()}
    assert {"people", "meetings", "agreements", "disputes", "quotes", "events", "countries", "organisations", "evidence", "corroborated"} <= names


def test_query_usage_error(runner):
    result = runner.invoke(cli, ["query"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: give a query NAME")


def test_export_turtle_stdout(runner, seeds_out):
    from rdflib import Graph

    result = runner.invoke(cli, ["export", "--format", "turtle", "--out", str(seeds_out)])
    assert result.exit_code == 0
    g = Graph().parse(data=result.output, format="turtle")
    assert len(g) > 1000


def test_annotate_jsonl(runner):
    path = str(ROOT / "seeds" / "genf-gipfel-vereinbarungen.txt")
    result = runner.invoke(cli, ["annotate", path])
    assert result.exit_code == 0
    text = Path(path).read_text(encoding="utf-8")
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records
    for r in records:
        assert set(r) >= {"article", "start", "end", "text", "type", "entity"}
        assert text[r["start"]:r["end"]] == r["text"]
        assert r["article"] == path
    types = {r["type"] for r in records}
    assert {"person", "country", "place", "organisation", "role"} <= types


def test_build_skips_bad_inputs(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Die Außenministerin Anna Beispiel reiste am Montag nach Wien.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 100)
    (tmp_path / "latin.txt").write_bytes("Der Bürgermeister eröffnete die Brücke in Köln.".encode("cp1252"))
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "skipped: " in result.output
    assert "binary file" in result.output and "empty" in result.output
    assert "read as cp1252" in result.output
    assert (out / "graph.ttl").is_file()


def test_build_strict_fails(runner, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Der Kanzler Max Muster sprach in Berlin.", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(tmp_path), "--strict", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "empty" in result.output


def test_failed_build_keeps_previous_out(runner, tmp_path, seeds_out):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(seeds_out, out)
    before = (out / "graph.ttl").read_bytes()
    result = runner.invoke(cli, ["build", str(tmp_path / "missing"), "--out", str(out)])
    assert result.exit_code == 1
    assert (out / "graph.ttl").read_bytes() == before


def test_debug_shows_traceback(runner, tmp_path):
    result = runner.invoke(cli, ["--debug", "build", "no-such-article.txt", "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert result.exception is not None
