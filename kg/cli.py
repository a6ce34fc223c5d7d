"""The ``kg`` command line: a thin layer over the library.

Every command reads a built graph from ``--out DIR`` (default ``out/``).
Data goes to stdout, progress and counts to stderr.  Errors are one line on
stderr (``Error: …``) with exit status 1 (bad data) or 2 (usage); ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import codecs
import functools
import json
import sys
import time
from pathlib import Path

import click

from kg import __version__
from kg.errors import KgError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# --------------------------------------------------------------------------- shared options


def out_option(f):
    return click.option(
        "--out",
        "out_dir",
        default="out",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder of the built graph.",
    )(f)


def endpoint_option(f):
    return click.option("--endpoint", metavar="URL", default=None, help="Use a SPARQL 1.1 endpoint instead of the local store.")(f)


def handle_errors(f):
    """Turn every KgError (and a few OS errors) into one line and an exit status."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        debug = (ctx.find_root().obj or {}).get("debug", False)
        try:
            return f(*args, **kwargs)
        except KgError as exc:
            if debug:
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("Error: interrupted; the previous build in the output folder is unchanged", err=True)
            ctx.exit(130)
        except OSError as exc:
            if debug:
                raise
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            click.echo(f"Error: {where}{exc.strerror or exc}", err=True)
            ctx.exit(1)

    return wrapper


def _complete_query(ctx, param, incomplete):
    try:
        from kg.query import complete_query_names

        return complete_query_names(incomplete)
    except Exception:  # completion must never crash the shell
        return []


# --------------------------------------------------------------------------- root


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="kg")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """kg – a knowledge graph from German news articles.

    Build the graph, then ask it questions, explore it in the browser or
    export it:

    \b
        kg build seeds/
        kg query people
        kg viz --open
        kg export --format turtle -o graph.ttl
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# --------------------------------------------------------------------------- build


class _Progress:
    """Progress on stderr: articles, sentences/s, ETA; silent when not a terminal or -q."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.t0 = time.perf_counter()
        self.sentences = 0

    def __call__(self, done: int, total: int, sentences: int) -> None:
        if not self.enabled or total == 0:
            return
        self.sentences += sentences
        el = max(time.perf_counter() - self.t0, 1e-6)
        rate = self.sentences / el
        eta = (total - done) * el / done if done else 0
        click.echo(f"\r{done}/{total} articles, {rate:,.0f} sentences/s, ETA {eta:4.0f} s ", err=True, nl=done == total)


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("inputs", nargs=-1, required=True)
@out_option
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None, help="Worker processes [default: all cores].")
@click.option("--text-column", metavar="NAME|N", default=None, help="CSV: header name or 1-based number of the text column.")
@click.option("--delimiter", default=None, help="CSV field delimiter [default: , or tab for .tsv].")
@click.option("--quotechar", default='"', show_default=True, help="CSV quote character.")
@click.option("--strict", is_flag=True, help="Fail on the first unreadable input instead of skipping it.")
@click.option("--no-html", is_flag=True, help="Do not write graph.html.")
@endpoint_option
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary on stderr.")
@handle_errors
def build(inputs, out_dir, jobs, text_column, delimiter, quotechar, strict, no_html, endpoint, quiet):
    """Build the knowledge graph from articles.

    INPUTS are text files (.txt, .md), HTML files, JSON Lines
    ({"id","title","date","source","text"} a line), CSV files, folders (read
    recursively) or - for standard input.  Unchanged articles are not
    analysed again.

    \b
    Examples:
        kg build seeds/
        kg build articles/ --out corpus/ --jobs 2
        kg build news.csv --text-column 2 --delimiter ';' --quotechar "'"
        cat article.txt | kg build -
    """
    from kg.pipeline import build as run_build

    summary = run_build(
        list(inputs),
        out_dir,
        jobs=jobs,
        text_column=text_column,
        delimiter=codecs.decode(delimiter, "unicode_escape") if delimiter and delimiter.startswith("\\") else delimiter,
        quotechar=quotechar,
        strict=strict,
        html=not no_html,
        progress=_Progress(quiet),
    )
    if endpoint:
        from kg.endpoint import upload
        from kg.pipeline import load_dataset

        upload(endpoint, load_dataset(out_dir))
        summary.files.append(f"uploaded to {endpoint}")
    if not quiet:
        for s in summary.skipped:
            click.echo(f"skipped: {s}", err=True)
        for note in summary.notes:
            click.echo(f"note: {note}", err=True)
        for line in summary.lines():
            click.echo(line, err=True)


