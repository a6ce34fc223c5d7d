"""The lexicon data in kg/data and its loader kg.lexicon."""

from __future__ import annotations

import doctest
import importlib.util
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from kg import lexicon
from kg.errors import DataError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "kg" / "data"

LEXICON_FILES = [
    "countries.tsv",
    "regions.tsv",
    "cities.tsv",
    "organisations.tsv",
    "roles.tsv",
    "role_prefixes.tsv",
    "verbs.tsv",
    "nominal_triggers.tsv",
    "function_words.tsv",
    "first_names_extra.txt",
    "first_names_stop.txt",
    "common_capitalized.txt",
    "propn_ratio.tsv",
    "sources/country_overlay.tsv",
    "sources/roles.tsv",
    "sources/role_heads.tsv",
    "sources/verb_parts.tsv",
    "sources/verb_senses.tsv",
]


def _data_rows(name: str) -> tuple[list[str], list[list[str]]]:
    lines = [ln for ln in (DATA / name).read_text(encoding="utf-8").split("\n") if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    return header, [ln.split("\t") for ln in lines[1:]]


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize("name", LEXICON_FILES)
def test_file_has_source_and_licence_header(name):
    raw = (DATA / name).read_bytes()
    assert b"\r" not in raw, "LF line ends only"
    text = raw.decode("utf-8")
    assert text.endswith("\n")
    head = text.split("\n")[:12]
    assert head[0].startswith("# "), "the file starts with comment lines"
    comments = " ".join(ln for ln in head if ln.startswith("#"))
    assert "Source:" in comments or "Source " in comments
    assert re.search(r"[Ll]icen[cs]e|CC BY-SA|GPL", comments)


@pytest.mark.parametrize("name", [n for n in LEXICON_FILES if n.endswith(".tsv")])
def test_tsv_rows_have_header_width(name):
    header, rows = _data_rows(name)
    assert rows, name
    assert len(set(header)) == len(header)
    for r in rows:
        assert len(r) == len(header), (name, r)
        assert all(c == c.strip() for c in r), (name, r)


@pytest.mark.parametrize(
    "name,key",
    [
        ("countries.tsv", ("code",)),
        ("regions.tsv", ("name",)),
        ("cities.tsv", ("name", "country")),
        ("organisations.tsv", ("name", "country")),
        ("roles.tsv", ("lemma",)),
        ("role_prefixes.tsv", ("prefix",)),
        ("verbs.tsv", ("lemma", "type", "subtype")),
        ("nominal_triggers.tsv", ("noun",)),
        ("propn_ratio.tsv", ("form",)),
        ("sources/country_overlay.tsv", ("code",)),
        ("sources/roles.tsv", ("lemma",)),
        ("sources/role_heads.tsv", ("head",)),
        ("sources/verb_parts.tsv", ("lemma",)),
    ],
)
def test_no_duplicate_keys(name, key):
    header, rows = _data_rows(name)
    idx = [header.index(k) for k in key]
    keys = Counter(tuple(r[i] for i in idx) for r in rows)
    assert [k for k, n in keys.items() if n > 1] == []
    assert all(k[0] for k in keys)


@pytest.mark.parametrize("name", ["first_names_extra.txt", "first_names_stop.txt", "common_capitalized.txt"])
def test_word_lists_unique(name):
    words = [ln for ln in (DATA / name).read_text(encoding="utf-8").split("\n") if ln and not ln.startswith("#")]
    assert len(words) == len(set(words))
    assert all(" " not in w.strip() or name == "first_names_extra.txt" for w in words)


def test_sizes():
    assert len(lexicon.countries()) >= 249
    assert sum(c.status == "un" for c in lexicon.countries().values()) == 193
    assert len(lexicon.roles()) >= 250
    assert len(lexicon.verbs()) >= 150
    assert len(lexicon.nominal_triggers()) >= 120
    assert len(lexicon.cities()) >= 800
    assert len(lexicon.wordlist("first_names_extra.txt")) >= 800
    for name in ("common_capitalized.txt", "propn_ratio.tsv"):
        assert (DATA / name).stat().st_size < 1_500_000


# --------------------------------------------------------------------------- integrity


def test_references_resolve():
    codes = set(lexicon.countries())
    orgs = {o.name for o in lexicon.organisations(include_generic=True)}
    roles = lexicon.roles()
    for c in lexicon.cities():
        assert c.country in codes, c
        assert not c.seat_of or c.seat_of in orgs, c
        assert not set(c.ambiguous_aliases) & set(c.aliases), c
    for r in lexicon.regions():
        assert not r.country or r.country in codes, r
    for o in lexicon.organisations(include_generic=True):
        assert not o.country or o.country in codes, o
        assert not o.head_role or o.head_role in roles, o
        assert not set(o.ambiguous_aliases) & set(o.aliases), o
    for role in roles.values():
        assert not role.scope_org or role.scope_org in orgs, role.lemma
        assert not role.scope_country or role.scope_country in codes, role.lemma
        assert not role.canonical_role or role.canonical_role in roles, role.lemma
        assert role.lemma in role.forms
    for p in lexicon.role_prefixes().values():
        if p.kind == "org":
            assert p.target in orgs, p
        if p.kind == "country":
            assert p.target in codes, p


def test_event_types_are_kg_classes():
    vocab = pytest.importorskip("kg.vocab")
    classes = set(vocab.EVENT_TYPES)
    assert {v.type for senses in lexicon.verbs().values() for v in senses} <= classes
    assert {t.type for t in lexicon.nominal_triggers()} <= classes
    for senses in lexicon.verbs().values():
        for v in senses:
            assert v.cameo == "" or re.fullmatch(r"0[1-9]|1\d|20", v.cameo), v


def test_every_state_has_a_capital():
    capitals = {c.country for c in lexicon.cities() if c.is_capital}
    states = {code for code, c in lexicon.countries().items() if c.status != "territory"}
    assert states - capitals == {"PS"}  # Palestine: seat of government Ramallah, capital claim East Jerusalem


def test_country_codes_are_iso_alpha2():
    for code, c in lexicon.countries().items():
        assert re.fullmatch(r"[A-Z]{2}", code)
        assert code not in {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
        assert c.article in ("", "der", "die", "das", "die(pl)")
        assert all(s == s.lower() for s in c.adjective_stems)
    assert "XK" in lexicon.countries()


def test_role_forms_belong_to_one_role():
    owner: dict[str, str] = {}
    for r in lexicon.roles().values():
        for f in r.forms:
            assert owner.setdefault(f, r.lemma) == r.lemma, f


# --------------------------------------------------------------------------- spot checks


def test_countries_spot_checks():
    idx = lexicon.country_index()
    assert idx["Russland"] == "RU"
    assert idx["Russlands"] == "RU"
    assert idx["USA"] == "US" and idx["Vereinigten Staaten"] == "US"
    assert idx["Bundesrepublik"] == "DE"
    assert idx["Holland"] == "NL"
    assert idx["Russen"] == "RU" and idx["Amerikanerin"] == "US"
    us = lexicon.countries()["US"]
    assert us.preferred == "USA" and us.name == "Vereinigte Staaten" and "US" in us.prefixes
    assert lexicon.countries()["CH"].article == "die"
    assert "der Schweiz" in lexicon.countries()["CH"].genitive


@pytest.mark.parametrize(
    "word,codes",
    [
        ("russischen", ("RU",)),
        ("russisch", ("RU",)),
        ("US-amerikanischen", ("US",)),
        ("amerikanische", ("US",)),
        ("russisch-amerikanischen", ("RU", "US")),
        ("deutsch-französische", ("DE", "FR")),
        ("saudi-arabischen", ("SA",)),
        ("ungarischer", ("HU",)),
        ("israelisches", ("IL",)),
        ("ostukrainischen", ("UA",)),
        ("nordirischen", ()),
        ("europäischen", ()),
        ("politischen", ()),
        ("zwischen", ()),
    ],
)
def test_country_of_adjective(word, codes):
    assert lexicon.country_of_adjective(word) == codes


def test_roles_spot_checks():
    idx = lexicon.role_index()
    assert idx["Außenministerin"].lemma == "Außenminister"
    assert idx["Oppositionellen"].lemma == "Oppositioneller"
    assert idx["Oppositionelle"].adjectival
    assert idx["Präsidenten"].lemma == "Präsident"
    assert idx["Botschafters"].lemma == "Botschafter"
    kreml = idx["Kremlchef"]
    assert (kreml.canonical_role, kreml.scope_country, kreml.scope_org) == ("Präsident", "RU", "Kreml")
    assert idx["Kreml-Chef"] is kreml
    assert idx["Kremlkritiker"].scope_country == "RU"
    m = lexicon.role_of("US-Präsident")
    assert (m.lemma, m.scope_country) == ("Präsident", "US")
    m = lexicon.role_of("Ex-Außenministerin")
    assert m.lemma == "Außenminister" and m.former
    m = lexicon.role_of("Nato-Chef")
    assert (m.canonical, m.scope_org) == ("Generalsekretär", "Nato")
    assert lexicon.role_of("Bundesinnenminister").level == "federal"
    assert lexicon.role_of("Tisch") is None


def test_verbs_spot_checks():
    idx = lexicon.verb_form_index()
    kehrte = {(v.lemma, v.particle) for v in idx["kehrte"]}
    assert ("zurückkehren", "zurück") in kehrte
    assert {(v.lemma, v.particle) for v in idx["zurückgekehrt"]} == {("zurückkehren", "zurück")}
    assert ("festnehmen", "fest") in {(v.lemma, v.particle) for v in idx["nahm"]}
    assert ("abheben", "ab") in {(v.lemma, v.particle) for v in idx["hob"]}
    for form in ("traf", "trafen", "getroffen", "träfe", "treffe", "trifft"):
        assert "treffen" in {v.lemma for v in idx[form]}, form
    for form in ("sprach", "gesprochen", "spräche", "spricht"):
        assert "sprechen" in {v.lemma for v in idx[form]}, form
    assert "zurückzurufen" in idx and "zurückgerufen" in idx
    treffen = lexicon.verbs()["treffen"][0]
    assert treffen.type == "Meeting" and treffen.cameo == "04"
    assert any(v.speech for v in lexicon.verbs()["sagen"])


def test_nominal_triggers_spot_checks():
    idx = lexicon.trigger_index()
    assert idx["Gipfeltreffens"].type == "Meeting"
    assert idx["Festnahme"].type == "Detain"
    assert idx["Rückkehr"].type == "Return"
    assert idx["Amtsantritts"].type == "TakeOffice"
    assert lexicon.trigger_of_noun("Friedensgespräche").noun == "Gespräch"


def test_organisations_spot_checks():
    idx = lexicon.org_index()
    assert idx["Weißen Haus"][0].name == "Weißes Haus"
    assert idx["Weißen Hauses"][0].country == "US"
    assert idx["Kreml"][0].head_role == "Präsident"
    assert idx["dpa"][0].kind == "agency" and idx["Reuters"][0].kind == "agency"
    assert idx["EU"][0].kind == "international"
    # ordinary words are never plain aliases
    assert "Zeit" not in idx and "Union" not in idx and "Regierung" in idx
    assert not any(o.generic for o in lexicon.organisations())


def test_places_spot_checks():
    cities = lexicon.city_index()
    assert cities["Moskau"][0].is_capital and cities["Moskau"][0].country == "RU"
    assert cities["Kyjiw"][0].name == "Kiew"
    assert "Zug" not in cities and "Essen" not in cities
    regions = lexicon.region_index()
    assert regions["Westjordanland"].country == "PS"
    assert regions["Kalifornien"].kind == "state"
    assert sum(r.kind == "state" and r.country == "DE" for r in lexicon.regions()) == 16
    assert sum(r.kind == "state" and r.country == "AT" for r in lexicon.regions()) == 9
    assert sum(r.kind == "state" and r.country == "US" for r in lexicon.regions()) == 50


def test_names_and_tagging_aids():
    names = lexicon.first_names()
    assert {"Wolodymyr", "Recep", "Emmanuel", "Giorgia"} <= names
    assert not {"Sie", "Er", "In", "Bei", "Foto", "Nato"} & names
    assert not lexicon.wordlist("first_names_extra.txt") & lexicon.wordlist("first_names_stop.txt")
    if importlib.util.find_spec("gender_guesser") is not None:
        assert {"Angela", "Olaf", "Annalena"} <= names
        assert len(names) > 40_000
    assert "Regierung" in lexicon.common_capitalized()
    assert "Berlin" not in lexicon.common_capitalized()
    assert lexicon.propn_ratio()["Berlin"] > 0.9


def test_missing_file_raises_data_error():
    with pytest.raises(DataError):
        lexicon.table("no_such_file.tsv", "a", "b")
    assert issubclass(lexicon.LexiconError, DataError)


def test_function_words_lists_and_users():
    """Every list of function_words.tsv is read by the module its name starts with, and no other name exists."""
    lists = lexicon._function_word_lists()
    assert "quotes.kii" in lists and "mapper.finite_aux" in lists
    for name, words in lists.items():
        module, _, _ = name.partition(".")
        assert words and all(w == w.strip() and w for w in words), name
        assert f'lexicon.function_words("{name}")' in (ROOT / "kg" / f"{module}.py").read_text(encoding="utf-8"), name
    assert lexicon.function_words("mapper.haben") == frozenset("hat haben hatte hatten habe hätte hätten".split())
    with pytest.raises(lexicon.LexiconError, match="no word list 'nope'"):
        lexicon.function_words("nope")


def test_doctests():
    result = doctest.testmod(lexicon, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_build_is_up_to_date():
    """scripts/build_lexicons.py --check: the committed files are what the script makes."""
    babel = pytest.importorskip("babel")
    header = (DATA / "countries.tsv").read_text(encoding="utf-8").split("\n")[:3]
    if not any(f"Babel {babel.__version__} " in ln for ln in header):
        pytest.skip("countries.tsv was built with another Babel version")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_lexicons.py"), "--check"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
