"""Resolve mentions to entities within one article, and entity keys across articles.

Within an article: a full name ("Sergej Sidorow"), the surname alone
("Sidorow", "Sidorows"), and role words used as a pronoun ("der Kremlchef",
"der Oppositionelle", "der 45-Jährige", "der Amerikaner") resolve to one
person.  Positions are read off role mentions standing right before a name
("US-Präsident Jane Roe") or used as references.

Across articles the entity *key* is what makes the IRI: countries by ISO
code, places and organisations by their lexicon name, persons by a spelling
key that folds transliteration variants (Alexej/Alexei, Petrow/Petrov,
Wladimir/Vladimir).  :func:`corpus_keys` then merges a surname-only person
into the one full-name person of the corpus with that surname.

Examples
--------
>>> person_key("Sergej Sidorow") == person_key("Sergei Sidorov")
True
>>> person_key("Oleg Petrow") == person_key("Oleg Petrov")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from kg import lexicon
from kg.mentions import Mention
from kg.segment import Sentence

__all__ = ["Entity", "PostClaim", "Resolution", "resolve", "person_key", "slug", "corpus_keys"]

_AGE_RE = re.compile(r"\b(?:[Dd]er|[Dd]ie|[Dd]es|[Dd]em|[Dd]en)\s+(\d{1,3})-[Jj]ährigen?\b")
_DEF_DET = frozenset("der die das des dem den vom beim zum zur".split())


@dataclass(frozen=True, slots=True)
class Entity:
    """One thing the article talks about.

    ``key`` is stable across articles (``person:max-muster``,
    ``country:RU``, ``place:wien``, ``org:kreml``, ``role:praesident``).
    """

    key: str
    type: str
    label: str
    forms: tuple[str, ...]
    country: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class PostClaim:
    """A person holds a position: role (+ scope, + posting place) stated in a sentence."""

    person: str  # entity key
    role: str  # role lemma as written ("Staatspräsident", "Kremlchef")
    canonical: str  # canonical role ("Präsident")
    role_class: str | None
    scope: str | None  # entity key of the country/organisation, or None
    location: str | None  # entity key of the posting place (ambassadors)
    surface: str  # "US-Präsident"
    sentence: int
    start: int
    end: int
    former: bool = False


@dataclass(slots=True)
class Resolution:
    """Entities of one article, which mention is which entity, and posts."""

    entities: dict[str, Entity] = field(default_factory=dict)
    links: dict[int, str] = field(default_factory=dict)  # mention index -> entity key
    references: list[tuple[int, str]] = field(default_factory=list)  # (mention index, person key) for role references
    age_references: list[tuple[int, int, int, str]] = field(default_factory=list)  # (sentence, start, end, person key)
    posts: list[PostClaim] = field(default_factory=list)


def _fold(s: str) -> str:
    s = s.replace("ß", "ss")
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
        s = s.replace(a, b)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return s.casefold()


@lru_cache(maxsize=200_000)
def slug(s: str) -> str:
    """IRI-safe slug: ASCII, lowercase, hyphens.

    Examples
    --------
    >>> slug("Weißes Haus")
    'weisses-haus'
    >>> slug("Außenminister")
    'aussenminister'
    """
    s = _fold(s)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "x"


def person_key(name: str) -> str:
    """Spelling-variant-folding key of a person's name (the IRI slug)."""
    parts = []
    for w in slug(name).split("-"):
        w = w.replace("w", "v")
        for a, b in (("ej", "ei"), ("ij", "i"), ("yj", "i"), ("iy", "i"), ("yy", "i"), ("y", "i")):
            if w.endswith(a):
                w = w[: -len(a)] + b
                break
        w = re.sub(r"(.)\1+", r"\1", w)
        parts.append(w)
    return "-".join(p for p in parts if p)


