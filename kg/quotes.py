"""Quotations: direct quotes and reported speech with their speakers.

Direct quotes in any German quote style („…“, »…«, "…"), also when they run
over several sentences (the quote pairs are found on the article text; the
claim is made when the closing sentence has been read, so a cue after the
quote — "„…“, so X." — still attributes it).  Reported speech is found by

* Konjunktiv (a fixed list of frequent forms plus 3rd-person Konjunktiv I
  recognised by its form: "er befinde sich", "dies reiche nicht", "…, dass es
  das Geld brauche."),
* a content clause after a verb of saying, also in the indicative ("X sagte,
  dass …", "X erklärte, die Lage ist ernst"),
* a zu-infinitive after a verb of announcing or demanding ("kündigte an, … zu …"),
* source phrases: "laut X", "X zufolge", "nach Angaben von/des X", "wie X mitteilte".

A run of Konjunktiv sentences after a cue keeps the speaker until a sentence
names a new source, a new cue, or narrates again.

The speaker of a cue is the subject noun phrase of its clause, before the verb
("Der zuständige Vorstand Uwe X sagte"; appositions and relative clauses between
subject and verb are skipped) or after it ("…, so der Sprecher X", "sagte
der Minister"; a dative outlet "sagte der Zeitung" is skipped).  When the head
of the subject is not an entity ("die Polizei", "Der Staatsanwalt") the claim
has ``speaker=None`` and the noun phrase in ``speaker_text``.  Nothing here
knows any particular article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import lexicon
from kg.sentence_view import (
    _Ctx,
    _Tok,
    _cues,
    _konjunktiv,
    _resolve_pronoun,
)
from kg.segment import Sentence

__all__ = ["QuoteClaim", "sentence_quotes", "article_quote_spans"]


@dataclass(frozen=True, slots=True)
class QuoteClaim:
    """A direct quote or reported speech.

    ``speaker`` is an entity key or None (then ``speaker_text`` names the source,
    e.g. "die Polizei"); ``speaker_text`` is the surface text of the speaker's noun phrase.
    """

    speaker: str | None
    text: str
    kind: str  # direct | indirect
    cue: str | None
    sentence: int
    start: int
    end: int
    speaker_text: str | None = None


# --------------------------------------------------------------------------- lexicon

_ARTICLES = lexicon.function_words("quotes.articles")
_POSS = lexicon.function_words("quotes.poss")
_DATIVE_DET = lexicon.function_words("quotes.dative_det")
_OBJ_PRON = lexicon.function_words("quotes.obj_pron")
_SUBORD = lexicon.function_words("quotes.subord")
_PREP = lexicon.function_words("quotes.prep")
_ADV_START = lexicon.function_words("quotes.adv_start")
_PRON_SUBJ = lexicon.function_words("quotes.pron_subj")
#: lower-case words ending in -e that are not verbs
_E_STOP = lexicon.function_words("quotes.e_stop")
#: Konjunktiv II forms that stand for Konjunktiv I in reported speech (in addition to konjunktiv.txt)
_KII = lexicon.function_words("quotes.kii")
_MEDIA_RE = re.compile(
    r"(?:zeitung|zeitschrift|agentur|sender|magazin|blatt|funk|fernsehen|tv|medien|portal|website|presse|"
    r"journalisten|reportern|journalistin|reporterin|nachrichtendienst|radio|kanal|sendung|tagesschau|post|spiegel|"
    r"welt|bild|news)$",
    re.I,
)
#: feminine media nouns: "sagte der Zeitung" is a dative outlet, "sagte der Sender" a subject
_MEDIA_FEM_RE = re.compile(
    r"(?:zeitung|zeitschrift|agentur|presse|sendung|tagesschau|post|welt|bild|website|plattform|illustrierte|"
    r"nachrichtenseite|redaktion)$",
    re.I,
)
#: nouns of saying: in "laut X", "nach X" their complement is the source ("nach Angaben des Ministeriums")
_SOURCE_NOUNS = lexicon.wordlist("source_nouns.txt")
#: plural forms that also end compounds ("Polizeiangaben", "Medienberichten", "Zeugenaussagen")
_SOURCE_TAILS = tuple(sorted({w.lower() for w in _SOURCE_NOUNS if len(w) >= 7 and w.endswith(("en", "n"))}))
#: with "nach" (also "after") only these, a plural, or an indefinite article make a source ("nach der Untersuchung" is temporal)
_NACH_SINGULAR_OK = lexicon.function_words("quotes.nach_singular_ok")


def _is_source_noun(w: str) -> bool:
    return w in _SOURCE_NOUNS or (w[:1].isupper() and len(w) > 9 and w.lower().endswith(_SOURCE_TAILS))


#: nouns after which a quoted phrase is a title or name, not a quotation ("der Film „…“")
_TITLE_NOUNS = re.compile(
    r"(?:film|buch|roman|zeitung|zeitschrift|magazin|sendung|serie|show|album|lied|song|titel|motto|operation|"
    r"projekt|programm|kampagne|aktion|partei|gruppe|organisation|bewegung|initiative|verein|schiff|stück|"
    r"oper|festival|preis|award|marke|firma|unternehmen|konzern|band|club|klub|stiftung|verband|bündnis|"
    r"netzwerk|portal|website|blog|sender|kanal|app|spiel|hotel|restaurant|gesetz|plan|konzept|paket|"
    r"abkommen|vertrag|mission|studie|bericht|ausstellung|kolumne|rubrik|slogan|verlag|dokumentation|doku|"
    r"reportage|dokumentarfilm|theaterstück|musical|leitlinie|grundsatz|prinzip)$",
    re.I,
)
#: nouns of places and buildings after which a short quoted phrase is their name ("die Raumstation „Name“")
_PLACE_NOUNS = re.compile(r"(?:station|stadion|arena|zentrum|anlage|werk|gebäude|haus|straße|platz|brücke|hafen|flughafen)$", re.I)
_CLAUSE_END = frozenset({".", "!", "?", ";", ":"})
_QUOTE_MARKS = frozenset("„“”\"»«‚‘’‹›")
_ART_QUOTE_RE = re.compile(r'„[^„“”\n]{1,3000}[“”"]|»[^»«\n]{1,3000}«|"[^"\n]{1,3000}"|“[^“”\n]{1,3000}”')


_ZU_INF: set[str] = set()  # "anzugeben": no cue (no subject of its own)


def _verb_forms(row: dict[str, str]) -> dict[str, tuple[str, str, str]]:
    """form -> (lemma, particle, kind) for one row of speech_verbs.tsv."""
    lemma, part, pres, pret, pp, kind = (row[c] for c in ("lemma", "particle", "pres3sg", "pret3sg", "participle", "kind"))
    inf = lemma[len(part):] if part and lemma.startswith(part) else lemma
    stem = inf[:-2] if inf.endswith("en") else inf[:-1]
    pret_pl = pret + "n" if pret.endswith("e") else pret + "en"
    ki = stem + "e"
    finite = [pres, inf, pret, pret_pl, ki]
    out: dict[str, tuple[str, str, str]] = {}
    for f in finite:
        out.setdefault(f, (lemma, part, kind))
    out.setdefault(pp, (lemma, "", kind))
    if part:
        for f in finite:
            out.setdefault(part + f, (lemma, "", kind))  # subordinate clause: "wie er mitteilte"
        _ZU_INF.add(part + "zu" + inf)
    else:
        out.setdefault(inf, (lemma, "", kind))
    return out


@lru_cache(maxsize=1)
def _speech_multi() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """Every finite/participle form of a verb of saying -> its readings (lemma, separable particle or '', kind).

    A form can belong to several verbs ("gab" an/bekannt, "wies" hin/zurück): the particle that closes the
    clause decides (:func:`_cue_info`).  Rows of speech_verbs.tsv with kind ``none`` take a verb of
    verbs.tsv out ("bestehen", "angreifen"); kind ``es`` is a cue only with "es" ("heißt es")."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    off: set[str] = set()

    def add(f: str, v: tuple[str, str, str]) -> None:
        lst = out.setdefault(f, [])
        if v not in lst:
            lst.append(v)

    for row in lexicon._rows("speech_verbs.tsv", ("lemma", "particle", "pres3sg", "pret3sg", "participle", "kind")):
        if row["kind"] == "none":
            off.add(row["lemma"])
            continue
        for f, v in _verb_forms(row).items():
            add(f, v)
    try:
        rows = lexicon._rows("verbs.tsv", ("lemma", "particle", "forms", "speech"))
    except Exception:  # pragma: no cover - verbs.tsv belongs to the event mapper
        rows = []
    known = {v[0] for vs in out.values() for v in vs}
    for row in rows:
        if row.get("speech") != "1" or row["lemma"] in off or row["lemma"] in known:
            continue
        part = row["particle"]
        for f in row["forms"].split("|"):
            if not f:
                continue
            joined = bool(part) and f.startswith(part)
            add(f, (row["lemma"], "" if joined or f.startswith("ge") else part, "say"))
    rows_sv = {r["lemma"] for r in lexicon._rows("speech_verbs.tsv", ("lemma", "kind"))}
    for f, lemma in _cues().items():
        if lemma not in off and lemma not in rows_sv:
            add(f, (lemma, "", "say"))
    return {f: tuple(v) for f, v in out.items()}


@lru_cache(maxsize=1)
def _speech_lexicon() -> dict[str, tuple[str, str, str]]:
    """Every finite/participle form of a verb of saying -> its first reading (see :func:`_speech_multi`)."""
    return {f: vs[0] for f, vs in _speech_multi().items()}


@lru_cache(maxsize=1)
def _ki_known() -> frozenset[str]:
    """Konjunktiv I 3sg forms ending in -te ("halte", "arbeite") that would otherwise look like preterites."""
    out = set()
    try:
        rows = lexicon._rows("verbs.tsv", ("lemma", "forms"))
    except Exception:  # pragma: no cover
        rows = []
    for row in rows:
        lemma = row["lemma"]
        stem = lemma[:-2] if lemma.endswith("en") else lemma[:-1]
        for f in row["forms"].split("|"):
            if f.endswith("te") and (stem.endswith(("t", "d")) and stem.endswith(f[:-1][-3:])):
                out.add(f)
    for row in lexicon._rows("speech_verbs.tsv", ("lemma", "particle")):
        lemma, part = row["lemma"], row["particle"]
        inf = lemma[len(part):] if part else lemma
        stem = inf[:-2] if inf.endswith("en") else inf[:-1]
        if stem.endswith(("t", "d")):
            out.add(stem + "e")
    return frozenset(out | {w for w in _konjunktiv() if w.endswith("te")})


# --------------------------------------------------------------------------- article-level quotes


def article_quote_spans(text: str) -> list[tuple[int, int]]:
    """Quote pairs ``(start, end)`` (marks included) on the whole article text, within a paragraph.

    Quotes that follow each other with only a space between („…“ „…“, so X) are one quotation."""
    out: list[tuple[int, int]] = []
    for m in _ART_QUOTE_RE.finditer(text):
        a, b = m.start(), m.end()
        if out and a - out[-1][1] <= 2 and not text[out[-1][1]:a].strip() and "\n" not in text[out[-1][1]:a]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _state(ctx: _Ctx, run: dict) -> dict:
    st = run.get("_q")
    if st is None or st.get("text") is not ctx.text:
        st = {"text": ctx.text, "spans": article_quote_spans(ctx.text), "pending": []}
        run["_q"] = st
    return st


