"""Reading articles: ``kg.reader.read_inputs`` and ``kg build`` on small invented inputs.

Every text here is invented German (or, for the language check, invented
English); no real article text.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.reader
from kg.cli import cli
from kg.errors import InputError
from kg.reader import read_inputs

SATZ_A = "Die Bürgermeisterin von Kleinhausen hat am Montag den neuen Bahnhof eröffnet."
SATZ_B = "Der Stadtrat von Obertal will im Herbst über eine neue Brücke abstimmen."
SATZ_C = "Die Feuerwehr von Talheim hat in der Nacht einen Brand in einer Scheune gelöscht."
SATZ_D = "Der Verein für Heimatkunde stellt am Sonntag eine Ausstellung über alte Mühlen vor."
LANG_DE = (
    "Die Landesregierung hat am Dienstag einen Plan für neue Radwege vorgestellt. Der Verkehrsminister sagte, "
    "dass die Arbeiten noch in diesem Jahr beginnen sollen und die Kosten von Bund und Land getragen werden."
)
ENGLISH = (
    "The city council voted on Tuesday to build a new bridge over the river. The mayor said that work "
    "would start next spring and that the project should be finished within two years, weather permitting."
)
CSV_ARGS = ["--delimiter", ";", "--quotechar", "'", "--text-column", "2"]


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def build(runner: CliRunner, tmp_path: Path, *args: str, input: str | bytes | None = None):
    """``kg build ARGS --out tmp/out --jobs 1 --no-html``; returns the click Result."""
    out = tmp_path / "out"
    return runner.invoke(cli, ["build", *args, "--out", str(out), "--jobs", "1", "--no-html"], input=input)


def reasons(result) -> dict[str, str]:
    return {s.source_path: s.reason for s in result.skipped}


# --------------------------------------------------------------------------- folders and plain text


def test_folder_is_read_recursively(tmp_path):
    root = tmp_path / "korpus"
    (root / "unter" / "tiefer").mkdir(parents=True)
    (root / "a.txt").write_text(SATZ_A, encoding="utf-8")
    (root / "b.md").write_text("# Brücke\n\n" + SATZ_B, encoding="utf-8")
    (root / "unter" / "c.txt").write_text(SATZ_C, encoding="utf-8")
    (root / "unter" / "tiefer" / "d.markdown").write_text(SATZ_D, encoding="utf-8")
    (root / "unter" / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")  # not a text suffix: ignored
    (root / ".versteckt.txt").write_text(SATZ_D + " Versteckt.", encoding="utf-8")  # hidden: ignored
    (root / "a.meta.json").write_text(
        json.dumps({"title": "Neuer Bahnhof", "date": "2024-03-04T09:30:00", "source": "Kleinhausener Bote"}),
        encoding="utf-8",
    )
    result = read_inputs([str(root)])
    assert result.skipped == []
    paths = [Path(a.source_path).relative_to(root).as_posix() for a in result.articles]
    assert paths == ["a.txt", "b.md", "unter/c.txt", "unter/tiefer/d.markdown"]
    texts = [a.text for a in result.articles]
    assert texts == [SATZ_A, "# Brücke\n\n" + SATZ_B, SATZ_C, SATZ_D]
    a = result.articles[0]
    assert (a.title, a.date, a.publisher) == ("Neuer Bahnhof", "2024-03-04", "Kleinhausener Bote")
    assert result.articles[1].title is None
    assert all(len(x.id) == 16 for x in result.articles)


def test_utf8_bom_is_dropped(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeff".encode("utf-8") + SATZ_A.encode("utf-8"))
    (article,) = read_inputs([str(p)]).articles
    assert article.text == SATZ_A
    assert article.encoding_note is None


# --------------------------------------------------------------------------- HTML


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>  Neuer   Bahnhof in Kleinhausen </title>
<style>p { color: red; }</style>
<script>var geheim = "Skriptinhalt";</script></head>
<body>
<nav><a href="/">Startseite</a> | <a href="/lokal">Lokales</a></nav>
<header>Kleinhausener Bote</header>
<article>
<h1>Bahnhof eröffnet</h1>
<p>Die Bürgermeisterin von Kleinhausen hat am Montag den neuen Bahnhof eröffnet.</p>
<script>alert(1)</script>
<p>Der Stadtrat &amp; die Bürger feierten bis in den Abend.</p>
</article>
<footer>Impressum</footer>
</body></html>
"""