def _entity_key(m: Mention) -> str | None:
    if m.type == "country":
        return f"country:{m.norm}"
    if m.type == "place":
        return f"place:{slug(m.norm)}"
    if m.type == "organisation":
        return f"org:{slug(m.norm)}"
    if m.type == "role":
        return f"role:{slug(m.norm)}"
    return None


def _scope_key(scope: str | None) -> str | None:
    if not scope:
        return None
    kind, _, value = scope.partition(":")
    if kind == "place":
        return f"place:{slug(value)}"
    return f"country:{value}" if kind == "country" else f"org:{slug(value)}"


def resolve(text: str, sentences: Sequence[Sentence], mentions: Sequence[Mention]) -> Resolution:
    """Group an article's mentions into entities and read off positions.

    Parameters
    ----------
    text : str
        Article text.
    sentences : sequence of Sentence
    mentions : sequence of Mention
        As returned by :func:`kg.mentions.recognise` (sorted by offset).

    Returns
    -------
    Resolution
    """
    res = Resolution()
    forms: dict[str, list[str]] = {}
    info: dict[str, dict] = {}

    def add_form(key: str, form: str) -> None:
        forms.setdefault(key, [])
        if form not in forms[key]:
            forms[key].append(form)

    # --- persons: full names first, then single names
    full: dict[str, str] = {}  # surname -> key
    for i, m in enumerate(mentions):
        if m.type == "person" and len(m.norm.split()) >= 2 and not _particle_surname(m.norm):
            key = f"person:{person_key(m.norm)}"
            given, family = _split_name(m.norm)
            full.setdefault(family, key)
            full.setdefault(family.casefold(), key)
            info.setdefault(key, {"given": given, "family": family, "type": "person"})
    for i, m in enumerate(mentions):
        if m.type == "person":
            parts = m.norm.split()
            if len(parts) >= 2 and not (_particle_surname(m.norm) and m.norm.casefold() in full):
                key = f"person:{person_key(m.norm)}"
            elif len(parts) >= 2:
                key = full[m.norm.casefold()]  # "Van der Bellen" after "Alexander Van der Bellen"
            else:
                key = full.get(parts[0]) if parts else None
                if key is None:
                    key = f"person:{person_key(m.norm)}"
                    info.setdefault(key, {"family": m.norm, "type": "person"})
            res.links[i] = key
            add_form(key, m.text if m.via != "surname" else m.norm)
            if m.text != m.norm and len(parts) >= 2:
                add_form(key, m.norm)
        else:
            key = _entity_key(m)
            if key is None:
                continue
            res.links[i] = key
            if m.via not in ("adjective", "prefix"):
                add_form(key, m.text)
            entry = info.setdefault(key, {"type": m.type})
            if m.type == "role":
                entry.setdefault("label", m.norm)
            elif m.type == "country":
                entry.setdefault("country", m.norm)

    # --- posts: role right before a person ("US-Präsident Jane Roe"), or "Name, der/die ... Role,"
    person_idx = [i for i, m in enumerate(mentions) if m.type == "person"]
    for i, m in enumerate(mentions):
        if m.type != "role" or _not_held(text, m):
            continue
        nxt = _next_person(text, m, mentions, person_idx)
        if nxt is not None:
            pkey = res.links[nxt]
            res.posts.append(_claim(pkey, m, mentions, text, sentences))
            continue
        # apposition: "Petrow, der russische Botschafter", "Roe, Vorstand der X,"; predicate: "Roe ist Direktor des X"
        prev = _prev_person_apposition(text, m, mentions, person_idx)
        if prev is not None:
            claim = _claim(res.links[prev], m, mentions, text, sentences)
            if re.match(r"\s+(?:war|blieb|galt\s+als)\b", text[mentions[prev].end:m.start]):
                claim = replace(claim, former=True)  # "X war (noch) Polizeidirektor": stated in the past
            res.posts.append(claim)
            continue
        # role + genitive or "von" organisation + comma + name: "die Landesvorsitzende des Bundes, Jane Roe"
        later = _person_after_genitive(text, m, mentions, person_idx)
        if later is not None:
            res.posts.append(_claim(res.links[later], m, mentions, text, sentences))

    # --- role references: "der Kremlchef", "Der Oppositionelle", "des Kremlgegners"
    holders = list(res.posts)
    for i, m in enumerate(mentions):
        if m.type != "role" or any(p.start == m.start and p.end == m.end for p in res.posts) or _not_held(text, m):
            continue
        det = _word_before(text, m.start)
        if det.casefold() not in _DEF_DET and not _adj_between_det(text, m.start):
            continue
        if re.search(r"\b[Dd]ie\s+(?:[a-zäöü][\w-]*\s+){0,2}$", text[max(0, m.start - 60):m.start]) \
                and not m.text.endswith(("in", "e")):
            continue  # "an die Schulsprecher": "die" with a masculine role noun is a plural group, not one person
        target = _match_holder(m, holders)
        if target is None:
            continue
        gender = _gender(m.text, m.norm)
        held = {_gender(p.surface, p.role) for p in holders if p.person == target} - {None}
        if gender and len(held) == 1 and gender not in held:
            continue  # "die Innenministerin" is not the man who was "Innenminister X"
        named = {res.links[j] for j in person_idx if mentions[j].sentence == m.sentence}
        if named and target not in named:
            continue  # "X … Y soll mit dem Amt des Innenministers …": the sentence is about someone else
        res.references.append((i, target))
        res.posts.append(_claim(target, m, mentions, text, sentences))

    # --- a holder whose death the sentence reports no longer holds the post ("Im November war der libysche
    #     IS-Chef Abu Nabil bei einem Luftangriff getötet worden"): only when the sentence names one person
    for n, p in enumerate(res.posts):
        if p.former:
            continue
        sent_text = next((text[s.start:s.end] for s in sentences if s.index == p.sentence), "")
        persons = {res.links[j] for j in person_idx if mentions[j].sentence == p.sentence}
        if persons == {p.person} and _DEATH_RE.search(sent_text):
            res.posts[n] = replace(p, former=True)

    # --- "der 45-Jährige": the most recently mentioned person (resolved)
    resolved_spans = sorted(
        [(mentions[i].start, res.links[i]) for i in person_idx]
        + [(mentions[i].start, key) for i, key in res.references]
    )
    for sent in sentences:
        seg = text[sent.start:sent.end]
        for am in _AGE_RE.finditer(seg):
            s = sent.start + am.start()
            before = [k for st, k in resolved_spans if st < s]
            if before:
                res.age_references.append((sent.index, s, sent.start + am.end(), before[-1]))

    # --- entities
    for key, fs in forms.items():
        entry = info.get(key, {})
        typ = entry.get("type") or key.split(":", 1)[0]
        label = _best_label(key, fs, entry)
        country = None
        kind = None
        if typ == "place":
            country = _place_country(label)
        elif typ == "organisation":
            org = lexicon.org_by_name().get(label) if hasattr(lexicon, "org_by_name") else None
            if org is not None:
                country = getattr(org, "country", None) or None
                kind = getattr(org, "kind", None) or None
        res.entities[key] = Entity(
            key=key,
            type=typ,
            label=label,
            forms=tuple(sorted(fs)),
            country=country,
            given_name=entry.get("given") or None,
            family_name=entry.get("family") or None,
            kind=kind,
        )
    # entities referenced only as post scopes
    for p in res.posts:
        for key in (p.scope, p.location):
            if key and key not in res.entities:
                typ = key.split(":", 1)[0]
                name = key.split(":", 1)[1]
                if typ == "country":
                    label = lexicon.country_label(name)
                    res.entities[key] = Entity(key, "country", label, (label,), country=name)
                elif typ == "org":
                    res.entities[key] = Entity(key, "organisation", _org_label(name), (_org_label(name),))
                elif typ == "place":
                    label = _place_label(name, ())
                    res.entities[key] = Entity(key, "place", label, (label,), country=_place_country(label))
    return res