# --------------------------------------------------------------------------- noun phrases and speakers


def _is_cap(w: str) -> bool:
    return w[:1].isupper()


_AGE_NOUN = re.compile(r"\d+-[A-ZÄÖÜ]")  # "39-Jährige"


#: Konjunktiv II modals that state the writer's own guess rather than continue someone's reported speech
_SPECULATIVE_KII = lexicon.function_words("quotes.speculative_kii")
#: lower-case particles inside foreign names ("Folha de São Paulo", "Banco do Brasil"); German ones are not
_FOREIGN_PARTICLES = lexicon.function_words("quotes.foreign_particles")


def _np(toks: list[_Tok], j: int, hi: int, inq) -> tuple[int, int, int] | None:
    """A noun phrase at ``j``: (start, head_start, head_end) or None.

    det/possessive, lower-case attributes ("zuständige", "58-jährige"), then the run of
    capitalised words (role, name, "Vizepräsidentin Erika Muster"); a parenthesis "(CDU)" is not part of it."""
    k = a0 = j
    if k < hi and (toks[k].text.lower() in _ARTICLES or toks[k].text.lower() in _POSS):
        k += 1
        if k < hi and toks[k].text in _PREP and not inq(k):
            # an extended attribute: "der seit 20 Jahren amtierende Präsident", "die im Mai gewählte Sprecherin"
            for m in range(k + 1, min(hi - 1, k + 7)):
                w = toks[m].text
                if inq(m) or w in _CLAUSE_END or w in (",", "(", "–"):
                    break
                if w[:1].islower() and re.search(r"(?:nde|nden|te|ten|ene|enen)$", w) and _is_cap(toks[m + 1].text) \
                        and toks[m + 1].text not in _speech_lexicon():
                    k, a0 = m, m - 1
                    break
    while k < hi and not inq(k) and toks[k].text[:1].islower() and toks[k].text.lower() not in _ARTICLES and (
        toks[k].text.lower() not in _SUBORD and toks[k].text.lower() not in _PREP and toks[k].text[:1].isalpha()
    ) or k < hi and toks[k].text[:1].isdigit() and not _AGE_NOUN.match(toks[k].text):
        if toks[k].text in _speech_lexicon():
            return None
        k += 1
        if k - a0 > 5:
            return None
    while k < hi and toks[k].text[:1].isdigit() and not _AGE_NOUN.match(toks[k].text):
        k += 1
    h0 = k
    while k < hi and not inq(k) and (_is_cap(toks[k].text) or toks[k].text[:1].isdigit() and "-" in toks[k].text
                                      or k > h0 and toks[k].text in _FOREIGN_PARTICLES and k + 1 < hi
                                      and _is_cap(toks[k + 1].text) and not inq(k + 1)):
        if toks[k].text in _speech_lexicon() and k > h0:
            break
        k += 1
    if k == h0:
        return None
    return j, h0, k


def _np_end(toks: list[_Tok], h1: int, hi: int, inq) -> int:
    """Extend a noun phrase over genitive/von complements and a parenthesis (for its surface text)."""
    k = h1
    if k + 2 < hi and toks[k].text in ("„", "»", '"') and inq(k) and _is_cap(toks[k + 1].text):
        m = k + 1
        while m < hi and m - k <= 5 and toks[m].text not in ("“", "«", '"', "”"):
            m += 1
        if m < hi and m - k <= 5:
            k = m + 1  # the outlet's name in quotation marks
    for _ in range(3):
        if k < hi and toks[k].text == "(":
            while k < hi and toks[k].text != ")":
                k += 1
            k = min(hi, k + 1)
            continue
        if k < hi and toks[k].text.lower() in ("des", "der", "von", "vom", "eines", "einer", "aus") and not inq(k):
            sub = _np(toks, k + 1, hi, inq) if toks[k].text.lower() in ("von", "vom", "aus") else _np(toks, k, hi, inq)
            if sub is None:
                break
            k = sub[2]
            continue
        break
    return k


def _head_speaker(ctx: _Ctx, toks: list[_Tok], np: tuple[int, int, int], hi: int, inq) -> tuple[str | None, str]:
    """Entity key (or None) and surface text of a subject noun phrase."""
    j, h0, h1 = np
    end = _np_end(toks, h1, hi, inq)
    text = ctx.text[toks[j].start:toks[end - 1].end].strip(" ,")
    head = toks[h0:h1]
    persons = [t.ent for t in head if t.ent and t.etype == "person"]
    if persons:
        p = max(x for x in range(h0, h1) if toks[x].ent == persons[-1])
        while p + 1 < hi and toks[p + 1].ent == persons[-1] and not inq(p + 1):
            p += 1  # a name with particles runs past the head ("Van der Bellens")
        if p + 1 < hi and toks[p].text.endswith("s") and toks[p + 1].etype != "person" and _is_cap(toks[p + 1].text):
            # "Badawis Ehefrau", "Obamas Sprecher", "Van der Bellens Wahlkampfleiter Lothar Lockl": the person's
            # relative or agent speaks, named right after the noun or not at all
            for x in range(p + 2, min(hi, p + 5)):
                if inq(x) or toks[x].text in _CLAUSE_END or toks[x].text == ",":
                    break
                if toks[x].ent and toks[x].etype == "person" and toks[x].ent != persons[-1]:
                    return toks[x].ent, text
            return None, text
        return persons[-1], text
    # "Der Innenminister Frankreichs, Nicolas Sarkozy, sagte": a name in apposition to a role head
    last = head[-1]
    role_head = head[0].mention is not None and head[0].mention.type == "role" and head[0].ent is None
    if last.mention is not None and last.mention.type == "role" or last.ent is None or role_head:
        k = end
        if k + 1 < hi and toks[k].text in ("für", "in", "im", "bei", "beim") and not inq(k):
            pp = _np(toks, k + 1, hi, inq)  # "der UN-Hochkommissar für Menschenrechte, Name"
            if pp is not None and pp[2] - k <= 4:
                k = _np_end(toks, pp[2], hi, inq)
        if k < hi and toks[k].text == ",":
            sub = _np(toks, k + 1, hi, inq)
            if sub is not None:
                names = [t.ent for t in toks[sub[1]:sub[2]] if t.ent and t.etype == "person"]
                if names:
                    return names[-1], text
        if k > end and toks[end].text == "für":
            # "des Instituts für Nationale Geschichte (INX)": the institution's whole name; an organisation
            # recognised in it is the speaker unless the head is a role ("der Beauftragte für Menschenrechte")
            text = ctx.text[toks[j].start:toks[k - 1].end].strip(" ,")
            orgs = [t.ent for t in toks[end:k] if t.ent and t.etype == "organisation"]
            if orgs and not role_head and not (last.mention is not None and last.mention.type == "role"):
                return orgs[-1], text
    if role_head and len(head) > 1 and head[-1].text.endswith("s"):
        return None, text  # "Der Innenminister Frankreichs": a role of a country, not the country
    if last.ent and last.etype == "country" and last.text.endswith("s") and len(head) == 1:
        ent = ctx.res.entities.get(last.ent)
        if ent is not None and ent.label and not ent.label.endswith("s"):
            # a genitive country before its head noun: "Islands in die Kritik geratener Regierungschef Name"
            for x in range(h1, min(hi, h1 + 10)):
                if inq(x) or toks[x].text in _CLAUSE_END or toks[x].text == ",":
                    break
                if toks[x].ent and toks[x].etype == "person":
                    m = x
                    while m + 1 < hi and toks[m + 1].ent == toks[x].ent:
                        m += 1
                    return toks[x].ent, ctx.text[toks[j].start:toks[m].end]
    if last.ent and last.etype in ("organisation", "country") and _is_cap(last.text):
        return last.ent, text
    if head[0].ent is None and _MEDIA_RE.search(head[0].text):
        orgs = [t.ent for t in head[1:] if t.ent and t.etype == "organisation" and _is_cap(t.text)]
        if orgs:
            return orgs[-1], text  # "der Nachrichtensender NTV Türk"
    return None, text


def _pronoun_speaker(ctx: _Ctx, toks: list[_Tok], k: int, verb: str | None) -> tuple[str | None, str] | None:
    w = toks[k].text
    if w in ("er", "Er") or w in ("sie", "Sie") and (verb is None or not verb.endswith("n")):
        key = _resolve_pronoun(ctx, _sentence_entities(toks))
        ent = ctx.res.entities.get(key) if key else None
        if ent is not None and " " not in ent.label and (
            ent.label in lexicon.common_capitalized() or ent.label in _ADV_START or re.search(r"-[a-zäöü]+-", ent.label)
        ):
            key = None  # a "person" that is an ordinary word ("Offiziell"): leave it to the running speaker
        return key, w
    return None


def _sentence_entities(toks: list[_Tok]) -> set[str]:
    return {t.ent for t in toks if t.ent and not t.in_quote}


def _subject_at(ctx: _Ctx, toks: list[_Tok], j: int, hi: int, inq, verb: str | None) -> tuple[str | None, str] | None:
    if j >= hi or inq(j):
        return None
    p = _pronoun_speaker(ctx, toks, j, verb)
    if p is not None:
        return p if p[0] is not None else None
    if toks[j].text in ("es", "Es", "man", "Man", "wir", "ich", "Wir", "Ich"):
        return None
    if toks[j].text.lower() in ("dem", "einem", "ihm", "ihnen") and not (toks[j].ent and toks[j].etype == "person"):
        return None  # a dative: "Dem Manager X droht, angeklagt zu werden" — a threat of a penalty, nobody speaks
    if (toks[j].text.lower() in _SUBORD or toks[j].text.lower() in _PREP) and not (toks[j].ent and toks[j].etype == "person"):
        return None  # ("Von der Leyen sagte" is a name)
    if toks[j].text in _ADV_START and toks[j].ent is None and toks[j].text not in ("Die", "Der", "Das"):
        return None
    np = _np(toks, j, hi, inq)
    if np is None or _is_date(toks, np):
        return None
    return _head_speaker(ctx, toks, np, hi, inq)


def _is_date(toks: list[_Tok], np: tuple[int, int, int]) -> bool:
    """The head of a noun phrase is a date or time ("Ende Jänner", "Montag"): never a speaker."""
    return all(t.mention is not None and t.mention.type == "date" for t in toks[np[1]:np[2]])


