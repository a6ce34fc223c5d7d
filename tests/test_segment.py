"""Tests for kg.segment: sentence splitting and tokenisation with exact offsets."""

from __future__ import annotations

import doctest

import pytest

import kg.segment as segment
from kg.segment import ABBREVIATIONS, Sentence, Token, split_sentences, tokenize

KINDS = {"text", "headline", "bullet", "furniture"}
FURNITURE = {"photo_credit", "agency", "video", "player", "byline", "other"}


# ---------------------------------------------------------------------------
# helpers: every test checks the offset invariants of all sentences and tokens
# ---------------------------------------------------------------------------


def check_tokens(text: str, toks: list[Token], start: int = 0, end: int | None = None) -> None:
    end = len(text) if end is None else end
    prev = start
    for t in toks:
        assert isinstance(t, Token)
        assert t.text == text[t.start : t.end]
        assert start <= prev <= t.start < t.end <= end
        assert not t.text.isspace()
        assert not any(c.isspace() for c in t.text), repr(t.text)
        prev = t.end
    # all non-whitespace characters of the span are covered by tokens
    # (invisible zero-width space, word joiner and BOM are skipped like spaces)
    covered = "".join(t.text for t in toks)
    visible = "".join(text[start:end].split())
    assert covered == visible.translate(dict.fromkeys(map(ord, "\u200b\u2060\ufeff")))


def check(text: str) -> list[Sentence]:
    sents = split_sentences(text)
    prev_end = 0
    for i, s in enumerate(sents):
        assert isinstance(s, Sentence)
        assert s.index == i
        assert s.text == text[s.start : s.end]
        assert s.text, "empty sentence"
        assert s.text == s.text.strip(), repr(s.text)
        assert prev_end <= s.start < s.end <= len(text)
        assert s.kind in KINDS
        if s.kind == "furniture":
            assert s.furniture in FURNITURE
        else:
            assert s.furniture is None
        check_tokens(text, tokenize(text, s.start, s.end), s.start, s.end)
        prev_end = s.end
    return sents


def texts(text: str) -> list[str]:
    return [s.text for s in check(text)]


def kinds(text: str) -> list[tuple[str, str | None, str]]:
    return [(s.kind, s.furniture, s.text) for s in check(text)]


def toks(text: str, start: int = 0, end: int | None = None) -> list[str]:
    result = tokenize(text, start, end)
    s, e, _ = slice(start, end).indices(len(text))
    check_tokens(text, result, s, max(s, e))
    return [t.text for t in result]


SAMPLE = """Sehen Sie im Video: Biden will weiter Menschenrechtsfragen ansprechen Nach dem Treffen mit dem russischen Staatspräsidenten Wladimir Putin hat sich auch US-Präsident Joe Biden den Fragen der Journalisten gestellt. Die Begegnung sei "geradeheraus" gewesen, so Biden. "Putin weiß, dass ich handeln werde", sagte Biden nach dem mehrstündigen Treffen am Mittwoch in Genf.

Rückkehr der Botschafter . Die diplomatischen Beziehungen zwischen beiden Staaten waren nach Bidens Amtsantritt im Januar fast vollständig zusammengebrochen.

Die offenen Streitpunkte

Bei den Angreifern am 6. Januar in Washington habe es sich um "Kriminelle" gehandelt. Es gehe nicht um Vertrauen – es gehe um Eigeninteresse.Gipfeltreffen in Genf Das haben Joe Biden und Wladimir Putin konkret vereinbart

Wladimir Putin und Joe Biden: »Es geht um eigene Interessen«

Foto: Mikhail Metzel / imago images/ITAR-TASS

Dann flogen beide ab: Putins Maschine hob gegen 20.00 Uhr vom Flughafen ab, Biden etwa 40 Minuten später.

  • Russische und US-amerikanische Botschafter sollen nach Moskau und Washington zurückkehren. Die Diplomaten waren im Frühjahr jeweils in ihre Heimat zurückgekehrt.

  • Putin verteidigte die Inhaftierung des Kremlgegners Alexej Nawalny. »Er hat das gemacht, was er wollte.« Er sei bereit gewesen, festgenommen zu werden.

ime/dpa/Reuters
Die Wiedergabe wurde unterbrochen.
"""


# ---------------------------------------------------------------------------
# the sample article
# ---------------------------------------------------------------------------


