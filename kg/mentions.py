"""Recognise mentions: people, countries, places, organisations, roles and dates.

This stage reads one article's sentences and returns typed spans with
character offsets.  It knows nothing about any particular article: what it
needs (country names and adjectives, role nouns, organisations, places,
first names, which capitalised words are ordinary nouns) comes from the
lexicons in ``kg/data`` through :mod:`kg.lexicon`.

The rules, in order of confidence:

1. gazetteer spans (organisations, places, regions, countries, incl. their
   inflected forms and demonyms), longest match first;
2. role nouns, incl. compounds with a country or organisation prefix
   ("US-Präsident", "Kremlchef", "Außenministerin", "EU-Kommissar");
3. person names: a known first name followed by capitalised non-noun words,
   or capitalised name words right after a role noun, "Herr"/"Frau", or a
   speech cue ("sagte X", ", so X");
4. a lone unknown name (no noun, no ordinary word) as the subject after a
   finite verb ("hatte sich Röttgen darauf berufen"), as a possessor
   ("Zabels Entscheidung") or as the speaker label of an interview line
   ("Güllner: ..."): a person, unless the statistical tagger finds an
   organisation there;
5. surnames (and their genitive) of people already found in the article;
6. country adjectives ("russischen", "US-amerikanische");
7. dates and times ("am Mittwoch", "im Januar", "am 6. Januar", "gegen 20.00 Uhr").

Examples
--------
>>> from kg.segment import split_sentences
>>> text = "Der französische Präsident Emmanuel Macron reist nach Berlin."
>>> [(m.text, m.type) for m in recognise(text, split_sentences(text))]
[('französische', 'country'), ('Präsident', 'role'), ('Emmanuel Macron', 'person'), ('Berlin', 'place')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from kg import lexicon
from kg.segment import Sentence, Token, tokenize

__all__ = ["Mention", "recognise", "MENTION_TYPES"]

MENTION_TYPES = ("person", "country", "place", "organisation", "role", "date")


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed span of article text.

    Attributes
    ----------
    start, end : int
        Character offsets into the article text (end exclusive).
    text : str
        ``article_text[start:end]``.
    type : str
        One of :data:`MENTION_TYPES`.
    sentence : int
        Index of the sentence the mention is in.
    norm : str
        Normalised value: ISO code (country), base name (person, place,
        organisation), role lemma (role), ISO date or the expression (date).
    via : str
        How it was found: ``name``, ``adjective``, ``demonym``, ``prefix``,
        ``role``, ``reference`` (a role or age word used as a pronoun),
        ``surname``, ``context`` (guessed from the neighbouring words),
        ``syntax`` (a lone name guessed from its grammatical position),
        ``initial`` (an initial and a surname: "H. Dietz"), ``first_name``,
        ``title``, ``cue``, ``particle`` (person names by their trigger),
        ``ner`` (the statistical tagger).
    scope : str or None
        For roles: ``country:XX`` or ``org:Name`` the position belongs to.
    canonical : str or None
        For roles: the canonical role lemma (``Kremlchef`` -> ``Präsident``).
    role_class : str or None
        For roles: the coarse class from ``roles.tsv`` (head_of_state, ...).
    former : bool
        For roles: marked as former ("Ex-", "ehemalige").
    value : str or None
        For dates: ISO 8601 date (``2021-06-16``), month (``--01``) or time.
    """

    start: int
    end: int
    text: str
    type: str
    sentence: int
    norm: str
    via: str = "name"
    scope: str | None = None
    canonical: str | None = None
    role_class: str | None = None
    former: bool = False
    value: str | None = None
    future: bool = False  # roles: not (yet) held ("der designierte X", "der künftige X")
    plural: bool = False  # roles: a plural-only form ("Mandatare"), a group rather than one holder
    scope_level: str = ""  # roles: "region"/"city" (lexicon scope_level)


# --------------------------------------------------------------------------- lexicon views


@dataclass(slots=True)
class _Lex:
    gazetteer: dict[tuple[str, ...], tuple[str, str, str | None]]  # tokens -> (type, norm, country)
    max_len: int
    first_names: frozenset[str]
    common: frozenset[str]
    propn: dict[str, float]
    roles: dict
    country_prefixes: dict[str, str]
    org_prefixes: dict[str, str]
    generic: frozenset = frozenset()
    common_low: frozenset = frozenset()
    role_suffixes: list[tuple[str, object]] = field(default_factory=list)
    suffix_index: dict[str, object] = field(default_factory=dict)
    suffix_lengths: tuple[int, ...] = ()
    nouns: frozenset = frozenset()
    lower: dict[str, str] = field(default_factory=dict)