def _after_subject(ctx: _Ctx, toks: list[_Tok], k: int, inq, verb: str | None) -> tuple[str | None, str] | None:
    """The subject after a verb: "sagte der Minister", "so X", "sagte er", skipping adverbs, object pronouns
    and a dative outlet ("sagte der Süddeutschen Zeitung", "sagte dem Sender")."""
    hi = len(toks)
    j = k + 1
    steps = 0
    while j < hi and steps < 8:
        steps += 1
        t = toks[j]
        if inq(j) or t.text in _CLAUSE_END or t.text in (",", "(", "–", "—"):
            return None
        p = _pronoun_speaker(ctx, toks, j, verb)
        if p is not None:
            return p if p[0] is not None else None
        lw = t.text.lower()
        if lw in _OBJ_PRON or lw in ("es", "man"):
            j += 1
            continue
        if lw == "gegenüber" or lw in _DATIVE_DET or lw in ("den", "einen", "diesen", "seinen", "ihren"):
            np = _np(toks, j + 1 if lw == "gegenüber" else j, hi, inq)
            if np is None:
                return None
            j = _np_end(toks, np[2], hi, inq)
            continue
        if t.text[:1].islower() and lw not in _ARTICLES and lw not in _POSS and not t.text[:1].isdigit():
            if lw in _PREP:  # "sagte am Montag", "sagte bei einer Pressekonferenz"
                np = _np(toks, j + 1, hi, inq)
                j = _np_end(toks, np[2], hi, inq) if np else j + 1
                continue
            j += 1  # an adverb: "sagte weiter", "erklärte dazu"
            continue
        if lw in ("die", "das") and j + 2 < hi and toks[j + 1].text in ("„", '"', "»"):
            # "sagt die „Name“": a body with a quoted name
            m = j + 2
            while m < hi and m - j <= 7 and toks[m].text not in ("“", '"', "«", "”"):
                m += 1
            if m < hi and m - j <= 7 and _is_cap(toks[j + 2].text):
                e = _np_end(toks, m + 1, hi, inq)
                return None, ctx.text[toks[j].start:toks[e - 1].end]
        np = _np(toks, j, hi, inq)
        if np is None:
            return None
        if _is_date(toks, np):
            j = np[2]  # "hatte Ende Jänner erklärt", "sagte Montagabend": a time, not the subject
            continue
        head_words = [x.text.strip("„“\"") for x in toks[np[1]:np[2]]]
        if lw == "der" and head_words and (
            _MEDIA_FEM_RE.search(head_words[-1]) or any(x.etype == "organisation" for x in toks[np[1]:np[2]])
            and j + 1 < hi and toks[j + 1].text[:1].isupper() and toks[j + 1].text.endswith("en")
        ):
            j = _np_end(toks, np[2], hi, inq)  # dative outlet ("der Süddeutschen Zeitung")
            continue
        if lw == "der" and j + 1 < hi and toks[j + 1].text in ("„", '"', "»"):
            # "sagte der „Zeitung“": skip a quoted outlet
            m = j + 2
            while m < hi and toks[m].text not in ("“", '"', "«"):
                m += 1
            j = m + 1
            continue
        if head_words and _MEDIA_FEM_RE.search(head_words[-1]) and lw in ("der",):
            j = _np_end(toks, np[2], hi, inq)
            continue
        return _head_speaker(ctx, toks, np, hi, inq)
    return None


_AUX = lexicon.function_words("quotes.aux")


def _speaker_of_cue(ctx: _Ctx, toks: list[_Tok], k: int, inq) -> tuple[str | None, str] | None:
    """Who speaks at cue k: (entity key or None, surface text), or None when no plausible subject is found.

    The subject found by position is kept when it is an entity or a noun that can speak; when it
    cannot ("Ähnlich äußerte sich …", "kritisierte die Entscheidung" read backwards, "Der Zeitung
    sagte X") the subject on the other side of the verb is tried."""
    info = _cue_info(toks, k, inq)
    if info is not None and info[2] == "es":
        return _es_source(ctx, toks, k, inq)
    if info is not None and info[0] == "mit den Worten":
        # "Die Zeitung zitiert X mit den Worten: …": the quoted person is the object of zitieren
        for x in range(max(0, k - 12), k - 2):
            if toks[x].text in ("zitiert", "zitierte", "zitieren", "zitierten") and not inq(x) and not _passive_cue(toks, x, inq):
                j = x + 1
                while j < k - 2 and toks[j].text.lower() in ("dazu", "auch", "damals", "ebenfalls", "außerdem", "zudem", "hierzu"):
                    j += 1
                if toks[j].ent and toks[j].etype == "person" or toks[j].text.lower() in _ARTICLES:
                    np = _np(toks, j, k - 2, inq)
                    if np is not None:
                        who = _head_speaker(ctx, toks, np, k - 2, inq)
                        if _speaker_score(toks, (who[0], re.sub(r"^(?:den|einen)\s+", "", who[1]))) > 0:
                            return who
                break
    who = _speaker_of_cue_pos(ctx, toks, k, inq)
    if who is None and info is not None and info[0].startswith("verlauten"):
        return _es_source(ctx, toks, k, inq)  # "Aus Militärkreisen verlautete, …"
    return who


def _speaker_of_cue_pos(ctx: _Ctx, toks: list[_Tok], k: int, inq) -> tuple[str | None, str] | None:
    first = _speaker_of_cue_raw(ctx, toks, k, inq)
    sc = _speaker_score(toks, first)
    if sc >= 2 or _passive_cue(toks, k, inq):
        return first if sc > 0 else None
    if sc >= 1 and k > 0 and toks[k - 1].text == "," and toks[k].text != "so" and _cue_at_tail(toks, k, inq) \
            and _after_subject(ctx, toks, k, inq, toks[k].text) == first:
        return first  # "X war dagegen, sagte die Angeklagte": the subject after the closing cue, not the one before
    verb = toks[k].text
    alts = []
    if _bare_participle(toks, k, inq):
        return None  # "X, auch „Y“ genannt, …": a participle without auxiliary names, it does not report
    if verb != "so":
        lo = k
        while lo > 0 and (inq(lo - 1) or toks[lo - 1].text not in (";", ":")):
            lo -= 1
        s0 = _clause_start(toks, lo, k)
        if toks[k].text in _ZU_INF or k > 0 and toks[k - 1].text.lower() == "zu":
            # "X beeilte sich, gegenüber Journalisten zu erklären, …": the subject of the governing clause
            c = k - 1
            while c > lo and (inq(c) or toks[c].text != ","):
                c -= 1
            if c > lo:
                g0 = _clause_start(toks, lo, c)
                alts.append(_subject_at(ctx, toks, g0, c, inq, None))
                for x in range(g0, c):
                    if toks[x].text in _FINITE_AUX or toks[x].text in _speech_lexicon() or toks[x].text.islower() and x > g0 and toks[x - 1].text[:1].isupper():
                        alts.append(_after_subject(ctx, toks, x, inq, None))
                        break
        if not (k > 0 and toks[k - 1].text in ("es", "Es")):  # "Es drohe ein Krieg": an expletive subject
            alts.append(_after_subject(ctx, toks, k, inq, verb))
            if s0 < k:
                alts.append(_subject_at(ctx, toks, s0, k, inq, verb))
        # a cue that closes its clause ("ließ der Sprecher verlauten", "versuchte X mit den Worten zu beruhigen"):
        # the subject follows the finite verb
        for x in range(s0, k):
            if toks[x].text in _FINITE_AUX and not inq(x):
                alts.append(_after_subject(ctx, toks, x, inq, None))
                break
    best, best_sc = first, sc
    for a in alts:
        a_sc = _speaker_score(toks, a)
        if a_sc > best_sc:
            best, best_sc = a, a_sc
    if best_sc <= 0:
        return None
    return best


_FINITE_AUX = lexicon.function_words("quotes.finite_aux")


def _es_source(ctx: _Ctx, toks: list[_Tok], k: int, inq) -> tuple[str | None, str] | None:
    """The source of "heißt es": "In einer Erklärung des Ministeriums heißt es", "aus Regierungskreisen hieß es"."""
    lo = k
    while lo > 0 and not inq(lo - 1) and toks[lo - 1].text not in (",", ";", ":"):
        lo -= 1
    hi = k + 1
    while hi < len(toks) and not inq(hi) and toks[hi].text not in (",", ";", ":") and toks[hi].text not in _CLAUSE_END:
        hi += 1
    for j in range(lo, hi):
        if toks[j].text.lower() in ("in", "im", "aus") and not inq(j) and j + 1 < hi and toks[j + 1].text in (
            "denen", "dem", "der", "welchem", "welcher", "welchen"
        ) and j == lo and lo > 1 and toks[lo - 1].text == ",":
            np = _np_before(toks, lo - 1, inq)  # "…, chinesischer Medien, in denen es heißt, …": the antecedent
            if np is not None:
                return None, ctx.text[toks[np[0]].start:toks[np[2] - 1].end]
        if toks[j].text.lower() in ("in", "im", "aus") and not inq(j) and j + 1 < hi:
            np = _np(toks, j + 1, hi, inq)
            if np is not None:
                who = _source_speaker(ctx, toks, np, hi, inq)
                if _speaker_score(toks, who) > 0 or toks[np[2] - 1].text[:1].isupper():
                    return who
    return None


#: suffixes of nouns for people and bodies that speak ("Sprecher", "Präsidentin", "Ministerium", "Polizei")
_SPEAKER_SUFFIX = re.compile(
    r"(?:er|erin|erinnen|ent|entin|enten|ant|antin|anten|ist|istin|isten|eur|eurin|eure|loge|login|logen|"
    r"jährige|jähriger|jährigen|ium|iums|amt|amts|amtes|behörde|behörden|polizei|gericht|gerichts|regierung|"
    r"partei|verband|verbands|kommission|schaft|rat|rats|institut|instituts|agentur|gruppe|organisation|armee|"
    r"militär|feuerwehr|verwaltung|ausschuss|fraktion|opposition|koalition|delegation|botschaft|kirche|union|"
    r"bund|bündnis|initiative|forum|stiftung|komitee|büro|kreise|kreisen|quellen|medien|leute|seite|führung|"
    r"leitung|vereinigung|konzern|unternehmen|firma|bank|zentrum|mitglied|mitglieder|spitze|konferenz|stelle|kammer|"
    r"kommando|dienst|dienste|senat|parlament|kabinett|sekretariat|kanzlei|direktion|stab|zentrale|verein|liga|klub|"
    r"club|bewegung|netzwerk|front|miliz|milizen|truppen|streitkräfte|gemeinde|team|familie|angehörige|angehörigen|"
    r"gerichtshof|mission|fernsehen|konsulat|ministerium|präsidium|vorstand|verteidigung|kräfte|oberhaupt|kommissariat|"
    r"korrespondenz|kurie)$",
    re.I,
)


def _speaker_score(toks: list[_Tok], who: tuple[str | None, str] | None) -> int:
    """3 a person, 2 an organisation/country, 1 a noun phrase that can speak, 0 one that cannot (-1: none)."""
    if who is None:
        return -1
    key, text = who
    if key is not None:
        return 3 if key.startswith("person:") else 2
    if re.match(r"(?:die|das)\s+[„\"»]\w", text or ""):
        return 1  # "die „Junge Runde“": a body named in quotation marks
    words = [w for w in re.findall(r"[\w][\w'’.-]*", text or "")]
    caps = []
    for w in words:
        if w.lower() in ("des", "der", "von", "vom", "aus", "in", "im", "bei", "für"):
            if caps:
                break
            continue
        if _is_cap(w) or w[:1].isdigit() and "-" in w:
            caps.append(w)
    if not caps:
        return 0
    if words[0].lower() in ("dem", "einem", "den", "einen"):
        return 0  # a dative or accusative, not a subject
    if words[0].lower() == "der" and _MEDIA_FEM_RE.search(caps[-1]):
        return 0  # "der Zeitung": a feminine noun after "der" is a dative or genitive
    head = caps[-1]
    if len(head) < 2:
        return 0
    if head in _ADV_START or head in ("Sie", "Ihr", "Ihnen", "Ich", "Wir", "Du"):
        return 0
    if head in lexicon.role_index() or head in _SOURCE_NOUNS or _MEDIA_RE.search(head) or _SPEAKER_SUFFIX.search(head):
        return 1
    if head in _speaker_nouns() or lexicon.org_index().get(head) or head in lexicon.first_names():
        return 1
    if head in lexicon.common_capitalized():
        return 0  # an ordinary noun ("die Entscheidung", "den Posten") or a capitalised adverb
    return 1  # an unknown word: a name the recogniser missed, a compound ("die Stadtreinigung")