def test_sample_article() -> None:
    got = kinds(SAMPLE)
    assert got == [
        ("furniture", "video", "Sehen Sie im Video:"),
        ("text", None, "Biden will weiter Menschenrechtsfragen ansprechen Nach dem Treffen mit dem "
         "russischen Staatspräsidenten Wladimir Putin hat sich auch US-Präsident Joe Biden den "
         "Fragen der Journalisten gestellt."),
        ("text", None, 'Die Begegnung sei "geradeheraus" gewesen, so Biden.'),
        ("text", None, '"Putin weiß, dass ich handeln werde", sagte Biden nach dem mehrstündigen '
         "Treffen am Mittwoch in Genf."),
        ("text", None, "Rückkehr der Botschafter ."),
        ("text", None, "Die diplomatischen Beziehungen zwischen beiden Staaten waren nach Bidens "
         "Amtsantritt im Januar fast vollständig zusammengebrochen."),
        ("headline", None, "Die offenen Streitpunkte"),
        ("text", None, 'Bei den Angreifern am 6. Januar in Washington habe es sich um "Kriminelle" '
         "gehandelt."),
        ("text", None, "Es gehe nicht um Vertrauen – es gehe um Eigeninteresse."),
        ("headline", None, "Gipfeltreffen in Genf Das haben Joe Biden und Wladimir Putin konkret "
         "vereinbart"),
        ("headline", None, "Wladimir Putin und Joe Biden: »Es geht um eigene Interessen«"),
        ("furniture", "photo_credit", "Foto: Mikhail Metzel / imago images/ITAR-TASS"),
        ("text", None, "Dann flogen beide ab: Putins Maschine hob gegen 20.00 Uhr vom Flughafen ab, "
         "Biden etwa 40 Minuten später."),
        ("bullet", None, "Russische und US-amerikanische Botschafter sollen nach Moskau und "
         "Washington zurückkehren."),
        ("bullet", None, "Die Diplomaten waren im Frühjahr jeweils in ihre Heimat zurückgekehrt."),
        ("bullet", None, "Putin verteidigte die Inhaftierung des Kremlgegners Alexej Nawalny."),
        ("bullet", None, "»Er hat das gemacht, was er wollte.«"),
        ("bullet", None, "Er sei bereit gewesen, festgenommen zu werden."),
        ("furniture", "agency", "ime/dpa/Reuters"),
        ("furniture", "player", "Die Wiedergabe wurde unterbrochen."),
    ]


def test_sample_article_offsets_point_into_text() -> None:
    sents = check(SAMPLE)
    bullet = next(s for s in sents if s.kind == "bullet")
    assert SAMPLE[bullet.start - 2 : bullet.start] == "• "
    assert [s.index for s in sents] == list(range(len(sents)))


def test_sample_tokens() -> None:
    sents = check(SAMPLE)
    words = [t.text for s in sents for t in tokenize(SAMPLE, s.start, s.end)]
    for w in ("US-Präsident", "US-amerikanische", "20.00", "6.", "ITAR-TASS", "»", "«", '"'):
        assert w in words
    assert "Eigeninteresse" in words and "Gipfeltreffen" in words


def test_sample_concatenated_many_times() -> None:
    text = (SAMPLE + "\n") * 20
    sents = check(text)
    assert len(sents) == 20 * len(split_sentences(SAMPLE))


# ---------------------------------------------------------------------------
# sentence boundaries
# ---------------------------------------------------------------------------


def test_basic_split_on_terminal_punctuation() -> None:
    assert texts("Er kam. Sie ging! Wer blieb? Niemand… Dann Ruhe.") == [
        "Er kam.", "Sie ging!", "Wer blieb?", "Niemand…", "Dann Ruhe."]
    assert texts("Was?! Wirklich!!! Ja.") == ["Was?!", "Wirklich!!!", "Ja."]


def test_abbreviation_list_is_frozenset_with_required_entries() -> None:
    assert isinstance(ABBREVIATIONS, frozenset)
    required = ("z.B. u.a. bzw. Dr. Prof. Nr. St. ca. etc. Mio. Mrd. Jan. Feb. usw. vgl. sog. "
                "inkl. evtl. d.h. o.ä. Abs. Art. Hr. Fr. Str. v.a. u.U. z.T.").split()
    for a in required:
        assert a in ABBREVIATIONS, a


@pytest.mark.parametrize(
    "sentence",
    [
        "Es gibt viele Parteien, z.B. Die Linke und Die Grünen.",
        "Sie kamen u.a. Aus Berlin und Wien.",
        "Das Treffen bzw. Das Gespräch dauerte lang.",
        "Dann sprach Dr. Müller mit Prof. Dr. Meier.",
        "Er wohnt in der Hausnummer Nr. 5 in der Goethe-Str. Nummer 3.",
        "Der Kurs kostet 5 Tsd. Euro.",
        "Der Zug hielt in St. Pölten.",
        "Es kamen ca. Tausend Menschen.",
        "Das kostet 3 Mio. Euro und 2 Mrd. Dollar.",
        "Am 6. Jan. 2021 und am 3. Feb. 2022 war es kalt.",
        "Vgl. Kapitel drei und sog. Experten.",
        "Das gilt inkl. Mehrwertsteuer und evtl. Gebühren.",
        "Die Regel, d.h. Der Paragraf, gilt o.ä. Sachen.",
        "Laut Abs. 3 und Art. 5 gilt das.",
        "Hr. Meier und Fr. Huber kamen.",
        "Sie traf v.a. Politiker, u.U. Diplomaten und z.T. Journalisten.",
        "In der Wr. Neustadt und der Dipl.-Ing. Mayer.",
        "Der Kanzler a.D. Hans Meier und die Firma Meier GmbH & Co. KG waren dort.",
        "In den U.S. Army Camps.",
    ],
)
def test_no_split_after_abbreviations(sentence: str) -> None:
    assert texts(sentence) == [sentence]