def test_html_drops_script_style_nav_and_takes_title(tmp_path):
    p = tmp_path / "seite.html"
    p.write_text(HTML_PAGE, encoding="utf-8")
    result = read_inputs([str(p)])
    assert result.skipped == []
    (article,) = result.articles
    assert article.title == "Neuer Bahnhof in Kleinhausen"
    assert article.text == (
        "Bahnhof eröffnet\n\n"
        "Die Bürgermeisterin von Kleinhausen hat am Montag den neuen Bahnhof eröffnet.\n\n"
        "Der Stadtrat & die Bürger feierten bis in den Abend."
    )
    for dropped in ("alert(1)", "alert", "Skriptinhalt", "color", "Startseite", "Lokales", "Impressum", "Kleinhausener Bote"):
        assert dropped not in article.text


def test_html_content_in_a_txt_file_is_recognised(tmp_path):
    p = tmp_path / "gespeichert.txt"
    p.write_text(HTML_PAGE, encoding="utf-8")
    (article,) = read_inputs([str(p)]).articles
    assert article.title == "Neuer Bahnhof in Kleinhausen"
    assert "<p>" not in article.text and "alert(1)" not in article.text


# --------------------------------------------------------------------------- JSON Lines


def test_jsonl_metadata_and_bad_lines(tmp_path):
    p = tmp_path / "artikel.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "Bahnhof eröffnet", "date": "2024-03-04", "source": "Kleinhausener Bote", "text": SATZ_A}, ensure_ascii=False),
        '{"id": "a2", "text": "Der Stadtrat',  # cut off: not valid JSON
        "",
        json.dumps({"id": "a3", "title": "ohne Text"}),
        json.dumps({"title": "Brücke", "date": "gestern", "text": SATZ_B}, ensure_ascii=False),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_inputs([str(p)])
    assert [str(s) for s in result.skipped] == [
        f"{p}:2: not valid JSON (Unterminated string starting at)",
        f'{p}:4: no "text" string',
    ]
    a, b = result.articles
    assert (a.source_path, a.text, a.title, a.date, a.publisher) == (
        f"{p}#a1", SATZ_A, "Bahnhof eröffnet", "2024-03-04", "Kleinhausener Bote",
    )
    # no id: the line number names the article; a date that is no ISO date is dropped
    assert (b.source_path, b.title, b.date, b.publisher) == (f"{p}:5", "Brücke", None, None)


def test_jsonl_build_reports_line_number(runner, tmp_path):
    p = tmp_path / "artikel.jsonl"
    p.write_text(
        json.dumps({"id": "x", "title": "Brücke", "date": "2024-05-01", "source": "Obertaler Anzeiger", "text": SATZ_B}, ensure_ascii=False)
        + "\nkein json\n",
        encoding="utf-8",
    )
    result = build(runner, tmp_path, str(p))
    assert result.exit_code == 0, result.output
    assert f"skipped: {p}:2: not valid JSON (Expecting value)\n" in result.stderr
    assert "articles: 1 built (0 unchanged, reused), 1 skipped" in result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [(x["path"], x["title"]) for x in manifest["articles"]] == [(f"{p}#x", "Brücke")]


# --------------------------------------------------------------------------- CSV


def write_10kgnad_like(path: Path) -> None:
    """The 10kGNAD format: ``label;'text'``, no header, quotechar ``'``, CRLF."""
    rows = [f"Inland;'{SATZ_A} Sie sprach von einem \"großen Tag\"; alle waren da.'", f"Kultur;'{SATZ_D}'", f"Panorama;'{SATZ_C}'"]
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8"))


def test_csv_10kgnad_format_by_column_number(tmp_path):
    p = tmp_path / "nachrichten.csv"
    write_10kgnad_like(p)
    result = read_inputs([str(p)], text_column="2", delimiter=";", quotechar="'")
    assert result.skipped == []
    assert [a.source_path for a in result.articles] == [f"{p}:1", f"{p}:2", f"{p}:3"]
    assert result.articles[0].text == SATZ_A + ' Sie sprach von einem "großen Tag"; alle waren da.'
    assert [a.text for a in result.articles[1:]] == [SATZ_D, SATZ_C]


def test_csv_column_zero_is_refused(tmp_path):
    p = tmp_path / "nachrichten.csv"
    write_10kgnad_like(p)
    with pytest.raises(InputError) as exc:
        read_inputs([str(p)], text_column="0", delimiter=";", quotechar="'")
    assert str(exc.value) == f"{p}: --text-column 0: columns are numbered from 1"