def _best_label(key: str, forms: list[str], entry: dict) -> str:
    typ = key.split(":", 1)[0]
    if typ == "country":
        return lexicon.country_label(key.split(":", 1)[1])
    if typ == "role":
        return entry.get("label") or forms[0]
    if typ == "person":
        given, family = entry.get("given"), entry.get("family")
        if given and family:
            return f"{given} {family}"
        return family or forms[0]
    if typ in ("org", "place", "organisation"):
        return _org_label(key.split(":", 1)[1]) if typ == "org" else _place_label(key.split(":", 1)[1], forms)
    return forms[0]


@lru_cache(maxsize=1)
def _names_by_slug() -> tuple[dict[str, str], dict[str, str], dict[str, str | None]]:
    orgs: dict[str, str] = {}
    for org in lexicon.organisations(include_generic=True):
        orgs.setdefault(slug(org.name), org.name)
    places: dict[str, str] = {}
    place_country: dict[str, str | None] = {}
    for city in lexicon.cities():
        places.setdefault(slug(city.name), city.name)
        place_country.setdefault(city.name, city.country or None)
    for region in lexicon.regions():
        places.setdefault(slug(region.name), region.name)
        place_country.setdefault(region.name, region.country or None)
    return orgs, places, place_country


def _org_label(slug_: str) -> str:
    return _names_by_slug()[0].get(slug_, slug_)