def test_capitalised_lowercase_abbreviation_at_sentence_start() -> None:
    assert texts("Es war voll. Ca. Tausend Menschen kamen.") == [
        "Es war voll.", "Ca. Tausend Menschen kamen."]
    # ... but not for abbreviations that are words or names when capitalised
    assert texts("Sie lebt in der Schweiz. Über Geld spricht sie nicht.") == [
        "Sie lebt in der Schweiz.", "Über Geld spricht sie nicht."]
    assert texts("Er sprach mit Franz. Der nickte.") == ["Er sprach mit Franz.", "Der nickte."]
    assert toks("Er sprach mit Max.") == ["Er", "sprach", "mit", "Max", "."]


def test_abbreviation_at_end_of_compound() -> None:
    assert texts("Sie wohnt in der Goethe-Str. Nummer 3 liegt links.") == [
        "Sie wohnt in der Goethe-Str. Nummer 3 liegt links."]
    assert texts("Das ist eine Kunst-Art. Dann kam mehr.") == [
        "Das ist eine Kunst-Art.", "Dann kam mehr."]


def test_enumeration_abbreviations_may_end_sentence() -> None:
    assert texts("Sie kauften Äpfel, Birnen usw. Danach gingen sie heim.") == [
        "Sie kauften Äpfel, Birnen usw.", "Danach gingen sie heim."]
    assert texts("Brot, Milch etc. Das war alles.") == ["Brot, Milch etc.", "Das war alles."]
    # ... but not before a lowercase word
    assert texts("Brot, Milch etc. sind teuer.") == ["Brot, Milch etc. sind teuer."]


def test_word_like_abbreviations() -> None:
    # "Art" and "Jan" are also words: they end a sentence unless a number follows
    assert texts("Er tat es auf seine Art. Dann ging er.") == [
        "Er tat es auf seine Art.", "Dann ging er."]
    assert texts("Er sprach mit Jan. Der nickte.") == ["Er sprach mit Jan.", "Der nickte."]
    assert texts("Nach Art. 5 ist das erlaubt.") == ["Nach Art. 5 ist das erlaubt."]


@pytest.mark.parametrize(
    "sentence",
    [
        "Die Angreifer kamen am 6. Januar in Washington an.",
        "Im 20. Jahrhundert änderte sich viel.",
        "Er belegte der 3. Platz in der Wertung.",
        "Der Vertrag wurde am 6.1.2021 unterschrieben.",
        "Seit dem 1. Mai gilt das Gesetz.",
        "Am 3. Oktober und am 24. Dezember ist frei.",
        "Er wohnt im 2. Bezirk in Wien.",
        "Der 1. FC Köln verlor gegen den 1. FSV Mainz.",
        "Am 5. Tag kam der 4. Versuch.",
        "Die Sitzung am 6. 1. 2021 war kurz.",
        "Das Spiel findet am 3. statt.",
        "Ab dem 15. Jänner gilt die Regel.",
        "Sie feiert ihren 80. Geburtstag.",
        "1. Die Botschafter kehren zurück.",
    ],
)
def test_no_split_after_ordinals_and_dates(sentence: str) -> None:
    assert texts(sentence) == [sentence]


def test_period_after_closed_bracket_or_quote_splits() -> None:
    assert texts("Die SPÖ hatte (366). Von Seiten der ÖVP kam nichts.") == [
        "Die SPÖ hatte (366).", "Von Seiten der ÖVP kam nichts."]
    assert texts('Er sagte "Nein". Dann ging er.') == ['Er sagte "Nein".', "Dann ging er."]


def test_number_at_sentence_end_splits() -> None:
    assert texts("Die Zahl der Toten stieg auf 23. Die Polizei ermittelt.") == [
        "Die Zahl der Toten stieg auf 23.", "Die Polizei ermittelt."]
    assert texts("Das war im Jahr 2020. Im Jahr 2021 nicht.") == [
        "Das war im Jahr 2020.", "Im Jahr 2021 nicht."]
    assert texts("Er wurde 1990 geboren. 2005 zog er nach Wien.") == [
        "Er wurde 1990 geboren.", "2005 zog er nach Wien."]