def _speaker_words(text: str) -> list[str]:
    """The capitalised words of a speaker phrase before a genitive or preposition ("die Hamburger Stadtreinigung",
    "der Staatsanwaltschaft Krefeld", "der AK Vorratsdatenspeicherung")."""
    caps: list[str] = []
    for w in re.findall(r"[\w][\w'’.-]*", text or ""):
        if w.lower() in ("des", "der", "von", "vom", "aus", "in", "im", "bei", "für"):
            if caps:
                break
            continue
        if _is_cap(w):
            caps.append(w)
    return caps


def _base_noun(word: str) -> str | None:
    """The last part of a compound that the dictionary knows: "Schmid-Plakat" -> "Plakat",
    "Grundversorgungsgesetz" -> "Gesetz" (the longest such part)."""
    nouns = lexicon.nouns()
    for i in range(2, len(word) - 3):
        c = word[i:].lstrip("-")
        if len(c) >= 4 and (c[:1].upper() + c[1:] in nouns or c[:1].upper() + c[1:] in _speaker_nouns()):
            return c[:1].upper() + c[1:]
    return None


def _can_speak_word(w: str) -> bool:
    for x in dict.fromkeys((w, w[:-1] if w.endswith("s") else w, w[:-2] if w.endswith("es") else w)):
        if x in lexicon.role_index() or _is_source_noun(x) or _MEDIA_RE.search(x) or _SPEAKER_SUFFIX.search(x) \
                or x in _speaker_nouns() or lexicon.org_index().get(x):
            return True
    return False


def _text_can_speak(text: str | None) -> bool:
    """Whether a speaker named only by text (no entity) can be the source of a quotation.

    A role, a noun of saying ("Armeeangaben", "Medienberichten"), a noun for people or bodies
    ("Sanitäter", "die Armutskonferenz", "Beobachter"), also as the last part of a compound, or an
    unknown word (a name the recogniser missed) can; a phrase of nothing but ordinary dictionary
    nouns ("die Chemikalie", "eine Akzentverschiebung", "das Schmid-Plakat"), places ("Salzburg")
    or an adverb at the start of a sentence ("Lieber") cannot.
    """
    # a source phrase may be a dative ("Dem Staatsanwalt zufolge", "laut einem Bericht")
    text = re.sub(r"^(?:[Dd]em|[Ee]inem|[Dd]en|[Ee]inen)\s+", "", (text or "").strip())
    if re.match(r"(?:die|das)\s+[„\"»]\w", text):
        return True
    words = [w for w in _speaker_words(text) if len(w) > 1 and w not in _ADV_START
             and w not in ("Sie", "Ihr", "Ihnen", "Ich", "Wir", "Du")
             and not (len(_speaker_words(text)) == 1 and lexicon.lower_upos().get(w.casefold()) not in (None, "NOUN", "PROPN")
                      and not (w in lexicon.role_index() or _is_source_noun(w) or w in _speaker_nouns()
                               or lexicon.org_index().get(w) or _MEDIA_RE.search(w)))]  # "Sicher, …", "Lieber …"
    nouns = lexicon.nouns()
    for w in words:
        base = _base_noun(w)
        if _can_speak_word(w) or base is not None and _can_speak_word(base):
            return True
    for w in words:
        if lexicon.lower_upos().get(w.lower()) not in (None, "NOUN", "PROPN"):
            continue  # "Lieber schreibe ich …": an adverb
        if w in lexicon.city_index() or w in lexicon.region_index() or w.rstrip("s") in lexicon.city_index():
            continue  # "Salzburg sagt": a place named as speaker is not a source we can name
        if w in lexicon.first_names() or not (w in nouns or _base_noun(w) is not None):
            return True  # a name
    return False


@lru_cache(maxsize=1)
def _speaker_nouns() -> frozenset[str]:
    return lexicon.wordlist("speaker_nouns.txt")


_WERDEN = lexicon.function_words("quotes.werden")


def _bare_participle(toks: list[_Tok], k: int, inq) -> bool:
    """A ge-participle with no finite verb in its clause ("auch „Bruno“ genannt", "wie berichtet")."""
    w = toks[k].text
    if not (w.startswith("ge") or "ge" in w[2:6]) or not w.endswith(("t", "en")) or len(w) < 6:
        return False
    lo = k
    while lo > 0 and (inq(lo - 1) or toks[lo - 1].text not in (",", ";", ":", "(", "–")):
        lo -= 1
    hi = k + 1
    while hi < len(toks) and (inq(hi) or toks[hi].text not in (",", ";", ":", ")", "–") and toks[hi].text not in _CLAUSE_END):
        hi += 1
    for j in range(lo, hi):
        if j != k and not inq(j) and (toks[j].text in _AUX or toks[j].text in _FINITE_AUX or toks[j].text in _WERDEN
                                      or toks[j].text in ("habe", "hätte", "sei", "wäre", "würde", "worden")):
            return False
    return toks[lo].text.lower() not in ("wie",) or True


def _is_participle(w: str) -> bool:
    return len(w) > 5 and (w.endswith(("t", "en")) and ("ge" in w[:8]) or w.endswith("iert")) or w in _participles()


@lru_cache(maxsize=1)
def _participles() -> frozenset[str]:
    """Participles of the verbs of saying ("beschuldigt", "bestätigt"), for passive clauses."""
    out = {r["participle"] for r in lexicon._rows("speech_verbs.tsv", ("lemma", "participle"))}
    try:
        out |= {r["participle"] for r in lexicon._rows("verbs.tsv", ("lemma", "participle")) if r.get("participle")}
    except Exception:  # pragma: no cover
        pass
    return frozenset(w for w in out if w)


def _passive_cue(toks: list[_Tok], k: int, inq) -> bool:
    """A participle of saying in a passive clause ("wurde gefragt", "gedrängt werden"): its subject is not the speaker."""
    w = toks[k].text
    if not _is_participle(w) or w.endswith("zitiert"):
        return False  # "X wird mit den Worten zitiert": X is the speaker
    if k + 1 < len(toks) and toks[k + 1].text in _WERDEN:
        return True
    j = k - 1
    while j >= 0 and not inq(j) and toks[j].text not in (",", ";", ":") and toks[j].text not in _CLAUSE_END:
        if toks[j].text in _WERDEN:
            return True
        if toks[j].text in ("hat", "haben", "hatte", "hatten", "habe", "hätte", "hätten"):
            return False
        j -= 1
    return False


def _speaker_of_cue_raw(ctx: _Ctx, toks: list[_Tok], k: int, inq) -> tuple[str | None, str] | None:
    verb = toks[k].text
    if _passive_cue(toks, k, inq):
        # "es wurde von X mitgeteilt": the agent after "von"; otherwise no speaker
        j = k - 1
        while j > 0 and not inq(j) and toks[j].text not in (",", ";", ":"):
            if toks[j].text in ("von", "vom") and j + 1 < k and toks[j + 1].text.lower() not in _OBJ_PRON | {"uns", "denen", "beiden", "allen"}:
                # ("Zwei von ihnen wurde … vorgeworfen": a partitive, not the agent)
                np = _np(toks, j + 1, k, inq)
                if np is not None:
                    return _head_speaker(ctx, toks, np, k, inq)
            j -= 1
        return None
    if verb == "so":
        return _after_subject(ctx, toks, k, inq, None)
    if _wie_tail(toks, k, inq):
        c = k - 1
        while c > 0 and (inq(c) or toks[c].text != ","):
            c -= 1
        return _subject_at(ctx, toks, c + 2, k, inq, verb)  # "…, wie die Firma gestern mitteilte."
    # the clause: back to ; : or a quote
    lo = k
    while lo > 0 and (inq(lo - 1) or toks[lo - 1].text not in (";", ":")):
        lo -= 1
    before_comma = k > lo and toks[k - 1].text == ","
    nxt = toks[k + 1].text if k + 1 < len(toks) else "."
    if k > lo and _is_participle(verb) and any(toks[x].text in _AUX and not inq(x) for x in range(lo, k)) and (
        nxt in _CLAUSE_END or nxt in (",", "worden", "werden", "haben", "hatte", "habe", "hat", "wurde") or inq(k + 1)
    ):
        # a participle: "X hat … erklärt" — the finite verb is the auxiliary
        # the auxiliary nearest to the participle ("Auf die Frage, er habe …, habe X geantwortet")
        aux = next((x for x in range(k - 1, lo - 1, -1) if toks[x].text in _AUX and not inq(x)), None)
        if aux is not None:
            if aux == lo or toks[aux - 1].text == ",":
                s = _after_subject(ctx, toks, aux, inq, None)
                if s:
                    return s
            s = _subject_at(ctx, toks, _clause_start(toks, lo, aux), aux, inq, None)
            if s:
                return s
            return _after_subject(ctx, toks, aux, inq, None)
    if before_comma or k == lo or _clause_start(toks, lo, k) >= k:
        s = _after_subject(ctx, toks, k, inq, verb)
        if s:
            return s
    else:
        s0 = _clause_start(toks, lo, k)
        if s0 == k - 1 and toks[s0].text in ("Es", "es"):
            return None  # "Es drohe ein Krieg": an expletive es, the noun after the verb is no speaker
        if toks[s0].text == "wie" or toks[s0].text == "Wie":
            return _subject_at(ctx, toks, s0 + 1, k, inq, verb)
        s = _subject_at(ctx, toks, s0, k, inq, verb)
        if s:
            return s
        if s0 < k and (toks[s0].text.lower() in _PREP or toks[s0].text in _ADV_START or toks[s0].text[:1].islower()):
            s = _after_subject(ctx, toks, k, inq, verb)
            if s:
                return s
        return None
    # after a comma: "X, der …, sagte" — the subject opens the first segment, when that segment is only
    # the noun phrase (not a whole clause: "Das Militär habe … angegriffen, meldete der Sender")
    s0 = _clause_start(toks, lo, k)
    if s0 + 1 < k and toks[s0].text in ("Wie", "wie"):
        return _subject_at(ctx, toks, s0 + 1, k, inq, verb)  # "Wie die Sprecherin, Name, mitteilte, …"
    if s0 < k and toks[s0].text.lower() not in _SUBORD and toks[s0].text not in _ADV_START:
        # segments between commas, relative clauses skipped: a finite verb means a whole clause
        seg_start = True
        in_rel = False
        for x in range(s0, k - 1):
            if inq(x):
                continue
            w = toks[x].text
            if w == ",":
                seg_start = True
                continue
            if seg_start:
                in_rel = w.lower() in _RELATIVE_OPEN or w.lower() in _PREP and x + 1 < k and toks[x + 1].text.lower() in _RELATIVE_OPEN
                seg_start = False
            if not in_rel and (w in _AUX or w in _FINITE_AUX or w in _konjunktiv()):
                return None
        return _subject_at(ctx, toks, s0, k, inq, verb)
    return None


def _clause_start(toks: list[_Tok], lo: int, k: int) -> int:
    """First token of the clause holding position k, skipping a leading conjunction."""
    s = lo
    while s < k and toks[s].text in (",", "(", ")", "–", "—", "-"):
        s += 1
    while s < k and toks[s].text in ("Und", "Aber", "Doch", "Denn", "und", "aber", "doch", "So", "Auch", "Selbst", "Sogar", "Nur", "Allein", "Ebenso", "Zudem", "Außerdem"):
        s += 1
    return s