def _place_label(slug_: str, forms: Sequence[str]) -> str:
    name = _names_by_slug()[1].get(slug_)
    if name is not None:
        return name
    return min(forms, key=lambda f: (len(f), f)) if forms else slug_


def _place_country(label: str) -> str | None:
    return _names_by_slug()[2].get(label)


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"(\w+)\W*$", text[max(0, pos - 40):pos])
    return m.group(1) if m else ""


def _adj_between_det(text: str, pos: int) -> bool:
    """'der russische Staatschef': a determiner, then lowercase adjectives, then the role."""
    window = text[max(0, pos - 60):pos]
    m = re.search(r"\b(der|die|das|des|dem|den|vom|beim|zum|zur)\s+((?:[a-zäöü][\w-]*\s+){1,2})$", window, re.I)
    return bool(m)


def _next_person(text: str, role: Mention, mentions: Sequence[Mention], person_idx: list[int]) -> int | None:
    for i in person_idx:
        m = mentions[i]
        if m.start >= role.end and m.sentence == role.sentence:
            gap = text[role.end:m.start]
            if gap.strip() == "":
                return i
            return None
    return None


def _prev_person_apposition(text: str, role: Mention, mentions: Sequence[Mention], person_idx: list[int]) -> int | None:
    best = None
    for i in person_idx:
        m = mentions[i]
        if m.end <= role.start and m.sentence == role.sentence:
            best = i
    if best is None:
        return None
    gap = text[mentions[best].end:role.start]
    if _APPOSITION_RE.fullmatch(gap) or _PREDICATE_RE.fullmatch(gap):
        return best
    return None


_APPOSITION_RE = re.compile(r",\s+(?:(?:der|die)\s+)?(?:[a-zäöü][\w-]*\s+){0,2}")
_PREDICATE_RE = re.compile(
    r"\s+(?:ist|war|wurde|bleibt|blieb|gilt\s+als|galt\s+als)\s+(?:(?:seit|bis)\s+\S+\s+)?"
    r"(?:(?:der|die|neuer|neue|amtierender|amtierende)\s+)?(?:[a-zäöü][\w-]*\s+){0,2}"
)
_GENITIVE_GAP_RE = re.compile(r"\s+(?:des|der|von|vom)\s+[^,;:.!?()\"]{1,80},\s+")