@pytest.mark.parametrize(
    "sentence",
    [
        "Die Maschine hob gegen 20.00 Uhr ab.",
        "Die Maschine hob gegen 20:00 Uhr ab.",
        "Das kostet 3.5 Millionen Euro.",
        "Es kamen 1.000 Menschen und 3,5 Prozent stimmten zu.",
        "Es waren 1.000.000 Euro.",
    ],
)
def test_no_split_in_times_and_numbers(sentence: str) -> None:
    assert texts(sentence) == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        "Damals regierte John F. Kennedy das Land.",
        "Das Buch von J. R. R. Tolkien ist lang.",
        "Das gilt z. B. für Kinder und d. h. für alle.",
        "Papst Benedikt XVI. besuchte die Stadt.",
        "An der Feier nahm Königin Elizabeth II. (89) teil.",
    ],
)
def test_no_split_after_initials(sentence: str) -> None:
    assert texts(sentence) == [sentence]


def test_ellipsis() -> None:
    assert texts("Er wollte ... und dann ging er nach Hause.") == [
        "Er wollte ... und dann ging er nach Hause."]
    assert texts("Er wollte… und dann ging er.") == ["Er wollte… und dann ging er."]
    assert texts("Er wartete... Dann ging er.") == ["Er wartete...", "Dann ging er."]
    assert texts("Er sagte, dass […] Deutschland zahlt.") == [
        "Er sagte, dass […] Deutschland zahlt."]


def test_glued_headline_after_period() -> None:
    assert kinds("Es gehe um Eigeninteresse.Gipfeltreffen in Genf Das haben sie vereinbart") == [
        ("text", None, "Es gehe um Eigeninteresse."),
        ("headline", None, "Gipfeltreffen in Genf Das haben sie vereinbart"),
    ]
    assert texts("Das Projekt war geboren.Noch vor 30 Jahren war es anders.") == [
        "Das Projekt war geboren.", "Noch vor 30 Jahren war es anders."]


@pytest.mark.parametrize(
    "sentence",
    [
        "Er besuchte www.orf.at und schrieb an info@example.com heute.",
        "Der Abschluss ist ein Dipl.Ing und die Firma heißt ab.Ag heute.",  # < 3 letters / abbrev.
        "Die Abkürzung bzw.Der ist falsch geschrieben.",
        "Er nutzt die Version 2.Generation heute.",
        "Das Kürzel lautet U.S.Army heute.",
    ],
)
def test_no_glued_split_for_urls_abbreviations_and_short_words(sentence: str) -> None:
    assert texts(sentence) == [sentence]


def test_newline_always_ends_sentence() -> None:
    assert texts("Das ist der erste Teil\nund das der zweite.") == [
        "Das ist der erste Teil", "und das der zweite."]
    assert texts("Zeile eins.\n\n\nZeile zwei.") == ["Zeile eins.", "Zeile zwei."]


def test_space_before_period() -> None:
    assert texts("Rückkehr der Botschafter . Die Beziehungen waren schlecht.") == [
        "Rückkehr der Botschafter .", "Die Beziehungen waren schlecht."]


def test_lowercase_continuation_does_not_split() -> None:
    assert texts("Das ist gut. und dann kam er.") == ["Das ist gut. und dann kam er."]


def test_brand_names_starting_lowercase_start_sentence() -> None:
    assert texts("Damals stand ein Kleid im Angebot. eBay hält das für möglich.") == [
        "Damals stand ein Kleid im Angebot.", "eBay hält das für möglich."]


def test_trailing_punctuation_only_remainder_is_attached() -> None:
    assert texts("Das war lustig. ;-)") == ["Das war lustig. ;-)"]


def test_abbreviation_before_closing_bracket() -> None:
    assert texts("Er nannte (z.B.) Dinge. Dann ging er.") == [
        "Er nannte (z.B.) Dinge.", "Dann ging er."]


def test_letter_labels_and_initials() -> None:
    assert texts("Österreich spielt in Gruppe B. Die Gruppe ist stark.") == [
        "Österreich spielt in Gruppe B.", "Die Gruppe ist stark."]
    assert texts("Sie traf Hans B. Müller.") == ["Sie traf Hans B. Müller."]


def test_company_abbreviations() -> None:
    assert texts("Die Firma Meinl Ltd. (MERE) ist tätig. Apple Inc. Das Unternehmen wächst.") == [
        "Die Firma Meinl Ltd. (MERE) ist tätig.", "Apple Inc.", "Das Unternehmen wächst."]


def test_sports_enumerations_do_not_produce_number_only_sentences() -> None:
    text = "Endstand nach 21 Prüfungen: 1. Sebastien Ogier – 2. Andreas Mikkelsen (71. Minute)."
    assert texts(text) == [text]


