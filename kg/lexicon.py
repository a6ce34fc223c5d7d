"""Lexicons of kg: countries, places, organisations, roles, event verbs and nouns, names.

All data lives in ``kg/data`` (see the comment header of each file for its
source and licence; ``scripts/build_lexicons.py`` builds and checks them).
Every accessor reads its file once (``functools.cache``) through
:mod:`importlib.resources`; results are immutable and deterministic.  Nothing
is downloaded.  The main first-name list comes from the installed package
``gender-guesser`` (``nam_dict.txt``, GNU FDL 1.2) plus
``kg/data/first_names_extra.txt``.

Examples
--------
>>> from kg import lexicon
>>> lexicon.countries()["RU"].name
'Russland'
>>> lexicon.country_index()["USA"], lexicon.country_index()["Russlands"]
('US', 'RU')
>>> lexicon.country_of_adjective("russisch-amerikanischen")
('RU', 'US')
>>> m = lexicon.role_of("Kremlchef")
>>> (m.canonical, m.scope_country, m.scope_org)
('Präsident', 'RU', 'Kreml')
>>> lexicon.role_index()["Außenministerin"].lemma
'Außenminister'
>>> [(v.lemma, v.particle) for v in lexicon.verb_form_index()["kehrte"]]
[('heimkehren', 'heim'), ('zurückkehren', 'zurück')]
"""

from __future__ import annotations

import functools
import importlib.resources
from dataclasses import dataclass

try:
    from kg.errors import DataError as _DataError
except ImportError:  # pragma: no cover - kg.errors is part of kg

    class _DataError(Exception):  # type: ignore[no-redef]
        def __init__(self, message: str, *, path: str | None = None) -> None:
            super().__init__(f"{path}: {message}" if path else message)


__all__ = [
    "LexiconError",
    "Country",
    "Region",
    "City",
    "Organisation",
    "Role",
    "RolePrefix",
    "RoleMatch",
    "Verb",
    "NominalTrigger",
    "table",
    "wordlist",
    "function_words",
    "countries",
    "country_index",
    "country_candidates",
    "adjective_index",
    "country_of_adjective",
    "regions",
    "region_index",
    "region_of_adjective",
    "cities",
    "city_index",
    "organisations",
    "org_index",
    "org_by_name",
    "roles",
    "role_index",
    "role_prefixes",
    "role_of",
    "verbs",
    "verb_form_index",
    "nominal_triggers",
    "trigger_index",
    "trigger_of_noun",
    "first_names",
    "common_capitalized",
    "nouns",
    "lower_upos",
    "propn_ratio",
    "load_all",
]


class LexiconError(_DataError):
    """A lexicon data file is missing or malformed (a :class:`kg.errors.DataError`)."""


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Country:
    """A country or territory (``kg/data/countries.tsv``).

    ``name`` is the CLDR German short name, ``preferred`` the label German news
    uses ("USA"); list fields hold surface forms; ``adjective_stems`` are lower
    case without ending; ``status`` is ``un``, ``observer``, ``partial`` or
    ``territory``.
    """

    code: str
    name: str
    preferred: str
    aliases: tuple[str, ...]
    genitive: tuple[str, ...]
    adjective_stems: tuple[str, ...]
    demonyms: tuple[str, ...]
    prefixes: tuple[str, ...]
    article: str
    status: str
    note: str

    @property
    def label(self) -> str:
        """The display label (``preferred``)."""
        return self.preferred


@dataclass(frozen=True, slots=True)
class Region:
    """A continent, world region, subnational unit, territory or historic state."""

    name: str
    kind: str
    country: str
    aliases: tuple[str, ...]
    adjective_stems: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class City:
    """A city or place.  ``ambiguous_aliases`` are also ordinary German words."""

    name: str
    country: str
    aliases: tuple[str, ...]
    ambiguous_aliases: tuple[str, ...]
    is_capital: bool
    seat_of: str
    adjectives: tuple[str, ...]
    common_word: bool
    note: str


@dataclass(frozen=True, slots=True)
class Organisation:
    """An organisation or institution (``kg/data/organisations.tsv``).

    ``generic`` marks common nouns ("Regierung", "Außenministerium") whose
    country comes from context; ``ambiguous_aliases`` are ordinary German words
    ("Zeit", "Union") to be matched only with context.
    """

    name: str
    aliases: tuple[str, ...]
    ambiguous_aliases: tuple[str, ...]
    kind: str
    country: str
    head_role: str
    generic: bool
    note: str


@dataclass(frozen=True, slots=True)
class Role:
    """A role or position noun (``kg/data/roles.tsv``).

    ``forms`` holds every surface form (feminine, genitive, plural, adjectival
    endings); ``scope_org``/``scope_country`` are implied by metonymic lemmas
    ("Kremlchef"); ``canonical_role`` is the plain role such a lemma stands for.
    """

    lemma: str
    label: str
    feminine: str
    role_class: str
    scope_needed: bool
    adjectival: bool
    scope_org: str
    scope_country: str
    canonical_role: str
    genitive: tuple[str, ...]
    plural: tuple[str, ...]
    feminine_plural: tuple[str, ...]
    forms: tuple[str, ...]
    notes: str
    scope_level: str = ""  # "region" / "city": scope only from a named region or city, never scope_country