def _person_after_genitive(text: str, role: Mention, mentions: Sequence[Mention], person_idx: list[int]) -> int | None:
    """'die Landesvorsitzende des Bundes, Jane Roe': the person after the role's genitive complement."""
    for i in person_idx:
        m = mentions[i]
        if m.sentence == role.sentence and m.start >= role.end:
            gap = text[role.end:m.start]
            if _GENITIVE_GAP_RE.fullmatch(gap) and not any(
                    o.type in ("role", "person") and role.end <= o.start < m.start for o in mentions):
                return i
            return None
    return None


_NOT_HELD_BEFORE_RE = re.compile(
    r"(?:\b(?:Nachfolger|Nachfolgerin|Kandidat|Kandidatin|Anwärter|Anwärterin|Favorit|Favoritin)\s+(?:als|für\s+(?:den|das)"
    r"(?:\s+\w+)?\s+(?:des|der|eines|einer))"
    r"|\b(?:Amt|Amts|Posten|Postens|Job|Position|Funktion|Wahl|Kandidatur|Nominierung|Ernennung|Bestellung|Vereidigung)"
    r"\s+(?:des|der|eines|einer|zum|zur|als)"
    r"|\b(?:zum|zur)(?:\s+(?:neuen|künftigen))?"
    r"|\b(?:als|wird|werden|würde|soll|sollte|will|möchte)(?:\s+(?:neuer|neue|künftiger|künftige))?)"
    r"(?:\s+[a-zäöü][\w-]*){0,2}\s+$"
)
_NOT_HELD_AFTER_RE = re.compile(r"\s+(?:(?:zu\s+)?werden|wird|werde|würde)\b")


#: the death of the one person a sentence names (passive or intransitive: "getötet worden", "starb", "ums Leben")
_DEATH_RE = re.compile(
    r"\b(?:(?:getötet|erschossen|ermordet|hingerichtet|umgebracht|gelyncht)\s+(?:worden|wurde|wurden)|"
    r"(?:wurde|wurden|war|waren|ist|sind)\s+(?:\w+\s+){0,8}?(?:getötet|erschossen|ermordet|hingerichtet)\b(?!\s+hat)|"
    r"starb|gestorben|ums\s+Leben\s+gekommen|kam\s+(?:\w+\s+){0,6}?ums\s+Leben|verstarb|verstorben)\b"
)


#: particles that start a family name ("Ursula von der Leyen", "Alexander Van der Bellen", "Mohammed bin Salman")
_NAME_PARTICLES = frozenset({"von", "van", "de", "del", "della", "da", "di", "du", "dos", "la", "le", "al", "bin", "ibn", "zu",
                             "ten", "ter"})


def _split_name(norm: str) -> tuple[str, str]:
    """(given names, family name); the family name starts at its first particle ("von der Leyen")."""
    parts = norm.split()
    for i in range(1, len(parts) - 1):
        if parts[i].casefold() in _NAME_PARTICLES:
            return " ".join(parts[:i]), " ".join(parts[i:])
    return " ".join(parts[:-1]), parts[-1]


def _particle_surname(norm: str) -> bool:
    """'van der Bellen', 'von der Leyen': a family name alone, beginning with its particle."""
    parts = norm.split()
    return len(parts) >= 2 and parts[0].casefold() in _NAME_PARTICLES


def _not_held(text: str, m: Mention) -> bool:
    """A role that is not (yet) the person's, or no position at all: "der designierte X", "soll X werden", "Nachfolger als X",
    "das Amt des X", "zum X gewählt", "die X-Stellvertreter" (a group: plural-only form)."""
    if getattr(m, "future", False) or getattr(m, "plural", False):
        return True
    if m.role_class == "descriptor":
        return True  # "Attentäter", "Flüchtling", "Geisel": a description of a person, not a position
    before = text[max(0, m.start - 60):m.start]
    if _NOT_HELD_BEFORE_RE.search(before):
        return True
    return bool(_NOT_HELD_AFTER_RE.match(text, m.end))


