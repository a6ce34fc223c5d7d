"""Quotation rules (kg/quotes.py) on small invented German examples."""

from __future__ import annotations


from kg.pipeline import analyse_text
from kg.quotes import QuoteClaim, article_quote_spans


def quotes(text: str) -> list[QuoteClaim]:
    return analyse_text(text, "test.txt").facts.quotes


def one(text: str, kind: str, fragment: str) -> QuoteClaim:
    found = [q for q in quotes(text) if q.kind == kind and fragment in q.text]
    assert found, quotes(text)
    return found[0]


def test_speaker_text_field_defaults_to_none():
    q = QuoteClaim("person:x", "Text", "direct", "sagte", 0, 0, 4)
    assert q.speaker_text is None


def test_quote_pairs_over_several_sentences():
    text = 'Er sagte: „Das ist gut. Wir bleiben.“ Dann ging er.'
    assert article_quote_spans(text) == [(10, 37)]


def test_multi_sentence_quote_with_cue_after():
    q = one("„Wir sind bereit. Die Arbeit beginnt morgen“, so Karla Imhof.", "direct", "Die Arbeit beginnt")
    assert q.speaker and q.speaker.startswith("person:")
    assert q.text.startswith("Wir sind bereit")
    assert q.sentence == 0


def test_multi_sentence_quote_after_colon_cue():
    q = one("Bernd Vollrath erklärte: „Das Werk bleibt offen. Niemand wird entlassen.“", "direct", "Niemand wird")
    assert (q.speaker or "").startswith("person:") and "Vollrath" in q.speaker_text


def test_role_noun_speaker_is_kept_as_text():
    q = one("Der Staatsanwalt sagte, der Angeklagte habe die Tat gestanden.", "indirect", "Tat gestanden")
    assert q.speaker is None and q.speaker_text == "Der Staatsanwalt"


def test_so_with_article_adjective_role_name():
    q = one("„Das ist ein schwerer Fehler“, so der zuständige Vorstand Ulrich Brenner.", "direct", "schwerer Fehler")
    assert (q.speaker or "").startswith("person:") and "Brenner" in q.speaker_text


def test_separable_cue_verb():
    q = one("Die Feuerwehr teilte am Abend mit, dass zwei Häuser abgebrannt seien.", "indirect", "Häuser abgebrannt")
    assert q.cue == "teilte"


def test_konjunktiv_by_form_continues_the_run():
    text = "Bernd Vollrath sagte, die Firma sei gesund. Die Lage bleibe trotzdem schwierig. Dies reiche nicht aus."
    qs = [q for q in quotes(text) if q.kind == "indirect"]
    assert any("bleibe trotzdem" in q.text for q in qs)
    assert any("reiche nicht" in q.text for q in qs)
    assert len({q.speaker for q in qs}) == 1


def test_run_ends_with_narration():
    text = "Bernd Vollrath sagte, die Firma sei gesund. Am Abend regnete es. Die Lage bleibe schwierig."
    assert not [q for q in quotes(text) if "bleibe schwierig" in q.text]


def test_dass_clause_in_indicative():
    q = one("Bernd Vollrath sagte, dass die Firma gesund ist.", "indirect", "Firma gesund")
    assert (q.speaker or "").startswith("person:") and "Vollrath" in q.speaker_text


def test_zu_infinitive_after_announcing_verb():
    q = one("Bernd Vollrath kündigte an, die Steuern im nächsten Jahr zu senken.", "indirect", "Steuern")
    assert (q.speaker or "").startswith("person:") and "Vollrath" in q.speaker_text


def test_laut_source():
    q = one("Laut der Feuerwehr wurden drei Menschen verletzt.", "indirect", "drei Menschen")
    assert q.speaker_text and "Feuerwehr" in q.speaker_text


def test_nach_angaben_des_source():
    q = one("Nach Angaben des Roten Kreuzes wurden zwölf Menschen gerettet.", "indirect", "zwölf Menschen")
    assert q.speaker_text and "Roten Kreuzes" in q.speaker_text


def test_zufolge_source():
    q = one("Dem Bericht der Kommission zufolge gibt es keine Beweise.", "indirect", "keine Beweise")
    assert q.speaker_text and "Kommission" in q.speaker_text


def test_dative_outlet_is_not_the_speaker():
    q = one("Karla Imhof sagte der Süddeutschen Zeitung, das Projekt sei gescheitert.", "indirect", "Projekt sei")
    assert (q.speaker or "").startswith("person:") and "Imhof" in q.speaker_text


def test_nationality_adjective_is_not_the_speaker():
    qs = [q for q in quotes("Der amerikanische Präsident sagte, die Gespräche seien schwierig.") if q.kind == "indirect"]
    assert qs and not (qs[0].speaker or "").startswith("country:")


def test_apposition_between_subject_and_cue():
    q = one("Karla Imhof, die Sprecherin des Verbandes, erklärte, man sei enttäuscht.", "indirect", "enttäuscht")
    assert (q.speaker or "").startswith("person:") and "Imhof" in q.speaker_text


def test_participle_cue_with_fronted_adverb():
    q = one("Auch Karla Imhof hat das Treffen als »äußerst nützlich« bezeichnet.", "direct", "äußerst nützlich")
    assert (q.speaker or "").startswith("person:") and "Imhof" in q.speaker_text


def test_title_in_quotes_is_no_quotation():
    assert not [q for q in quotes("Karla Imhof sagte, der Film „Blaue Stunde“ sei gut.") if q.kind == "direct"]


def test_first_person_is_not_konjunktiv():
    assert not quotes("Ich habe das Haus gestern gekauft.")