# --------------------------------------------------------------------------- cues


def _cue_info(toks: list[_Tok], k: int, inq) -> tuple[str, str, str] | None:
    """(lemma, particle, kind) when token k is a speech cue in this clause."""
    t = toks[k]
    if inq(k):
        return None
    if t.text == "so" and k > 0 and toks[k - 1].text == "," and k + 1 < len(toks) and not inq(k + 1) and (
        toks[k + 1].ent is not None or toks[k + 1].text in _PRON_SUBJ or toks[k + 1].text.lower() in _ARTICLES
        or toks[k + 1].text.lower() in _POSS or _is_cap(toks[k + 1].text) or toks[k + 1].text in _speech_lexicon()
    ):
        if k + 1 < len(toks) and toks[k + 1].text in _speech_lexicon():
            return None  # "so charakterisierte ihn X": the verb is the cue
        return ("so", "", "say")
    if t.text in ("Meinung", "Ansicht", "Auffassung", "Überzeugung") and k > 1 and toks[k - 1].text == "der" and toks[k - 2].text in (
        "ist", "sind", "war", "waren", "sei", "seien", "bin"
    ) and k + 2 < len(toks) and toks[k + 1].text == "," and toks[k + 2].text.lower() in ("dass", "daß"):
        return ("der Meinung sein", "", "say")  # "X ist der Meinung, dass …"
    infos = _speech_multi().get(t.text)
    if infos is not None and (t.text in _ZU_INF or k > 0 and toks[k - 1].text.lower() == "zu"):
        z = k - 1 if t.text in _ZU_INF else k - 2
        if any(0 <= x < len(toks) and toks[x].text.lower() in ("ist", "sind", "war", "waren", "bleibt", "blieb", "sei", "wäre")
               for x in (z, k + 1)):
            return None  # "Wobei zu bemerken ist", "ist zu sagen": a modal passive, nobody speaks
        c = z
        while c > 0 and (inq(c) or toks[c].text != ","):
            c -= 1
        if c > 0 and toks[c].text == "," and toks[c - 1].text[:1].isupper() and toks[c - 1].ent is None:
            return None  # "keine Gelegenheit, die Adresse anzugeben": the infinitive belongs to a noun
    if infos is None:
        if t.text == "Worten" and 1 < k and toks[k - 2].text.lower() == "mit" and toks[k - 1].text.lower() in (
            "den", "folgenden", "diesen", "deutlichen", "klaren", "knappen"
        ):
            return ("mit den Worten", "", "say")  # "X kommentierte dies mit den Worten: „…“"
        return None
    if k > 0 and toks[k - 1].text.lower() in _ARTICLES | _POSS and t.text[:1].islower() and not t.text.startswith("ge"):
        return None  # "die gesagte …", "meinen Posten"
    if t.text[:1].isupper() and k > 0:
        return None  # a noun ("Bericht") or sentence-internal capital
    if t.text.lower() in ("meinen", "meine", "meiner") and k + 1 < len(toks) and (
        _is_cap(toks[k + 1].text) and toks[k + 1].ent is None or toks[k + 1].text[:1].islower() and toks[k + 1].text.isalpha()
        and toks[k + 1].text.lower() not in _ARTICLES | _POSS | {"es", "er", "sie", "man", "dass", "daß", "auch", "aber", "jedoch", "nun", "zudem", "außerdem", "dagegen", "hingegen", "dazu", "damit", "allerdings"}
    ):
        return None  # the possessive: "meinen Posten aufzugeben", "meine eigene Meinung"
    if k > 0 and toks[k - 1].text.lower() in ("weder", "nicht", "nie", "niemals") or k > 1 and toks[k - 2].text.lower() == "weder":
        return None  # "konnte weder bestätigen noch ausschließen, dass …": nothing is asserted
    plain = None
    for info in infos:
        lemma, part, kind = info
        if kind == "es":
            # "heißt es", "hieß es", "wie es heißt", "es heißt"
            if k + 1 < len(toks) and toks[k + 1].text == "es" or k > 0 and toks[k - 1].text.lower() == "es":
                return info
            continue
        if part:
            # a separable verb in a main clause: its particle must close the clause ("teilte … mit")
            j = k + 1
            while j < len(toks) and (inq(j) or toks[j].text not in _CLAUSE_END and toks[j].text != ","):
                if toks[j].text == part and not inq(j):
                    return info
                j += 1
            continue
        if plain is None:
            plain = info
    if plain is not None and not _is_participle(t.text):
        # a particle closing the clause makes another verb: "sagte das Konzert ab" (cancelled), "drohte … an"
        j = k + 1
        while j < len(toks) and (inq(j) or toks[j].text not in _CLAUSE_END and toks[j].text != ","):
            j += 1
        if j - 1 > k and not inq(j - 1) and toks[j - 1].text in _SEP_PARTICLES:
            return None
    return plain


_MODALS = lexicon.function_words("quotes.modals")
#: demonstratives that make a source noun refer back ("nach diesen Angaben"; "dem Bericht" may be another report)
_ANAPHORIC_DET = lexicon.function_words("quotes.anaphoric_det")
#: separable verb particles that can close a main clause ("sagte … ab", "sprach … aus")
_SEP_PARTICLES = lexicon.function_words("quotes.sep_particles")


# --------------------------------------------------------------------------- Konjunktiv


def _is_konj(toks: list[_Tok], i: int, inq) -> bool:
    """Token i is a Konjunktiv verb of reported speech (outside quotes)."""
    t = toks[i]
    if inq(i):
        return False
    w = t.text
    if w.lower() in ("sollte", "sollten", "hätte", "hätten", "wäre", "wären", "würde", "würden") and (
        i == 0 or toks[i - 1].text in (",", ";", ":", "–")
    ) and i + 1 < len(toks) and (toks[i + 1].text.lower() in ("es", "er", "sie", "man", "das", "der", "die", "dies")):
        return False  # a conditional: "Sollte es dazu kommen, …", "…, sollte das Parlament …"
    if w in _konjunktiv() or w in _KII:
        if w in ("habe", "werde", "sage", "gebe") and i > 0 and toks[i - 1].text.lower() == "ich":
            return False
        return True
    if not w.endswith("e") or not w[:1].islower() or len(w) < 4 or w in _E_STOP or "-" in w:
        return False
    if w.endswith("te") and w not in _ki_known():
        return False  # preterite "sagte", "machte"
    if w.endswith(("ige", "ische", "liche", "bare", "same", "ene", "ste", "ere", "iere")) and not w.endswith("iere"):
        return False
    if i > 0 and toks[i - 1].text.lower() in frozenset(("ich", "zu", "zur")) | _ARTICLES | _POSS:
        return False
    prev = toks[i - 1].text if i > 0 else ""
    nxt = toks[i + 1].text if i + 1 < len(toks) else "."
    # verb-final: "…, dass es das Geld brauche."
    if nxt in (",", ".", ";", ":", "!", "?", "und", "oder") and i > 0:
        # a subordinate clause opened by dass/ob/weil/wenn/der… before it, or a short V2 clause
        j = i - 1
        while j >= 0 and toks[j].text not in (",", ";", ":") and not inq(j):
            j -= 1
        opener = toks[j + 1].text.lower() if j + 1 < i else ""
        if opener in _SUBORD or opener in _RELATIVE_OPEN:
            return True
        if prev in _PRON_SUBJ or (j + 2 < i and toks[j + 1].text in _PRON_SUBJ):
            return True
        return False
    # V2 after a 3rd-person subject: "er befinde sich", "Die Lage bleibe", "Dies reiche nicht"
    if prev in _PRON_SUBJ and prev not in ("Sie",):
        return True
    if i >= 1:
        j = i - 1
        while j >= 0 and toks[j].text not in (",", ";", ":") and not inq(j):
            j -= 1
        cs = j + 1
        if cs == i - 1 and toks[cs].text in _ADV_START:
            return True  # "Dies reiche", "Damit handele es sich", "Nun stehe"
        if i - cs in (2, 3) and toks[cs].text.lower() in ("der", "die", "das", "ein", "eine", "dieser", "diese", "dieses") and _is_cap(prev) and (
            i - cs == 2 or toks[cs + 1].text[:1].islower()
        ):
            return True  # "Die Lage bleibe", "Der neue Plan sehe … vor"
    return False


_RELATIVE_OPEN = lexicon.function_words("quotes.relative_open")


# --------------------------------------------------------------------------- sources


#: "nach eigenen Angaben", "seinen Worten nach", "eigenen Angaben zufolge": the speaker is the sentence's subject
_OWN_ACCOUNT = re.compile(
    r"\b(?:[Nn]ach (?:eigenen|eigener|seinen|ihren|seiner|ihrer) (?:Angaben|Aussagen?|Worten|Darstellung|Informationen)"
    r"|(?:[Ee]igenen|[Ss]einen|[Ii]hren) (?:Angaben|Aussagen|Worten) (?:zufolge|nach))\b"
)
_OWN_SOURCE = lexicon.function_words("quotes.own_source")


def _np_before(toks: list[_Tok], k: int, inq) -> tuple[int, int, int] | None:
    """The noun phrase ending just before token k ("Berichten", "jüngsten Medienberichten", "dem Sprecher"):
    (start, head_start, head_end) or None."""
    i = k - 1
    if i < 0 or inq(i) or not (_is_cap(toks[i].text) or toks[i].text[:1].isdigit()):
        return None
    h1 = k
    while i >= 0 and not inq(i) and _is_cap(toks[i].text) and toks[i].text not in _ADV_START and h1 - i <= 4 and (
        toks[i].text.lower() not in _ARTICLES or i == k - 1
    ):
        i -= 1
    h0 = i + 1
    while i >= 0 and not inq(i) and toks[i].text[:1].islower() and toks[i].text.isalpha() and toks[i].text.lower() not in (
        _ARTICLES | _POSS | _PREP | _SUBORD | _OBJ_PRON
    ) and toks[i].text not in _speech_lexicon() and h0 - i <= 3 and toks[i].text.endswith(("e", "en", "em", "er", "es")) and (
        toks[i].text not in _AUX and toks[i].text not in _FINITE_AUX and len(toks[i].text) > 3
    ):
        i -= 1
    if i >= 0 and not inq(i) and (toks[i].text.lower() in _ARTICLES or toks[i].text.lower() in _POSS):
        i -= 1
    return i + 1, h0, h1


def _source_speaker(ctx: _Ctx, toks: list[_Tok], np: tuple[int, int, int], hi: int, inq) -> tuple[str | None, str]:
    """The speaker of a source phrase: the complement of a noun of saying ("Angaben des Ministeriums"), else the
    phrase itself ("ersten Untersuchungen", "Berichten")."""
    head = toks[np[2] - 1].text
    if _is_source_noun(head) or (np[2] - np[1] == 1 and _is_source_noun(toks[np[1]].text)):
        e = np[2]
        if e < hi and toks[e].text.lower() in ("des", "der", "von", "vom", "eines", "einer", "aus") and not inq(e):
            sub = _np(toks, e + 1 if toks[e].text.lower() in ("von", "vom", "aus") else e, hi, inq)
            if sub is not None:
                return _head_speaker(ctx, toks, sub, hi, inq)
        if e + 1 < hi and toks[e].text[:1].islower() and toks[e].text.endswith("er") and _is_cap(toks[e + 1].text) and not inq(e):
            sub = _np(toks, e, hi, inq)  # a genitive plural: "nach Meinung politischer Beobachter"
            if sub is not None:
                return _head_speaker(ctx, toks, sub, hi, inq)
        last = np[2] - 1
        for x in range(np[1], np[2] - 1):
            if _is_source_noun(toks[x].text):
                last = x  # "laut Medienberichten Informationen über …": the object after the source is not part of it
                break
        return _source_owner(ctx, toks[np[0]:last + 1]), ctx.text[toks[np[0]].start:toks[last].end]
    return _head_speaker(ctx, toks, np, hi, inq)