def _claim(pkey: str, m: Mention, mentions: Sequence[Mention], text: str, sentences: Sequence[Sentence]) -> PostClaim:
    location = None
    scope = _scope_key(m.scope)
    if scope is None:
        # "Vorstand der X", "Chef von Y": the organisation right after the role
        for other in mentions:
            level = getattr(m, "scope_level", "")
            kinds = ("place", "organisation") if level else ("organisation", "country")
            if other.sentence == m.sentence and other.start > m.end and other.type in kinds + ("organisation", "country"):
                if other.type in kinds and other.via != "adjective" and \
                        re.fullmatch(r"\s+(?:des|der|von|vom|bei|beim|in)\s+", text[m.end:other.start]):
                    if other.type == "place":
                        if _place_ok(other.norm, level):
                            scope = f"place:{slug(other.norm)}"
                    else:
                        scope = f"country:{other.norm}" if other.type == "country" else f"org:{slug(other.norm)}"
                break
    if (m.role_class or "") == "diplomat":
        # posting place: a capital of another country in the same sentence
        for other in mentions:
            if other.sentence != m.sentence or other.type != "place":
                continue
            cap_of = lexicon.capital_of(other.norm) if hasattr(lexicon, "capital_of") else None
            if cap_of and (scope is None or scope != f"country:{cap_of}"):
                location = f"place:{slug(other.norm)}"
                break
    return PostClaim(
        person=pkey,
        role=m.norm,
        canonical=m.canonical or m.norm,
        role_class=m.role_class,
        scope=scope,
        location=location,
        surface=m.text,
        sentence=m.sentence,
        start=m.start,
        end=m.end,
        former=m.former,
    )


def _gender(surface: str, role: str) -> str | None:
    """'f' for a feminine role form ("Innenministerin"), 'm' for the masculine form of a role that has a feminine."""
    tail = surface.rsplit("-", 1)[-1]
    entry = lexicon.roles().get(role)
    if entry is None or entry.adjectival or not entry.feminine:
        return None
    if tail.endswith(("in", "innen")) and not role.endswith(("in", "innen")):
        return "f"
    return "m"


def _place_ok(name: str, level: str) -> bool:
    """A region-level role takes a state/province, a city-level role a city."""
    reg = lexicon.region_index().get(name)
    if level == "region":
        return reg is not None and reg.kind == "state"
    return name in _names_by_slug()[2] and (reg is None or reg.kind == "state")


def _match_holder(m: Mention, holders: Sequence[PostClaim]) -> str | None:
    scope = _scope_key(m.scope)
    tests = [
        lambda p: p.role == m.norm and (scope is None or p.scope == scope),
        lambda p: p.canonical == (m.canonical or m.norm) and (scope is None or p.scope == scope),
        lambda p: m.role_class is not None and p.role_class == m.role_class and scope is not None and p.scope == scope,
        lambda p: m.role_class in ("opposition",) and p.role_class == m.role_class,
    ]
    for test in tests:
        people = sorted({p.person for p in holders if test(p)})
        if len(people) == 1:
            return people[0]
        if len(people) > 1:
            return None
    return None


def corpus_keys(person_keys: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Merge surname-only person keys into full-name keys across a corpus.

    Parameters
    ----------
    person_keys : iterable of (key, family_name)
        Every person key seen in the corpus with its family name.

    Returns
    -------
    dict
        ``key -> canonical key`` for the keys that merge (others map to themselves).

    Examples
    --------
    >>> corpus_keys([("person:jane-roe", "Roe"), ("person:roe", "Roe")])["person:roe"]
    'person:jane-roe'
    """
    keys = sorted(set(person_keys))
    by_family: dict[str, set[str]] = {}
    for key, family in keys:
        if family and key != f"person:{person_key(family)}":
            by_family.setdefault(person_key(family), set()).add(key)
    out: dict[str, str] = {}
    for key, family in keys:
        out[key] = key
        short = key.split(":", 1)[1]
        if "-" not in short:
            cands = by_family.get(short, set())
            if len(cands) == 1:
                out[key] = next(iter(cands))
    return out