@dataclass(frozen=True, slots=True)
class RolePrefix:
    """A prefix or attributive adjective modifying a role ("EU-", "Ex-", "ehemalig")."""

    prefix: str
    kind: str
    target: str
    former: bool
    position: str
    note: str


@dataclass(frozen=True, slots=True)
class RoleMatch:
    """The analysis of a role word by :func:`role_of`.

    ``via`` says how it was found: ``exact`` (a listed form), ``prefix``
    (bound prefix such as "Bundes", "Vize", "Ex"), ``hyphen`` ("US-Präsident",
    "Nato-Chef"), ``hyphen-suffix`` ("SPÖ-Bautensprecher") or ``suffix`` (an
    unlisted compound ending in a listed role: treat with care).  ``unparsed`` holds compound parts that were not recognised.
    """

    role: Role
    form: str
    canonical: str
    scope_org: str
    scope_country: str
    level: str
    former: bool
    modifiers: tuple[str, ...]
    via: str
    unparsed: tuple[str, ...]

    @property
    def lemma(self) -> str:
        """The lemma of the matched role."""
        return self.role.lemma


@dataclass(frozen=True, slots=True)
class Verb:
    """One sense of an event or speech verb (``kg/data/verbs.tsv``).

    ``type`` is a kg event class (``kg.vocab.EVENT_TYPES``), ``cameo`` a CAMEO
    top-level code ("" when there is none), ``frame`` semantic role=slot pairs.
    """

    lemma: str
    particle: str
    forms: tuple[str, ...]
    type: str
    subtype: str
    cameo: str
    frame: str
    speech: bool
    participle: str
    aux: str
    note: str

    @property
    def frame_slots(self) -> dict[str, tuple[str, ...]]:
        """The frame as a mapping, e.g. ``{'agent': ('subj',), 'partner': ('mit',)}``."""
        out: dict[str, tuple[str, ...]] = {}
        for slot in filter(None, self.frame.split(";")):
            role, _, where = slot.partition("=")
            out[role] = tuple(where.split("|"))
        return out


@dataclass(frozen=True, slots=True)
class NominalTrigger:
    """An event noun with its inflected forms (``kg/data/nominal_triggers.tsv``)."""

    noun: str
    forms: tuple[str, ...]
    type: str
    subtype: str
    cameo: str
    note: str


# --------------------------------------------------------------------------- file access

_DATA = "data"