_PARTICLES = frozenset({"von", "van", "de", "der", "den", "del", "da", "di", "du", "le", "la", "al", "bin", "ibn", "zu", "ten", "ter", "dos", "das"})
_POSSESSIVES = lexicon.function_words("mentions.possessives")
_SPEECH_CUES = lexicon.function_words("mentions.speech_cues")
_TITLES = lexicon.function_words("mentions.titles")
_MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "feber": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}
_WEEKDAYS = {"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5, "sonnabend": 5, "sonntag": 6}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_DATE_PATTERNS = [
    # 16. Juni 2021 / am 6. Januar
    ("daymonth", re.compile(rf"\b(?:(?:am|vom|bis|seit|zum)\s+)?(\d{{1,2}})\.\s*({_MONTH_RE})(?:\s+(\d{{4}}))?\b", re.I)),
    # 16.06.2021
    ("numeric", re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")),
    # am Mittwoch(abend)
    ("weekday", re.compile(rf"\b(?:(?:am|vom|seit|bis|kommenden|vergangenen|letzten)\s+)?({_WEEKDAY_RE})(?:abend|morgen|nachmittag|vormittag)?\b", re.I)),
    # im Januar 2021 / im März
    ("month", re.compile(rf"\b(?:(?:im|seit|bis|Anfang|Mitte|Ende)\s+)({_MONTH_RE})(?:\s+(\d{{4}}))?\b", re.I)),
    # gegen 20.00 Uhr
    ("time", re.compile(r"\b(?:(?:gegen|um|ab|bis)\s+)?(\d{1,2})[.:](\d{2})\s*Uhr\b")),
    # im Frühjahr / im Sommer 2020
    ("season", re.compile(r"\b(?:im|seit dem)\s+(Frühjahr|Frühling|Sommer|Herbst|Winter)(?:\s+(\d{4}))?\b")),
    # im Jahr 2020 / 2021
    ("year", re.compile(r"\b(?:im\s+Jahr(?:e)?\s+)?((?:19|20)\d{2})\b")),
]


def _norm_key(s: str) -> str:
    return s.casefold()


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    gaz: dict[tuple[str, ...], tuple[str, str, str | None]] = {}

    def add(surface: str, typ: str, norm: str, country: str | None, *, override: bool = False) -> None:
        surface = surface.strip()
        if not surface:
            return
        toks = tuple(t.text for t in tokenize(surface))
        if not toks:
            return
        if override or toks not in gaz:
            gaz[toks] = (typ, norm, country)

    # lowest priority first; later entries of a higher priority override
    for city in lexicon.cities():
        add(city.name, "place", city.name, city.country)
        for alias in city.aliases:
            add(alias, "place", city.name, city.country)
    for region in lexicon.regions():
        add(region.name, "place", region.name, region.country or None)
        for alias in region.aliases:
            add(alias, "place", region.name, region.country or None)
    generic_keys: set[tuple[str, ...]] = set()
    for org in lexicon.organisations(include_generic=True):
        if not org.generic:
            continue
        for name in (org.name, *org.aliases):
            toks = tuple(t.text for t in tokenize(name))
            if toks:
                generic_keys.add(toks)
            add(name, "organisation", org.name, org.country or None, override=True)
    for org in lexicon.organisations():
        for name in (org.name, *org.aliases):
            generic_keys.discard(tuple(t.text for t in tokenize(name)))
    for org in lexicon.organisations():
        add(org.name, "organisation", org.name, org.country or None, override=True)
        for alias in org.aliases:
            add(alias, "organisation", org.name, org.country or None, override=True)
    for surface, code in lexicon.country_index().items():
        add(surface, "country", code, code, override=True)
    country_prefixes: dict[str, str] = {}
    for code, country in lexicon.countries().items():
        for prefix in country.prefixes:
            country_prefixes[prefix] = code
    org_prefixes: dict[str, str] = {}
    for org in lexicon.organisations():
        for name in (org.name, *org.aliases):
            if " " not in name:
                org_prefixes[name] = org.name
    roles = lexicon.role_index()
    # ordinary capitalised words: UD German-GSD non-names and Wiktionary's common nouns
    common = lexicon.common_capitalized() | lexicon.nouns()
    suffixes = sorted(
        ((form.casefold(), role) for form, role in roles.items() if len(form) >= 6 and " " not in form and "-" not in form),
        key=lambda x: (-len(x[0]), x[0]),
    )
    return _Lex(
        gazetteer=gaz,
        max_len=max((len(k) for k in gaz), default=1),
        first_names=lexicon.first_names(),
        common=common,
        generic=frozenset(generic_keys),
        common_low=frozenset(w.casefold() for w in common if len(w) >= 4 and w[:1].isupper()),
        propn=lexicon.propn_ratio(),
        roles=roles,
        country_prefixes=country_prefixes,
        org_prefixes=org_prefixes,
        role_suffixes=suffixes,
        suffix_index={form: role for form, role in reversed(suffixes)},
        suffix_lengths=tuple(sorted({len(form) for form, _ in suffixes}, reverse=True)),
        nouns=lexicon.nouns(),
        lower=lexicon.lower_upos(),
    )


# --------------------------------------------------------------------------- token tests


def _is_cap(text: str) -> bool:
    return bool(text) and text[0].isupper() and any(c.isalpha() for c in text)


def _is_word(text: str) -> bool:
    return bool(text) and text[0].isalpha()


@lru_cache(maxsize=65536)
def _role_of(word: str) -> tuple[object, str | None, str | None, bool, str | None] | None:
    """Role lexicon entry for a word, with a scope from a compound prefix.

    Returns (role, scope, prefix, former, deputy) or None; ``deputy`` is "Vize-" for "Vize-Chefin" and
    "-Stellvertreter" for "Landeshauptmann-Stellvertreterin" (the deputy of ``role``, not its holder).
    """
    lex = _lex()
    former = False
    deputy = None
    w = word
    role = lex.roles.get(w)
    if role is not None:
        return role, _role_scope(role), None, former, deputy
    for mark in ("Ex-", "Alt-", "Noch-", "Vize-"):
        if w.startswith(mark) and len(w) > len(mark) + 2:
            former = mark in ("Ex-", "Alt-")
            deputy = "Vize-" if mark == "Vize-" else None
            w = w[len(mark):]
            break
    role = lex.roles.get(w)
    if role is not None:
        return role, _role_scope(role), None, former, deputy
    if "-" in w:
        head, _, rest = w.partition("-")
        sub = lex.roles.get(rest) or lex.roles.get(rest[:1].upper() + rest[1:])
        if sub is None:
            joined = head + rest[:1].lower() + rest[1:]
            sub = lex.roles.get(joined)
            if sub is not None:
                return sub, _role_scope(sub), None, former, deputy
        if sub is not None:
            if (getattr(sub, "role_class", "") == "deputy" and getattr(sub, "lemma", "") == "Stellvertreter"
                    and deputy is None and lex.roles.get(head) is not None):
                # "Landeshauptmann-Stellvertreterin", "Bürgermeister-Stellvertreter": the deputy of the head role
                top = lex.roles.get(head)
                return top, _role_scope(top), None, former, "-Stellvertreter"
            if head in lex.country_prefixes:
                return sub, f"country:{lex.country_prefixes[head]}", head, former, deputy
            if head in lex.org_prefixes:
                return sub, f"org:{lex.org_prefixes[head]}", head, former, deputy
            code = lexicon.country_index().get(head)
            if code:
                return sub, f"country:{code}", head, former, deputy
            if _is_cap(head):
                return sub, _role_scope(sub), head, former, deputy
        return None
    # unlisted compound: Wirtschaftsministerin, Verkehrsminister, Konzernchef
    low = w.casefold()
    if len(low) > 8 and _is_cap(w):
        for length in lex.suffix_lengths:
            if len(low) - length < 3:
                continue
            role = lex.suffix_index.get(low[-length:])
            if role is not None:
                if low.startswith("vize") and not getattr(role, "lemma", "").casefold().startswith("vize") and deputy is None:
                    deputy = "Vize-"  # "Vizebürgermeisterin", "Vizestadtchefin": the deputy, not the holder
                return role, _role_scope(role), None, former, deputy
    return None


def _role_scope(role: object) -> str | None:
    if getattr(role, "scope_level", ""):
        return None  # Landeshauptmann, Bürgermeister: only a region or city the text names
    country = getattr(role, "scope_country", "") or ""
    if getattr(role, "role_class", "") == "party":
        country = ""  # Parteiobmann (AT): where the word is used, not whose party
    org = getattr(role, "scope_org", "") or ""
    if country:
        return f"country:{country}"
    if org:
        return f"org:{org}"
    return None


def _nameish(tok: str, lex: _Lex, *, strict: bool) -> bool:
    """Could this capitalised token be part of a person's name?"""
    if not _is_cap(tok) or not tok[0].isalpha():
        return False
    if tok.isupper() and len(tok) > 1 and len(tok) <= 4:
        return False  # abbreviations: USA, EU, CDU
    if tok in lex.first_names:
        return True
    if _role_of(tok) is not None:
        return False
    if (tok,) in lex.gazetteer:
        return False
    ratio = lex.propn.get(tok)
    if ratio is not None:
        return ratio >= (0.5 if strict else 0.3)
    if tok in lex.common:
        return False
    base = tok[:-1] if tok.endswith("s") else tok
    if base in lex.common and not strict:
        return False
    return True


_NOUN_SUFFIXES = (
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion", "tionen", "ität", "itäten",
    "ismus", "ismen", "chen", "nisse", "tum", "tümer", "ling", "linge", "ment", "mente", "logie", "ierung", "erei",
    "anz", "enz", "ik", "iker", "ikern", "sion", "sionen", "ität", "ur", "nis", "ei", "eien", "ate", "ismus",
)
# compound tails that are common nouns but also typical endings of surnames and place names
_NAME_TAILS = frozenset(
    "mann berg burg stein feld bach dorf hof hoff haus hausen heim wald thal brunn born bauer meyer meier müller "
    "schmidt schmitt hardt hard ring kamp brink horst fels see brück brücke hagen holz bruch beck eck wirth wirt "
    "rath roth koch vogel fink fuchs wolf hahn busch berger burger macher ler ner".split()
)
_PLACE_SUFFIXES = ("hausen", "ingen", "dorf", "stadt", "burg", "heim", "berg", "feld", "bach", "au", "rode", "leben", "stedt", "städt")
_STREET_SUFFIXES = ("straße", "strasse", "platz", "allee", "gasse", "damm", "ufer", "chaussee")
_ORG_SUFFIX_TOKENS = frozenset(
    "AG GmbH SE Inc. Inc Ltd Ltd. Corp Corp. KG KGaA e.V. eV Holding Holdings Group Plc plc S.A. SA N.V. NV LLC "
    "Airlines Airways Systems Microsystems Technologies Pharma Motors Energy Bank".split()
)
_CLUB_PREFIXES = frozenset(
    "FC SV VfL VfB TSV SC SG SK BV TuS SpVgg FSV MSV KSV SSV TSG SSC AS AC RB RC CF Borussia Eintracht Fortuna Hertha "
    "Dynamo Alemannia Arminia Werder Rapid Austria Sporting Real Olympique Racing Union".split()
)
_ORG_WORD_SUFFIXES = ("bank", "ministerium", "verband", "verein", "gewerkschaft", "konzern", "stiftung", "partei", "institut")
_ORG_HEADS = frozenset(
    "Zeitung Zeitungen Rundschau Rundfunk Rundfunks Kurier Kuriers Presse Allgemeine Allgemeinen Nachrichten Anzeiger "
    "Tagblatt Morgenpost Post Bank Versicherung Verein Vereins Verband Verbands Stiftung Universität Hochschule "
    "Gymnasium Realschule Mieterverein Sparkasse Volksbank Stadtwerke Landesbank Kunsthalle Staatsoper Philharmoniker "
    "Verkehrsbetriebe Bühnen Stadtwerken Zoo".split()
)
_LOC_HEADS = frozenset("Straße Strasse Bahnhof Hauptbahnhof See Platz Allee Tor Dom Ring Brücke Bucht Wald Hafen".split())
_ACRONYM_STOP = frozenset(
    "CD CDs DVD DVDs TV PC PCs SMS DNA EDV KFZ PKW LKW GPS WM EM OK PS KM MP AIDS HIV SARS BSE DM EUR USD CHF BIP GB MB "
    "KB TB IT ID PR PDF HD LED UKW ABS USB WLAN LAN UMTS DSL ISDN CEO CFO COO VIP DJ PIN FAQ TOP NEU KO II III IV VI "
    "VII VIII IX XI XII XX AG SE KG GmbH NV SA LLC IQ UV TNT CO CO2 ICE IC ZK AKW KKW MRT TÜV NS SMS MMS OP WC AB SB "
    "HIV AIDS ADHS BMI PIN TAN NRW ÖPNV SUV MDax TecDax DAX MDAX SDAX WWW URL HTML PHP API CPU GPU RAM SSD HDD OS iOS".split()
)
_NAME_PARTICLE_START = frozenset({"von", "van", "de", "del", "da", "di", "du", "le", "la", "al", "bin", "ibn", "zu", "ten", "ter", "dos"})
_CAP_PARTICLES = frozenset({"Von", "Van", "De", "Da", "Di", "Du", "Al", "El", "Bin", "Ibn", "Le", "La", "Del", "Dos", "Ten", "Ter"})
_PARTICLE_PREFIX_RE = re.compile(r"^(?:al|el|as|ad|asch|ash|at|ar|an|ben|bin|abu|ibn|van|von|de|di|da|d|l|O|Mc)[-'’][A-ZÄÖÜ]")
_LOC_PREPS = lexicon.function_words("mentions.loc_preps")
_INITIAL_RE = re.compile(r"^[A-ZÄÖÜ]\.$")
#: English head nouns that end the name of an organisation or a place ("Dave Matthews Band", "Hudson River")
_EN_ORG_HEADS = frozenset("Band Theatre Theater School College Institute Foundation Company Records Hotel Orchestra".split())
_EN_LOC_HEADS = frozenset("River Street Avenue Square Bridge Island Lake Bay Park".split())
_SETTLEMENT_NOUNS = frozenset({"Stadt", "Gemeinde", "Ortschaft", "Ortsgemeinde", "Marktgemeinde", "Kreisstadt", "Hansestadt", "Insel",
                               "Landkreis", "Kanton", "Dorf", "Ortsteil", "Stadtteil"})
_PERSON_VERBS = lexicon.function_words("mentions.person_verbs")
_ADJ_HOMOGRAPHS = frozenset({"Oberste", "Obersten", "Oberster", "Oberstes"})
_NOT_POSTS = frozenset({"Vorgänger", "Nachfolger"})
_DETERMINERS = lexicon.function_words("mentions.determiners")
# attributes before a role noun (stems; any adjective ending): former, not yet in office, deputy
_FORMER_ATTRS = ("ehemalig", "früher", "einstig", "bisherig", "damalig", "vormalig", "seinerzeitig", "einst", "ehemals",
                 "vormals", "verstorben", "getötet", "ermordet", "gestürzt", "abgesetzt", "entmachtet")
_FUTURE_ATTRS = ("designiert", "künftig", "zukünftig", "angehend", "voraussichtlich", "möglich", "potenziell")
_DEPUTY_ATTRS = ("stellvertretend",)
#: endings of adjectives and adverbs that are no surnames when capitalised at the start of a sentence
#: ("Offiziell", "Parteiintern", "Landesweit", "Möglicherweise")
_ADJ_ADV_SUFFIXES = ("lich", "ig", "isch", "bar", "sam", "haft", "los", "erer", "weise", "weiss", "weiß", "end",
                     "intern", "weit", "seits", "mäßig", "halber", "wärts")
#: of these, the ones no surname has ("Ludwig", "Fröhlich", "König" are names)
_ADV_ONLY_SUFFIXES = ("weise", "intern", "weit", "seits", "mäßig", "halber", "wärts")
#: suffixes of abstract nouns, which are never surnames ("Zynismus", "Kritik", "Regierungsbildung")
_ABSTRACT_NOUN_RE = re.compile(r"..(?:ismus|ung|heit|keit|schaft|tät|tion|sion|nis|ik|tum|ie|enz|anz)$")
#: nouns whose genitive or "von" complement has left office ("Sturz des Machthabers", "Rücktritt von Kanzler X")
_END_OF_OFFICE = lexicon.function_words("mentions.end_of_office")


def _ordinal_attr(w: str) -> str | None:
    """'zweite', 'Zweiten', 'dritter' before a role: the ordinal of a deputy office ("Zweiter", "Dritter")."""
    m = re.fullmatch(r"(zweit|dritt|viert)(?:e|er|en|em|es)", w.casefold())
    return m.group(1).capitalize() + "er" if m else None


def _first_name(w: str, lex: "_Lex") -> bool:
    """A first name, or a hyphenated pair of first names ("Hans-Peter", "Anna-Lena")."""
    if w in lex.first_names:
        return True
    parts = w.split("-")
    return len(parts) == 2 and all(len(p) > 1 and p in lex.first_names for p in parts)


def _plural_only(word: str, role: object) -> bool:
    """'Stronach-Mandatare', 'Landesräte': the word ends in a plural form of the role that is no singular form."""
    if getattr(role, "adjectival", False):
        return False
    low = word.casefold()
    plurals = [*(getattr(role, "plural", ()) or ()), *(getattr(role, "feminine_plural", ()) or ())]
    plurals += [p + "n" for p in plurals if not p.endswith(("n", "s"))]
    singular = [getattr(role, "lemma", ""), getattr(role, "feminine", ""), *(getattr(role, "genitive", ()) or ())]
    ends = lambda forms: any(f and low.endswith(f.casefold()) for f in forms)  # noqa: E731
    return ends(plurals) and not ends(singular)


def _stem_in(word: str, stems: tuple[str, ...]) -> bool:
    return any(word == s or (word.startswith(s) and word[len(s):] in ("e", "er", "en", "em", "es")) for s in stems)


@lru_cache(maxsize=16384)
def _regional_scope(word: str, level: str) -> str | None:
    """Region or city a word before a role names: "niederösterreichischer", "Kärntens", "Wiener", "bayerische".

    Any role takes a (sub-national) state from a lowercase adjective or a genitive; a role with a scope level
    (Landeshauptmann: region, Bürgermeister: city) also takes an -er adjective or genitive of a city (a region-level
    role the region of the same name: "Salzburger Landesrat").
    """
    states = [r for r in lexicon.region_of_adjective(word) if r.kind == "state"] if word[:1].islower() else []
    if not states and word[:1].isupper():
        reg = lexicon.region_index().get(word)
        if reg is not None and reg.kind == "state" and word != reg.name and word.endswith("s"):
            states = [reg]
        elif level and word.endswith("er") and word[:1].isupper():
            states = [r for r in lexicon.region_of_adjective(word.casefold()) if r.kind == "state"]
    if len({r.name for r in states}) == 1:
        return states[0].name
    if not level or not word[:1].isupper():
        return None
    cities = _city_adjectives().get(word) or (_city_genitives().get(word) if word.endswith("s") else None)
    if not cities or len(cities) != 1:
        return None
    name = cities[0]
    if level == "region":
        reg = lexicon.region_index().get(name)
        return reg.name if reg is not None and reg.kind == "state" else None
    return name


@lru_cache(maxsize=1)
def _city_adjectives() -> dict[str, tuple[str, ...]]:
    out: dict[str, set[str]] = {}
    for c in lexicon.cities():
        for a in getattr(c, "adjectives", ()) or ():
            out.setdefault(a, set()).add(c.name)
    return {k: tuple(sorted(v)) for k, v in out.items()}


@lru_cache(maxsize=1)
def _city_genitives() -> dict[str, tuple[str, ...]]:
    out: dict[str, set[str]] = {}
    for c in lexicon.cities():
        if not c.name.endswith(("s", "ß", "x", "z")):
            out.setdefault(c.name + "s", set()).add(c.name)
    return {k: tuple(sorted(v)) for k, v in out.items()}


@lru_cache(maxsize=131072)
def _nounlike(tok: str) -> bool:
    """Is a capitalised word most likely an ordinary noun (not a name)?"""
    lex = _lex()
    if tok in lex.common:
        return True
    ratio = lex.propn.get(tok)
    if ratio is not None:
        return ratio < 0.3
    if tok in lex.first_names:
        return False
    low = tok.casefold()
    base = low[:-1] if low.endswith("s") and len(low) > 4 else low
    if tok.endswith("s") and tok[:-1] in lex.common:
        return True
    if "-" in tok:
        rest = tok.rsplit("-", 1)[1]
        if not rest:
            return False
        return rest.casefold() in lex.common_low or (_is_cap(rest) and _nounlike(rest))
    for suf in _NOUN_SUFFIXES:
        if base.endswith(suf) and len(base) > len(suf) + 2:
            return True
    variants = {base, low}
    for end in ("en", "n", "e", "er", "s"):
        if low.endswith(end) and len(low) > len(end) + 5:
            variants.add(low[: -len(end)])
    for v in variants:
        for k in range(3, len(v) - 3):
            tail = v[k:]
            if tail in lex.common_low and tail not in _NAME_TAILS:
                return True
    return False


@lru_cache(maxsize=131072)
def _unknown_name(tok: str) -> bool:
    """A capitalised word that is not known as anything and does not look like a noun."""
    if not _is_cap(tok) or not tok[0].isalpha() or len(tok) < 2:
        return False
    if tok.isupper() and len(tok) > 1:
        return False
    lex = _lex()
    if (tok,) in lex.gazetteer or _role_of(tok) is not None:
        return False
    if not any(c.islower() for c in tok[1:]):
        return False
    return not _nounlike(tok)


@lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    """Demonym nouns of the country lexicon ("Franzose", "Esten")."""
    return frozenset(d for c in lexicon.countries().values() for d in c.demonyms if d[:1].isupper())


@lru_cache(maxsize=65536)
def _role_noun(tok: str) -> bool:
    """A noun for a person by occupation or relation ("Schwester", "Parteikollegen", "Trainer") - the tagger's list."""
    if not _is_cap(tok) or not tok.isalpha():
        return False
    from kg.ner import _ROLE_RE

    low = tok.casefold()
    return (bool(_ROLE_RE.search(low)) or low.endswith(_AGENT_SUFFIXES) and len(low) > 6) \
        and low not in ("star", "meister", "sieger", "legende")


#: suffixes of nouns for people by what they do ("Surrealist", "Psychologe", "Kritiker", "Regisseur")
_AGENT_SUFFIXES = ("ist", "isten", "istin", "loge", "logen", "login", "iker", "ikern", "ikerin", "eur", "eure", "euren", "eurin")
_COPULA = lexicon.function_words("mentions.copula")
_QUOTES = frozenset({'"', "„", "“", "”", "'", "»", "«", "‚", "‘"})
_FUNCTION_UPOS = frozenset({"DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART", "AUX", "INTJ"})


def _ud_common() -> frozenset[str]:
    """Capitalised words UD German-GSD tags as ordinary words (without Wiktionary's nouns, some of which are surnames)."""
    return lexicon.common_capitalized()


def _lone_name(tok: str, lex: _Lex) -> bool:
    """A capitalised word that can stand alone for a person: unknown, no noun, no ordinary word written capitalised."""
    return len(tok) > 2 and tok.isalpha() and _unknown_name(tok) and tok.casefold() not in lex.lower and tok not in lex.nouns \
        and not tok.endswith(("dorf", "hausen", "ingen", "stadt", "stedt", "leben", "rode"))


def _place_adjective(tok: str) -> bool:
    """'Berliner', 'Frankfurter', 'Gubener': an -er adjective made from a place name."""
    if len(tok) < 5 or not tok.endswith("er") or not _is_cap(tok):
        return False
    lex = _lex()
    stem = tok[:-2]
    for cand in (stem, stem + "e", stem + "en", tok[:-3] if tok.endswith("ner") else stem):
        hit = lex.gazetteer.get((cand,))
        if hit and hit[0] in ("place", "country"):
            return True
    return _unknown_name(tok) or tok in lex.propn and lex.propn[tok] >= 0.5


def _cap_adjective(tok: str) -> bool:
    return _is_cap(tok) and (
        _place_adjective(tok)
        or tok.endswith(("ische", "ischen", "ischer", "isches"))
        or tok in ("Deutsche", "Deutschen", "Deutscher", "Neue", "Neuen", "Allgemeine", "Allgemeinen", "Freie", "Freien",
                   "Süddeutsche", "Süddeutschen", "Frankfurter", "Financial", "Internationale", "Internationalen")
    )


def _genitive_base(words: Sequence[str], j: int) -> bool:
    """Is name word ``words[j-1]`` a genitive ("Kerns Rede", "Odessas neue Hafen") - it ends in -s and a noun phrase follows?"""
    w = words[j - 1]
    if len(w) < 4 or not w.endswith("s") or w.endswith("ss") or w in _lex().first_names or j >= len(words):
        return False
    nxt = words[j]
    if _is_cap(nxt) and nxt[0].isalpha() and (_nounlike(nxt) or _role_of(nxt) is not None):
        return True
    if nxt[:1].islower() and nxt.isalpha() and len(nxt) > 3 and nxt.endswith(("e", "en", "er", "es", "em")) \
            and nxt not in _DETERMINERS and j + 1 < len(words) and _is_cap(words[j + 1]):
        return True
    return False


# --------------------------------------------------------------------------- main


def recognise(text: str, sentences: Sequence[Sentence], *, article_date: str | None = None) -> list[Mention]:
    """Find the mentions in one article.

    Parameters
    ----------
    text : str
        The article text.
    sentences : sequence of Sentence
        Its sentences (``kg.segment.split_sentences``); furniture sentences
        yield no mentions except organisations (agencies) and persons
        (photographers).
    article_date : str, optional
        ISO date of publication, used to resolve "am Mittwoch", "im Januar".

    Returns
    -------
    list of Mention
        Sorted by (start, end, type, norm).
    """
    lex = _lex()
    out: list[Mention] = []
    sent_tokens: list[list[Token]] = []
    for sent in sentences:
        toks = tokenize(text, sent.start, sent.end)
        sent_tokens.append(toks)
        if sent.kind == "furniture":
            out.extend(_furniture_mentions(text, sent, toks, lex))
            continue
        found = _sentence_mentions(text, sent, toks, lex, article_date)
        stat = _statistical_mentions(text, sent, toks, found)
        if stat:
            # a person guessed from syntax alone yields to the tagger's place or organisation
            found = [m for m in found if m.via != "syntax" or not any(
                x.start < m.end and m.start < x.end and (x.type == "organisation" or x.end - x.start > m.end - m.start) for x in stat)]
        out.extend(found)
        out.extend(stat)
    extra = _surname_pass(text, sentences, sent_tokens, out, lex)
    if extra:
        # a surname of a person named in full elsewhere in the article beats a guess from context
        taken = {(m.start, m.end) for m in extra}
        out = [m for m in out if not (m.via in ("context", "syntax", "ner") and (m.start, m.end) in taken)]
        out.extend(extra)
    out = _dedupe(out)
    return sorted(out, key=lambda m: (m.start, m.end, m.type, m.norm))


_NER_TYPES = {"PER": "person", "LOC": "place", "ORG": "organisation"}


@lru_cache(maxsize=1)
def _ner_model():
    """kg's own statistical tagger (kg/data/ner), or None when it is not installed."""
    try:
        from kg import ner

        return ner.load_model()
    except Exception:  # the rules work without it
        return None


def _statistical_mentions(text: str, sent: Sentence, toks: list[Token], found: list[Mention]) -> list[Mention]:
    """Names the statistical tagger finds where the rules found none (via ``ner``).

    The rules know roles, countries, dates and the article's own names; the
    tagger adds people, places and organisations the lexicons do not list.
    """
    model = _ner_model()
    if model is None or not toks:
        return []
    from kg.ner import spans_from_bio

    labels = model.labels
    tags = [labels[j] for j in model.viterbi(model.emissions([t.text for t in toks]))]
    named = [
        m for m in found
        if (m.type in ("person", "place", "organisation") or (m.type == "country" and m.via not in ("adjective", "prefix")))
        and m.via != "syntax"
    ]
    syntax = [m for m in found if m.via == "syntax"]
    out: list[Mention] = []
    for i, j, typ in spans_from_bio(tags):
        s, e = toks[i].start, toks[j - 1].end
        if any(m.start < e and s < m.end for m in named):
            continue
        if any(m.type == "role" and m.start <= s and e <= m.end for m in found):
            continue
        if any(m.start < e and s < m.end and (typ == "PER" or typ == "LOC" and m.start <= s and e <= m.end) for m in syntax):
            continue  # the tagger's type of a single unknown word is a weaker guess than the syntax
        surface = text[s:e]
        kind = _NER_TYPES.get(typ)
        if kind is None or not any(c.isalpha() for c in surface):
            continue
        words = [t.text for t in toks[i:j]]
        if any(lexicon.country_of_adjective(w) and not w[:1].isupper() for w in words) or any(
            "-" in w and w.split("-")[-1][:1].islower() for w in words
        ):
            continue  # "US-amerikanische": an adjective, not a name
        if j - i == 1 and (words[0] in (lexicon.common_capitalized() if typ == "ORG" else _lex().common) or _lex().propn.get(words[0], 1.0) < 0.5):
            continue  # a single common noun
        if s > 0 and e < len(text) and text[s - 1] in "\"„“»«‚‘'" and text[e] in "\"“”«»‘’'":
            continue  # a word in scare quotes ("Killer"), not a name
        norm = surface
        if kind == "person":
            norm = _strip_genitive(surface)
        elif kind == "place":
            code = lexicon.country_index().get(surface)
            if code:
                kind, norm = "country", code
        out.append(Mention(s, e, surface, kind, sent.index, norm, via="ner"))
    return out


def _furniture_mentions(text: str, sent: Sentence, toks: list[Token], lex: _Lex) -> list[Mention]:
    found: list[Mention] = []
    for tok in toks:
        hit = lex.gazetteer.get((tok.text,))
        if hit and hit[0] == "organisation":
            found.append(Mention(tok.start, tok.end, tok.text, "organisation", sent.index, hit[1]))
    if getattr(sent, "furniture", None) == "photo_credit":
        # "Foto: First Last / Agency": the photographer is a person
        words = [t for t in toks if t.text not in (":",)]
        for i, tok in enumerate(words[:-1]):
            nxt = words[i + 1]
            if tok.text in lex.first_names and _is_cap(nxt.text) and nxt.text not in lex.common:
                found.append(Mention(tok.start, nxt.end, text[tok.start:nxt.end], "person", sent.index, text[tok.start:nxt.end]))
                break
    return found


def _sentence_mentions(text: str, sent: Sentence, toks: list[Token], lex: _Lex, article_date: str | None) -> list[Mention]:
    found: list[Mention] = []
    n = len(toks)
    covered = [False] * n
    words = [t.text for t in toks]
    idx = sent.index
    shouting = n > 3 and sum(1 for w in words if w.isupper() and len(w) > 1) * 2 > n

    def span(i: int, j: int) -> tuple[int, int, str]:
        s, e = toks[i].start, toks[j - 1].end
        return s, e, text[s:e]

    def add(i: int, j: int, typ: str, norm: str | None = None, via: str = "name") -> None:
        s, e, t = span(i, j)
        found.append(Mention(s, e, t, typ, idx, norm if norm is not None else t, via=via))
        for k in range(i, j):
            covered[k] = True

    def after_name_word(i: int) -> bool:
        """A first name or a role word stands right before token i: a capitalised name there is a person."""
        if i == 0:
            return False
        prev = words[i - 1]
        return _is_cap(prev) and (prev in lex.first_names and (prev,) not in lex.gazetteer or _role_of(prev) is not None
                                  and prev not in _ADJ_HOMOGRAPHS)

    # 0. organisation patterns: "Audi AG", "Sun Microsystems Inc.", "1. FC Köln", "VfL Osnabrück"
    for j, w in enumerate(words):
        if w in _ORG_SUFFIX_TOKENS and j and not covered[j] and w not in ("Bank",):
            i = j
            while i > 0 and j - i < 3 and _is_cap(words[i - 1]) and words[i - 1].casefold() not in _DETERMINERS \
                    and (words[i - 1][0].isalnum()) and not _role_of(words[i - 1]) and not covered[i - 1]:
                i -= 1
            if i < j and (j - i > 1 or not _nounlike(words[i]) or w not in ("Group", "Holding", "Systems", "Energy")):
                add(i, j + 1, "organisation")
    for i, w in enumerate(words):
        if covered[i] or w not in _CLUB_PREFIXES:
            continue
        start = i - 1 if i and words[i - 1] in ("1.", "1") else i
        j = i + 1
        while j < n and j - i <= 3 and (_is_cap(words[j]) or words[j].isdigit() and len(words[j]) == 2) and words[j] not in _DETERMINERS:
            if _role_of(words[j]) is not None:
                break
            j += 1
        if j == i + 1 and (w.isupper() is False or len(w) < 2):
            continue  # "Borussia" / "Union" alone: leave to the lexicon
        if j == i + 1 and w in ("AS", "AC", "RC", "CF", "RB", "SE"):
            continue
        add(start, j, "organisation")

    # "Hofheimer Kurier", "Hessischen Rundfunks": an adjective from a place + the head noun of an organisation
    for i, w in enumerate(words):
        if w in _ORG_HEADS and i and not covered[i - 1] and _cap_adjective(words[i - 1]):
            k = i - 1
            while k > 0 and not covered[k - 1] and _cap_adjective(words[k - 1]) and i - k < 3:
                k -= 1
            if tuple(words[k:i + 1]) not in lex.gazetteer and not any(tuple(words[a:i + 1]) in lex.gazetteer for a in range(k, i)):
                add(k, i + 1, "organisation", via="context")

    # "THW Kiel", "Mainz 05", "Chicago Bulls": a place inside the name of a club
    for i in range(n):
        if covered[i] or not words[i][:1].isupper():
            continue
        for L in (3, 2, 1):
            if i + L > n or any(covered[i:i + L]):
                continue
            hit = lex.gazetteer.get(tuple(words[i:i + L]))
            if hit is None or hit[0] != "place":
                continue
            j = i + L
            nxt = words[j] if j < n else ""
            before = words[i - 1] if i else ""
            if re.fullmatch(r"\d{2}", nxt) or (_unknown_name(nxt) and nxt.endswith("s") and not nxt.endswith("ss")
                                                and nxt not in lex.nouns and j + 1 <= n and not _genitive_base(words, j + 1)):
                add(i, j + 1, "organisation", via="context")
            elif i and not covered[i - 1] and 2 <= len(before) <= 4 and before.isalpha() and before.isupper() \
                    and before not in _ACRONYM_STOP and (before,) not in lex.gazetteer and (before.capitalize(),) not in lex.gazetteer:
                add(i - 1, j, "organisation", via="context")
            break

    # 1. gazetteer, longest match first
    i = 0
    while i < n:
        if covered[i]:
            i += 1
            continue
        matched = False
        for L in range(min(lex.max_len, n - i), 0, -1):
            key = tuple(words[i:i + L])
            if any(covered[i:i + L]):
                continue
            hit = lex.gazetteer.get(key)
            if hit is None and L == 1:
                w = words[i]
                if w.isupper() and len(w) >= 4 and w.isalpha():
                    cand = lex.gazetteer.get((w.capitalize(),))
                    if cand and cand[0] in ("place", "country"):
                        hit = cand  # dateline "BOCHUM -"
                elif w.endswith("s") and len(w) > 4 and _is_cap(w):
                    cand = lex.gazetteer.get((w[:-1],))
                    if cand and cand[0] in ("place", "organisation") and not cand[1].endswith("s"):
                        hit = cand  # genitive "Odessas", "Bremens"
                elif "-" in w and _is_cap(w):
                    head, _, rest = w.partition("-")
                    cand = lex.gazetteer.get((head,))
                    if cand and cand[0] == "place" and _is_cap(rest) and not _nounlike(rest) and _role_of(rest) is None:
                        add(i, i + 1, "place", w)  # district: "Berlin-Mitte"
                        matched = True
                        i += 1
                        break
            if hit is None:
                continue
            typ, norm, _country = hit
            if L == 1 and not _is_cap(words[i]) and not (typ == "organisation" and words[i] == key[0] and len(words[i]) >= 3 and not words[i].isalpha() or typ == "organisation" and words[i] in ("dpa", "epd", "dts", "taz", "rbb", "ntv")):
                break
            if L == 1 and typ != "country" and i == 0 and words[i] in lex.common and typ == "place":
                break
            s, e, t = span(i, i + L)
            via = "name"
            if typ == "country":
                via = "demonym" if _is_demonym(t, norm) else "name"
            if L == 1 and (typ == "place" or via == "demonym") and after_name_word(i):
                break  # "Museumsdirektor Thomas Metz", "Christiane Holländer": a surname, not the place
            if typ == "organisation" and key in lex.generic:
                via = "generic"
                if L == 1 and t != norm and t.endswith(("en", "n")) and not norm.endswith(("en", "n")) \
                        and t[:3] == norm[:3]:
                    # "Westliche Regierungen", "die Behörden": several bodies, not the one generic institution
                    for k in range(i, i + L):
                        covered[k] = True
                    i += L
                    matched = True
                    break
            found.append(Mention(s, e, t, typ, idx, norm, via=via))
            for k in range(i, i + L):
                covered[k] = True
            i += L
            matched = True
            break
        if not matched:
            i += 1

    # 2. roles (+ the person named right after them)
    role_at: dict[int, Mention] = {}
    for i, w in enumerate(words):
        if covered[i] or not _is_cap(w) or w in _ADJ_HOMOGRAPHS:
            continue
        hit = _role_of(w)
        if hit is None:
            continue
        role, scope, prefix, former, deputy = hit
        tok = toks[i]
        lemma = getattr(role, "lemma", w)
        if lemma in _NOT_POSTS:
            continue
        canonical = getattr(role, "canonical_role", "") or lemma
        rclass = getattr(role, "role_class", None) or getattr(role, "klass", None)
        level = getattr(role, "scope_level", "") or ""
        if level and rclass != "party" and scope and scope.startswith("org:") and getattr(
                lexicon.org_by_name().get(scope[4:]), "kind", None) == "party":
            scope = None  # "ÖVP-Landesrat", "SPÖ-Stadtrat": the party of a regional or city post, not its scope
        future = False
        # lowercase attributes right before the role: "der langjährige frühere X", "die stellvertretende X"
        attrs = []
        for j in range(i - 1, max(-1, i - 4), -1):
            if words[j].casefold() in _DETERMINERS or not (words[j][:1].islower() or _regional_scope(words[j], level or "city")
                                                            or _ordinal_attr(words[j])):
                break
            attrs.append(words[j].casefold())
        ordinal = next((_ordinal_attr(a) for a in attrs if _ordinal_attr(a)), None)
        if ordinal and deputy is None:
            deputy = f"{ordinal} "  # "die Zweite Landtagspräsidentin", "der dritte Nationalratspräsident": a deputy office
        prev = words[i - 1].casefold() if i else ""
        if prev == "ex" or any(_stem_in(a, _FORMER_ATTRS) for a in attrs):
            former = True
        # the complement of a noun that ends a term of office: "Sturz des langjährigen Machthabers X",
        # "Rücktritt von Bundeskanzler X", "Tod des früheren Präsidenten"
        j = i - 1
        while j >= 0 and i - j <= 4 and (words[j][:1].islower() and words[j].casefold() not in ("des", "der", "von", "vom")):
            j -= 1
        if j >= 1 and words[j].casefold() in ("des", "der", "von", "vom") and words[j - 1] in _END_OF_OFFICE:
            former = True
        if any(_stem_in(a, _FUTURE_ATTRS) for a in attrs):
            future = True
        if deputy is None and any(_stem_in(a, _DEPUTY_ATTRS) for a in attrs):
            deputy = "stellvertretender "
        plural = _plural_only(w, role)
        # scope from a preceding region or city adjective or genitive ("niederösterreichischer Landeshauptmann",
        # "Kärntens Landeshauptmann", "der Wiener Bürgermeister", "der bayerische Ministerpräsident")
        if scope is None and i:
            for back in (1, 2, 3):
                j = i - back
                if j < 0:
                    break
                place = _regional_scope(words[j], level)
                if place:
                    scope = f"place:{place}"
                    break
                if not words[j][:1].islower():
                    break
        # scope from a preceding country adjective or genitive ("russische Präsident", "Russlands Präsident")
        if scope is None and i and not level:
            for back in (1, 2):
                j = i - back
                if j < 0:
                    break
                codes = lexicon.country_of_adjective(words[j]) if words[j][:1].islower() or "-" in words[j] else ()
                if codes:
                    scope = f"country:{codes[-1]}"
                    break
                hit_c = lex.gazetteer.get((words[j],))
                if hit_c and hit_c[0] == "country":
                    scope = f"country:{hit_c[1]}"
                    break
                if hit_c and hit_c[0] == "organisation" and words[j].endswith("s"):
                    scope = f"org:{hit_c[1]}"
                    break
                if not words[j][:1].islower():
                    break
        if scope is None and i and words[i - 1].casefold() in _POSSESSIVES and not level and not deputy \
                and rclass != "deputy":
            # "Russland hat seinen Botschafter ...": the nearest country/org before
            for m in reversed(found):
                if m.type in ("country", "organisation") and m.end <= tok.start:
                    scope = f"country:{m.norm}" if m.type == "country" else f"org:{m.norm}"
                    break
        if deputy:
            # the deputy of the role, not its holder: "stellvertretender Generalstaatsanwalt", "Vize-Chef"
            lemma = f"{deputy}{lemma}" if deputy != "-Stellvertreter" else f"{lemma}{deputy}"
            canonical, rclass = "Stellvertreter", "deputy"
        m = Mention(tok.start, tok.end, w, "role", idx, lemma, via="role", scope=scope, canonical=canonical,
                    role_class=rclass, former=former, future=future, plural=plural, scope_level=level)
        if prefix and scope and scope.startswith("country:"):
            off = w.find(prefix)
            if off >= 0:
                found.append(Mention(tok.start + off, tok.start + off + len(prefix), prefix, "country", idx,
                                     scope.split(":", 1)[1], via="prefix"))
        found.append(m)
        role_at[i] = m
        covered[i] = True

    # 3. person names
    def name_tok(j: int, first: bool, strict: bool, after_first: bool) -> bool:
        w = words[j]
        if covered[j]:
            return False
        if w in ("Dr", "Prof", "Dr.", "Prof.", "Mr.", "Mrs.", "Ms."):
            return False
        if _PARTICLE_PREFIX_RE.match(w) and not first:
            return True
        if not first and len(w) == 2 and w[0].isupper() and w[1] == "." and j + 1 < n and _is_cap(words[j + 1]):
            return True  # middle initial: "George W. Bush"
        if _nameish(w, lex, strict=strict) and (w in lex.first_names or not _nounlike(w)):
            return True
        if after_first and _is_cap(w) and w[0].isalpha() and _role_of(w) is None:
            hit = lex.gazetteer.get((w,))
            if hit is None or hit[0] == "place" or hit[0] == "country" and _is_demonym(w, hit[1]):
                # a surname that is also a place or a noun ("Thomas Metz", "Max Herbst") ends the name
                return j + 1 >= n or not _is_cap(words[j + 1]) or not _nameish(words[j + 1], lex, strict=True)
        return False

    i = 0
    while i < n:
        if covered[i]:
            i += 1
            continue
        w = words[i]
        trigger = None
        if w in _CAP_PARTICLES and i + 1 < n:
            # "Von der Leyen", "De Maizière" (sentence start)
            k = i + 1
            while k < n and words[k] in _PARTICLES:
                k += 1
            if k < n and not covered[k] and _is_cap(words[k]) and _unknown_name(words[k]) and (k > i + 1 or w not in ("Von", "Da", "Du", "La", "Le")):
                norm = _strip_genitive(w.lower() + " " + " ".join(words[i + 1:k + 1]))
                if _genitive_base(words, k + 1):
                    norm = norm[:-1]
                add(i, k + 1, "person", norm, via="particle")
                i = k + 1
                continue
        if not _is_cap(w) and not (w in _NAME_PARTICLE_START and i + 1 < n):
            i += 1
            continue
        prev = words[i - 1] if i else ""
        if not _is_cap(w):
            # "erklärt van der Vaart": a particle after a cue or role
            if not (i and ((i - 1) in role_at or prev.casefold() in _SPEECH_CUES or prev in _TITLES)) or w in ("von", "zu") \
                    and i + 1 < n and words[i + 1] not in _PARTICLES:
                i += 1
                continue
        if _first_name(w, lex) and i + 1 < n and (_is_cap(words[i + 1]) or words[i + 1] in _PARTICLES or _PARTICLE_PREFIX_RE.match(words[i + 1])) \
                and not (i == 0 and lex.lower.get(w.casefold()) in _FUNCTION_UPOS or w in lex.nouns and prev.casefold() in _DETERMINERS):
            trigger = "first_name"
        elif i and (i - 1) in role_at and w.casefold() not in _DETERMINERS and lex.lower.get(w.casefold()) not in _FUNCTION_UPOS:
            trigger = "role"  # (not "Musiker Die Gelder …": a headline run into the first sentence)
        elif i and prev in _TITLES or i >= 2 and prev == "." and words[i - 2] in ("Dr", "Prof", "Prof.Dr"):
            trigger = "title"
        elif i and _INITIAL_RE.match(prev) and not covered[i - 1] and (i < 2 or not _is_cap(words[i - 2]) or covered[i - 2]) \
                and _unknown_name(w) and (i + 1 >= n or not _is_cap(words[i + 1])):
            add(i - 1, i + 1, "person", _strip_genitive(w), via="initial")  # "H. Dietz": an initial and a surname
            i += 1
            continue
        elif i >= 1 and prev.casefold() in _SPEECH_CUES:
            trigger = "cue"
        elif i >= 2 and prev == "so" and words[i - 2] == ",":
            trigger = "cue"
        if trigger is None:
            i += 1
            continue
        if trigger == "cue" and (i + 1 >= n or words[i + 1] in (".", ",", ";", ":", "!", "?", ")")) and w.isalpha() \
                and _role_of(w) is None and (w,) not in lex.gazetteer and w not in _ud_common() and not (w.isupper() and len(w) > 1):
            add(i, i + 1, "person", _strip_genitive(w), via="cue")  # "..., sagte Bunge."
            i += 1
            continue
        j = i
        strict = trigger in ("cue",)
        while j < n:
            if name_tok(j, j == i, strict and j == i, trigger == "first_name" and (j == i + 1 or j > i and all(_first_name(x, lex) for x in words[i:j]))
                        or trigger in ("role", "title") and j == i):
                j += 1
            elif j > i and words[j - 1] in ("Van", "Von", "De", "Di", "Da") and j + 1 < n and words[j] in ("der", "den", "la", "le") \
                    and _is_cap(words[j + 1]) and not covered[j + 1]:
                j += 2  # "Alexander Van der Bellen": a capitalised particle pair inside the name
            elif j > i or not _is_cap(w):
                k = j
                if k < n and words[k] in _NAME_PARTICLE_START:
                    k += 1
                    while k < n and words[k] in _PARTICLES and k - j < 3:
                        k += 1
                if k > j and k < n and not covered[k] and _is_cap(words[k]) and _unknown_name(words[k]):
                    j = k + 1
                else:
                    break
            else:
                break
            if j - i >= 5:
                break
        if trigger == "first_name" and j - i < 2:
            i += 1
            continue
        if trigger == "role" and j == i + 1 and w in lex.nouns and (_ABSTRACT_NOUN_RE.search(w) or lex.propn.get(w, 0) < 0.5) \
                and w not in lex.first_names:
            # "werfen dem Finanzminister Zynismus vor", "zollte dem Bundespräsidenten Respekt": a common noun after a
            # role is its object (the noun list leaves out words that are also surnames: Fischer, Koch, Kern)
            i += 1
            continue
        if j == i:
            i += 1
            continue
        # do not end on a particle
        while j > i and words[j - 1] in _PARTICLES:
            j -= 1
        if j == i:
            i += 1
            continue
        if j < n and not covered[j] and (words[j] in _EN_ORG_HEADS or words[j] in _EN_LOC_HEADS) and trigger == "first_name":
            # "Dave Matthews Band", "Lee Strasberg Theatre", "Hudson River": a name inside the name of a thing
            add(i, j + 1, "organisation" if words[j] in _EN_ORG_HEADS else "place", via="context")
            i = j + 1
            continue
        if trigger == "first_name" and i and _INITIAL_RE.match(words[i - 1]) and not covered[i - 1] \
                and (i < 2 or not _is_cap(words[i - 2]) or covered[i - 2]):
            i -= 1  # "H. Dietz"
        s, e, t = span(i, j)
        norm = _strip_genitive(t)
        if _genitive_base(words, j):
            norm = norm[:-1]
        found.append(Mention(s, e, t, "person", idx, norm, via=trigger))
        for k in range(i, j):
            covered[k] = True
        i = j

    # 3b. names nobody introduced: two unknown capitalised non-nouns ("Su-Ai-Nee Piandee"), or one before a speech verb
    i = 0
    while i < n:
        if covered[i] or not _is_cap(words[i]):
            i += 1
            continue
        prev = words[i - 1] if i else ""
        if prev.casefold() in _DETERMINERS or prev in ("am", "im", "vom", "zum", "zur", "beim"):
            i += 1
            continue
        j = i
        while j < n and j - i < 3 and not covered[j] and _is_cap(words[j]) and (
                _unknown_name(words[j]) or words[j] in lex.first_names or lex.propn.get(words[j], 0) >= 0.5
                and (words[j],) not in lex.gazetteer):
            j += 1
        first_ok = i > 0 or words[i] not in lex.common
        nxt = words[j] if j < n else ""
        if j - i >= 2 and first_ok and any(_unknown_name(x) for x in words[i:j]) and not (nxt in _ORG_HEADS):
            t = " ".join(words[i:j])
            norm = _strip_genitive(span(i, j)[2])
            if _genitive_base(words, j):
                norm = norm[:-1]
            if prev in _LOC_PREPS and prev != "bei" and not any(x in lex.first_names for x in words[i:j]):
                add(i, j, "place", via="context")
                i = j
                continue
            if nxt in _PERSON_VERBS or prev.casefold() in _SPEECH_CUES:
                add(i, j, "person", norm, via="context")
                i = j
                continue
        adverbial = i == 0 and words[i] not in lex.first_names and (
            lex.lower.get(words[i].casefold()) == "ADV" or words[i].casefold().endswith(_ADV_ONLY_SUFFIXES)
            or lex.lower.get(words[i].casefold()) == "ADJ" and words[i].casefold().endswith(("ell", "iv")))
        if j - i == 1 and _unknown_name(words[i]) and nxt in _PERSON_VERBS and not adverbial and (
                i == 0 or prev in (",", "und", '"', "„", "“", ":", "dass", "als", "wie", "Auch", "auch", "so")):
            norm = words[i]
            add(i, i + 1, "person", norm, via="context")
        i = max(j, i + 1)

    # 3e. a lone unknown name in the position of a subject or a possessor: a person.  After a finite verb
    #     ("hatte sich Röttgen darauf"), a conjunction ("dass X nicht"), a person noun or demonym ("Schwester
    #     X", "des Esten X"), before a finite verb at the start ("X kann ..."), an interview speaker label
    #     ("X: ..."), a genitive before a noun ("Xs Entscheidung").
    for i in range(n):
        if covered[i] or not words[i][:1].isupper():
            continue
        w = words[i]
        if not _lone_name(w, lex) or i + 1 < n and _is_cap(words[i + 1]) and not covered[i + 1] and not _nounlike(words[i + 1]):
            continue
        prev = words[i - 1] if i else ""
        nxt = words[i + 1] if i + 1 < n else ""
        prev_pos = lex.lower.get(prev) if prev[:1].islower() else None
        prev2_pos = lex.lower.get(words[i - 2]) if i >= 2 else None
        if i and nxt and not _is_cap(nxt) and nxt not in _DETERMINERS and nxt not in ("-", "(", "/") and (
                prev_pos in ("VERB", "AUX") or prev == "sich" and prev2_pos in ("VERB", "AUX")
                or prev_pos == "SCONJ" or prev_pos == "ADV" and prev2_pos in ("VERB", "AUX")):
            add(i, i + 1, "person", via="syntax")
            continue
        if i and (_role_noun(prev) or prev in _demonyms()) and (not nxt or not _is_cap(nxt)):
            add(i, i + 1, "person", via="syntax")
            continue
        if i == 0 and n > 3 and lex.lower.get(nxt) in ("VERB", "AUX") and w not in lex.first_names and nxt not in _COPULA \
                and not w.casefold().endswith(_ADJ_ADV_SUFFIXES):
            add(i, i + 1, "person", via="syntax")
            continue
        if i == 0 and nxt == ":" and n > 3 and (words[2] in _QUOTES or words[2] in ("Ich", "Wir")):
            add(i, i + 1, "person", via="syntax")
            continue
        if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 4 and _lone_name(w[:-1], lex) \
                and not (w[:-1].casefold() in lex.lower or w[:-2].casefold() in lex.lower) \
                and prev.casefold() not in _DETERMINERS and prev not in _LOC_PREPS and i + 1 < n and (
                _is_cap(nxt) and nxt[0].isalpha() and (_nounlike(nxt) or _role_of(nxt) is not None)
                or lex.lower.get(nxt) == "ADJ" and i + 2 < n and _is_cap(words[i + 2])):
            add(i, i + 1, "person", w[:-1], via="syntax")
            continue

    # 3c. places after a locative preposition; "Bad X", "St. X"; "Gubener Straße"; organisations by their head
    for i in range(n):
        if covered[i]:
            continue
        w = words[i]
        prev = words[i - 1] if i else ""
        if i + 1 < n and not covered[i + 1] and words[i + 1] in _LOC_HEADS and _place_adjective(w):
            add(i, i + 2, "place", via="context")
            continue
        low = w.casefold()
        if _is_cap(w) and w[0].isalpha() and len(w) > 7 and low.endswith(_STREET_SUFFIXES) and w not in lex.common \
                and _role_of(w) is None:
            add(i, i + 1, "place", via="context")
            continue
        if prev in ("Bad", "St.", "Sankt") and _is_cap(w) and not _nounlike(w):
            add(i - 1, i + 1, "place", via="context") if not covered[i - 1] else add(i, i + 1, "place", via="context")
            continue
        if (prev in _LOC_PREPS and prev != "bei" or i == 1 and prev in ("In", "Aus", "Nach")) and _unknown_name(w) \
                and (i + 1 >= n or not _is_cap(words[i + 1]) or _nounlike(words[i + 1])):
            add(i, i + 1, "place", w[:-1] if _genitive_base(words, i + 1) else w, via="context")
            continue
        if prev in _SETTLEMENT_NOUNS and i >= 2 and words[i - 2].casefold() in _DETERMINERS and _is_cap(w) and w.isalpha() \
                and _role_of(w) is None and (i + 1 >= n or not _is_cap(words[i + 1])):
            add(i, i + 1, "place", via="context")  # "der Stadt Halle", "die Gemeinde Gedern"
            continue
        if _is_cap(w) and w[0].isalpha() and len(w) > 6 and (w.endswith(_PLACE_SUFFIXES) or low.endswith(_PLACE_SUFFIXES)) \
                and _unknown_name(w) and prev in ("in", "aus", "nach", "von", "bei", "um", "und", ",", "Stadt", "Gemeinde", "Ort"):
            add(i, i + 1, "place", via="context")
            continue
    for i in range(n):
        if covered[i]:
            continue
        w = words[i]
        if w in _ORG_HEADS and i and not covered[i - 1] and _cap_adjective(words[i - 1]):
            k = i - 1
            while k > 0 and not covered[k - 1] and _cap_adjective(words[k - 1]) and i - k < 3:
                k -= 1
            add(k, i + 1, "organisation", via="context")
            continue
        low = w.casefold()
        if _is_cap(w) and len(w) > 8 and low.endswith(_ORG_WORD_SUFFIXES) and w not in lex.common and "-" in w[1:]:
            add(i, i + 1, "organisation", via="context")

    # 3d. unknown acronyms are organisations ("Der DHB", "bei AMD")
    if not shouting:
        for i, w in enumerate(words):
            if covered[i] or not (2 <= len(w) <= 5) or not w.isalpha() or not w.isupper() or w in _ACRONYM_STOP:
                continue
            if _role_of(w) is not None or (w.capitalize(),) in lex.gazetteer:
                continue
            add(i, i + 1, "organisation", via="context")

    # 4. country adjectives (lowercase adjectives and hyphenated ones)
    for i, w in enumerate(words):
        if covered[i] or not _is_word(w):
            continue
        if w[:1].isupper() and "-" not in w:
            # sentence-initial adjective: "Russische und amerikanische Diplomaten"
            if i != 0 or not w.endswith(("e", "en", "er", "es", "em")):
                continue
            w = w[:1].lower() + w[1:]
        codes = lexicon.country_of_adjective(w)
        for code in codes:
            tok = toks[i]
            found.append(Mention(tok.start, tok.end, tok.text, "country", idx, code, via="adjective"))

    # 5. dates
    found.extend(_dates(text, sent, idx, article_date))
    return found


def _is_demonym(surface: str, code: str) -> bool:
    country = lexicon.countries().get(code)
    if not country or surface not in getattr(country, "demonyms", ()):
        return False
    # "Polen", "Ungarn": the country's own name is the demonym's plural
    return surface not in (country.name, country.preferred, *country.aliases, *country.genitive)


def _strip_genitive(name: str) -> str:
    if name.endswith("s'") or name.endswith("’"):
        return name[:-1]
    return name


def _surname_pass(text: str, sentences: Sequence[Sentence], sent_tokens: list[list[Token]], found: list[Mention], lex: _Lex) -> list[Mention]:
    """Surnames (and genitive surnames) of people found in this article."""
    surnames: dict[str, str] = {}
    for m in found:
        if m.type == "person":
            parts = m.norm.split()
            if len(parts) >= 2:
                surnames[parts[-1]] = parts[-1]
    if not surnames:
        return []
    taken = [(m.start, m.end) for m in found if m.via not in ("context", "syntax", "ner")]
    taken.sort()
    starts = [s for s, _ in taken]
    import bisect

    def free(s: int, e: int) -> bool:
        k = bisect.bisect_right(starts, s) - 1
        for j in (k, k + 1):
            if 0 <= j < len(taken):
                ts, te = taken[j]
                if ts < e and s < te:
                    return False
        return True

    extra: list[Mention] = []
    for sent, toks in zip(sentences, sent_tokens):
        for tok in toks:
            w = tok.text
            base = None
            if w in surnames:
                base = w
            elif w.endswith("s") and w[:-1] in surnames:
                base = w[:-1]
            elif (w.endswith("’") or w.endswith("'")) and w[:-1] in surnames:
                base = w[:-1]
            if base is None or not free(tok.start, tok.end):
                continue
            extra.append(Mention(tok.start, tok.end, w, "person", sent.index, base, via="surname"))
    return extra


def _dates(text: str, sent: Sentence, idx: int, article_date: str | None) -> list[Mention]:
    seg = text[sent.start:sent.end]
    used: list[tuple[int, int]] = []
    out: list[Mention] = []
    for kind, rx in _DATE_PATTERNS:
        for m in rx.finditer(seg):
            s, e = m.start(), m.end()
            if any(s < ue and us < e for us, ue in used):
                continue
            value = _date_value(kind, m, article_date)
            if kind == "year" and not (seg[max(0, s - 3):s].strip() in ("", "im", "Jahr") or True):
                continue
            used.append((s, e))
            out.append(Mention(sent.start + s, sent.start + e, m.group(0), "date", idx, m.group(0), via=kind, value=value))
    return out


def _date_value(kind: str, m: re.Match, article_date: str | None) -> str | None:
    import datetime as _dt

    ref = None
    if article_date:
        try:
            ref = _dt.date.fromisoformat(article_date[:10])
        except ValueError:
            ref = None
    try:
        if kind == "daymonth":
            day, month = int(m.group(1)), _MONTHS[m.group(2).casefold()]
            year = int(m.group(3)) if m.group(3) else None
            if year is None and ref is not None:
                year = ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1
            if year is None:
                return f"--{month:02d}-{day:02d}"
            return _dt.date(year, month, day).isoformat()
        if kind == "numeric":
            return _dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        if kind == "weekday":
            if ref is None:
                return None
            wd = _WEEKDAYS[m.group(1).casefold()]
            delta = (ref.weekday() - wd) % 7
            return (ref - _dt.timedelta(days=delta)).isoformat()
        if kind == "month":
            month = _MONTHS[m.group(1).casefold()]
            year = int(m.group(2)) if m.group(2) else None
            if year is None and ref is not None:
                year = ref.year if month <= ref.month else ref.year - 1
            return f"{year:04d}-{month:02d}" if year else f"--{month:02d}"
        if kind == "time":
            return f"T{int(m.group(1)):02d}:{m.group(2)}"
        if kind == "year":
            return m.group(1)
        if kind == "season":
            return m.group(2) or None
    except (ValueError, KeyError):
        return None
    return None


_TYPE_RANK = {"organisation": 0, "country": 1, "place": 2, "person": 3, "role": 4, "date": 5}


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """Drop exact duplicates and spans nested in a longer span of the same type."""
    seen: set[tuple] = set()
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start), _TYPE_RANK.get(m.type, 9), m.norm)):
        key = (m.start, m.end, m.type, m.norm)
        if key in seen:
            continue
        seen.add(key)
        out.append(m)
    return out