# ---------------------------------------------------------------------------
# quotes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Das ist kein Moment." Er lachte.', ['"Das ist kein Moment."', "Er lachte."]),
        ("„Das ist kein Moment.“ Er lachte.", ["„Das ist kein Moment.“", "Er lachte."]),
        ('„Das ist kein Moment." Er lachte.', ['„Das ist kein Moment."', "Er lachte."]),
        ("»Das ist kein Moment.« Er lachte.", ["»Das ist kein Moment.«", "Er lachte."]),
        ("«Das ist kein Moment.» Er lachte.", ["«Das ist kein Moment.»", "Er lachte."]),
        ("‚Das ist kein Moment.‘ Er lachte.", ["‚Das ist kein Moment.‘", "Er lachte."]),
        ("'Das ist kein Moment.' Er lachte.", ["'Das ist kein Moment.'", "Er lachte."]),
        ("Er sagte: „Wirklich?“ Dann ging er.", ["Er sagte: „Wirklich?“", "Dann ging er."]),
        ("Er rief: »Nein!« Alle schwiegen.", ["Er rief: »Nein!«", "Alle schwiegen."]),
        ("(Das war geplant.) Danach ging es weiter.", ["(Das war geplant.)", "Danach ging es weiter."]),
    ],
)
def test_sentence_ending_with_quote_includes_closing_quote(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        '"Putin weiß, dass ich handeln werde", sagte Biden nach dem Treffen.',
        '"Ich werde handeln.", sagte Biden nach dem Treffen.',
        "„Ich werde handeln.“, sagte Biden nach dem Treffen.",
        "„Ich werde handeln“, sagte Biden nach dem Treffen.",
        "»Wirklich?«, fragte Antonow den Reporter.",
        '"Wirklich?" fragte Sullivan den Reporter.',
        "«Nie wieder!» rief die Menge.",
        "‚Kumbaya‘, sangen sie in Genf.",
        "Er nannte das 'geradeheraus' und ging.",
        "Sie riefen „Wir sind das Volk!“ und „Freiheit!“ in der Stadt.",
    ],
)
def test_quote_with_speech_tag_stays_one_sentence(sentence: str) -> None:
    assert texts(sentence) == [sentence]


def test_quotes_never_lose_text() -> None:
    text = 'Er sagte: "Wir kommen. Ganz sicher." Dann „ging“ er »weg« und \'kam\' «zurück».'
    sents = check(text)
    assert "".join(t for s in sents for t in s.text.split()) == "".join(text.split())


def test_unbalanced_quotes() -> None:
    text = 'Er sagte: "Das geht nicht. Dann ging er. „Wieder da.'
    assert texts(text) == ['Er sagte: "Das geht nicht.', "Dann ging er.", "„Wieder da."]


# ---------------------------------------------------------------------------
# headlines and bullets
# ---------------------------------------------------------------------------


def test_headline_lines() -> None:
    text = "Die offenen Streitpunkte\nDer Gipfel begann am Morgen.\nWas jetzt kommt\nDie Punkte:"
    assert kinds(text) == [
        ("headline", None, "Die offenen Streitpunkte"),
        ("text", None, "Der Gipfel begann am Morgen."),
        ("headline", None, "Was jetzt kommt"),
        ("headline", None, "Die Punkte:"),
    ]


def test_headline_with_closing_quote_but_no_period() -> None:
    assert kinds("Putin und Biden: »Es geht um Interessen«") == [
        ("headline", None, "Putin und Biden: »Es geht um Interessen«")]
    assert kinds("»Es geht um Interessen.«") == [("text", None, "»Es geht um Interessen.«")]


def test_multi_sentence_line_without_final_period_is_text() -> None:
    assert kinds("Er kam. Sie ging") == [("text", None, "Er kam."), ("text", None, "Sie ging")]


@pytest.mark.parametrize("mark", ["•", "-", "*", "–", "·"])
def test_bullet_marks(mark: str) -> None:
    text = f"Einleitung:\n  {mark} Erster Punkt. Noch ein Satz.\n{mark} Zweiter Punkt ohne Punkt\n"
    got = kinds(text)
    assert got == [
        ("headline", None, "Einleitung:"),
        ("bullet", None, "Erster Punkt."),
        ("bullet", None, "Noch ein Satz."),
        ("bullet", None, "Zweiter Punkt ohne Punkt"),
    ]
    for s in check(text):
        assert mark not in s.text


def test_bullet_without_space() -> None:
    assert kinds("•Punkt eins") == [("bullet", None, "Punkt eins")]


def test_dash_without_space_is_not_a_bullet() -> None:
    assert kinds("-5 Grad werden erwartet.") == [("text", None, "-5 Grad werden erwartet.")]
    assert kinds("*Name geändert") == [("headline", None, "*Name geändert")]


