"""Rules of the mention layer (kg.mentions) and posts (kg.resolve), on small invented sentences."""

from __future__ import annotations

import pytest

from kg.mentions import recognise
from kg.resolve import resolve
from kg.segment import split_sentences


def found(text: str) -> list[tuple[str, str, str, str]]:
    return [(m.text, m.type, m.norm, m.via) for m in recognise(text, split_sentences(text)) if m.type != "date"]


def of_type(text: str, typ: str) -> list[str]:
    return [t for t, ty, _n, _v in found(text) if ty == typ]


def posts(text: str) -> list[tuple[str, str, str | None]]:
    sents = split_sentences(text)
    res = resolve(text, sents, recognise(text, sents))
    return [(p.person, p.role, p.scope) for p in res.posts]


def test_surname_that_is_a_city_after_role_and_first_name():
    assert of_type("Museumsdirektor Thomas Metz eröffnete die Ausstellung.", "person") == ["Thomas Metz"]
    assert "place" not in {ty for _t, ty, _n, _v in found("Museumsdirektor Thomas Metz eröffnete die Ausstellung.")}


def test_name_particles():
    assert of_type("Von der Leyen sagte am Montag, man werde prüfen.", "person") == ["Von der Leyen"]
    assert of_type("Der Minister Ali al-Haddadi reiste ab.", "person") == ["Ali al-Haddadi"]
    assert of_type("Das sagte Rafael van der Berkt am Abend.", "person") == ["Rafael van der Berkt"]


def test_titles_before_names():
    assert of_type("Das bestätigte Dr. Hans Brenner.", "person") == ["Hans Brenner"]
    assert "Lukas Ebner" in of_type("Nach Angaben von Prof. Lukas Ebner ist das falsch.", "person")


def test_genitive_person_and_place_keep_text_map_norm():
    ms = found("Thomas Kern sprach lange. Kerns Rede wurde gelobt. Die Hafenarbeiter in Odessas Hafen streiken.")
    assert ("Kerns", "person", "Kern", "surname") in ms
    assert any(t == "Odessas" and ty == "place" and n == "Odessa" for t, ty, n, _v in ms)
    assert ("Lena Marquardts", "person", "Lena Marquardt", "first_name") in found("Wir lasen Lena Marquardts neues Buch.")


def test_common_nouns_are_not_names():
    assert of_type("Die Aufführung sorgte für Furore in der Stadt.", "person") == []
    assert of_type("Dann brachte Sabine Vogt Zeitungen.", "person") == ["Sabine Vogt"]


def test_generic_institutions_are_organisations():
    ms = found("Die Polizei und die Staatsanwaltschaft ermitteln, die Regierung schweigt.")
    generic = {t for t, ty, _n, v in ms if ty == "organisation" and v == "generic"}
    assert {"Polizei", "Staatsanwaltschaft", "Regierung"} <= generic


def test_oberste_is_not_the_rank():
    assert of_type("Der Oberste Gerichtshof hat entschieden.", "role") == []
    assert of_type("Der Oberste Gerichtshof hat entschieden.", "organisation") == ["Oberste Gerichtshof"]


def test_relational_nouns_are_not_posts():
    assert of_type("Sein Vorgänger Peter Lang widersprach.", "role") == []
    assert of_type("Sein Vorgänger Peter Lang widersprach.", "person") == ["Peter Lang"]


def test_vorstand_is_a_role():
    assert of_type("Vorstand Jan Hollerbach trat zurück.", "role") == ["Vorstand"]


def test_post_after_the_name():
    assert ("person:thomas-kern", "Vorstand", "org:deutsche-bank") in posts(
        "Das sagte Thomas Kern, Vorstand der Deutschen Bank, am Montag.")
    assert ("person:klaus-meier", "Chef", "org:siemens") in posts("Klaus Meier, Chef von Siemens, sagte das.")


def test_post_from_predicate():
    assert any(p[1] == "Direktor" for p in posts("Anna Roth ist Direktorin des Instituts."))


def test_post_role_genitive_comma_name():
    assert any(p[0].startswith("person:birgit") and p[1] == "Landesvorsitzender" for p in posts(
        "Die Landesvorsitzende des Bundes, Birgit Keller, widersprach."))


@pytest.mark.parametrize("text,org", [
    ("Die Zellkraft AG meldete Gewinne.", "Zellkraft AG"),
    ("Gegen den VfL Osnabrück verlor das Team.", "VfL Osnabrück"),
    ("Der Verband DHXB reagierte sofort.", "DHXB"),
    ("Das meldete der Hofheimer Kurier am Montag.", "Hofheimer Kurier"),
])
def test_organisation_patterns(text, org):
    assert org in of_type(text, "organisation")


def test_unknown_place_after_preposition_and_streets():
    assert "Kleinwarnow" in of_type("Der Unfall geschah in Kleinwarnow am Abend.", "place")
    assert "Gubener Straße" in of_type("Sie flüchteten über die Gubener Straße.", "place")
    assert "Bad Tiefenquell" in of_type("Der Kurort Bad Tiefenquell wächst.", "place")


def test_unknown_surname_before_speech_verb():
    assert of_type("Ramsauer erklärte, er sei zufrieden.", "person") == ["Ramsauer"]


def test_dateline_in_capitals():
    assert "BOCHUM" in of_type("BOCHUM - Die Stadt plant neu.", "place")


def test_capitalised_particle_pair_stays_in_the_name():
    assert "Alexander Van der Bellen" in of_type("Der frühere Grünen-Chef Alexander Van der Bellen tritt an.", "person")


def test_particle_surname_links_to_the_full_name():
    text = "Der frühere Grünen-Chef Alexander Van der Bellen tritt an. Van der Bellen sagte, er sei bereit."
    sents = split_sentences(text)
    res = resolve(text, sents, recognise(text, sents))
    assert {k for k in res.links.values() if k.startswith("person:")} == {"person:alexander-van-der-belen"}


def test_plural_of_a_generic_institution_is_no_entity():
    assert "Regierung" not in of_type("Westliche Regierungen werfen Russland vor, Waffen zu liefern.", "organisation")