def test_csv_by_column_name_with_metadata(tmp_path):
    p = tmp_path / "mit_kopf.csv"
    p.write_text(
        "id,title,date,source,body\n"
        f'1,Bahnhof eröffnet,2024-03-04,Kleinhausener Bote,"{SATZ_A}"\n'
        f'2,Brücke,2024-05-01,Obertaler Anzeiger,"{SATZ_B}"\n'
        "3,kurz\n",
        encoding="utf-8",
    )
    result = read_inputs([str(p)], text_column="body")
    assert [str(s) for s in result.skipped] == [f"{p}:4: row has no column 5"]
    a, b = result.articles
    assert (a.source_path, a.text, a.title, a.date, a.publisher) == (f"{p}:2", SATZ_A, "Bahnhof eröffnet", "2024-03-04", "Kleinhausener Bote")
    assert (b.source_path, b.title, b.publisher) == (f"{p}:3", "Brücke", "Obertaler Anzeiger")
    with pytest.raises(InputError) as exc:
        read_inputs([str(p)], text_column="inhalt")
    assert str(exc.value) == f"{p}: no column named 'inhalt' (header: id, title, date, source, body)"


def test_csv_build_number_and_name(runner, tmp_path):
    p = tmp_path / "nachrichten.csv"
    write_10kgnad_like(p)
    result = build(runner, tmp_path, str(p), *CSV_ARGS)
    assert result.exit_code == 0, result.output
    assert "articles: 3 built (0 unchanged, reused), 0 skipped" in result.stderr
    # same texts, by header name, semicolon-separated with ' quotes
    q = tmp_path / "kopf.csv"
    q.write_text(f"rubrik;text\nInland;'{SATZ_A}'\nKultur;'{SATZ_B}'\n", encoding="utf-8")
    result = runner.invoke(
        cli, ["build", str(q), "--text-column", "text", "--delimiter", ";", "--quotechar", "'", "--out", str(tmp_path / "out2"), "--jobs", "1", "--no-html"]
    )
    assert result.exit_code == 0, result.output
    assert "articles: 2 built (0 unchanged, reused), 0 skipped" in result.stderr


# --------------------------------------------------------------------------- stdin


def test_stdin_reader():
    result = read_inputs(["-"], stdin=io.BytesIO(SATZ_B.encode("utf-8")))
    (article,) = result.articles
    assert (article.source_path, article.text) == ("<stdin>", SATZ_B)


def test_stdin_build(runner, tmp_path):
    result = build(runner, tmp_path, "-", input=LANG_DE)
    assert result.exit_code == 0, result.output
    assert "articles: 1 built (0 unchanged, reused), 0 skipped" in result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [x["path"] for x in manifest["articles"]] == ["<stdin>"]


# --------------------------------------------------------------------------- duplicates, encodings, bad inputs


def test_duplicates_by_content_are_skipped(tmp_path):
    (tmp_path / "erste.txt").write_text(SATZ_A, encoding="utf-8")
    (tmp_path / "zweite.md").write_text(SATZ_A, encoding="utf-8")
    (tmp_path / "dritte.html").write_text(f"<html><body><p>{SATZ_A}</p></body></html>", encoding="utf-8")
    result = read_inputs([str(tmp_path)])
    assert [a.source_path for a in result.articles] == [str(tmp_path / "dritte.html")]
    first = str(tmp_path / "dritte.html")
    assert reasons(result) == {str(tmp_path / "erste.txt"): f"duplicate of {first}", str(tmp_path / "zweite.md"): f"duplicate of {first}"}
    # the same file named twice is one article too
    twice = read_inputs([str(tmp_path / "erste.txt"), str(tmp_path / "erste.txt")])
    assert len(twice.articles) == 1
    assert [str(s) for s in twice.skipped] == [f"{tmp_path / 'erste.txt'}: duplicate of {tmp_path / 'erste.txt'}"]


def test_cp1252_is_read_with_a_note(runner, tmp_path):
    p = tmp_path / "alt.txt"
    text = "Die Bürger äußerten sich über die Kosten von 5 € für das Parken."
    p.write_bytes(text.encode("cp1252"))
    (article,) = read_inputs([str(p)]).articles
    assert article.text == text
    assert article.encoding_note == "not UTF-8; read as cp1252"
    result = build(runner, tmp_path, str(p))
    assert result.exit_code == 0, result.output
    assert f"note: {p}: not UTF-8; read as cp1252\n" in result.stderr