def _source_owner(ctx: _Ctx, toks: list[_Tok]) -> str | None:
    """The entity a source phrase without complement belongs to, when its words name one the article knows:
    "nach Pentagon-Angaben" (a compound with a name), "nach libyschen Angaben" (a country adjective)."""
    found = None
    for t in toks:
        if t.ent and t.etype in ("organisation", "country", "person"):
            found = t.ent
            continue
        if "-" in t.text:
            prefix = t.text.rsplit("-", 1)[0]
            keys = {e.key for e in ctx.res.entities.values()
                    if e.type in ("organisation", "country", "person") and (e.label == prefix or prefix in e.forms)}
            if len(keys) == 1:
                found = next(iter(keys))
        elif t.text[:1].islower():
            codes = lexicon.country_of_adjective(t.text)
            if len(codes) == 1 and f"country:{codes[0]}" in ctx.res.entities:
                found = f"country:{codes[0]}"
    return found


def _source_phrase(ctx: _Ctx, toks: list[_Tok], inq) -> tuple[int, tuple[str | None, str]] | None:
    """'laut X', 'gemäß X', 'nach Angaben des X', 'nach ersten Untersuchungen', 'X zufolge': (token index, speaker).

    "nach eigenen/seinen Angaben" is left to the caller (the speaker is the sentence's subject)."""
    hi = len(toks)
    for k, t in enumerate(toks):
        if inq(k):
            continue
        lw = t.text.lower()
        if lw == "laut" and k + 3 < hi and toks[k + 1].text in ("„", "»", '"') and inq(k + 1):
            m = k + 2
            while m < hi and m - k <= 6 and toks[m].text not in ("“", "«", '"', "”"):
                m += 1
            if m < hi and m - k <= 6 and m > k + 2:
                return k, (None, ctx.text[toks[k + 1].start:toks[m].end])  # laut „Name“
        if lw in ("laut", "gemäß") and k + 1 < hi and not inq(k + 1):
            np = _np(toks, k + 1, hi, inq)
            if np is None:
                continue
            if lw == "gemäß":
                head = toks[np[2] - 1]
                if not (_is_source_noun(head.text) or head.ent and head.etype in ("person", "organisation")
                        or head.mention is not None and head.mention.type == "role" or head.text in _speaker_nouns()
                        or _SPEAKER_SUFFIX.search(head.text)):
                    continue  # "gemäß dem Gesetz": in accordance with, not a source
            return k, _source_speaker(ctx, toks, np, hi, inq)
        if lw == "nach" and k + 1 < hi and not inq(k + 1):
            if toks[k + 1].text.lower() in _OWN_SOURCE:
                continue
            np = _np(toks, k + 1, hi, inq)
            if np is None or np[2] - np[1] != 1:
                continue
            noun = toks[np[1]].text
            det = toks[k + 1].text.lower() if np[0] < np[1] else ""
            if not _is_source_noun(noun):
                continue
            plural = noun.endswith(("en", "n")) and noun not in ("Schreiben",)
            if not (noun in _NACH_SINGULAR_OK or plural or det in ("einem", "einer", "eines")) or det in _POSS:
                continue
            return k, _source_speaker(ctx, toks, np, hi, inq)
        if lw == "zufolge" and k > 0:
            # the noun phrase just before: "dem Bericht der Polizei zufolge", "Experten zufolge", "Berichten zufolge"
            np = _np_before(toks, k, inq)
            if np is None:
                continue
            if np[0] < np[1] and toks[np[0]].text.lower() in _OWN_SOURCE:
                continue  # "eigenen Angaben zufolge": the sentence's subject
            # "dem Bericht der Polizei zufolge": the phrase before is the complement of a noun of saying
            return k, _head_speaker(ctx, toks, np, k, inq) if not _is_source_noun(toks[np[2] - 1].text) else (
                None, ctx.text[toks[np[0]].start:toks[k - 1].end])
    return None


# --------------------------------------------------------------------------- sentences


def _cues_in(toks: list[_Tok], inq) -> list[tuple[int, tuple[str, str, str]]]:
    out = []
    for k in range(len(toks)):
        info = _cue_info(toks, k, inq)
        if info is not None:
            out.append((k, info))
    return out


def nxt_tok_lower(toks: list[_Tok], qe: int) -> bool:
    nxt = next((t for t in toks if t.start >= qe), None)
    return nxt is not None and nxt.text[:1].islower()


def _title_quote(toks: list[_Tok], qs: int, qe: int, ctx: _Ctx) -> bool:
    """A quoted name or title ("der Film „…“", „Al-Qaida“), not a quotation."""
    inner_toks = [t for t in toks if qs < t.start and t.end < qe and t.text not in _QUOTE_MARKS]
    before = [t for t in toks if t.end <= qs]
    inner = ctx.text[qs + 1:qe - 1].strip()
    words = inner.split()
    if len(words) == 1 and re.search(r"\w\.\w", inner):
        return True  # a web address: „news.example.com“
    if len(words) == 1 and _is_cap(inner) and not before and nxt_tok_lower(toks, qe):
        return True  # „Name“ habe …: a quoted name as the subject
    after = [t for t in toks if t.start >= qe][:2]
    if len(words) <= 4 and len(after) == 2 and after[0].text == "," and after[1].text.lower() in ("ein", "eine", "einer", "der", "die", "das"):
        if _is_cap(words[0]):
            return True  # „Name 9“, ein Schiff der Firma …
    if inner_toks and all(t.mention is not None and t.mention.type in ("organisation", "person", "place", "country") for t in inner_toks if t.text[:1].isalpha()):
        if any(t.text[:1].isalpha() for t in inner_toks):
            return True
    if before:
        prev = before[-1].text.strip("-")
        if _TITLE_NOUNS.search(prev) and len(words) <= 8:
            return True
        if _PLACE_NOUNS.search(prev) and len(words) <= 3:
            return True  # "die Walfangstation „Name“"
        if prev == "," and len(before) > 1 and _TITLE_NOUNS.search(before[-2].text.strip("-")) and len(words) <= 8:
            return True  # "das Prinzip, „…“": the name of the principle in apposition
    nxt = next((t for t in toks if t.start >= qe), None)
    if nxt is not None and nxt.text.startswith("-") and len(words) <= 4:
        return True  # „Bild“-Zeitung
    if nxt is not None and nxt.start <= qe + 1 and _is_cap(nxt.text) and nxt.text not in _ADV_START and len(words) <= 3 and (
        nxt.mention is None or nxt.mention.type not in ("person",)
    ) and not nxt.text.isupper() and nxt.text[-1:].isalpha() and nxt.text.lower() not in _ARTICLES:
        return True  # „Central“ Bezirk: a name before its noun
    if 2 <= len(words) <= 8 and all(_is_cap(w) or w in ("of", "and", "the", "for", "de", "la", "le", "du", "-", "&") for w in words) and not any(
        w.lower() in ("ich", "wir", "die", "der", "das") for w in words
    ):
        return True  # a title or name in title case ("Ethiopian People's Revolutionary Democratic Front")
    if len(words) <= 4 and words and all(_is_cap(w) for w in words) and not any(w.lower() in ("ich", "wir") for w in words):
        # a title in title case ("Good Night and Good Luck"), but not a single quoted noun ("Gesindel")
        if len(words) >= 2:
            return True
    return False


def _emit_direct(out: list[QuoteClaim], ctx: _Ctx, qs: int, qe: int, who, how, sent_index: int) -> None:
    inner_s, inner_e = qs + 1, qe - 1
    raw = ctx.text[inner_s:inner_e]
    lstrip = len(raw) - len(raw.lstrip())
    rstrip = len(raw) - len(raw.rstrip())
    inner_s += lstrip
    inner_e -= rstrip
    text = ctx.text[inner_s:inner_e].rstrip(",").strip()
    if not text:
        return
    key, stext = who if who is not None else (None, None)
    out.append(QuoteClaim(key, text, "direct", how, sent_index, inner_s, inner_e, stext))


def sentence_quotes(ctx: _Ctx, sent: Sentence, toks: list[_Tok], run: dict) -> list[QuoteClaim]:
    """Quotes and reported speech of one sentence (``run`` carries state between the sentences of an article)."""
    prev = run.get("prev")
    out = _anaphoric_report(ctx, sent, toks, run, prev)
    if out is None:
        out = _sentence_quotes(ctx, sent, toks, run)
    # a quotation needs a source that can speak: an entity, or a phrase naming people, a body or a report
    out = [q for q in out if q.speaker is not None or q.kind == "direct" and not q.speaker_text
           or _text_can_speak(q.speaker_text)]
    st = run.get("_q")
    run["prev"] = (sent.start, sent.end, sent.index, bool(out) or bool(st and st.get("pending")), sent.kind)
    return out


def _anaphoric_report(ctx: _Ctx, sent: Sentence, toks: list[_Tok], run: dict, prev) -> list[QuoteClaim] | None:
    """"Dies teilte die Polizei mit." / "Das gab X bekannt.": the previous sentence is reported speech of X.

    Only when the previous sentence is running text that produced no quote itself; None when the
    pattern does not apply."""
    if prev is None or len(toks) < 3 or toks[0].text not in ("Dies", "Das", "Dieses") or prev[3] or prev[4] != "text":
        return None
    if sent.kind != "text" or toks[-1].text != "." or any(t.in_quote for t in toks):
        return None
    if sent.start - prev[1] > 3:
        return None  # a new paragraph
    inq = lambda k: False  # noqa: E731
    info = _cue_info(toks, 1, inq)
    if info is None or info[2] != "say":
        return None
    who = _speaker_of_cue(ctx, toks, 1, inq)
    if who is None or _speaker_score(toks, who) < 1:
        return None
    text = ctx.text[prev[0]:prev[1]].strip()
    if len(text.split()) < 4 or text.endswith("?"):
        return None
    start = prev[0] + (len(ctx.text[prev[0]:prev[1]]) - len(ctx.text[prev[0]:prev[1]].lstrip()))
    _set_run(ctx, run, who)
    return [QuoteClaim(who[0], text, "indirect", toks[1].text, prev[2], start, start + len(text), who[1])]