def test_empty_bullet_produces_nothing() -> None:
    assert kinds("•\n-   \n* ") == []


# ---------------------------------------------------------------------------
# page furniture
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "ftype"),
    [
        ("Foto: Mikhail Metzel / imago images/ITAR-TASS", "photo_credit"),
        ("Bild: dpa", "photo_credit"),
        ("Foto: picture alliance / dpa", "photo_credit"),
        ("Fotos: dpa/M. Kappeler", "photo_credit"),
        ("© Reuters", "photo_credit"),
        ("(c) AFP", "photo_credit"),
        ("(Foto: AP)", "photo_credit"),
        ("ime/dpa/Reuters", "agency"),
        ("dpa/AFP", "agency"),
        ("AFP", "agency"),
        ("(dpa)", "agency"),
        ("jdl/dpa", "agency"),
        ("APA", "agency"),
        ("red, APA", "agency"),
        ("(APA, 12.3.2016)", "agency"),
        ("(APA/red – 8.8. 2015)", "agency"),
        ("Sehen Sie im Video:", "video"),
        ("Zum Video", "video"),
        ("Video", "video"),
        ("Video abspielen", "player"),
        ("Die Wiedergabe wurde unterbrochen.", "player"),
        ("02:31 min", "player"),
        ("Mehr zum Thema", "other"),
        ("Lesen Sie auch:", "other"),
        ("Weitere Artikel zum Thema", "other"),
        ("Von Anna Müller", "byline"),
        ("Von Anna Müller und Hans Meier", "byline"),
        ("Ein Kommentar von Anna Müller", "byline"),
        ("Ein Kommentar von …", "byline"),
        ("Von unserer Korrespondentin Anna Müller, Berlin", "byline"),
        ("(Anna Müller, 12.3.2016)", "byline"),
        ("(red, 5.6.2016)", "byline"),
        ("----", "other"),
    ],
)
def test_furniture_lines(line: str, ftype: str) -> None:
    text = f"Der Gipfel begann.\n{line}\nEr endete spät."
    got = kinds(text)
    assert got == [
        ("text", None, "Der Gipfel begann."),
        ("furniture", ftype, line),
        ("text", None, "Er endete spät."),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Von Helden und Schurken",  # not a byline: names need first and last name
        "Von Montag an gilt die Regel.",
        "Bild: So sieht der neue Bahnhof aus.",  # a sentence, not a credit
        "Die Reuters-Meldung kam spät.",
        "Video zeigt Polizeieinsatz in Wien",
    ],
)
def test_not_furniture(line: str) -> None:
    assert all(s.kind != "furniture" for s in check(line))


def test_video_prefix_is_split_off() -> None:
    assert kinds("Sehen Sie im Video: Biden will weiter Menschenrechtsfragen ansprechen") == [
        ("furniture", "video", "Sehen Sie im Video:"),
        ("headline", None, "Biden will weiter Menschenrechtsfragen ansprechen"),
    ]
    assert kinds("Lesen Sie auch: Der Gipfel in Genf. Er war kurz.") == [
        ("furniture", "other", "Lesen Sie auch:"),
        ("text", None, "Der Gipfel in Genf."),
        ("text", None, "Er war kurz."),
    ]


def test_furniture_inside_a_line() -> None:
    text = "Das war die Meldung. (APA, 12.3.2016) Ergebnisse der Runde folgen."
    assert kinds(text) == [
        ("text", None, "Das war die Meldung."),
        ("furniture", "agency", "(APA, 12.3.2016)"),
        ("text", None, "Ergebnisse der Runde folgen."),
    ]
    assert kinds("Er kam an. Die Wiedergabe wurde unterbrochen.") == [
        ("text", None, "Er kam an."),
        ("furniture", "player", "Die Wiedergabe wurde unterbrochen."),
    ]


def test_furniture_regexes_are_module_level() -> None:
    import re

    for name in ("_PHOTO_CREDIT_RE", "_AGENCY_LINE_RE", "_VIDEO_RE", "_PLAYER_RE", "_BYLINE_RE",
                 "_OTHER_RE", "_FURNITURE_PREFIX_RE"):
        assert isinstance(getattr(segment, name), re.Pattern)


# ---------------------------------------------------------------------------
# whitespace and line breaks
# ---------------------------------------------------------------------------


def test_empty_and_whitespace_only() -> None:
    for t in ("", " ", "\n", "\r\n\r\n", "\t \u00a0\n\u2028 ", "\u200b\ufeff"):
        assert split_sentences(t) == []
        assert tokenize(t) == []


