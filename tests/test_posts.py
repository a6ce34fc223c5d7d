"""Post rules (kg.mentions role pass + kg.resolve): scope of sub-national roles, deputies, posts not held,
feminine references, hyphenated first names and group nouns.  Invented names only."""

from __future__ import annotations

import pytest

from kg import lexicon
from kg.mentions import recognise
from kg.resolve import resolve
from kg.segment import split_sentences


def claims(text: str):
    sents = split_sentences(text)
    return resolve(text, sents, recognise(text, sents)).posts


def posts(text: str) -> list[tuple[str, str, str | None, bool]]:
    return [(p.person, p.role, p.scope, p.former) for p in claims(text)]


def test_role_lexicon_has_scope_level():
    roles = lexicon.roles()
    assert roles["Landeshauptmann"].scope_level == "region"
    assert roles["Bürgermeister"].scope_level == "city"
    assert roles["Außenminister"].scope_level == ""


@pytest.mark.parametrize("text, scope", [
    ("Der niederösterreichische Landeshauptmann Max Mustermann kam.", "place:niederoesterreich"),
    ("Kärntens Landeshauptmann Otto Beispiel sprach.", "place:kaernten"),
    ("Otto Beispiel, Landeshauptmann von Kärnten, sagte nichts.", "place:kaernten"),
    ("Der Salzburger Landesrat Karl Muster sprach.", "place:salzburg"),
    ("Der Wiener Bürgermeister Karl Muster sprach.", "place:wien"),
    ("Der bayerische Ministerpräsident Karl Muster sprach.", "place:bayern"),
    ("Landeshauptmann Karl Muster sprach.", None),  # no country default for a Land role
    ("Klubobmann Karl Muster sprach.", None),
])
def test_subnational_roles_take_the_region_or_no_scope(text, scope):
    got = posts(text)
    assert len(got) == 1 and got[0][2] == scope


def test_national_roles_keep_country_scope():
    assert posts("Der russische Außenminister Karl Muster kam.")[0][2] == "country:RU"


@pytest.mark.parametrize("text, role", [
    ("Das sagte der stellvertretende US-Generalstaatsanwalt Jon Miller.", "stellvertretender Generalstaatsanwalt"),
    ("Vize-Chefin Anna Muster kam.", "Vize-Chef"),
    ("Landeshauptmann-Stellvertreterin Anna Muster kam.", "Landeshauptmann-Stellvertreter"),
])
def test_deputies_do_not_hold_the_role(text, role):
    got = claims(text)
    assert [p.role for p in got] == [role]
    assert got[0].role_class == "deputy"


def test_vize_alias_stays_its_own_role():
    assert [p.role for p in claims("Vize-Präsident Bert Beispiel kam.")] == ["Vizepräsident"]


@pytest.mark.parametrize("text", [
    "Anna Muster kam. Bert Beispiel soll Innenminister werden.",
    "Der designierte Innenminister Bert Beispiel kam.",
    "Der künftige Außenminister Bert Beispiel kam.",
    "Bert Beispiel wird Innenminister.",
    "Bert Beispiel kam. Er gilt als Nachfolger als Innenminister Anna Mustermann.",
])
def test_posts_not_yet_held(text):
    assert not [p for p in posts(text) if p[1] == "Innenminister" or p[1] == "Außenminister"]


@pytest.mark.parametrize("text", [
    "Der damalige Kärntner Landeshauptmann Bert Beispiel kam.",
    "Die bisherige Innenministerin Anna Muster kam.",
    "Auch Otto Beispiel, einst Diplomat in Paris, kam.",
])
def test_former_markers(text):
    assert posts(text)[0][3] is True


def test_role_reference_skips_sentence_about_someone_else():
    text = "Innenministerin Anna Muster kam. Bert Beispiel wird mit dem Amt der Innenministerin entschädigt."
    assert [p[0] for p in posts(text)] == ["person:ana-muster"]