def _sentence_quotes(ctx: _Ctx, sent: Sentence, toks: list[_Tok], run: dict) -> list[QuoteClaim]:
    out: list[QuoteClaim] = []
    st = _state(ctx, run)
    spans = st["spans"]
    if sent.kind == "headline":
        run["speaker"] = None
        st["pending"] = []
    s0, s1 = sent.start, sent.end
    here = [(a, b) for a, b in spans if a < s1 and b > s0]

    def inq_pos(pos: int) -> bool:
        return any(a <= pos < b for a, b in here)

    flags = [t.in_quote or inq_pos(t.start) for t in toks]

    def inq(k: int) -> bool:
        return flags[k]

    cues = _cues_in(toks, inq)
    speakers: dict[int, tuple[str | None, str] | None] = {}
    konj_memo: list[bool] = []

    def _has_konj() -> bool:
        if not konj_memo:
            konj_memo.append(any(_is_konj(toks, k, inq) for k in range(len(toks))))
        return konj_memo[0]

    def spk(k: int):
        if k not in speakers:
            s = _speaker_of_cue(ctx, toks, k, inq)
            if s is None and run.get("speaker") is not None and _pronoun_subject(toks, k, inq):
                s = run["speaker"]  # "Sie sagte, …" after "… von einer Armeesprecherin bestätigt": the running speaker
            speakers[k] = s
        return speakers[k]

    def nearest(pos: int | None, side: str | None = None):
        cand = cues
        if side == "after":
            cand = [c for c in cues if toks[c[0]].start >= pos]
        elif side == "before":
            cand = [c for c in cues if toks[c[0]].start < pos]
        if pos is not None:
            cand = sorted(cand, key=lambda c: (abs(toks[c[0]].start - pos), c[0]))
        for k, info in cand:
            if info[2] == "dass":
                continue  # "geht davon aus, dass …" does not attribute a quotation elsewhere in the sentence
            s = spk(k)
            if s is not None:
                return s, toks[k].text
        return None, None

    run_who = run.get("speaker")
    sent_who, sent_cue = nearest(None)
    source = _source_phrase(ctx, toks, inq)
    own = _OWN_ACCOUNT.search(ctx.text, s0, s1)
    if own and sent_who is None:
        for i, t in enumerate(toks):
            if t.ent and t.etype == "person" and not inq(i):
                m = t.mention
                sent_who, sent_cue = (t.ent, ctx.text[m.start:m.end] if m is not None else t.text), own.group(0)
                break
    # ---------------------------------------------------------------- interview lines ("Name: answer")
    prefix = _interview_prefix(toks, inq)
    if prefix is not None and not here and not st["pending"]:
        c, who = prefix
        if who is None or toks[-1].text == "?":
            run["speaker"] = None  # the interviewer's line: only what it reports of others ("X meint, …") is speech
            prefix = None
    if prefix is not None and not here and not st["pending"]:
        c, who = prefix
        start = toks[c + 1].start
        end = toks[-1].end
        text = ctx.text[start:end].strip()
        if len(text.split()) >= 3:
            out.append(QuoteClaim(who[0], text, "direct", ":", sent.index, start, start + len(text), who[1]))
            _set_run(ctx, run, who)
        return out
    # ---------------------------------------------------------------- direct quotes
    direct_found = False
    quoted_chars = 0
    # quotes opened earlier and closed here
    still: list = []
    for (qs, qe, si, pre_who, pre_cue) in st["pending"]:
        if qe <= s1 + 1 and qe > s0:
            who, how = nearest(qe, "after")
            if who is None:
                who, how = pre_who, pre_cue
            if who is None and run_who is not None:
                who, how = run_who, None
            if who is not None:
                _emit_direct(out, ctx, qs, qe, who, how, si)
                direct_found = True
                _set_run(ctx, run, who)
            quoted_chars += qe - s0
        elif qe > s1:
            still.append((qs, qe, si, pre_who, pre_cue))
            quoted_chars += s1 - s0
        # else: closed before this sentence
    st["pending"] = still
    inside_open = bool(still) and all(a < s0 for a, *_ in still)
    for qs, qe in here:
        if qs < s0:
            continue
        quoted_chars += min(qe, s1) - qs
        if _title_quote(toks, qs, qe, ctx):
            continue
        inner = ctx.text[qs + 1:qe - 1].strip()
        if not inner:
            continue
        if qe > s1 + 1:
            # opened here, closed in a later sentence
            who, how = nearest(qs, "before")
            if who is None and toks and toks[-1].text == ":" :
                who, how = sent_who, sent_cue
            if who is None:
                prev_colon = run.get("colon")
                if prev_colon is not None:
                    who, how = prev_colon
            st["pending"].append((qs, qe, sent.index, who, how))
            continue
        nwords = len(inner.split())
        who, how = nearest(qs)
        if who is None and source is not None and nwords >= 1:
            who, how = source[1], toks[source[0]].text
        if who is None:
            prev_colon = run.get("colon")
            if prev_colon is not None and qs - s0 < 3:
                who, how = prev_colon
        if who is None and run_who is not None and not cues and (nwords > 4 or _has_konj()):
            # a short quoted phrase without a cue is a term or a name, unless the sentence reports speech
            who, how = run_who, None
        if who is None:
            continue
        _emit_direct(out, ctx, qs, qe, who, how, sent.index)
        direct_found = True
        _set_run(ctx, run, who)
    # a sentence ending with ':' introduces the quote of the next sentence
    ends_colon = bool(toks) and toks[-1].text == ":" and not inq(len(toks) - 1)
    run["colon"] = (sent_who, sent_cue) if ends_colon and sent_who is not None else None
    if inside_open:
        return out
    # ---------------------------------------------------------------- reported speech
    seg_len = max(1, s1 - s0)
    if quoted_chars >= 0.85 * seg_len:
        if sent_who is not None:
            _set_run(ctx, run, sent_who)
        return out
    if toks and toks[-1].text == "?" and not inq(len(toks) - 1):
        # a question is not reported speech (an interviewer's question, a rhetorical one)
        run["speaker"] = None
        return out
    konj_idx = [k for k in range(len(toks)) if _is_konj(toks, k, inq)]
    konj = bool(konj_idx)
    who, how = None, None
    trigger = None
    cue_k = None
    text_start, text_end = s0, s1
    # 1. a cue with a content clause
    for k, (lemma, part, kind) in cues:
        s = spk(k)
        if s is None or _negated_after(toks, k, inq) or _future_cue(toks, k, inq):
            continue
        content = _content_after(toks, k, part, kind, inq)
        if content is not None:
            who, how, trigger = s, toks[k].text, "clause"
            text_start = toks[content].start
            break
        if konj and kind != "dass" and (kind != "judge" or any(kk > k for kk in konj_idx)):
            who, how, trigger, cue_k = s, toks[k].text, "konj", k
            break
        if kind == "say" and _parenthetical_cue(toks, k, inq):
            # "Das war ein Fehler, sagte er, und …" / "…, hatte X gesagt, aber …": the sentence around the cue
            who, how, trigger = s, toks[k].text, "parenthesis"
            break
        if toks[k].text == "so" or _wie_tail(toks, k, inq) or kind == "say" and _cue_at_tail(toks, k, inq) and (
            _after_subject(ctx, toks, k, inq, toks[k].text) is not None or _cue_at_clause_end(toks, k, inq)
        ):
            # "…, so X." / "…, sagte X." after a reported clause in the indicative
            who, how, trigger = s, toks[k].text, "tail"
            break
    # a person named by a cue that closes the sentence ("…, sagt X.") is the speaker of the whole sentence when
    # the cue found first has no person as subject ("Die Regierung müsste werben, sie müsste …, sagt X.")
    if who is not None and trigger in ("clause", "konj") and _speaker_score(toks, who) < 3:
        first_k = k  # the cue of step 1 (the loop stopped there)
        for k2, (_l2, _p2, kind2) in cues:
            if kind2 != "say" or k2 <= first_k:
                continue
            if _cue_at_tail(toks, k2, inq) and not _negated_after(toks, k2, inq):
                s2 = _after_subject(ctx, toks, k2, inq, toks[k2].text)
                if s2 is not None and _speaker_score(toks, s2) == 3:
                    who, how, trigger, cue_k, text_start = s2, toks[k2].text, "tail", k2, s0
                    break
    # 2. a source phrase
    if who is None and source is not None:
        who, how, trigger = source[1], toks[source[0]].text, "source"
        words = (who[1] or "").split()
        if who[0] is None and run_who is not None and words and _is_source_noun(words[-1]) and (
            words[0].lower() in _ANAPHORIC_DET or any(t.text.lower() == "demnach" and not inq(i) for i, t in enumerate(toks))
        ):
            # "nach diesen Angaben", "demnach nach vorläufigen Erkenntnissen": a source
            # without owner that refers back to the running one
            who = (run_who[0], run_who[1])
    # 3. "nach eigenen Angaben"
    if who is None and own and sent_who is not None and konj:
        who, how, trigger = sent_who, sent_cue, "konj"
    # 4. continuation of a run (also in the indicative with "demnach": "Es gibt demnach auch Berichte, …")
    demnach = next((k for k, t in enumerate(toks) if t.text.lower() == "demnach" and not inq(k)), None)
    main_konj = [k for k in konj_idx if (not _in_subclause(toks, k, inq) or toks[k].text not in _KII)
                 and toks[k].text.casefold() not in _SPECULATIVE_KII]  # "X könnte der Drahtzieher sein": the writer's guess
    if who is None and (main_konj or demnach is not None) and run_who is not None and (
        not cues or demnach is not None and all(spk(k) is None for k, _ in cues)
    ):  # "Zwei von ihnen wurde demnach … vorgeworfen": a passive cue without agent continues the source
        who, how, trigger = run_who, (toks[demnach].text if demnach is not None else None), "run"
    if who is None:
        if cues and sent_who is not None and not all(_future_cue(toks, k, inq, modal=True) for k, _ in cues):
            _set_run(ctx, run, sent_who)
        elif not konj and not direct_found:
            run["speaker"] = None
        return out
    # "Angesprochen auf X, sagt Y, diese seien indiskutabel": the Konjunktiv clause after the cue and its speaker
    after_cue = None
    if trigger == "konj" and cue_k is not None and konj_idx and min(konj_idx) > cue_k \
            and not any(k2 > cue_k for k2, _c in cues) and not any(inq(x) for x in range(cue_k)) \
            and not any(toks[x].text.casefold() in _FINITE_AUX for x in range(cue_k)):
        # (only after a framing phrase without a finite verb: "Das war ein Fehler, sagte X, und er werde …" is one report)
        after_cue = next((x for x in range(cue_k + 1, min(konj_idx)) if toks[x].text == "," and not inq(x)), None)
    if after_cue is not None and after_cue + 1 < len(toks):
        text_start, text_end = toks[after_cue + 1].start, s1
    # trim a trailing cue ("…, sagte X.") from the reported text
    tail = _tail_start(toks, inq) if after_cue is None else None
    if tail is not None and toks[tail].start > text_start:
        text_end = toks[tail].start
    if trigger in ("konj", "run", "source", "tail") and text_start == s0 and after_cue is None:
        colon = next((k for k, t in enumerate(toks) if t.text == ":" and not inq(k)), None)
        if colon is not None and (not konj_idx or colon < konj_idx[0]) and colon + 1 < len(toks):
            text_start = toks[colon + 1].start
        else:
            head = _head_cue_end(toks, [c for c in cues if c[0] == cue_k] if cue_k is not None else cues, inq)
            if head is not None and head < len(toks):
                text_start = toks[head].start
    text = ctx.text[text_start:text_end].strip().rstrip(",").strip()
    in_q = sum(max(0, min(b, text_end) - max(a, text_start)) for a, b in spans if a < text_end and b > text_start)
    if in_q >= 0.8 * max(1, text_end - text_start):
        _set_run(ctx, run, who)
        return out  # the reported "clause" is a direct quote
    if len(text.split()) >= 3:
        key, stext = who
        out.append(QuoteClaim(key, text, "indirect", how, sent.index, text_start, text_start + len(ctx.text[text_start:text_end].rstrip().rstrip(",").rstrip()), stext))
    _set_run(ctx, run, who)
    return out