def test_crlf_nbsp_tabs() -> None:
    text = "\ufeffErster Satz.\r\nZweiter\u00a0Satz.\u00a0\r\n\r\n\tDritter\tSatz. Vierter Satz.\t"
    assert texts(text) == ["Erster Satz.", "Zweiter\u00a0Satz.", "Dritter\tSatz.", "Vierter Satz."]


def test_nbsp_after_ordinal() -> None:
    assert texts("Am 6.\u00a0Januar kam er.") == ["Am 6.\u00a0Januar kam er."]


def test_line_break_characters() -> None:
    # \n, \r, \u2028, \u2029 are line breaks ...
    assert texts("Eins\rZwei\u2028Drei\u2029Vier") == ["Eins", "Zwei", "Drei", "Vier"]
    # ... but \x85, \x0b, \x0c, \x1c-\x1e are in-line whitespace (unlike str.splitlines)
    text = "Eins\x85Zwei\x0bDrei\x0cVier\x1cFünf\x1dSechs\x1eSieben"
    assert texts(text) == [text]
    assert texts("Er kam.\x85Sie ging.") == ["Er kam.", "Sie ging."]


def test_indices_are_consecutive() -> None:
    sents = check("A eins.\n\nB zwei. C drei!\n• D vier\nFoto: dpa")
    assert [s.index for s in sents] == [0, 1, 2, 3, 4]


# ---------------------------------------------------------------------------
# tokenize
# ---------------------------------------------------------------------------


def test_tokenize_compounds() -> None:
    assert toks("US-Präsident Kreml-Chefs russisch-amerikanischen 60er-Jahren") == [
        "US-Präsident", "Kreml-Chefs", "russisch-amerikanischen", "60er-Jahren"]


def test_tokenize_numbers() -> None:
    assert toks("um 20.00 Uhr, 1.000 Euro, 3,5 Prozent, 6.1.2021 und 20:00") == [
        "um", "20.00", "Uhr", ",", "1.000", "Euro", ",", "3,5", "Prozent", ",", "6.1.2021", "und",
        "20:00"]


def test_tokenize_ordinals() -> None:
    assert toks("am 6. Januar im 20. Jahrhundert der 3. Platz am 5. und 6. Mai") == [
        "am", "6.", "Januar", "im", "20.", "Jahrhundert", "der", "3.", "Platz", "am", "5.", "und",
        "6.", "Mai"]
    # a number at the end of a sentence keeps its full stop separate
    assert toks("Es waren 23. Die Polizei") == ["Es", "waren", "23", ".", "Die", "Polizei"]
    assert toks("Es waren 23.") == ["Es", "waren", "23", "."]


def test_tokenize_abbreviations() -> None:
    assert toks("z.B. u.a. bzw. Dr. Prof. Nr. 5 ca. etc. d.h. o.ä. Ca. Art. 5") == [
        "z.B.", "u.a.", "bzw.", "Dr.", "Prof.", "Nr.", "5", "ca.", "etc.", "d.h.", "o.ä.", "Ca.",
        "Art.", "5"]
    # word-like abbreviation at the end of a sentence: the full stop is separate
    assert toks("auf seine Art.") == ["auf", "seine", "Art", "."]
    assert toks("John F. Kennedy und J. R. R. Tolkien") == [
        "John", "F.", "Kennedy", "und", "J.", "R.", "R.", "Tolkien"]
    assert toks("in Block A.") == ["in", "Block", "A", "."]


def test_tokenize_punctuation_and_quotes() -> None:
    assert toks('„Nein“, sagte er: »Ja!« (so) «x» ‚y‘ "z" \'w\'…?!...') == [
        "„", "Nein", "“", ",", "sagte", "er", ":", "»", "Ja", "!", "«", "(", "so", ")", "«", "x",
        "»", "‚", "y", "‘", '"', "z", '"', "'", "w", "'", "…", "?", "!", "..."]


def test_tokenize_apostrophes() -> None:
    assert toks("Wie geht's? So hakt's, sagt O'Brien.") == [
        "Wie", "geht's", "?", "So", "hakt's", ",", "sagt", "O'Brien", "."]
    assert toks("geht’s") == ["geht’s"]


def test_tokenize_urls_mail_hashtags() -> None:
    text = ("Mehr auf https://www.example.com/a/b.html?x=1. Oder www.orf.at, derstandard.at/2000 "
            "und info@example.com. #Wahl2021 @kanzler")
    assert toks(text) == [
        "Mehr", "auf", "https://www.example.com/a/b.html?x=1", ".", "Oder", "www.orf.at", ",",
        "derstandard.at/2000", "und", "info@example.com", ".", "#Wahl2021", "@kanzler"]


def test_tokenize_agency_slashes() -> None:
    assert toks("ime/dpa/Reuters") == ["ime", "/", "dpa", "/", "Reuters"]