def test_feminine_reference_not_given_to_masculine_holder():
    text = "Unter Innenminister Karl Muster war alles anders. Die Innenministerin sagte nichts."
    assert len(posts(text)) == 1


def test_hyphenated_first_name_with_surname():
    assert posts("Finanzminister Hans-Jörg Kranzler (ÖVP) kam.")[0][0] == "person:hans-joerg-kranzler"


def test_group_noun_gives_no_post():
    assert not [p for p in posts("Karl Muster ist Chef. Die Partei-Mandatare Karl Muster und Otto Beispiel kamen.")
                if p[1] == "Mandatar"]


def test_party_roles_take_no_country_default():
    assert posts("Der dortige Parteiobmann Karl Muster kam.")[0][2] is None
    assert posts("ÖVP-Klubobmann Karl Muster kam.")[0][2] == "org:oevp"


def test_future_marker_before_a_place_adjective():
    assert posts("Das sagte der designierte Wiener FPÖ-Klubchef Karl Muster.") == []


def test_joined_vize_compound_is_a_deputy():
    assert [p.role for p in claims("Vizebürgermeisterin Anna Muster kam.")] == ["Vize-Bürgermeister"]


def test_past_predicate_is_former():
    got = posts("Karl Muster war Polizeidirektor in der Stadt.")
    assert got and got[0][3] is True
    assert posts("Karl Muster ist Polizeidirektor in der Stadt.")[0][3] is False


# --- session 3: judged errors on held-out 10kGNAD articles ------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Das Land ist seit dem Sturz des langjährigen Machthabers Erik Mustermann im Jahr 2011 gespalten.",
    "Gemeint war der Rücktritt von Bundeskanzler Erik Mustermann (SPÖ).",
    "Der Tod des früheren Präsidenten Erik Mustermann erschütterte das Land.",
])
def test_complement_of_an_end_of_office_noun_is_former(text):
    got = posts(text)
    assert got and all(former for (_p, _r, _s, former) in got), got


def test_abstract_noun_after_role_is_no_person():
    got = posts("Die Sozialdemokraten werfen dem Finanzminister Zynismus vor.")
    assert not [p for p in got if p[0] == "person:zynismus"], got


def test_descriptor_nouns_make_no_post():
    assert lexicon.roles()["Attentäter"].role_class == "descriptor"
    assert posts("Der Attentäter Erik Mustermann wurde 1990 geboren.") == []


def test_ordinal_before_role_is_a_deputy_office():
    got = claims("Die bisherige Zweite Landtagspräsidentin Erika Muster zieht ein.")
    assert [(p.role, p.former) for p in got] == [("Zweiter Landtagspräsident", True)]


def test_party_prefix_is_no_scope_of_a_regional_post():
    got = posts("Er wurde vom steirischen ÖVP-Landesrat Erik Muster gestützt.")
    assert got and got[0][2] != "org:oevp", got


def test_plural_role_after_die_is_no_reference():
    got = posts("Bundesschulsprecher Erik Muster ärgert sich. Muster sieht das Schreiben an die Schulsprecher als problematisch.")
    assert len(got) == 1, got


@pytest.mark.parametrize("text", ["Entholzer-Kritiker Erik Muster kam.", "Herausfordererin Erika Muster (Grüne) jubelte."])
def test_critic_and_challenger_are_no_posts(text):
    assert posts(text) == []


def test_common_noun_after_role_is_no_person():
    assert posts("Dafür zollte er dem verstorbenen früheren Bundespräsidenten Respekt.") == []


@pytest.mark.parametrize("text", [
    "Im November war der libysche IS-Chef Erik Muster bei einem Luftangriff getötet worden.",
    "Der gestürzte Präsident Erik Muster floh ins Ausland.",
    "Dafür dankte er dem verstorbenen Bundespräsidenten Erik Muster.",
])
def test_dead_or_overthrown_holder_is_former(text):
    got = posts(text)
    assert got and all(former for (_p, _r, _s, former) in got), got