def _read(name: str) -> str:
    try:
        return importlib.resources.files("kg").joinpath(_DATA, name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise LexiconError(f"cannot read lexicon data file ({exc.__class__.__name__})", path=f"kg/data/{name}") from None
    except UnicodeDecodeError:
        raise LexiconError("not UTF-8 text", path=f"kg/data/{name}") from None


def _rows(name: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    header: list[str] | None = None
    out: list[dict[str, str]] = []
    for n, line in enumerate(_read(name).splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            missing = [c for c in required if c not in header]
            if missing:
                raise LexiconError(f"header lacks column(s) {', '.join(missing)}", path=f"kg/data/{name}")
            continue
        if len(cells) != len(header):
            raise LexiconError(f"line {n}: {len(cells)} cells, expected {len(header)}", path=f"kg/data/{name}")
        out.append(dict(zip(header, cells)))
    if header is None:
        raise LexiconError("no header row", path=f"kg/data/{name}")
    return out


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x for x in cell.split("|") if x) if cell else ()


def _flag(cell: str) -> bool:
    return cell == "1"


@functools.cache
def table(name: str, key: str, value: str) -> dict[str, str]:
    """Map column ``key`` to column ``value`` of any TSV file in ``kg/data``.

    Parameters
    ----------
    name : str
        File name inside ``kg/data`` (comment lines start with ``#``, then a header row).
    key, value : str
        Column names; the first row wins for a repeated key.

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> table("countries.tsv", "code", "preferred")["US"]
    'USA'
    """
    out: dict[str, str] = {}
    for row in _rows(name, (key, value)):
        out.setdefault(row[key], row[value])
    return out


@functools.cache
def wordlist(name: str) -> frozenset[str]:
    """The non-comment lines of a one-word-per-line file in ``kg/data``.

    Examples
    --------
    >>> "Wolodymyr" in wordlist("first_names_extra.txt")
    True
    """
    return frozenset(
        line.strip() for line in _read(name).splitlines() if line.strip() and not line.startswith("#")
    )


@functools.cache
def _function_word_lists() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for row in _rows("function_words.tsv", ("name", "words")):
        if row["name"] in out:
            raise LexiconError(f"list {row['name']!r} defined twice", path="kg/data/function_words.tsv")
        words = row["words"].split()
        # a word with ß also in its case-folded spelling ("schließt" -> "schliesst"), so that lists match
        # str.casefold()ed text as well as the text itself
        out[row["name"]] = frozenset(words + [w.replace("ß", "ss") for w in words if "ß" in w])
    return out


@functools.cache
def function_words(name: str) -> frozenset[str]:
    """One German closed-class or cue word list of ``kg/data/function_words.tsv``.

    Parameters
    ----------
    name : str
        ``<module>.<list>``, e.g. ``"mapper.finite_aux"`` (the module that uses it).

    Raises
    ------
    LexiconError
        If the file has no list of that name.

    Examples
    --------
    >>> "hätte" in function_words("quotes.kii")
    True
    >>> "schliessen" in function_words("mapper.light_verbs")  # "schließen".casefold()
    True
    >>> try:
    ...     function_words("no.such_list")
    ... except LexiconError as e:
    ...     str(e).split(" (known")[0]
    "kg/data/function_words.tsv: no word list 'no.such_list'"
    """
    lists = _function_word_lists()
    try:
        return lists[name]
    except KeyError:
        raise LexiconError(
            f"no word list {name!r} (known: {', '.join(sorted(lists))})", path="kg/data/function_words.tsv"
        ) from None


# --------------------------------------------------------------------------- countries


@functools.cache
def countries() -> dict[str, Country]:
    """All countries and territories by ISO 3166-1 alpha-2 code (plus XK, Kosovo).

    Examples
    --------
    >>> c = countries()["US"]
    >>> c.name, c.preferred, c.article, "us-amerikanisch" in c.adjective_stems
    ('Vereinigte Staaten', 'USA', 'die(pl)', True)
    """
    out: dict[str, Country] = {}
    for r in _rows("countries.tsv", ("code", "name", "preferred", "aliases", "genitive", "adjective_stems",
                                     "demonyms", "prefixes", "article", "status", "note")):
        out[r["code"]] = Country(
            code=r["code"], name=r["name"], preferred=r["preferred"] or r["name"], aliases=_split(r["aliases"]),
            genitive=_split(r["genitive"]), adjective_stems=_split(r["adjective_stems"]),
            demonyms=_split(r["demonyms"]), prefixes=_split(r["prefixes"]), article=r["article"],
            status=r["status"], note=r["note"],
        )
    return out


@functools.cache
def _country_strengths() -> dict[str, dict[str, int]]:
    strength: dict[str, dict[str, int]] = {}

    def add(surface: str, code: str, s: int) -> None:
        d = strength.setdefault(surface, {})
        d[code] = max(d.get(code, -1), s)

    for code, c in countries().items():
        add(c.name, code, 4)
        add(c.preferred, code, 4)
        for a in c.aliases:
            add(a, code, 3)
        for g in c.genitive:
            if not g.startswith(("der ", "des ", "die ", "dem ", "den ")):
                add(g, code, 2)
        for d in c.demonyms:
            add(d, code, 1)
    return strength


@functools.cache
def country_candidates() -> dict[str, tuple[str, ...]]:
    """Every surface form of a country (name, label, aliases, genitives, demonyms) -> ISO codes.

    Genitives with an article ("der USA") are left out: the bare name is listed.
    Forms that belong to several countries keep all codes, strongest reading first.

    Examples
    --------
    >>> country_candidates()["Russen"]
    ('RU',)
    """
    return {
        surface: tuple(sorted(d, key=lambda code: (-d[code], code)))
        for surface, d in sorted(_country_strengths().items())
    }


@functools.cache
def country_index() -> dict[str, str]:
    """Surface form -> ISO code for every unambiguous country form.

    Where a form has several readings the strongest wins (name over alias over
    genitive over demonym); forms still tied are left out (see
    :func:`country_candidates`).

    Examples
    --------
    >>> idx = country_index()
    >>> idx["Russland"], idx["Vereinigten Staaten"], idx["Deutschlands"], idx["Amerikanerin"]
    ('RU', 'US', 'DE', 'US')
    """
    out: dict[str, str] = {}
    for surface, d in sorted(_country_strengths().items()):
        best = max(d.values())
        top = [code for code, s in d.items() if s == best]
        if len(top) == 1:
            out[surface] = top[0]
    return out


_ADJ_ENDINGS = ("em", "en", "er", "es", "e")
_ADJ_PREFIXES = ("nordost", "nordwest", "südost", "südwest", "nord", "süd", "ost", "west", "zentral",
                 "pro", "anti", "gesamt", "exil")


def _stems(word: str):
    yield word
    for e in _ADJ_ENDINGS:
        if word.endswith(e) and len(word) - len(e) >= 3:
            yield word[: -len(e)]


@functools.cache
def adjective_index() -> dict[str, tuple[str, ...]]:
    """Lower-case adjective stem -> ISO codes ("russisch" -> ("RU",)).

    Examples
    --------
    >>> adjective_index()["us-amerikanisch"]
    ('US',)
    """
    idx: dict[str, list[str]] = {}
    for code, c in countries().items():
        for s in c.adjective_stems:
            idx.setdefault(s, []).append(code)
    return {s: tuple(codes) for s, codes in sorted(idx.items())}


@functools.lru_cache(maxsize=65536)
def country_of_adjective(word: str) -> tuple[str, ...]:
    """ISO codes of a (possibly inflected or hyphenated) country adjective.

    Strips the endings -e/-en/-er/-es/-em, splits hyphenated compounds
    ("deutsch-französischen"), and strips directional and stance prefixes
    ("ostukrainischen", "prorussische") unless the word is itself a region
    adjective ("nordirisch", "ostdeutsch" -> use :func:`region_of_adjective`).

    Parameters
    ----------
    word : str
        One token, any case.

    Returns
    -------
    tuple of str
        ISO codes in order of appearance; empty if the word is no country adjective.

    Examples
    --------
    >>> country_of_adjective("russischen"), country_of_adjective("US-amerikanische")
    (('RU',), ('US',))
    >>> country_of_adjective("deutsch-französischen"), country_of_adjective("Haus")
    (('DE', 'FR'), ())
    """
    w = word.strip().lower()
    if len(w) < 3:
        return ()
    idx = adjective_index()
    for s in _stems(w):
        if s in idx:
            return idx[s]
    if "-" in w:
        parts = [p for p in w.split("-") if p]
        codes: list[str] = []
        i = 0
        while i < len(parts):
            for j in range(len(parts), i, -1):
                chunk = "-".join(parts[i:j])
                cands = _stems(chunk) if j == len(parts) else (chunk,)
                hit = next((idx[c] for c in cands if c in idx), None)
                if hit:
                    codes.extend(hit)
                    i = j
                    break
            else:
                i += 1
        return tuple(dict.fromkeys(codes))
    regional = _region_adjectives()
    if any(s in regional for s in _stems(w)):
        return ()
    for pre in _ADJ_PREFIXES:
        if w.startswith(pre) and len(w) - len(pre) >= 5:
            for s in _stems(w[len(pre):]):
                if s in idx:
                    return idx[s]
    return ()


# --------------------------------------------------------------------------- regions and cities


@functools.cache
def regions() -> tuple[Region, ...]:
    """All regions, sorted by name.

    Examples
    --------
    >>> next(r for r in regions() if r.name == "Bayern").country
    'DE'
    """
    return tuple(
        Region(name=r["name"], kind=r["kind"], country=r["country"], aliases=_split(r["aliases"]),
               adjective_stems=_split(r["adjective_stems"]), note=r["note"])
        for r in _rows("regions.tsv", ("name", "kind", "country", "aliases", "adjective_stems", "note"))
    )


@functools.cache
def region_index() -> dict[str, Region]:
    """Name or alias -> region (the first region in name order wins a shared form).

    Examples
    --------
    >>> region_index()["Nahen Osten"].name
    'Nahost'
    """
    out: dict[str, Region] = {}
    for r in regions():
        for s in (r.name, *r.aliases):
            out.setdefault(s, r)
    return out


@functools.cache
def _region_adjectives() -> dict[str, tuple[Region, ...]]:
    idx: dict[str, list[Region]] = {}
    for r in regions():
        for s in r.adjective_stems:
            idx.setdefault(s, []).append(r)
    return {s: tuple(rs) for s, rs in idx.items()}


@functools.lru_cache(maxsize=16384)
def region_of_adjective(word: str) -> tuple[Region, ...]:
    """Regions of an inflected region adjective ("bayerischen", "europäische").

    Examples
    --------
    >>> [r.name for r in region_of_adjective("europäischen")]
    ['Europa']
    """
    idx = _region_adjectives()
    for s in _stems(word.strip().lower()):
        if s in idx:
            return idx[s]
    return ()


@functools.cache
def cities() -> tuple[City, ...]:
    """All cities and places, sorted by name.

    Examples
    --------
    >>> next(c for c in cities() if c.name == "Moskau").is_capital
    True
    """
    return tuple(
        City(name=r["name"], country=r["country"], aliases=_split(r["aliases"]),
             ambiguous_aliases=_split(r["ambiguous_aliases"]), is_capital=_flag(r["is_capital"]),
             seat_of=r["seat_of"], adjectives=_split(r["adjectives"]), common_word=_flag(r["common_word"]),
             note=r["note"])
        for r in _rows("cities.tsv", ("name", "country", "aliases", "ambiguous_aliases", "is_capital", "seat_of",
                                      "adjectives", "common_word", "note"))
    )


@functools.cache
def city_index() -> dict[str, tuple[City, ...]]:
    """Name or (unambiguous) alias -> cities with that form (capitals first).

    Examples
    --------
    >>> [c.country for c in city_index()["Kyjiw"]]
    ['UA']
    """
    idx: dict[str, list[City]] = {}
    for c in cities():
        for s in dict.fromkeys((c.name, *c.aliases)):
            idx.setdefault(s, []).append(c)
    return {s: tuple(sorted(cs, key=lambda c: (not c.is_capital, c.country))) for s, cs in idx.items()}


# --------------------------------------------------------------------------- organisations

_ORG_PREFERENCE = {"DE": 0, "AT": 1, "CH": 2}


def _org_rank(o: Organisation) -> tuple[bool, int, str]:
    return (o.generic, _ORG_PREFERENCE.get(o.country, 3 if o.country else 4), o.country)


@functools.cache
def _all_orgs() -> tuple[Organisation, ...]:
    return tuple(
        Organisation(name=r["name"], aliases=_split(r["aliases"]), ambiguous_aliases=_split(r["ambiguous_aliases"]),
                     kind=r["kind"], country=r["country"], head_role=r["head_role"], generic=_flag(r["generic"]),
                     note=r["note"])
        for r in _rows("organisations.tsv", ("name", "aliases", "ambiguous_aliases", "kind", "country", "head_role",
                                             "generic", "note"))
    )


@functools.cache
def organisations(include_generic: bool = False) -> tuple[Organisation, ...]:
    """Organisations sorted by name; generic common nouns only on request.

    Entries sharing a name ("Bundesrat" of DE, AT and CH) are ordered with the
    most likely reading in German-language news last (DE, then AT, then CH), so
    that a last-wins gazetteer picks it; :func:`org_by_name` applies the same
    preference explicitly.

    Examples
    --------
    >>> [o.country for o in organisations() if o.name == "Bundesrat"]
    ['CH', 'AT', 'DE']
    >>> any(o.name == "Regierung" for o in organisations()), any(o.name == "Regierung" for o in organisations(True))
    (False, True)
    """
    orgs = [o for o in _all_orgs() if include_generic or not o.generic]
    orgs.sort(key=lambda o: (o.name.casefold(), o.name, -_org_rank(o)[1], o.country))
    return tuple(orgs)


@functools.cache
def org_index() -> dict[str, tuple[Organisation, ...]]:
    """Name or alias (not the ambiguous ones) -> organisations, preferred reading first.

    Generic organisations are included after specific ones.

    Examples
    --------
    >>> org_index()["Weißen Hauses"][0].name
    'Weißes Haus'
    >>> [o.country for o in org_index()["Kreml"]]
    ['RU']
    """
    idx: dict[str, list[Organisation]] = {}
    for o in _all_orgs():
        for s in dict.fromkeys((o.name, *o.aliases)):
            idx.setdefault(s, []).append(o)
    return {s: tuple(sorted(os_, key=_org_rank)) for s, os_ in idx.items()}


@functools.cache
def org_by_name() -> dict[str, Organisation]:
    """Display name -> organisation (DE before AT before CH when names are shared).

    Examples
    --------
    >>> org_by_name()["Bundesrat"].country, org_by_name()["Nato"].kind
    ('DE', 'international')
    """
    out: dict[str, Organisation] = {}
    for o in sorted(_all_orgs(), key=_org_rank):
        out.setdefault(o.name, o)
    return dict(sorted(out.items()))


# --------------------------------------------------------------------------- roles


@functools.cache
def roles() -> dict[str, Role]:
    """All roles by lemma.

    Examples
    --------
    >>> r = roles()["Oppositioneller"]
    >>> r.adjectival, r.role_class, r.feminine
    (True, 'opposition', 'Oppositionelle')
    """
    out: dict[str, Role] = {}
    for r in _rows("roles.tsv", ("lemma", "label", "feminine", "class", "scope_needed", "adjectival", "scope_org",
                                 "scope_country", "scope_level", "canonical_role", "genitive", "plural",
                                 "feminine_plural", "forms", "notes")):
        out[r["lemma"]] = Role(
            lemma=r["lemma"], label=r["label"] or r["lemma"], feminine=r["feminine"], role_class=r["class"],
            scope_needed=_flag(r["scope_needed"]), adjectival=_flag(r["adjectival"]), scope_org=r["scope_org"],
            scope_country=r["scope_country"], canonical_role=r["canonical_role"], genitive=_split(r["genitive"]),
            plural=_split(r["plural"]), feminine_plural=_split(r["feminine_plural"]), forms=_split(r["forms"]),
            notes=r["notes"], scope_level=r["scope_level"],
        )
    return out


@functools.cache
def role_index() -> dict[str, Role]:
    """Every surface form of every role -> role (feminine, genitive, plural, adjectival endings).

    Examples
    --------
    >>> role_index()["Oppositionellen"].lemma, role_index()["Botschafterin"].lemma
    ('Oppositioneller', 'Botschafter')
    """
    out: dict[str, Role] = {}
    for r in roles().values():
        for f in r.forms:
            out.setdefault(f, r)
    return out


@functools.cache
def role_prefixes() -> dict[str, RolePrefix]:
    """Role prefixes and modifiers by prefix ("EU", "Ex-", "Bundes", "ehemalig").

    Examples
    --------
    >>> role_prefixes()["Ex-"].former, role_prefixes()["EU"].target
    (True, 'Europäische Union')
    """
    return {
        r["prefix"]: RolePrefix(prefix=r["prefix"], kind=r["kind"], target=r["target"], former=_flag(r["former"]),
                                position=r["position"], note=r["note"])
        for r in _rows("role_prefixes.tsv", ("prefix", "kind", "target", "former", "position", "note"))
    }


_GENERIC_HEADS = frozenset({"Chef", "Leiter", "Vorsitzender"})


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _match(role: Role, form: str, via: str, prefixes: tuple[str, ...] = (), *, head_canonical: bool = True) -> RoleMatch:
    scope_org, scope_country, level = role.scope_org, role.scope_country, ""
    former = False
    modifiers: list[str] = []
    unparsed: list[str] = []
    rp = role_prefixes()
    cidx = country_index()
    oidx = org_index()
    for p in prefixes:
        pref = rp.get(p) or rp.get(p + "-")
        if pref is not None:
            if pref.kind == "org":
                scope_org = pref.target
                org = org_by_name().get(pref.target)
                if org is not None and org.country and not scope_country:
                    scope_country = org.country
            elif pref.kind == "country":
                scope_country = pref.target
            elif pref.kind == "level":
                level = pref.target
            else:
                modifiers.append(pref.target)
                former = former or pref.former
            continue
        code = next((c for c, ctry in countries().items() if p in ctry.prefixes), None) or cidx.get(p)
        if code:
            scope_country = code
            continue
        orgs = [o for o in oidx.get(p, ()) if not o.generic]
        if orgs:
            scope_org = orgs[0].name
            if orgs[0].country and not scope_country:
                scope_country = orgs[0].country
            continue
        unparsed.append(p)
    canonical = role.canonical_role or role.lemma
    if head_canonical and role.lemma in _GENERIC_HEADS and scope_org:
        org = org_by_name().get(scope_org)
        if org is not None and org.head_role:
            canonical = org.head_role
    return RoleMatch(role=role, form=form, canonical=canonical, scope_org=scope_org, scope_country=scope_country,
                     level=level, former=former, modifiers=tuple(modifiers), via=via, unparsed=tuple(unparsed))


@functools.lru_cache(maxsize=65536)
def role_of(word: str) -> RoleMatch | None:
    """Analyse a role word, including compounds the lexicon does not list.

    Tries, in order: a listed form ("Außenministerin"); bound prefixes from
    ``role_prefixes.tsv`` ("Bundesinnenminister", "Vizekanzlerin",
    "Altbundespräsident"); hyphenated compounds whose parts are prefixes,
    countries or organisations ("US-Präsident", "Ex-Nato-Chef",
    "Siemens-Chef"; ``via='hyphen-suffix'`` when the part after a recognised
    prefix is itself an unlisted compound: "SPÖ-Bautensprecherin"); and finally
    an unlisted compound ending in a listed role ("Wirtschaftsstaatssekretär",
    ``via='suffix'``: such matches can be wrong, e.g. "Lautsprecher").

    Parameters
    ----------
    word : str
        One token.

    Returns
    -------
    RoleMatch or None

    Examples
    --------
    >>> m = role_of("US-Präsidentin")
    >>> m.lemma, m.scope_country, m.via
    ('Präsident', 'US', 'hyphen')
    >>> m = role_of("Ex-Nato-Chef")
    >>> m.canonical, m.scope_org, m.former
    ('Generalsekretär', 'Nato', True)
    >>> m = role_of("Bundesinnenministerin")
    >>> m.lemma, m.level
    ('Innenminister', 'federal')
    >>> role_of("Haus") is None
    True
    """
    idx = role_index()
    hit = idx.get(word)
    if hit is not None:
        return _match(hit, word, "exact")
    if "-" in word:
        parts = word.split("-")
        for k in range(1, len(parts)):
            rest = "-".join(parts[k:])
            role = idx.get(rest) or idx.get(_cap(rest))
            if role is None and k == len(parts) - 1:
                sub = role_of(_cap(rest))
                if sub is not None:
                    suffix = sub.via == "suffix"
                    m = _match(sub.role, word, "hyphen", tuple(p for p in parts[:k] if p), head_canonical=not suffix)
                    if not suffix:
                        return _merge(m, sub)
                    if not m.unparsed:  # "SPÖ-Bautensprecherin": known scope, unlisted compound
                        return _merge(m, sub, via="hyphen-suffix")
            if role is not None:
                return _match(role, word, "hyphen", tuple(p for p in parts[:k] if p))
        return None
    if not word[:1].isupper() or len(word) < 6:
        return None
    for p in sorted((p for p, rp in role_prefixes().items() if rp.position == "prefix" and not p.endswith("-")),
                    key=lambda p: (-len(p), p)):
        if word.startswith(p) and len(word) - len(p) >= 4:
            sub = role_of(_cap(word[len(p):]))
            if sub is not None and sub.via in ("exact", "prefix"):
                return _merge(_match(sub.role, word, "prefix", (p,)), sub)
    for i in range(3, len(word) - 3):
        sub = idx.get(word[i].upper() + word[i + 1:])
        if sub is not None:
            return _match(sub, word, "suffix")
    return None


def _merge(outer: RoleMatch, inner: RoleMatch, via: str | None = None) -> RoleMatch:
    """Combine the analysis of a prefix layer with the analysis of the rest."""
    return RoleMatch(
        role=inner.role, form=outer.form,
        canonical=inner.canonical if inner.canonical != inner.role.lemma else outer.canonical,
        scope_org=outer.scope_org if outer.scope_org != inner.role.scope_org else inner.scope_org,
        scope_country=outer.scope_country if outer.scope_country != inner.role.scope_country else inner.scope_country,
        level=outer.level or inner.level, former=outer.former or inner.former,
        modifiers=tuple(dict.fromkeys((*outer.modifiers, *inner.modifiers))), via=via or outer.via,
        unparsed=(*outer.unparsed, *inner.unparsed),
    )


# --------------------------------------------------------------------------- verbs and nouns


@functools.cache
def verbs() -> dict[str, tuple[Verb, ...]]:
    """Verb senses by lemma (a lemma may have several senses: "sprechen" Statement/Meeting).

    Examples
    --------
    >>> sorted(v.type for v in verbs()["sprechen"])
    ['Meeting', 'Statement']
    """
    out: dict[str, list[Verb]] = {}
    for r in _rows("verbs.tsv", ("lemma", "particle", "forms", "type", "subtype", "cameo", "frame", "speech",
                                 "participle", "aux", "note")):
        out.setdefault(r["lemma"], []).append(Verb(
            lemma=r["lemma"], particle=r["particle"], forms=_split(r["forms"]), type=r["type"], subtype=r["subtype"],
            cameo=r["cameo"], frame=r["frame"], speech=_flag(r["speech"]), participle=r["participle"], aux=r["aux"],
            note=r["note"],
        ))
    return {k: tuple(v) for k, v in out.items()}


@functools.cache
def verb_form_index() -> dict[str, tuple[Verb, ...]]:
    """Verb form -> verb senses having that form (each with ``lemma`` and ``particle``).

    A bare stem form of a separable verb ("kehrte") counts only if its particle
    ("zurück") follows in the clause; that check is the caller's.

    Examples
    --------
    >>> sorted({(v.lemma, v.particle) for v in verb_form_index()["nahm"]})[:2]
    [('annehmen', 'an'), ('einnehmen', 'ein')]
    """
    idx: dict[str, list[Verb]] = {}
    for senses in verbs().values():
        for v in senses:
            for f in v.forms:
                idx.setdefault(f, []).append(v)
    return {f: tuple(sorted(vs, key=lambda v: (v.lemma, v.type, v.subtype))) for f, vs in sorted(idx.items())}


@functools.cache
def nominal_triggers() -> tuple[NominalTrigger, ...]:
    """All event nouns, sorted by noun.

    Examples
    --------
    >>> next(t for t in nominal_triggers() if t.noun == "Gipfeltreffen").type
    'Meeting'
    """
    return tuple(
        NominalTrigger(noun=r["noun"], forms=_split(r["forms"]), type=r["type"], subtype=r["subtype"],
                       cameo=r["cameo"], note=r["note"])
        for r in _rows("nominal_triggers.tsv", ("noun", "forms", "type", "subtype", "cameo", "note"))
    )


@functools.cache
def trigger_index() -> dict[str, NominalTrigger]:
    """Inflected form -> event noun.

    Examples
    --------
    >>> trigger_index()["Festnahmen"].noun
    'Festnahme'
    """
    out: dict[str, NominalTrigger] = {}
    for t in nominal_triggers():
        for f in (t.noun, *t.forms):
            out.setdefault(f, t)
    return out


@functools.lru_cache(maxsize=65536)
def trigger_of_noun(word: str) -> NominalTrigger | None:
    """The event noun of a word, also for compounds ending in one ("Friedensgespräche").

    Examples
    --------
    >>> trigger_of_noun("Friedensgespräche").noun, trigger_of_noun("Kreml-Gespräche").noun
    ('Gespräch', 'Gespräch')
    >>> trigger_of_noun("Haus") is None
    True
    """
    idx = trigger_index()
    hit = idx.get(word)
    if hit is not None or not word[:1].isupper():
        return hit
    if "-" in word:
        return idx.get(_cap(word.rsplit("-", 1)[1]))
    for i in range(3, len(word) - 4):
        hit = idx.get(word[i].upper() + word[i + 1:])
        if hit is not None:
            return hit
    return None


# --------------------------------------------------------------------------- names and tagging aids


def _nam_dict_names() -> set[str]:
    try:
        res = importlib.resources.files("gender_guesser").joinpath("data", "nam_dict.txt")
        text = res.read_text(encoding="utf-8")
    except (ImportError, ModuleNotFoundError, FileNotFoundError, OSError):
        return set()
    names: set[str] = set()
    for line in text.splitlines():
        if not line or line[0] in "#=":
            continue
        if len(line) > 29 and line[29] == "+":
            continue  # the same name again, sorted with expanded umlauts
        parts = line[3:].split(None, 1)
        if not parts:
            continue
        name = parts[0]
        if "+" in name:  # "Jun+Wei": Jun-Wei, Jun Wei, Junwei
            names.update(name.replace("+", r) for r in ("-", " ", ""))
        else:
            names.add(name)
    return names


@functools.cache
def first_names() -> frozenset[str]:
    """Given names: gender-guesser's ``nam_dict.txt`` (if installed) plus ``first_names_extra.txt``.

    Entries of ``nam_dict.txt`` that are ordinary words are dropped: those in
    ``first_names_stop.txt`` and those UD German-GSD tags mostly as non-names
    (:func:`common_capitalized`, or a PROPN share below 0.5 in :func:`propn_ratio`).
    Without gender-guesser only the extra list is used.

    Examples
    --------
    >>> {"Wolodymyr", "Emmanuel"} <= first_names(), "Sie" in first_names()
    (True, False)
    """
    stop = wordlist("first_names_stop.txt")
    common = common_capitalized()
    ratio = propn_ratio()
    general = {n for n in _nam_dict_names() if n not in common and ratio.get(n, 1.0) >= 0.5}
    return frozenset((general | wordlist("first_names_extra.txt")) - stop)


@functools.cache
def common_capitalized() -> frozenset[str]:
    """Capitalised forms that are not names (UD German-GSD derived; CC BY-SA 4.0).

    Examples
    --------
    >>> "Regierung" in common_capitalized()
    True
    """
    return wordlist("common_capitalized.txt")


@functools.cache
def nouns() -> frozenset[str]:
    """Capitalised forms of common nouns (German Wiktionary via german-nouns; CC BY-SA 4.0).

    Nouns that Wiktionary also lists as a name ("Müller", "Wolf") are not in it.

    Examples
    --------
    >>> "Umfrage" in nouns(), "Verordnungen" in nouns(), "Merkel" in nouns()
    (True, True, False)
    """
    return wordlist("nouns.txt")


@functools.cache
def lower_upos() -> dict[str, str]:
    """Lowercase word form -> its most frequent UPOS tag in UD German-GSD (CC BY-SA 4.0).

    Examples
    --------
    >>> lower_upos()["hatte"], lower_upos()["immerhin"]
    ('AUX', 'ADV')
    """
    return {r["form"]: r["top_upos"] for r in _rows("lower_upos.tsv", ("form", "count", "top_upos"))}


@functools.cache
def propn_ratio() -> dict[str, float]:
    """Capitalised form -> share of its UD German-GSD occurrences tagged PROPN.

    Examples
    --------
    >>> propn_ratio()["Berlin"] > 0.5
    True
    """
    return {r["form"]: float(r["propn_share"]) for r in _rows("propn_ratio.tsv", ("form", "count", "propn_share"))}


def load_all() -> None:
    """Load (and cache) every lexicon, e.g. before timing or forking workers.

    Examples
    --------
    >>> load_all()
    """
    countries(), country_index(), country_candidates(), adjective_index(), _region_adjectives()
    regions(), region_index(), cities(), city_index(), organisations(), organisations(True), org_index()
    org_by_name(), roles(), role_index(), role_prefixes(), verbs(), verb_form_index(), nominal_triggers()
    trigger_index(), first_names(), common_capitalized(), nouns(), lower_upos(), propn_ratio()
    _function_word_lists()


@functools.cache
def country_label(code: str) -> str:
    """The label German news uses for a country (``preferred``), or the code.

    Examples
    --------
    >>> country_label("US"), country_label("RU")
    ('USA', 'Russland')
    """
    c = countries().get(code)
    return (c.preferred or c.name) if c is not None else code


@functools.cache
def _capitals() -> dict[str, str]:
    out: dict[str, str] = {}
    for city in cities():
        if city.is_capital and city.country:
            out.setdefault(city.name, city.country)
    return out


def capital_of(city_name: str) -> str | None:
    """ISO code of the country whose capital ``city_name`` is, else None.

    Examples
    --------
    >>> capital_of("Berlin"), capital_of("Hamburg")
    ('DE', None)
    """
    return _capitals().get(city_name)
