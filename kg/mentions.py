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
4. surnames (and their genitive) of people already found in the article;
5. country adjectives ("russischen", "US-amerikanische");
6. dates and times ("am Mittwoch", "im Januar", "am 6. Januar", "gegen 20.00 Uhr").

Examples
--------
>>> from kg.segment import split_sentences
>>> text = "Der französische Präsident Emmanuel Macron reist nach Berlin."
>>> [(m.text, m.type) for m in recognise(text, split_sentences(text))]
[('französische', 'country'), ('Präsident', 'role'), ('Emmanuel Macron', 'person'), ('Berlin', 'place')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
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
        ``surname``.
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
    role_suffixes: list[tuple[str, object]] = field(default_factory=list)
    suffix_index: dict[str, object] = field(default_factory=dict)
    suffix_lengths: tuple[int, ...] = ()


_PARTICLES = frozenset({"von", "van", "de", "der", "den", "del", "da", "di", "du", "le", "la", "al", "bin", "ibn", "zu", "ten", "ter", "dos", "das"})
_DETERMINERS = frozenset(
    "der die das des dem den ein eine einer eines einem einen sein seine seinen seinem seiner seines "
    "ihr ihre ihren ihrem ihrer ihres dieser diese diesen diesem dieses jener jene".split()
)
_POSSESSIVES = frozenset("sein seine seinen seinem seiner seines ihr ihre ihren ihrem ihrer ihres".split())
_SPEECH_CUES = frozenset(
    "sagte sagt sagten erklärte erklärt betonte betont meinte meint sagte, so berichtete berichtet "
    "kritisierte kritisiert warnte warnt forderte fordert teilte schrieb schreibt ergänzte fügte".split()
)
_TITLES = frozenset({"Herr", "Herrn", "Frau", "Dr.", "Prof.", "Sir", "Lady", "Mr.", "Mrs.", "Ms."})
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
    suffixes = sorted(
        ((form.casefold(), role) for form, role in roles.items() if len(form) >= 6 and " " not in form and "-" not in form),
        key=lambda x: (-len(x[0]), x[0]),
    )
    return _Lex(
        gazetteer=gaz,
        max_len=max((len(k) for k in gaz), default=1),
        first_names=lexicon.first_names(),
        common=lexicon.common_capitalized(),
        propn=lexicon.propn_ratio(),
        roles=roles,
        country_prefixes=country_prefixes,
        org_prefixes=org_prefixes,
        role_suffixes=suffixes,
        suffix_index={form: role for form, role in reversed(suffixes)},
        suffix_lengths=tuple(sorted({len(form) for form, _ in suffixes}, reverse=True)),
    )


# --------------------------------------------------------------------------- token tests


def _is_cap(text: str) -> bool:
    return bool(text) and text[0].isupper() and any(c.isalpha() for c in text)


def _is_word(text: str) -> bool:
    return bool(text) and text[0].isalpha()


@lru_cache(maxsize=65536)
def _role_of(word: str) -> tuple[object, str | None, str | None, bool] | None:
    """Role lexicon entry for a word, with a scope from a compound prefix.

    Returns (role, scope, prefix, former) or None.
    """
    lex = _lex()
    former = False
    w = word
    for mark in ("Ex-", "Alt-", "Noch-", "Vize-"):
        if w.startswith(mark) and len(w) > len(mark) + 2:
            former = mark in ("Ex-", "Alt-")
            w = w[len(mark):]
            break
    role = lex.roles.get(w)
    if role is not None:
        return role, _role_scope(role), None, former
    if "-" in w:
        head, _, rest = w.partition("-")
        sub = lex.roles.get(rest) or lex.roles.get(rest[:1].upper() + rest[1:])
        if sub is None:
            joined = head + rest[:1].lower() + rest[1:]
            sub = lex.roles.get(joined)
            if sub is not None:
                return sub, _role_scope(sub), None, former
        if sub is not None:
            if head in lex.country_prefixes:
                return sub, f"country:{lex.country_prefixes[head]}", head, former
            if head in lex.org_prefixes:
                return sub, f"org:{lex.org_prefixes[head]}", head, former
            code = lexicon.country_index().get(head)
            if code:
                return sub, f"country:{code}", head, former
            if _is_cap(head):
                return sub, _role_scope(sub), head, former
        return None
    # unlisted compound: Wirtschaftsministerin, Verkehrsminister, Konzernchef
    low = w.casefold()
    if len(low) > 8 and _is_cap(w):
        for length in lex.suffix_lengths:
            if len(low) - length < 3:
                continue
            role = lex.suffix_index.get(low[-length:])
            if role is not None:
                return role, _role_scope(role), None, former
    return None


def _role_scope(role: object) -> str | None:
    country = getattr(role, "scope_country", "") or ""
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
        out.extend(_sentence_mentions(text, sent, toks, lex, article_date))
    out.extend(_surname_pass(text, sentences, sent_tokens, out, lex))
    out = _dedupe(out)
    return sorted(out, key=lambda m: (m.start, m.end, m.type, m.norm))


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

    def span(i: int, j: int) -> tuple[int, int, str]:
        s, e = toks[i].start, toks[j - 1].end
        return s, e, text[s:e]

    # 1. gazetteer, longest match first
    i = 0
    while i < n:
        matched = False
        for L in range(min(lex.max_len, n - i), 0, -1):
            key = tuple(words[i:i + L])
            hit = lex.gazetteer.get(key)
            if hit is None:
                continue
            typ, norm, _country = hit
            if L == 1 and not _is_cap(words[i]):
                break
            if L == 1 and typ != "country" and i == 0 and words[i] in lex.common and typ == "place":
                break
            s, e, t = span(i, i + L)
            via = "name"
            if typ == "country":
                via = "demonym" if _is_demonym(t, norm) else "name"
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
        if covered[i] or not _is_cap(w):
            continue
        hit = _role_of(w)
        if hit is None:
            continue
        role, scope, prefix, former = hit
        tok = toks[i]
        lemma = getattr(role, "lemma", w)
        canonical = getattr(role, "canonical_role", "") or lemma
        rclass = getattr(role, "role_class", None) or getattr(role, "klass", None)
        prev = words[i - 1].casefold() if i else ""
        if prev in ("ehemalige", "ehemaligen", "ehemaliger", "frühere", "früheren", "früherer", "einstige", "einstigen", "ex"):
            former = True
        # scope from a preceding country adjective or genitive ("russische Präsident", "Russlands Präsident")
        if scope is None and i:
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
        if scope is None and i and words[i - 1].casefold() in _POSSESSIVES:
            # "Russland hat seinen Botschafter ...": the nearest country/org before
            for m in reversed(found):
                if m.type in ("country", "organisation") and m.end <= tok.start:
                    scope = f"country:{m.norm}" if m.type == "country" else f"org:{m.norm}"
                    break
        m = Mention(tok.start, tok.end, w, "role", idx, lemma, via="role", scope=scope, canonical=canonical,
                    role_class=rclass, former=former)
        if prefix and scope and scope.startswith("country:"):
            off = w.find(prefix)
            if off >= 0:
                found.append(Mention(tok.start + off, tok.start + off + len(prefix), prefix, "country", idx,
                                     scope.split(":", 1)[1], via="prefix"))
        found.append(m)
        role_at[i] = m
        covered[i] = True

    # 3. person names
    i = 0
    while i < n:
        if covered[i] or not _is_cap(words[i]):
            i += 1
            continue
        trigger = None
        if words[i] in lex.first_names and i + 1 < n and _is_cap(words[i + 1]):
            trigger = "first_name"
        elif i and (i - 1) in role_at:
            trigger = "role"
        elif i and words[i - 1] in _TITLES:
            trigger = "title"
        elif i >= 1 and words[i - 1].casefold() in _SPEECH_CUES and i + 1 <= n:
            trigger = "cue"
        elif i >= 2 and words[i - 1] == "so" and words[i - 2] == ",":
            trigger = "cue"
        if trigger is None:
            i += 1
            continue
        j = i
        strict = trigger in ("cue",)
        while j < n and not covered[j] and (
            _nameish(words[j], lex, strict=strict and j == i)
            or (j > i and words[j] in _PARTICLES and j + 1 < n and _is_cap(words[j + 1]))
        ):
            j += 1
            if j - i >= 4:
                break
        if trigger == "first_name" and j - i < 2:
            i += 1
            continue
        if j == i:
            i += 1
            continue
        # do not end on a particle
        while j > i and words[j - 1] in _PARTICLES:
            j -= 1
        s, e, t = span(i, j)
        norm = _strip_genitive(t) if j - i >= 2 else t
        found.append(Mention(s, e, t, "person", idx, norm, via=trigger))
        for k in range(i, j):
            covered[k] = True
        i = j

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
    return bool(country) and surface in getattr(country, "demonyms", ())


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
    taken = [(m.start, m.end) for m in found]
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


def with_sentence(m: Mention, index: int) -> Mention:
    """A copy of ``m`` in another sentence (used by tests)."""
    return replace(m, sentence=index)