def test_tokenize_truncated_compound() -> None:
    assert toks("Ein- und Ausgang, Vor- oder Nachteil") == [
        "Ein-", "und", "Ausgang", ",", "Vor-", "oder", "Nachteil"]


def test_tokenize_span_offsets_are_absolute() -> None:
    text = "Vorher. Der US-Präsident kam. Nachher."
    start = text.index("Der")
    end = text.index("Nachher") - 1
    result = tokenize(text, start, end)
    check_tokens(text, result, start, end)
    assert [(t.start, t.text) for t in result] == [
        (start, "Der"), (start + 4, "US-Präsident"), (start + 17, "kam"), (start + 20, ".")]


def test_tokenize_bounds_like_slices() -> None:
    text = "Ein kurzer Satz."
    assert toks(text, 4) == ["kurzer", "Satz", "."]
    assert toks(text, -5) == ["Satz", "."]
    assert toks(text, 0, -1) == ["Ein", "kurzer", "Satz"]
    assert toks(text, 10, 3) == []
    assert toks(text, 100) == []
    assert toks(text, 0, 1000) == ["Ein", "kurzer", "Satz", "."]
    # a span cutting through a word
    assert toks(text, 5, 8) == ["urz"]


def test_tokenize_combining_marks_and_soft_hyphen() -> None:
    assert toks("Mu\u0308ller Bundes\u00adtag") == ["Mu\u0308ller", "Bundes\u00adtag"]


# ---------------------------------------------------------------------------
# robustness
# ---------------------------------------------------------------------------

NASTY = [
    "\x00", "\x00\x01\x02.\x03", "\u2028", "\u0085", "\u2029\u2028", "\x1c\x1d\x1e", "\r", "\r\r\n",
    "\ud800", "a\udfffb. C", "." * 1000, "!?…" * 300, "...", "… …", "„“»«‚‘", '"' * 50,
    "x" * 10_000, "Wort" * 2500 + ". Ende.", "a." * 5000, "1." * 5000, "(" * 1000 + ")" * 1000,
    "@" * 500, "#" * 500, "a@" * 1000, "www." * 1000, "http://" * 500, "-" * 1000, "• " * 500,
    "Foto:" * 100, "Von " * 100, "ab.Cd" * 2000, ". A" * 1000, "\u00a0" * 1000, "\t.\t" * 100,
    "z.B." * 1000, "Dr. " * 1000, "  • \n" * 100, "(APA, 1.1.2020)" * 50, "»«" * 500,
    "\u0308" * 100, "\u00ad" * 100, "\ufeff\u200b" * 100, "😀. 😀! 😀?", "ß.SS.ẞ.",
    "İ. ı. ǅ. ǈ.", "١٢٣. ٤٥٦.", "中文。中文！", "e\u0301. E\u0301.",
]


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_never_raises_on_nasty_strings(text: str) -> None:
    check(text)
    toks(text)
    toks(text, 1, -1)


def test_long_line_without_punctuation() -> None:
    text = "wort " * 200_000  # 1 MB
    sents = check(text[:10_000])
    assert len(sents) == 1
    sents = split_sentences(text)
    assert len(sents) == 1 and sents[0].start == 0 and sents[0].end == len(text) - 1
    assert sents[0].kind == "headline"
    big = "x" * 1_000_000
    assert [(s.start, s.end) for s in split_sentences(big)] == [(0, 1_000_000)]
    assert [(t.start, t.end) for t in tokenize(big)] == [(0, 1_000_000)]


def test_long_whitespace_runs() -> None:
    text = "a" + " " * 200_000 + "b." + "\n" * 100_000 + "c"
    assert texts(text) == ["a" + " " * 200_000 + "b.", "c"]
    assert toks(text) == ["a", "b", ".", "c"]


try:  # optional property test
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    pass
else:
    _ALPHABET = st.sampled_from(
        list("aAbBzZäÖß019 .,;:!?…-–•*·\"'„“”»«‚‘’()[]/@#\n\r\t\u00a0\u2028\u0085\x00")
        + ["z.B.", "Dr.", "6. Januar", "20.00", "Foto: ", "dpa", "Von ", "Anna ", "Müller",
           "www.x.de", "a@b.de", "...", "\r\n", "  • ", "Sehen Sie im Video: "]
    )

    @settings(max_examples=300, deadline=None)
    @given(st.lists(_ALPHABET, max_size=60).map("".join))
    def test_property_invariants(text: str) -> None:
        check(text)
        toks(text)

    @settings(max_examples=200, deadline=None)
    @given(st.text(max_size=200))
    def test_property_invariants_any_text(text: str) -> None:
        check(text)
        toks(text)


# ---------------------------------------------------------------------------
# documentation
# ---------------------------------------------------------------------------


def test_docstring_examples() -> None:
    result = doctest.testmod(segment, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