def _interview_prefix(toks: list[_Tok], inq) -> tuple[int, tuple[str, str] | None] | None:
    """A line of a printed interview: "Muster: Wir werden …" -> (colon index, (person key, name));
    "STANDARD: Was …?" (an interviewer in capitals) -> (colon index, None); else None."""
    c = next((i for i in range(min(len(toks), 5)) if toks[i].text == ":"), None)
    if c is None or c == 0 or c + 3 >= len(toks) or any(inq(i) for i in range(c + 1)):
        return None
    pre = toks[:c]
    if not all(_is_cap(t.text) or t.text in ("-", ".") for t in pre):
        return None
    persons = [t.ent for t in pre if t.ent and t.etype == "person"]
    if persons and all(t.etype == "person" or t.mention is not None and t.mention.type == "role" or t.text in ("-", ".") for t in pre):
        text = " ".join(t.text for t in pre)
        return c, (persons[-1], text)
    if len(pre) == 1 and pre[0].text.isupper() and len(pre[0].text) >= 3 and pre[0].ent is None:
        return c, None
    return None


def _pronoun_subject(toks: list[_Tok], k: int, inq) -> bool:
    """The subject of cue k is a 3rd-person singular pronoun ("Sie sagte", "sagte er", "…, so sie")."""
    verb = toks[k].text
    for j in (k - 1, k + 1, k + 2):
        if 0 <= j < len(toks) and not inq(j) and toks[j].text in ("er", "Er", "sie", "Sie"):
            if toks[j].text in ("sie", "Sie") and verb.endswith("n"):
                return False
            if j == k - 1 and j > 0 and toks[j - 1].text not in (",", ";", ":", "und", "aber", "doch"):
                return False
            return True
    return False


def _set_run(ctx: _Ctx, run: dict, who) -> None:
    run["speaker"] = who
    if who is not None and who[0] is not None:
        ctx.last_speaker = who[0]


def _future_cue(toks: list[_Tok], k: int, inq, modal: bool = False) -> bool:
    """An infinitive cue with "wird/werden" in its clause: "X wird morgen bekanntgeben, ob …" has not been said yet;
    with ``modal`` also a modal verb ("Die Kinder dürfen erzählen": nobody speaks)."""
    if not toks[k].text.endswith("en") or _is_participle(toks[k].text):
        return False
    x = k - 1
    while x >= 0 and not inq(x) and toks[x].text not in (",", ";", ":", "–"):
        if toks[x].text in ("wird", "werden") or modal and toks[x].text.lower() in _MODALS:
            return True
        x -= 1
    return False


def _negated_after(toks: list[_Tok], k: int, inq) -> bool:
    """"glaubt er auch nicht, dass …": the cue is negated before its content."""
    j = k + 1
    while j < len(toks) and not inq(j) and toks[j].text not in (",", ":") and toks[j].text not in _CLAUSE_END:
        if toks[j].text in ("nicht", "nie", "niemals", "keineswegs"):
            return True
        j += 1
    return False


def _in_subclause(toks: list[_Tok], k: int, inq) -> bool:
    """Token k stands in a relative or subordinate clause ("…, wo man … möchte")."""
    j = k - 1
    while j >= 0 and not inq(j) and toks[j].text not in (",", ";", ":", "–"):
        j -= 1
    if j < 0 or j + 1 >= k:
        return False
    w = toks[j + 1].text.lower()
    return w in _RELATIVE_OPEN or w in _SUBORD or w in ("wo", "was", "wobei", "womit", "wodurch", "worauf")


def _content_after(toks: list[_Tok], k: int, part: str, kind: str, inq) -> int | None:
    """Index of the first token of the content clause after cue k, or None.

    "sagte, dass …", "erklärte(,) die Lage …", "kündigte an, … zu …", "teilte mit, …"."""
    hi = len(toks)
    j = k + 1
    has_obj = False
    in_pp = False
    while j < hi and (inq(j) or toks[j].text not in (",", ":") and toks[j].text not in _CLAUSE_END):
        if inq(j):
            j += 1  # a quoted name in a prepositional phrase: "kritisiert in der Zeitung „Name“, …"
            continue
        if toks[j].text.lower() in _PREP and toks[j].text.lower() not in ("laut",):
            in_pp = True
        elif _is_cap(toks[j].text) and toks[j].text != part and not in_pp:
            has_obj = True
        if toks[j].text in ("nicht", "nie", "niemals", "keineswegs"):
            return None  # "glaubt er auch nicht, dass …": nothing is asserted
        j += 1
    if j >= hi or toks[j].text not in (",", ":"):
        return None
    c = j + 1
    if c >= hi:
        return None
    first = toks[c].text.lower()
    if kind == "dass":
        if first in ("dass", "daß") and not (k + 1 < hi and toks[k + 1].text == "sich"):
            return c  # not "zeigte sich überrascht …, dass"
        return None
    if first in ("dass", "daß", "ob", "wonach", "warum", "weshalb", "wieso", "inwiefern"):
        return c
    if kind == "dass":
        return None  # "geht davon aus, dass …", "entschied, dass …": only with a dass/ob clause
    if kind == "announce":
        # a zu-infinitive: "…, die Steuern zu senken" / "…, anzukündigen"
        for m in range(c, hi):
            if inq(m) or toks[m].text in _CLAUSE_END:
                break
            if toks[m].text == "zu" and m + 1 < hi and toks[m + 1].text[:1].islower():
                return c
            if re.fullmatch(r"[a-zäöü]+zu[a-zäöü]{3,}en", toks[m].text) and m + 1 < hi and toks[m + 1].text in _CLAUSE_END | {","}:
                return c
        if first in ("dass", "daß"):
            return c
    if toks[j].text == ":" and kind != "judge":
        return c  # "sagte Kurz klar und deutlich: So ist es!"
    if kind == "judge" or has_obj:
        return None
    # "sagte, die Lage ist ernst": a main clause right after the verb (not a relative clause)
    if first in _RELATIVE_OPEN and c + 1 < hi and toks[c + 1].text[:1].islower() and (
        j > k + 1 or toks[c + 1].text in _OBJ_PRON or toks[c + 1].text in ("er", "sie", "es", "man", "wir", "ich")
        or not toks[c + 1].text.endswith(("e", "en", "er", "es", "em"))
    ):
        return None  # a relative clause ("…, die sich …"); right after the verb "die internationale Lage" is a subject
    if first in ("und", "aber", "sondern", "als", "wie", "um", "ohne", "bevor", "nachdem", "weil", "wenn", "so", "weswegen",
                 "weshalb", "wodurch", "womit", "wobei", "worauf", "woraufhin", "sodass", "während", "da", "obwohl",
                 "seit", "damit", "indem", "falls", "sofern", "wo", "denn", "doch", "oder", "sowie"):
        return None
    if toks[c].text in ("(", "–", "—"):
        return None
    if first in _PREP and c + 1 < hi and toks[c + 1].text.lower() in _RELATIVE_OPEN:
        return None  # "…, von dem nur einige Ausnahmen gelten": a relative clause
    # the clause must contain a finite verb-like word before its end
    return c


def _cue_at_tail(toks: list[_Tok], k: int, inq) -> bool:
    """The cue closes the sentence after a comma: "…, sagte X." / "…, teilte die Polizei mit.\""""
    if k == 0 or toks[k - 1].text != ",":
        return False
    for j in range(k + 1, len(toks)):
        if inq(j):
            return False
        if toks[j].text in (",",) and j + 1 < len(toks) and toks[j + 1].text.lower() not in _RELATIVE_OPEN | {"der", "die"}:
            return False
    return True


def _parenthetical_cue(toks: list[_Tok], k: int, inq) -> bool:
    """A cue clause between commas inside the sentence, verb (or auxiliary) first: "…, sagte er, …",
    "…, hatte X zuvor gesagt, …"."""
    c0 = k
    while c0 > 0 and not inq(c0 - 1) and toks[c0 - 1].text != ",":
        c0 -= 1
    if c0 < 3 or toks[c0 - 1].text != "," or toks[0].text.lower() in _SUBORD | {"um", "ohne", "statt", "anstatt"}:
        return False  # "Um … zu können, zitiert die Zeitung X, …": the cue is the main clause's verb
    if toks[k].text.startswith("zitier"):
        return False
    if c0 != k and toks[c0].text not in _AUX:
        return False
    c1 = k + 1
    while c1 < len(toks) and not inq(c1) and toks[c1].text != "," and toks[c1].text not in _CLAUSE_END:
        c1 += 1
    if c1 >= len(toks) - 3 or toks[c1].text != ",":
        return False
    if c0 != k and not (toks[k + 1].text == "," if k + 1 < len(toks) else False):
        return False  # the participle closes the inserted clause: "…, hatte X gesagt, …"
    nxt = toks[c1 + 1].text.lower()
    return nxt not in _RELATIVE_OPEN and nxt not in ("dass", "daß", "ob", "wie", "weil", "wenn", "als", "um")


def _wie_tail(toks: list[_Tok], k: int, inq) -> bool:
    """"…, wie X mitteilte." — a trailing wie-clause with the cue at the end of the sentence."""
    if k + 1 >= len(toks) or toks[k + 1].text not in _CLAUSE_END:
        return False
    c = k - 1
    while c > 0 and (inq(c) or toks[c].text != ","):
        c -= 1
    return c > 0 and c + 1 < k and toks[c + 1].text.lower() == "wie"


def _cue_at_clause_end(toks: list[_Tok], k: int, inq) -> bool:
    """", hatte X gesagt." — the participle closes the sentence."""
    return k + 1 < len(toks) and toks[k + 1].text in _CLAUSE_END and not inq(k + 1) and any(
        toks[j].text in _AUX for j in range(max(0, k - 12), k)
    )


def _tail_start(toks: list[_Tok], inq) -> int | None:
    """Start of a trailing ", sagte X." / ", so X." / ", wie X mitteilte." (the comma), else None."""
    seen = 0
    for k in range(len(toks) - 1, 0, -1):
        if toks[k].text == "," and not inq(k):
            nxt = k + 1
            if nxt < len(toks) and (
                toks[nxt].text == "so" or _cue_info(toks, nxt, inq) is not None or toks[nxt].text.lower() == "wie"
                and any(_wie_tail(toks, k2, inq) and _cue_info(toks, k2, inq) is not None for k2 in range(nxt + 1, len(toks)))
            ):
                return k
            seen += 1
            if seen >= 2 or len(toks) - k > 14:
                return None  # ", so der Sprecher der X, Name." has one apposition comma at most
    return None


def _head_cue_end(toks: list[_Tok], cues, inq) -> int | None:
    """After a leading attribution ("Wie X mitteilte, …", "X sagte, …", "Laut X …,"): the first content token."""
    if not toks:
        return None
    if toks[0].text == "Wie":
        for k in range(len(toks)):
            if toks[k].text == "," and not inq(k):
                return k + 1
    if cues:
        k = cues[0][0]
        if toks[k].text == "so" or k > 0 and toks[k - 1].text == "," or k > 12:
            return None  # a trailing ", so X" / ", sagte X": the content is before the cue
        for j in range(k + 1, min(len(toks), k + 10)):
            if inq(j) or toks[j].text in _CLAUSE_END:
                break
            if toks[j].text == ",":
                return j + 1
    return None