def test_bad_inputs_are_skipped_with_one_line_reasons(tmp_path):
    d = tmp_path / "gemischt"
    d.mkdir()
    (d / "gut.txt").write_text(LANG_DE, encoding="utf-8")
    (d / "binaer.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (d / "leer.txt").write_bytes(b"")
    (d / "nur_leerzeichen.md").write_text("  \n\t\n", encoding="utf-8")
    (d / "englisch.txt").write_text(ENGLISH, encoding="utf-8")
    (d / "gross.txt").write_text(LANG_DE * 10, encoding="utf-8")
    result = read_inputs([str(d)], max_bytes=1000)
    assert [Path(a.source_path).name for a in result.articles] == ["gut.txt"]
    size = len((LANG_DE * 10).encode("utf-8"))
    assert reasons(result) == {
        str(d / "binaer.txt"): "binary file, not text",
        str(d / "englisch.txt"): "not German text (too few German function words)",
        str(d / "gross.txt"): f"too large ({size / 1e6:.1f} MB > 0 MB limit)",
        str(d / "leer.txt"): "empty",
        str(d / "nur_leerzeichen.md"): "empty",
    }
    assert all("\n" not in s.reason for s in result.skipped)
    # a binary file named explicitly, whatever its suffix
    png = tmp_path / "bild.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert [str(s) for s in read_inputs([str(png)]).skipped] == [f"{png}: binary file, not text"]


def test_short_text_is_not_language_checked(tmp_path):
    # fewer than 20 words: too little to judge the language, so it is kept
    p = tmp_path / "kurz.txt"
    p.write_text("Breaking news from the city council tonight.", encoding="utf-8")
    assert len(read_inputs([str(p)]).articles) == 1


def test_build_skips_bad_inputs_including_a_6_mb_line(runner, tmp_path):
    d = tmp_path / "eingang"
    d.mkdir()
    (d / "gut.txt").write_text(LANG_DE, encoding="utf-8")
    (d / "binaer.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (d / "leer.txt").write_bytes(b"")
    (d / "englisch.txt").write_text(ENGLISH, encoding="utf-8")
    line = (SATZ_A + " ") * (6_000_000 // len((SATZ_A + " ").encode("utf-8")) + 1)
    (d / "riesig.txt").write_text(line, encoding="utf-8")  # one line, > 6 MB
    size = (d / "riesig.txt").stat().st_size
    assert size > 6_000_000
    result = build(runner, tmp_path, str(d))
    assert result.exit_code == 0, result.output
    skipped = [x for x in result.stderr.splitlines() if x.startswith("skipped: ") and "; " not in x]
    assert skipped == [
        f"skipped: {d / 'binaer.txt'}: binary file, not text",
        f"skipped: {d / 'englisch.txt'}: not German text (too few German function words)",
        f"skipped: {d / 'leer.txt'}: empty",
        f"skipped: {d / 'riesig.txt'}: too large ({size / 1e6:.1f} MB > 5 MB limit)",
    ]
    assert "articles: 1 built (0 unchanged, reused), 4 skipped" in result.stderr
    assert "skipped: 1 binary file, not text; 1 empty; 1 not German text; 1 too large" in result.stderr


def test_max_article_bytes_can_be_patched(monkeypatch, tmp_path):
    monkeypatch.setattr(kg.reader, "MAX_ARTICLE_BYTES", 100)
    p = tmp_path / "lang.txt"
    p.write_text(LANG_DE, encoding="utf-8")
    assert [s.reason.split(" (")[0] for s in read_inputs([str(p)]).skipped] == ["too large"]


def test_only_bad_inputs_is_a_one_line_error(runner, tmp_path):
    p = tmp_path / "englisch.txt"
    p.write_text(ENGLISH, encoding="utf-8")
    result = build(runner, tmp_path, str(p))
    assert result.exit_code == 1
    assert result.output == f"Error: no article could be read from {p}: {p}: not German text (too few German function words)\n"


def test_missing_path_raises_input_error(runner, tmp_path):
    missing = tmp_path / "gibt_es_nicht"
    with pytest.raises(InputError) as exc:
        read_inputs([str(missing)])
    assert exc.value.message == "no such file or directory"
    assert str(exc.value) == f"{missing}: no such file or directory"
    result = build(runner, tmp_path, str(missing))
    assert result.exit_code == 1
    assert result.output == f"Error: {missing}: no such file or directory\n"


def test_csv_header_without_text_column_is_not_an_article(tmp_path):
    long_text = "Der Landtag hat am Donnerstag ein neues Gesetz über die Schulen beschlossen. " * 4
    p = tmp_path / "artikel.csv"
    p.write_text(f'id,body\n1,"{long_text}"\n2,"Heute: {long_text}"\n', encoding="utf-8")
    result = read_inputs([str(p)])
    assert [a.source_path for a in result.articles] == [f"{p}:2", f"{p}:3"]
    # without a header, every row is an article (10kGNAD: label;text)
    q = tmp_path / "ohne.csv"
    q.write_text(f'Inland,"{long_text}"\nEtat,"Heute: {long_text}"\n', encoding="utf-8")
    assert len(read_inputs([str(q)]).articles) == 2
