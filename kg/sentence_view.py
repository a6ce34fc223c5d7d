"""A sentence as the mapper sees it: tokens with their entities, clauses, pronouns.

Shared by the event mapper (:mod:`kg.mapper`) and the quotation finder
(:mod:`kg.quotes`).  Nothing here knows any particular article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from kg import lexicon
from kg.mentions import Mention
from kg.resolve import Resolution
from kg.segment import Sentence, tokenize

_RELATIVE = lexicon.function_words("sentence_view.relative")

_QUOTE_RE = re.compile(r'„[^„“"]{1,2000}[“"]|»[^»«]{1,2000}«|«[^«»]{1,2000}»|"[^"\n]{1,2000}"|“[^“”]{1,2000}”')
_MODAL_PLANNED = lexicon.function_words("sentence_view.modal_planned")
_FUTURE = lexicon.function_words("sentence_view.future")
_NEGATION = lexicon.function_words("sentence_view.negation")
_PRONOUNS_SG = lexicon.function_words("sentence_view.pronouns_sg")
_SUBJ_PRON = lexicon.function_words("sentence_view.subj_pron")
_CLAUSE_BREAK = frozenset({",", ";", ":", "–", "—", "(", ")", "-"})
_COORD = lexicon.function_words("sentence_view.coord")
_LOC_PREPS = lexicon.function_words("sentence_view.loc_preps")
_STANCE = {
    "Defend": "verteidigt",
    "Criticize": "kritisiert",
    "Reject": "lehnt ab",
    "Demand": "fordert",
    "Threaten": "droht",
}
_TOPIC_STOP = lexicon.function_words("sentence_view.topic_stop")
_REL_TIME = re.compile(r"\b(?:etwa|rund|gut|knapp|ungefähr)?\s*(\d+|ein|eine|zwei|drei|vier|fünf|zehn|zwanzig|dreißig|vierzig)\s+(Minuten|Stunden|Tage|Wochen|Monate|Jahre)\s+(später|danach|zuvor|früher)\b")
_DURATION = re.compile(r"\b(?:(?:rund|etwa|gut|knapp|mehr als)\s+)?(?:(?:ein|zwei|drei|vier|fünf|sechs|mehr|viel)(?:stündig|tägig)\w*|\d+-stündig\w*|\d+\s+Stunden\s+dauernd\w*)\b")
_OWN_ACCOUNT = re.compile(r"\bnach (?:eigenen|seinen|ihren) Angaben\b")


@lru_cache(maxsize=1)
def _konjunktiv() -> frozenset[str]:
    return lexicon.wordlist("konjunktiv.txt")


@lru_cache(maxsize=1)
def _cues() -> dict[str, str]:
    return lexicon.table("cues.tsv", "form", "lemma")



# --------------------------------------------------------------------------- sentence view


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int
    ent: str | None = None  # entity key
    etype: str | None = None
    mention: Mention | None = None
    in_quote: bool = False


@dataclass(slots=True)
class _Ctx:
    text: str
    sentences: Sequence[Sentence]
    res: Resolution
    salience: dict[str, int]
    last_person: str | None = None
    last_speaker: str | None = None
    prev_persons: tuple[str, ...] = ()  # the person entities of the previous sentence (pronoun checks)
    plural_refs: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _sentence_tokens(ctx: _Ctx, sent: Sentence, mentions: list[tuple[int, Mention]]) -> list[_Tok]:
    toks = [_Tok(t.text, t.start, t.end) for t in tokenize(ctx.text, sent.start, sent.end)]
    # quoted regions
    seg = ctx.text[sent.start:sent.end]
    for qm in _QUOTE_RE.finditer(seg):
        qs, qe = sent.start + qm.start(), sent.start + qm.end()
        for t in toks:
            if qs <= t.start and t.end <= qe:
                t.in_quote = True
    refs = dict(ctx.res.references)
    for i, m in mentions:
        key = ctx.res.links.get(i)
        etype = m.type
        if m.type == "role":
            if i in refs:
                key, etype = refs[i], "person"
            else:
                key = None
        if m.type == "date":
            key = None
        for t in toks:
            if m.start <= t.start and t.end <= m.end:
                if t.mention is None or (etype == "person" and t.etype != "person"):
                    t.ent, t.etype, t.mention = key, etype, m
                if m.type == "date" and t.mention is None:
                    t.mention = m
    # "Russlands Präsident Muster", "der russische Präsident Muster": the country is the post's scope, not a participant
    for k in range(len(toks) - 2):
        t = toks[k]
        if t.ent and t.etype in ("country", "organisation") and toks[k + 1].mention is not None and toks[k + 1].mention.type == "role":
            j = k + 1
            while j < len(toks) and toks[j].mention is not None and toks[j].mention.type == "role":
                j += 1
            if j < len(toks) and toks[j].etype == "person":
                t.ent = None
    for (sidx, s, e, key) in ctx.res.age_references:
        if sidx == sent.index:
            for t in toks:
                if s <= t.start and t.end <= e:
                    t.ent, t.etype = key, "person"
    return toks


def _clause_bounds(toks: list[_Tok], i: int) -> tuple[int, int]:
    lo = i
    while lo > 0 and toks[lo - 1].text not in _CLAUSE_BREAK:
        lo -= 1
    hi = i
    while hi < len(toks) - 1 and toks[hi + 1].text not in _CLAUSE_BREAK:
        hi += 1
    return lo, hi + 1


def _entities_in(toks: list[_Tok], lo: int, hi: int, *, types=("person", "country", "organisation")) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    last = None
    for k in range(lo, hi):
        t = toks[k]
        if t.ent and t.etype in types and not t.in_quote:
            if t.ent != last:
                out.append((k, t.ent))
            last = t.ent
        else:
            last = None if t.ent is None else last
    return out


def _group(ents: list[tuple[int, str]], toks: list[_Tok], start: int) -> tuple[str, ...]:
    """The entity at ``start`` plus entities coordinated with it by und/sowie."""
    keys = []
    idx = {k: e for k, e in ents}
    pos = [k for k, _ in ents]
    if start not in idx:
        return ()
    keys.append(idx[start])
    j = pos.index(start)
    while j + 1 < len(pos):
        between = [t.text for t in toks[pos[j] + 1:pos[j + 1]] if not (t.ent and t.ent == idx[pos[j]])]
        if between[-2:] == ["als", "auch"] and len(between) <= 4:  # "sowohl X als auch Y"
            keys.append(idx[pos[j + 1]])
            j += 1
            continue
        if between and any(b in _COORD for b in between) and all(
            b in _COORD or b[:1].islower() or b in (",",) or (b[:1].isupper() and _is_rolelike(b)) for b in between
        ) and len(between) <= 5:
            keys.append(idx[pos[j + 1]])
            j += 1
        else:
            break
    return tuple(dict.fromkeys(keys))


def _is_rolelike(word: str) -> bool:
    return word in lexicon.role_index()


def _resolve_pronoun(ctx: _Ctx, exclude: set[str]) -> str | None:
    """'er' / 'sie': the last speaker, else the last subject of a narrative sentence, else the most salient person."""
    for cand in (ctx.last_speaker, ctx.last_person):
        if cand and cand not in exclude and cand.startswith("person:"):
            return cand
    ranked = sorted(ctx.salience.items(), key=lambda kv: (-kv[1], kv[0]))
    for key, _ in ranked:
        if key not in exclude and key.startswith("person:"):
            return key
    return None


def _plural_ref(ctx: _Ctx, toks: list[_Tok], k: int) -> tuple[str, ...]:
    """'die beiden Staatschefs', 'beide Präsidenten', 'beide': the two most salient heads."""
    w = toks[k].text.casefold()
    if w not in ("beiden", "beide"):
        return ()
    persons = [key for key, _ in sorted(ctx.salience.items(), key=lambda kv: (-kv[1], kv[0])) if key.startswith("person:")]
    nxt = toks[k + 1].text if k + 1 < len(toks) else ""
    if nxt in ("Länder", "Staaten", "Ländern", "Regierungen", "Seiten", "Länder."):
        countries = [key for key, _ in sorted(ctx.salience.items(), key=lambda kv: (-kv[1], kv[0])) if key.startswith("country:")]
        return tuple(sorted(countries[:2])) if len(countries) >= 2 else ()
    role = lexicon.role_index().get(nxt) if nxt[:1].isupper() else None
    if role is not None or not nxt[:1].isupper():
        if role is not None:
            holders = sorted({p.person for p in ctx.res.posts if (p.role_class or "") == (getattr(role, "role_class", None) or "")})
            if len(holders) == 2:
                return tuple(holders)
        return tuple(sorted(persons[:2])) if len(persons) >= 2 else ()
    return ()




def _topic_overlap(a: str | None, b: str | None) -> bool:
    """Do two topic phrases share a content word (5+ letters)?"""
    if not a or not b:
        return False
    wa = {w.casefold() for w in re.findall(r"\w{5,}", a)}
    wb = {w.casefold() for w in re.findall(r"\w{5,}", b)}
    return bool(wa & wb)