# --------------------------------------------------------------------------- query


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("name", required=False, shell_complete=_complete_query)
@click.option("-e", "--expr", "expr", metavar="SPARQL", default=None, help="Run this query text.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query variable (repeatable).")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml"]), default="table", show_default=True
)
@click.option("--list", "list_", is_flag=True, help="List the question catalogue.")
@out_option
@endpoint_option
@handle_errors
def query(name, expr, params, fmt, list_, out_dir, endpoint):
    """Ask the graph a question in SPARQL.

    NAME is a question of the catalogue (kg query --list) or a .rq file.
    Results go to stdout in a W3C SPARQL results format or as a table.

    \b
    Examples:
        kg query --list
        kg query people
        kg query evidence -p subject=https://w3id.org/kg-news/id/country/US
        kg query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format csv
        kg query my-question.rq --format json
    """
    from kg import query as q
    from kg.errors import UsageError

    if list_:
        for nq in q.catalogue():
            click.echo(f"{nq.name:<16} {nq.title}")
        return
    if (name is None) == (expr is None):
        raise UsageError("give a query NAME or FILE, or -e TEXT (see kg query --help)")
    bindings = {}
    for p in params:
        key, sep, value = p.partition("=")
        if not sep or not key:
            raise UsageError(f"-p {p!r}: expected NAME=VALUE")
        bindings[key.strip().lstrip("?$")] = value
    if expr is not None:
        named = q.inline_query(expr)
    else:
        named = q.resolve_query(name)
    if endpoint:
        from kg.endpoint import EndpointStore

        store = EndpointStore(endpoint)
    else:
        from kg.store import open_store

        store = open_store(Path(out_dir) / "store")
    result = q.run_named(store, named, bindings)
    from kg.results import write_result

    write_result(result, fmt, sys.stdout)


# --------------------------------------------------------------------------- export


@cli.command(context_settings=CONTEXT_SETTINGS)
@out_option
@click.option(
    "-f", "--format", "fmt", default="turtle", show_default=True,
    type=click.Choice(["turtle", "nt", "nquads", "jsonld", "trig", "graphml"]),
    help="Output format.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File to write [default: stdout].")
@handle_errors
def export(out_dir, fmt, output):
    """Export the graph as RDF (Turtle, N-Triples, N-Quads, JSON-LD, TriG) or GraphML.

    TriG and N-Quads keep one named graph per article; the others merge them.

    \b
    Examples:
        kg export --format turtle -o graph.ttl
        kg export --format trig > graph.trig
        kg export --format graphml -o graph.graphml   # for Gephi
    """
    from kg import export as ex
    from kg.pipeline import load_dataset

    ds = load_dataset(out_dir)
    if output is None:
        ex.export(ds, fmt, sys.stdout.buffer)
    else:
        ex.export(ds, fmt, output)
        click.echo(f"wrote {output}", err=True)


# --------------------------------------------------------------------------- viz


@cli.command(context_settings=CONTEXT_SETTINGS)
@out_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="HTML file [default: OUT/graph.html].")
@click.option("--focus", default=None, metavar="NAME", help="Show only this entity's neighbourhood.")
@click.option("--depth", type=click.IntRange(1, 10), default=2, show_default=True, help="Hops around --focus.")
@click.option("--top", type=click.IntRange(1), default=None, help="Keep the N most central entities.")
@click.option("--raw", is_flag=True, help="Show the RDF triples as they are.")
@click.option("--open", "open_", is_flag=True, help="Open the page in the default browser.")
@handle_errors
def viz(out_dir, output, focus, depth, top, raw, open_):
    """Write the interactive graph page (one offline HTML file).

    \b
    Examples:
        kg viz --open
        kg viz --focus "Merkel" --depth 2 -o merkel.html
        kg viz --top 200
    """
    from kg.pipeline import load_dataset
    from kg.project import project
    from kg.viz import render_html, write_html

    ds = load_dataset(out_dir)
    page, info = render_html(project(ds, raw=raw), title="kg – Wissensgraph", focus=focus, depth=depth, top=top)
    target = output or Path(out_dir) / "graph.html"
    write_html(target, page)
    click.echo(f"wrote {target}: {info}", err=True)
    if open_:
        import webbrowser

        webbrowser.open(target.resolve().as_uri())


# --------------------------------------------------------------------------- stats


@cli.command(context_settings=CONTEXT_SETTINGS)
@out_option
@handle_errors
def stats(out_dir):
    """Print graph statistics: entities by type, degree and betweenness leaders, components.

    \b
    Example:
        kg stats --out out/
    """
    from kg.pipeline import load_dataset
    from kg.project import project
    from kg.stats import format_stats, graph_stats

    click.echo(format_stats(graph_stats(project(load_dataset(out_dir)))))


# --------------------------------------------------------------------------- annotate


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-f", "--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@handle_errors
def annotate(files, fmt):
    """Print the mentions the language layer finds, one JSON object a line.

    Keys: article (the path as given), start, end (character offsets in the
    file's text), text, type, entity (IRI).

    \b
    Example:
        kg annotate seeds/*.txt | head
    """
    from kg.annotate import annotate_files

    for record in annotate_files(list(files)):
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------- serve


@cli.command(context_settings=CONTEXT_SETTINGS)
@out_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (localhost only by default).")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@handle_errors
def serve(out_dir, host, port):
    """Serve the built graph read-only over the SPARQL 1.1 protocol.

    \b
    Example:
        kg serve --port 7878 &
        kg query people --endpoint http://127.0.0.1:7878/query
    """
    from kg.serve import serve as run_serve

    run_serve(Path(out_dir), host=host, port=port)


def main() -> None:
    """Entry point of the ``kg`` console script."""
    cli(obj={})


if __name__ == "__main__":  # pragma: no cover
    main()
