"""Map sentences to facts: events, quotations and relations.

The mapper reads one article's sentences, mentions and resolution and
returns *claims*: what each sentence says, with the entity keys of
:mod:`kg.resolve` and the sentence (and character span) that says it.

* **Events** come from trigger words: verbs from ``kg/data/verbs.tsv``
  (separable verbs need their particle in the sentence: "kehrte … zurück")
  and nouns from ``kg/data/nominal_triggers.tsv`` ("Gipfeltreffen",
  "Inhaftierung").  Participants are the entity mentions of the clause: the
  agent is the subject-like entity before the verb (or right after the finite
  verb), the patient the next one; for nouns, "mit X", "zwischen X und Y",
  a genitive after the noun or before it ("Roes Amtsantritt").  Place and
  time come from the clause's place and date mentions.  Modal verbs mark
  *planned*, "nicht"/"kein" *negated*, so an event that did not happen is not
  reported as having happened.
* **Quotations**: direct quotes in any German quote style, and reported
  speech in Konjunktiv I with a cue ("sagte X", ", so X", "X erklärte, …",
  "nach eigenen Angaben"); a run of Konjunktiv sentences after a cue keeps
  the speaker.
* **Relations**: nationality (a person holding a national post) and
  affiliation (a post in an organisation).

Within an article, events of one type whose participants and place agree are
one event (one meeting reported in five sentences); across articles the
assembly stage gives them one IRI when type, participants and place agree.

Examples
--------
>>> from kg.pipeline import analyse_text
>>> a = analyse_text("Die Außenministerin Anna Beispiel traf am Montag in Wien den Präsidenten Paul Muster.")
>>> [(e.type, e.place) for e in a.facts.events]
[('Meeting', 'place:wien')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Sequence

from kg import lexicon
from kg.mentions import Mention
from kg.quotes import QuoteClaim, sentence_quotes
from kg.resolve import Resolution
from kg.segment import Sentence
from kg.sentence_view import (
    _CLAUSE_BREAK,
    _COORD,
    _DURATION,
    _FUTURE,
    _LOC_PREPS,
    _MODAL_PLANNED,
    _NEGATION,
    _PRONOUNS_SG,
    _REL_TIME,
    _RELATIVE,
    _STANCE,
    _SUBJ_PRON,
    _TOPIC_STOP,
    _Ctx,
    _Tok,
    _clause_bounds,
    _entities_in,
    _group,
    _is_rolelike,
    _topic_overlap,
    _konjunktiv,
    _plural_ref,
    _resolve_pronoun,
    _sentence_tokens,
)

__all__ = ["EventClaim", "QuoteClaim", "RelationClaim", "ArticleFacts", "map_article"]


@dataclass(frozen=True, slots=True)
class EventClaim:
    """An event as one article states it (after merging within the article)."""

    type: str
    trigger: str
    sentences: tuple[int, ...]
    agents: tuple[str, ...] = ()
    patients: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    place: str | None = None
    time_text: str | None = None
    time_value: str | None = None
    duration: str | None = None
    modality: str = "asserted"
    stance: str | None = None
    topic: str | None = None
    theme: int | None = None  # index into ArticleFacts.events
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class RelationClaim:
    """A binary relation between two entities (nationality, affiliation)."""

    subject: str
    predicate: str  # nationality | affiliation
    object: str
    sentence: int


@dataclass(slots=True)
class ArticleFacts:
    events: list[EventClaim] = field(default_factory=list)
    quotes: list[QuoteClaim] = field(default_factory=list)
    relations: list[RelationClaim] = field(default_factory=list)
    #: Sentences the mapper skipped after an internal error (reported by the build, never fatal).
    failed_sentences: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------- word lists

@lru_cache(maxsize=1)
def _verb_index() -> dict[str, list]:
    return lexicon.verb_form_index()


# --------------------------------------------------------------------------- events


def _clause_last_word(toks: list[_Tok], hi: int) -> int | None:
    j = hi - 1
    while j >= 0 and not toks[j].text[:1].isalpha():
        j -= 1
    return j if j >= 0 else None


def _find_triggers(toks: list[_Tok]) -> list[tuple[int, str, object, str]]:
    """(token index, kind 'verb'|'noun', lexicon entry, trigger text).

    A separable verb's finite stem counts only with its particle closing the
    clause ("kehrte … zurück", "hob … ab"); a reflexive frame needs "sich"
    ("einigten sich"); speech verbs are left to the quotation layer.
    """
    out = []
    vidx = _verb_index()
    lowered = [t.text.casefold() for t in toks]
    for k, t in enumerate(toks):
        if t.in_quote or not t.text[:1].isalpha():
            continue
        if t.text[:1].islower():
            entries = vidx.get(t.text)
            if not entries:
                continue
            lo, hi = _clause_bounds(toks, k)
            last = _clause_last_word(toks, hi)
            chosen = None
            clause_words = set(lowered[lo:k]) | set(lowered[k + 1:hi])
            # a sense that names its marker ("need=mit": "sprach mit X") wins over one that does not
            entries = sorted(entries, key=lambda e: 0 if _frame(e).get("need") else 1)
            for entry in entries:
                particle = getattr(entry, "particle", "") or ""
                frame = getattr(entry, "frame", "") or ""
                slots = _frame(entry)
                if "need" in slots and not (set(slots["need"].casefold().split("|")) & clause_words):
                    continue
                if "avoid" in slots and set(slots["avoid"].casefold().split("|")) & clause_words:
                    continue
                if "refl=sich" in frame and "sich" not in lowered[lo:hi] and entry.type == "Agreement":
                    continue
                if particle and not t.text.startswith(particle):
                    # the particle closes the clause, or its first part before 'und' ("traf … ein und wurde …")
                    coord_end = next((x for x in range(k + 1, hi) if lowered[x] in ("und", "oder", "sowie")
                                      and x > k + 1 and lowered[x - 1] == particle), None)
                    if coord_end is not None:
                        chosen = (entry, f"{t.text} … {particle}")
                        break
                    if last is None or last == k or lowered[last] != particle:
                        continue
                    chosen = (entry, f"{t.text} … {particle}")
                    break
                if not particle and last is not None and last != k and _needs_particle_absent(t.text, [lowered[last]], -1):
                    continue
                chosen = (entry, t.text)
                break
            if chosen and getattr(chosen[0], "type", "") != "Statement":
                out.append((k, "verb", chosen[0], chosen[1]))
        elif t.etype is None:
            trig = lexicon.trigger_of_noun(t.text)
            if trig is not None:
                if trig.noun == "Sturm" and not (k + 1 < len(toks) and toks[k + 1].text == "auf"):
                    continue
                if t.text not in trig.forms and not _compound_ok(t.text, trig):
                    continue
                if trig.type == "Attack" and _figurative_fight(toks, k):
                    continue
                if trig.type == "Aid" and k > 0 and toks[k - 1].text.casefold() == "mit":
                    continue  # "mit Hilfe der Schüler": by means of
                if trig.type == "Meeting" and "-" in t.text and t.text.split("-")[0].isupper():
                    continue  # "STANDARD-Gespräch", "ORF-Interview": a medium's interview
                out.append((k, "noun", trig, t.text))
    return out


@lru_cache(maxsize=None)
def _frame_of(frame: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for slot in frame.split(";"):
        if "=" in slot:
            key, _, val = slot.partition("=")
            out.setdefault(key.strip(), val.strip())
    return out


def _frame(entry: object) -> dict[str, str]:
    """The role=slot pairs of a verb sense (``kg/data/sources/verb_senses.tsv``)."""
    return _frame_of(getattr(entry, "frame", "") or "")


@lru_cache(maxsize=1)
def _exact_heads() -> frozenset[str]:
    return lexicon.wordlist("trigger_exact_heads.txt")


# a compound's modifier that is a verb particle or ends in an inseparable prefix makes a derived noun of another
# verb: "Herausforderung", "Anforderung" (no Forderung), "Lehrervereinigung" (no Einigung)
_DERIVING_MODIFIERS = lexicon.function_words("mapper.deriving_modifiers")


def _compound_ok(word: str, trig: object) -> bool:
    """May ``word`` (a compound ending in one of ``trig``'s forms) count as that event?"""
    noun = getattr(trig, "noun", "")
    if noun in _exact_heads():
        return False
    low = word.casefold()
    forms = sorted((f.casefold() for f in getattr(trig, "forms", ()) if low.endswith(f.casefold())), key=len, reverse=True)
    if not forms:
        return True
    modifier = low[: len(low) - len(forms[0])].rstrip("-")
    if modifier in _DERIVING_MODIFIERS or modifier.endswith(("ver", "ent", "zer")):
        return False
    return True


def _figurative_fight(toks: list[_Tok], k: int) -> bool:
    """'im Kampf gegen die Armut', 'Kampf um die Macht': a fight against or for something that is no party;
    'des Kalten Krieges': an era."""
    if k > 0 and toks[k - 1].text.casefold().startswith("kalt"):
        return True
    if not toks[k].text.startswith(("Kampf", "Kämpf")):
        return False
    if k + 1 < len(toks) and toks[k + 1].text in ("gegen", "für", "um"):
        window = toks[k + 2:k + 6]
        return not any(t.ent and t.etype in ("person", "country", "organisation") for t in window)
    return False


def _needs_particle_absent(word: str, lowered: list[str], k: int) -> bool:
    """A plain verb form whose separable twin's particle follows (in ``lowered[k+1:]``): prefer the twin."""
    vidx = _verb_index()
    for entry in vidx.get(word, ()):
        particle = getattr(entry, "particle", "") or ""
        if particle and particle in lowered[k + 1:]:
            return True
    return False


_POSSIBLE = lexicon.function_words("mapper.possible")
_CANCELLED = lexicon.function_words("mapper.cancelled")
_HABEN = lexicon.function_words("mapper.haben")
_SEIN = lexicon.function_words("mapper.sein")
_WERDEN = lexicon.function_words("mapper.werden")


def _is_participle(toks: list[_Tok], k: int, entry: object | None) -> bool:
    t = toks[k].text
    part = getattr(entry, "participle", "") if entry is not None else ""
    return bool(part) and t == part


def _passive(toks: list[_Tok], lo: int, hi: int, k: int, entry: object | None) -> bool:
    """'wird … vorgeworfen', 'wurde festgenommen': a form of werden with the participle."""
    if not _is_participle(toks, k, entry):
        return False
    if k >= 2 and toks[k - 1].text in ("und", "oder") and toks[k - 2].text[:1].isupper() \
            and k + 1 < hi and toks[k + 1].text[:1].isalpha():
        return False  # "Russland ist ein Verbündeter der Regierung und unterstützt das Regime": a second finite verb
    if any(t.text in _WERDEN for t in toks[lo:hi]):
        return True
    low = [t.text.casefold() for t in toks[lo:k]]
    if "sich" in low and any(w in ("sieht", "sehen", "sah", "sahen", "fühlt", "fühlen", "fühlte", "fühlten") for w in low):
        return True  # "Die Regierung sieht sich durch Russlands Vorgehen bedroht": the subject undergoes it
    # "Die Ministerin sei gefordert": a verb with 'haben' in the perfect, with a form of 'sein', is a state passive
    return getattr(entry, "aux", "") == "haben" and any(t.text in _SEIN for t in toks[lo:k]) and not any(
        t.text in _HABEN for t in toks[lo:hi])


_PROPOSE = lexicon.function_words("mapper.propose")


def _alleged(toks: list[_Tok], lo: int, hi: int) -> bool:
    """'soll … getan haben', 'sollen … verwickelt sein': sollen with a perfect infinitive reports a claim."""
    last = _clause_last_word(toks, hi)
    if last is None or toks[last].text not in ("haben", "sein", "worden"):
        return False
    return any(t.text.casefold() in ("soll", "sollen", "solle", "sollten", "sollte") for t in toks[lo:hi])


def _modality(toks: list[_Tok], lo: int, hi: int, k: int, kind: str, entry: object | None = None) -> str:
    words = [t.text for t in toks[lo:hi]]
    low = [w.casefold() for w in words]
    if any(w in _CANCELLED for w in low):
        return "negated"
    neg = any(w in _NEGATION for w in low)
    planned = any(w in _MODAL_PLANNED for w in low)
    if planned and _alleged(toks, lo, hi):
        return "negated" if neg else "possible"
    governing = [t for t in toks[:lo] if t.text[:1].islower()]
    demanded = any(t.text in _verb_index() and getattr(_verb_index()[t.text][0], "type", "") in ("Demand", "Appeal")
                   for t in governing)
    if kind == "verb" and k > 0 and (toks[k - 1].text == "zu" or "zu" in toks[k].text[1:-3]):
        before_low = [t.text.casefold() for t in toks[:lo]]
        if any(w in ("schliesst", "schliessen", "schloss", "schlossen", "ausgeschlossen") for w in before_low) \
                and ("aus" in before_low or "ausgeschlossen" in before_low):
            # "schloss nicht aus, Obama zu verklagen": possible; "schloss aus, … zu verhandeln": ruled out
            return "possible" if any(w in _NEGATION for w in before_low) else "negated"
        # a zu-infinitive names an action that has not (yet) happened: "rief X auf, Y zu verhaften",
        # "empfiehlt, X zu wählen", "hat sich bereiterklärt, … zu kooperieren", "weigerte sich, … zu verhandeln"
        if any(t.text.casefold().startswith(("geweigert", "weigert", "weigerte")) for t in toks[:lo]):
            return "negated"
        if not any(t.text.casefold() in ("begann", "begannen", "begonnen", "beginnt", "fing", "angefangen") for t in toks[:lo]):
            return "demanded" if demanded else "planned"
    if kind == "verb" and toks[lo].text.casefold() in ("dass", "daß") and (demanded or any(
            t.text.casefold() in _PROPOSE for t in governing)):
        return "demanded" if demanded else "planned"  # "schlug vor, dass sein Stellvertreter das Amt übernehme"
    if kind == "verb" and _counterfactual(toks, lo, hi):
        return "negated"  # "hätte ihn auffordern müssen": it was not done
    if kind == "verb" and any(t.text.casefold() in ("muss", "müssen", "müsse", "müssten", "müsste") for t in toks[lo:hi]):
        return "negated" if neg else "demanded"  # "Die EU muss besser kooperieren": an obligation, not a fact  # "X soll sich … in die Luft gesprengt haben": alleged, not planned
    if not planned and kind == "verb" and not _is_participle(toks, k, entry):
        trig = toks[k].text.casefold()
        if any(w in _FUTURE for w in low) and (trig.endswith("en") or trig.endswith("ern") or trig.endswith("eln")):
            planned = True
    if neg:
        return "negated"
    if any(w in _POSSIBLE for w in low) and not (getattr(entry, "type", "") == "Threaten" and not any(
            w in ("könnte", "könnten", "dürfte", "dürften", "möglicherweise", "eventuell", "womöglich") for w in low)):
        return "possible"  # (a threat is made even when what it threatens is conditional: "drohte mit X, falls …")
    if planned:
        return "planned"
    return "asserted"


def _attributive(toks: list[_Tok], k: int) -> bool:
    """A participle used as an adjective ('den in Russland inhaftierten Oppositionellen')."""
    t = toks[k].text
    if not t.endswith(("te", "ten", "tem", "ter", "tes", "ene", "enen", "ener")):
        return False
    return k + 1 < len(toks) and toks[k + 1].text[:1].isupper() and toks[k + 1].text[:1].isalpha()


_DETS = lexicon.function_words("mapper.dets")


def _attributive_verb(toks: list[_Tok], k: int, entry: object | None) -> bool:
    """The participle of the trigger verb used as an adjective ('der im Mai festgenommene Bankier').

    Only a participle with an adjective ending counts ("forderte Muster" is a finite verb before its subject);
    a form that is also finite ("inhaftierten") needs an article or an entity right before it.
    """
    t = toks[k].text
    part = getattr(entry, "participle", "") if entry is not None else ""
    if not part or not t.startswith(part) or t[len(part):] not in ("e", "en", "em", "er", "es"):
        return False
    if not _attributive(toks, k):
        return False
    if t in getattr(entry, "forms", ()):
        prev = toks[k - 1] if k > 0 else None
        if prev is None:
            return False
        if prev.text.casefold() in _DETS:
            return True
        # "den in X inhaftierten …", "die vom Y unterstützten …": article, prepositional phrase, participle
        # ("Im April begrüßte X" is a verb)
        x, seen_prep, seen_ent, seen_adv = k - 1, False, False, False
        while x >= 0 and k - x <= 7:
            w = toks[x]
            low = w.text.casefold()
            if w.ent:
                seen_ent = True
            elif low in _PREPS:
                seen_prep = True
            elif low in _DETS:
                if seen_prep and seen_ent or seen_adv and not seen_prep:
                    return True  # "die international anerkannte Regierung"
            elif w.text[:1].islower() and lexicon.lower_upos().get(low) in ("ADV", "ADJ") and x == k - 1:
                seen_adv = True
            else:
                return False
            x -= 1
        return False
    return True


def _date_span(toks: list[_Tok], k: int) -> tuple[int, int]:
    j = k
    while j + 1 < len(toks) and toks[j + 1].mention is toks[k].mention:
        j += 1
    return k, j


def _time_belongs(toks: list[_Tok], a: int, b: int, trigger: int, kind: str, hi: int) -> bool:
    """Is the date at toks[a..b] the time of the event whose trigger is at ``trigger``?

    Not when it modifies an attributive participle ("der im Mai festgenommene …") or is a bare year after
    another noun ("der Gründung der Republik 1918"); for a nominal trigger only when it stands next to the noun
    ("bei Kämpfen im Mai", "am 3. Mai bei Kämpfen"), not in another phrase of the clause
    ("im Mai nach 100 Tagen Haft").
    """
    if toks[a].text.casefold() in ("bis", "seit") or (a > 0 and toks[a - 1].text.casefold() in ("bis", "seit")):
        return False  # "bis 2023", "bis zum 29. Februar", "seit 2005": a deadline or a start, not when it happens
    j = b + 1
    while j < hi and not toks[j].text[:1].isdigit() and (toks[j].text[:1].islower() or toks[j].ent):
        if toks[j].text[:1].islower() and _attributive(toks, j) and a > 0 and toks[a - 1].text.casefold() in _DETS:
            return False  # "das am Sonntag in Kairo erwartete Urteil" ("Im April begrüßte X …" is a verb)
        if not toks[j].ent and toks[j].text.casefold() not in _LOC_PREPS and toks[j].text.casefold() not in _DETS:
            break
        j += 1
    if a > 0 and a - 1 != trigger and toks[a - 1].etype is None and toks[a - 1].text[:1].isupper() \
            and lexicon.trigger_of_noun(toks[a - 1].text) is not None:
        return False  # "seit dem Amtsantritt im Januar": the date of another event
    first = toks[a].text
    if first[:1].isdigit() and len(first) == 4 and a > 0 and a - 1 != trigger:
        prev = toks[a - 1]
        if prev.text[:1].isupper() and prev.mention is None and prev.ent is None:
            return False  # "Republik 1918": the year names another thing
    if b + 1 < hi and toks[b + 1].text.casefold() == "bis":
        return False  # "von 1998 bis 2003": a range, not one time
    if kind != "noun":
        return True
    if any(t.text.casefold() in ("endete", "endeten", "beendet", "beendete", "beendeten") for t in toks[:hi]):
        return False  # "Der Krieg endete im Mai": the date of its end
    between = range(b + 1, trigger) if b < trigger else range(trigger + 1, a)
    if len(between) > 3:
        return False
    for x in between:
        w = toks[x]
        if w.text in _CLAUSE_BREAK:
            return False
        if w.text[:1].isupper() and w.ent is None and w.mention is None:
            return False
        if w.text[:1].islower() and w.text in _verb_index():
            return False
    return True


def _near_noun(toks: list[_Tok], k: int, trigger: int) -> bool:
    """Is the place at k in the noun trigger's own phrase ("Anschlag in der Provinz X", "In X sei ein Anschlag")?"""
    lo_, hi_ = (k + 1, trigger) if k < trigger else (trigger + 1, k)
    between = [t for t in toks[lo_:hi_] if not (t.ent and t.ent == toks[k].ent)]
    if len(between) > 5:
        return False
    nouns = 0
    for t in between:
        if t.text in _CLAUSE_BREAK or (t.text[:1].islower() and t.text in _verb_index() and t.text not in _FINITE_AUX):
            return False
        if _plain_noun(t):
            nouns += 1
    return nouns <= 1


def _time_and_place(toks: list[_Tok], lo: int, hi: int, ctx: _Ctx, trigger: int | None = None,
                    kind: str = "verb") -> tuple[str | None, str | None, str | None]:
    place = None
    time_text = time_value = None
    for k in range(lo, hi):
        t = toks[k]
        if t.in_quote:
            continue
        m = t.mention
        if m is not None and m.type == "date" and time_text is None and (k == lo or toks[k - 1].mention is not m):
            a, b = _date_span(toks, k)
            if trigger is None or _time_belongs(toks, a, b, trigger, kind, hi):
                time_text, time_value = m.text, m.value
        if place is None and t.ent and t.etype in ("place", "country") and k > 0:
            prev = toks[k - 1].text.casefold()
            prev2 = toks[k - 2].text.casefold() if k > 1 else ""
            if not (prev in _LOC_PREPS or (prev in ("die", "den", "der", "dem", "ganz", "ganzen", "gesamten")
                                           and prev2 in ("in", "nach", "im"))):
                continue
            if prev == "aus" or prev2 == "aus":
                continue  # "Beschuss aus X", "aus X zurückgerufen": where it came from, not where it happened
            # "die Regierung in der Hauptstadt", "eine Fabrik in der Nähe von …": the place belongs to the noun before it
            head = k - 2 if prev in _LOC_PREPS else k - 3
            if head >= lo and head != trigger and (_plain_noun(toks[head]) or toks[head].etype == "organisation"):
                continue
            # "in Russland inhaftierten …": the place belongs to a participle, not to the event
            j = k + 1
            while j < len(toks) and toks[j].ent == t.ent:
                j += 1
            if j < hi and toks[j].text[:1].islower() and _attributive(toks, j):
                continue
            if t.mention is not None and t.mention.via == "context":
                continue  # a guessed place is not enough to locate an event
            if kind == "noun" and trigger is not None and not _near_noun(toks, k, trigger):
                continue  # "in X … an die Niederschlagung von Protesten erinnert": the place of another phrase
            place = t.ent
    return time_text, time_value, place


#: nouns of time spans that, with an adjective, form an adverbial ("vergangene Woche", "letztes Jahr")
_TIME_NOUNS = lexicon.function_words("mapper.time_nouns")


def _stance_topic(toks: list[_Tok], k: int, lo: int, hi: int, agents: Sequence[str], patients: Sequence[str],
                  entry: object) -> str | None:
    """What a stance or agreement verb is about: its object phrase, never its subject or addressee.

    * the frame names a preposition ("einigen … auf", "drohen … mit"): the noun phrase after it;
    * else the accusative object: after the finite verb when the subject stands before it ("Muster wies am
      Montag Vorwürfe … zurück"), between subject and verb in a verb-final clause ("hat einen Bericht
      dementiert"), the fronted phrase when the subject follows the verb ("Den Vorschlag lehne die Partei ab");
    * parties, their titles, dates, adverbs and the verb particle are cut; an addressee in the dative
      ("warf der Regierung … vor") is skipped; a phrase left without a common noun gives no topic.
    """
    slots = _frame(entry)
    if "topic" not in slots and slots.get("patient") != "obj":
        return None  # "widersprach ihm": the frame has no object that could be a topic
    tslot = [x for x in slots.get("topic", "obj").split("|") if x]
    parties = set(agents) | set(patients)
    particle = getattr(entry, "particle", "") or ""
    last = _clause_last_word(toks, hi)
    end = last if particle and last is not None and last > k and toks[last].text.casefold() == particle else hi
    while end > k + 1 and toks[end - 1].text in ".!?":
        end -= 1

    def finish(a: int, b: int) -> str | None:
        # drop leading adverbs, dates, parties, places and titles, and anything up to the last party (a dative addressee)
        last_party = max((x for x in range(a, b) if toks[x].ent and toks[x].ent in parties), default=None)
        if last_party is not None and any(_plain_noun(toks[x]) for x in range(a, last_party)) is False:
            a = last_party + 1
        elif last_party is not None and slots.get("patient") == "dat":
            a = last_party + 1
        elif slots.get("patient") == "dat" and a < b and toks[a].text.casefold() in ("dem", "der", "den"):
            # the dative addressee ("warf der Staatsführung um X … vor"): its article, head and attached phrases
            y = a + 1
            while y < b and not (_plain_noun(toks[y]) or toks[y].ent):
                y += 1
            y += 1
            if any(toks[x].text.casefold() in _PREPS for x in range(a + 1, y)):
                # "dem im Exil lebenden Prediger": the noun of the inner phrase is not the head yet
                while y + 1 < b and toks[y].text[:1].islower() and toks[y].text.casefold() not in _DETS | _PREPS \
                        and _plain_noun(toks[y + 1]):
                    y += 2
            while y < b and (toks[y].ent or toks[y].text.casefold() in _PREPS or toks[y].text.casefold() in _DETS
                             or (toks[y].mention is not None and toks[y].mention.type == "role") or (
                                 _plain_noun(toks[y]) and toks[y - 1].text.casefold() in _PREPS | _DETS)):
                y += 1
            a = y
        if a == lo and lo > 0 and toks[lo - 1].text == "," and toks[lo].text in _RELATIVE:
            a += 1  # "…, der das Vorgehen … rechtfertigen wollte": the relative pronoun is the subject
        b = next((x for x in range(a, b) if toks[x].text[:1].islower() and toks[x].text in _verb_index()
                  and toks[x].text not in _DETS), b)  # "… und verfügte …": a second verb ends the object
        while a < b and toks[a].text.casefold() in _PREPS and not (toks[a].mention is not None) \
                and toks[a].text.casefold() not in tslot:
            # a prepositional phrase ("im letzten Jahr", "in den ersten Tagen") is no object: skip it
            y = a + 1
            while y < b and not _plain_noun(toks[y]) and not toks[y].ent:
                y += 1
            while y < b and (toks[y].ent or _plain_noun(toks[y])) and y + 1 < b and toks[y + 1].ent == toks[y].ent and toks[y].ent:
                y += 1
            a = y + 1
        while a < b:
            t = toks[a]
            low = t.text.casefold()
            nxt = toks[a + 1] if a + 1 < b else None
            if low in _PREPS and t.mention is None and low not in tslot:
                # "(auch) im Koalitionsabkommen", "in den ersten Tagen": a prepositional phrase is no object
                y = a + 1
                while y < b and not _plain_noun(toks[y]) and not toks[y].ent:
                    y += 1
                while y + 1 < b and toks[y].ent and toks[y + 1].ent == toks[y].ent:
                    y += 1
                if y + 1 < b and toks[y].text.endswith("er") and toks[y].mention is None and not toks[y].ent \
                        and _plain_noun(toks[y + 1]) and not toks[y + 1].ent:
                    y += 1  # "am Bozner Landesgericht": a place adjective before the noun
                a = y + 1
                if a < b and toks[a].text.casefold() in ("des", "der", "eines", "einer", "seines", "seiner", "ihres", "ihrer"):
                    y = a + 1  # "bei der Vorlage seines Berichts": the genitive belongs to the phrase
                    while y < b and not _plain_noun(toks[y]) and not toks[y].ent:
                        y += 1
                    a = y + 1
                continue
            if (low in _TOPIC_STOP or low in _SUBORDINATORS or t.text in _CLAUSE_BREAK or t.ent or t.mention is not None
                    or (nxt is not None and t.text[:1].islower() and nxt.text in _TIME_NOUNS  # "vergangene Woche"
                        and lexicon.lower_upos().get(low) != "NUM")  # (not "drei Jahre Haft")
                    or (t.text in _TIME_NOUNS and a > 0 and toks[a - 1].text[:1].islower()
                        and lexicon.lower_upos().get(toks[a - 1].text.casefold()) != "NUM")
                    or (t.text[:1].islower() and low not in _DETS and nxt is not None and nxt.text[:1].isupper()
                        and lexicon.lower_upos().get(low) in ("ADV", "ADJ")
                        and not low.endswith(("e", "en", "er", "es", "em")))  # "daraufhin Vernachlässigung", "regelmäßig Parteilichkeit"
                    or (t.text[:1].islower() and low not in _DETS and nxt is not None
                        and (nxt.text[:1].islower() or nxt.ent or nxt.mention is not None) and not nxt.text.casefold() in _DETS
                        and not (nxt.text[:1].islower() and a + 2 < b and toks[a + 2].text[:1].isupper()))
                    or (t.text[:1].islower() and low not in _DETS and nxt is not None and nxt.text.casefold() in _DETS)
                    or (t.text[:1].islower() and nxt is None)):
                a += 1
                continue
            break
        while b > a and (toks[b - 1].text[:1].islower() or toks[b - 1].text in _CLAUSE_BREAK or toks[b - 1].mention is not None
                         and toks[b - 1].mention.type == "date"):
            b -= 1
        if b <= a or not any(_plain_noun(toks[x]) and toks[x].text.casefold() not in _TOPIC_STOP | _PREPS | _SUBORDINATORS
                             for x in range(a, b)):
            return None
        if toks[a].ent and toks[a].ent in parties:
            return None
        return _object_text(toks, a, b)

    preps = [x for x in tslot if x not in ("obj", "dat", "subj")]
    if preps and "obj" not in tslot:
        for x in list(range(k + 1, end)) + list(range(lo, k)):
            if toks[x].text.casefold() in preps:
                y = x + 1
                while y < end and y != k and toks[y].text not in _CLAUSE_BREAK and not (
                        toks[y].text[:1].islower() and toks[y].text in _verb_index()):
                    y += 1
                return finish(x + 1, y)
        return None
    agent_pos = [x for x in range(lo, hi) if toks[x].ent and toks[x].ent in agents]
    before = [x for x in agent_pos if x < k]
    after = [x for x in range(k + 1, end) if toks[x].text not in _CLAUSE_BREAK and toks[x].text not in ".!?"]
    verb_last = all(toks[x].text[:1].islower() and (toks[x].text in _FINITE_AUX or toks[x].text in _verb_index())
                    for x in after)
    if before or not agent_pos:
        if not verb_last:
            return finish(k + 1, end)  # verb second: the object follows the verb
        if before:
            return finish(max(before) + 1, k)  # verb last: between subject and verb ("hat einen Bericht dementiert")
        if _subordinate(toks, lo):
            return finish(lo, k) if toks[lo].text in _RELATIVE else None  # "…, der das Vorgehen … rechtfertigen wollte"
        fin = next((x for x in range(lo, k) if toks[x].text in _FINITE_AUX), None)
        return finish(fin + 1, k) if fin is not None else None  # "Die Partei will sich im Mai festlegen": not the subject
    # the subject follows the verb: a fronted object, else what follows the subject
    if lo < k and (toks[lo].text.casefold() in _DETS or (_plain_noun(toks[lo]) and k - lo >= 2
                                                         and toks[lo].text.casefold() not in _PREPS
                                                         and toks[lo].text.casefold() not in _TOPIC_STOP)) and not any(
            toks[x].ent or toks[x].mention is not None for x in range(lo, k)):
        fronted = finish(lo, k)
        if fronted is not None:
            return fronted
    return finish(max(agent_pos) + 1, end)


def _plain_noun(t: _Tok) -> bool:
    """A capitalised word that is no entity, date or role mention (a common noun)."""
    return t.text[:1].isupper() and t.text[:1].isalpha() and t.ent is None and t.mention is None


def _object_text(toks: list[_Tok], start: int, end: int) -> str | None:
    words = [t for t in toks[start:end] if not (t.etype == "person" and t.text in _PRONOUNS_SG)]
    while words and (words[0].text.lower() in _TOPIC_STOP or words[0].text in _CLAUSE_BREAK):
        words = words[1:]
    while words and (words[-1].text.lower() in _TOPIC_STOP or words[-1].text in _CLAUSE_BREAK or words[-1].text in ".!?"):
        words = words[:-1]
    if not words or not any(w.text[:1].isupper() for w in words):
        return None
    if len(words) > 12:
        words = words[:12]
    return "".join(
        (w.text if i == 0 else ("" if words[i - 1].end == w.start else " ") + w.text) for i, w in enumerate(words)
    )


_SOURCE_NOUNS = lexicon.function_words("mapper.source_nouns")


def _not_participant(toks: list[_Tok], p: int) -> bool:
    """An entity mention at p that names no participant of the clause's event.

    * a place ("in Musterland", "in der Musterregion") unless a person;
    * a nationality adjective or prefix ("der norwegische Diplomat", "US-Außenminister");
    * a source ("laut X", "X zufolge", "nach Angaben der X", "gegenüber dem X");
    * a genitive attribute ("Musters Partei", "Musterstadts Bürgermeister", "die Absichten Musters").
    """
    t = toks[p]
    key = t.ent or ""
    prev = toks[p - 1].text.casefold() if p > 0 else ""
    prev2 = toks[p - 2].text.casefold() if p > 1 else ""
    if not key.startswith("person:"):
        if prev in _LOC_PREPS or (prev in ("der", "dem", "den", "die", "ganz", "ganzen", "gesamten") and prev2 in _LOC_PREPS):
            return True  # "in Musterland", "in der Region", "in ganz Musterland"
    if t.mention is not None and t.mention.via == "demonym":
        return True  # "zwei Palästinenser wurden getötet", "der Kanadier X": people of a country, not the state
    if t.mention is not None and t.mention.via in ("adjective", "prefix"):
        # "der syrischen Stadt", "der norwegische Diplomat" (one person, not the state); a group of officials
        # without other parties in the clause stands for the states ("Russische und amerikanische Botschafter")
        nxt = toks[p + 1] if p + 1 < len(toks) else None
        if (prev in ("der", "dem", "des", "ein", "einem", "eines", "einer") or p == 0) and nxt is not None and (
                _is_rolelike(nxt.text) or (nxt.mention is not None and nxt.mention.type == "role")):
            return True
        if any(x.ent and x.ent != key and x.etype in ("person", "country", "organisation")
               and not (x.mention is not None and x.mention.via in ("adjective", "prefix")) for x in toks):
            return True
        if nxt is not None and _plain_noun(nxt) and not _is_rolelike(nxt.text) and prev in _DETS | {"der"}:
            return True  # "der syrischen Stadt", "des katarischen Fernsehsenders": a thing of the state
    x = p - 1
    if x >= 0 and _plain_noun(toks[x]) and not _is_rolelike(toks[x].text):
        x -= 1  # the place noun ("Provinz", "Stützpunkt")
        while x >= 0 and (toks[x].text.casefold() in _DETS or (
                toks[x].text[:1].islower() and toks[x].text.casefold() not in _LOC_PREPS | _PREPS)):
            x -= 1
        if x >= 0 and toks[x].text.casefold() in ("in", "im", "nach", "aus", "bei", "beim", "am", "nahe"):
            return True  # "In der östlichen Provinz X", "im Dorf X": a location
    if prev in ("am", "im", "beim") or (prev in ("dem", "der") and prev2 in ("vor", "nahe", "an")):
        return True  # "am Stade de France", "vor dem Stadion X": a location even when tagged as a name
    back = [toks[x].text for x in range(max(0, p - 4), p)]
    if any(b.casefold() in ("laut", "gegenüber") for b in back[-3:]) or any(b in _SOURCE_NOUNS for b in back):
        return True
    end = p
    while end + 1 < len(toks) and toks[end + 1].ent == key:
        end += 1
    if end + 1 < len(toks) and toks[end + 1].text.casefold() in ("zufolge", "zufolge,"):
        return True
    # genitive attribute: "Musters Partei" (name + s before a noun), "die Absichten Musters" (after a noun)
    if t.etype in ("person", "place") and toks[end].text.endswith("s") and end + 1 < len(toks):
        # "Musterstadts Bürgermeister", "Musters Vorgängerin", "Musters Sprecher": the holder or body acts, not the genitive
        # ("Musters Maschine hob ab" keeps Muster: a thing of his stands for him)
        nxt = toks[end + 1]
        if nxt.text[:1].isupper() and nxt.text[:1].isalpha() and nxt.ent != key and (
                t.etype == "place" or (nxt.mention is not None and nxt.mention.type != "date") or nxt.ent is not None
                or _is_rolelike(nxt.text) or (nxt.etype is None and lexicon.trigger_of_noun(nxt.text) is not None)):
            return True
    if t.etype in ("person", "place", "country") and toks[end].text.endswith("s") and p > 0 and _plain_noun(toks[p - 1]) \
            and prev not in _DETS:
        return True  # "die Absichten Musters", "im Norden Musterlands"
    return False


# verbs that make the clause's subject a party of an agreement noun ("X und Y haben ein Abkommen geschlossen");
# "X verteidigte das Abkommen mit Z" makes X no party
_LIGHT_VERBS = lexicon.function_words("mapper.light_verbs")


def _noun_attribute(toks: list[_Tok], p: int, lo: int) -> bool:
    """An entity inside a phrase that modifies a noun, so no participant of the verb: "das Büro des
    Ministerpräsidenten", "den Chef der Partei X", "das Abkommen mit X", "die Aberkennung … des Biologen X"."""
    x = p - 1
    while x >= lo and toks[x].ent and toks[x].ent == toks[p].ent:
        x -= 1
    heads = 0
    while x >= lo and (toks[x].mention is not None and toks[x].mention.type == "role" or _is_rolelike(toks[x].text)
                       or (_plain_noun(toks[x]) and heads == 0 and toks[x].text.casefold() not in _PREPS)
                       or (toks[x].text[:1].islower() and toks[x].text.casefold() not in _PREPS | _DETS
                           and toks[x].text not in _verb_index())):
        if toks[x].text[:1].isupper():
            heads += 1
        x -= 1
    if x < lo:
        return False
    w = toks[x].text.casefold()
    if w in ("zur", "zum", "für", "gegen", "über", "auf", "um") and x - 1 >= lo and _plain_noun(toks[x - 1]):
        return True  # "bestreitet eine Nähe zur X", "die Pläne für X": X belongs to the noun
    if w in ("dem", "den", "die", "das", "der", "einem", "einen", "einer", "eine") and x - 2 >= lo \
            and toks[x - 1].text.casefold() in ("für", "gegen", "über", "auf", "um") and _plain_noun(toks[x - 2]):
        return True
    if w in ("dem", "den", "die", "das", "der", "einem", "einen", "einer", "eine") and x - 1 >= lo \
            and toks[x - 1].text.casefold() in ("mit", "von", "zwischen"):
        x -= 1  # "X von der Nationalgarde", "das Abkommen mit dem Y"
        w = toks[x].text.casefold()
    elif w in ("dem", "den", "die", "das", "einem", "einen", "eine"):
        return False
    elif w not in ("des", "der", "eines", "einer", "von", "vom", "mit", "zwischen"):
        return False
    y = x - 1
    if y >= lo and toks[y].ent and toks[y].ent != toks[p].ent and w in ("von", "vom"):
        return True  # "Hasan E. von der Nationalgarde": a person's affiliation
    while y >= lo and toks[y].text[:1].islower() and toks[y].text.casefold() not in _PREPS and toks[y].text not in _verb_index():
        y -= 1
    return y >= lo and (toks[y].etype is None or (toks[y].mention is not None and toks[y].mention.type == "role")) \
        and toks[y].text[:1].isupper() and toks[y].text[:1].isalpha() and toks[y].text.casefold() not in _PREPS | _TOPIC_STOP


_POSSESSIVE = lexicon.function_words("mapper.possessives")


def _noun_participants(toks: list[_Tok], k: int, lo: int, hi: int, ctx: _Ctx,
                       trig: object | None = None) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Participants of a nominal trigger at k: (agents, others, sides of a fight)."""
    agents: list[str] = []
    others: list[str] = []
    sides: list[str] = []
    ents = [(p, key) for p, key in _entities_in(toks, lo, hi) if not _not_participant(toks, p)]
    etype = getattr(trig, "type", "") if trig is not None else ""
    possessed = any(toks[x].text.casefold() in _POSSESSIVE for x in range(max(lo, k - 3), k))
    # genitive before: "Roes Amtsantritt", "Musters Maschine"
    if k > 0 and toks[k - 1].ent and toks[k - 1].etype == "person" and toks[k - 1].text.endswith("s"):
        if etype in ("Elect", "Appoint"):
            others.append(toks[k - 1].ent)  # "Kahrs Wahl", "Musters Ernennung": the one elected or appointed
        else:
            agents.append(toks[k - 1].ent)
    # "mit X", "zwischen X und Y", a genitive "des/der X" after the noun; the phrase must follow the noun
    # ("Bei den Gesprächen verteidigte Muster das Abkommen mit X": no verb in between)
    for m in range(k + 1, min(hi, k + 8)):
        w = toks[m].text.casefold()
        if m > k + 1 and w in ("des", "der") and not all(
                toks[x].mention is not None and toks[x].mention.type == "date" for x in range(k + 1, m)):
            break  # "Urteil gegen drei Journalisten des Senders X": the genitive belongs to another noun
        if etype == "Attack" and w in ("auf", "gegen", "des", "der", "von", "vom"):
            hit = next(((pos, key) for pos, key in ents if m < pos <= m + 5
                        and not any(toks[x].text in _CLAUSE_BREAK for x in range(m, pos))), None)
            if hit is not None:
                group = _group(ents, toks, hit[0])
                kind = (ctx.res.entities[hit[1]].kind or "") if hit[1] in ctx.res.entities else ""
                if w in ("auf", "gegen") or hit[1].startswith("place:") or kind in ("legislature", "court", "media", "company"):
                    others.extend(group)  # "Angriff auf X", "Erstürmung des Y" (a building, town or body)
                elif (m == k + 1 or w in ("von", "vom")) and kind == "military":
                    agents.extend(group)  # "ein Angriff der Armee": the army attacks; other genitives stay unattached
                    # ("die Hinrichtung von X": X is the victim, "der Angriff des X": the attacker — unknown)
            if w in ("auf", "gegen"):
                continue
            break
        if w == "zwischen" and etype not in ("Meeting", "Negotiate", "Agreement", "Cooperate"):
            for pos, key in ents:
                if m < pos <= m + 5:
                    sides.extend(_group(ents, toks, pos))  # "Gefechte zwischen X und Y": two sides, neither the target
                    break
            break
        if w in ("mit", "zwischen", "des", "der", "von", "vom", "beider", "an"):
            if w == "mit" and m + 1 < hi and toks[m + 1].text in ("Blick", "Hilfe", "Bezug"):
                break
            if w == "an" and etype not in _STANCE and etype != "Praise":
                break
            for pos, key in ents:
                if m < pos <= m + 5 and not any(toks[x].text in _CLAUSE_BREAK for x in range(m, pos)):
                    group = _group(ents, toks, pos)
                    # "Kritik von X", "Ablehnung vom Präsidenten X", "der Vorwurf der Behörde": X voices it;
                    # after a possessive the owner voices it ("seine Ablehnung von X": X is rejected)
                    if etype in _STANCE or etype in ("Praise", "Appeal"):
                        if w in ("von", "vom", "des", "der") and possessed:
                            others.extend(group)
                        elif w in ("von", "vom", "des", "der"):
                            agents.extend(group)
                        elif w == "an":
                            others.extend(group)
                    else:
                        others.extend(group)
                    break
            break
        if toks[m].text in _CLAUSE_BREAK:
            break
        if toks[m].text[:1].islower() and toks[m].text in _verb_index():
            break
        if _plain_noun(toks[m]) and m > k + 1:
            break  # "im Vorfeld der Wahlen zu Verwerfungen zwischen X und Y": the phrase of another noun
    # possessive "ihr erstes Treffen" / "seinem Krankenhausaufenthalt": the person who is the subject
    if not agents and possessed:
        persons = _entities_in(toks, 0, len(toks), types=("person",))
        # the owner is named before the noun phrase, never inside its own complement ("seine Ablehnung von X")
        persons = [(pos, key) for pos, key in persons if pos < k - 3 and key not in others]
        if persons:
            agents.extend(_group(persons, toks, persons[0][0]))
    if etype == "Elect":
        others = [o for o in others if o.startswith("person:")]  # "nach den Wahlen der FPÖ …": no one elected
    return tuple(dict.fromkeys(agents)), tuple(dict.fromkeys(others)), tuple(dict.fromkeys(sides))


_FINITE_AUX = lexicon.function_words("mapper.finite_aux")
_NOM_PRON = lexicon.function_words("mapper.nom_pron")
_SUBORDINATORS = lexicon.function_words("mapper.subordinators")
_PREPS = lexicon.function_words("mapper.preps")


def _np_vorfeld(toks: list[_Tok], lo: int, k: int) -> bool:
    """Is the part before a finite verb in second position a bare noun phrase that can be the subject
    ("Bundespräsident traf …", "Die Sozialdemokraten werfen …"), not an adverbial ("Im April begrüßte …")
    or a fronted object ("Den Vorschlag lehnt …")?"""
    if k <= lo or k - lo > 7 or (lo > 0 and toks[lo - 1].text not in (".", ":", "–", "-", "—") and lo != 0):
        return False
    first = toks[lo].text.casefold()
    if first in ("den", "dem", "einen", "einem", "diesen", "diesem") or first in _PREPS or first in _TOPIC_STOP:
        return False
    if any(t.mention is not None and t.mention.type == "date" for t in toks[lo:k]):
        return False
    if any(t.text.casefold() in _PREPS for t in toks[lo:k]) and not (
            first in ("der", "die", "das", "ein", "eine") and k - lo >= 2 and _plain_noun(toks[lo + 1])):
        return False  # ("Ein Leitartikel in der Zeitung forderte X auf": article and noun, then a phrase)
    if first in ("der", "die", "das", "ein", "eine") or _is_rolelike(toks[lo].text) or (
            toks[lo].mention is not None and toks[lo].mention.type == "role"):
        return True
    # a bare plural ("Westliche Regierungen werfen …", "Kritiker werfen …", "Stealth-Jagdflugzeuge besuchen …")
    last = toks[k - 1]
    return k - lo <= 3 and not any(t.ent for t in toks[lo:k]) and _plain_noun(last) \
        and lexicon.lower_upos().get(last.text.casefold()) in (None, "NOUN") and last.text.casefold() not in _TOPIC_STOP \
        and all(t.text[:1].isupper() or lexicon.lower_upos().get(t.text.casefold()) == "ADJ" for t in toks[lo:k])


def _subordinate(toks: list[_Tok], lo: int) -> bool:
    """Does the clause starting at lo begin with a subordinator or a relative pronoun (verb last)?"""
    first = toks[lo].text.casefold()
    if first in _SUBORDINATORS:
        return True
    return lo > 0 and toks[lo - 1].text == "," and toks[lo].text in _RELATIVE and not (
        lo + 1 < len(toks) and _plain_noun(toks[lo + 1]))


#: relative pronouns after a preposition ("mit denen", "bei dem", "über deren")
_REL_AFTER_PREP = lexicon.function_words("mapper.relative_after_prep")


def _shared_subject_coordination(toks: list[_Tok], lo: int, k: int) -> int | None:
    """Index of 'und'/'oder' right before the trigger (or before its finite auxiliary: "und hat dabei … beschlossen")
    when the clause before it has a finite verb of its own: the trigger shares that clause's subject."""
    for c in range(k - 1, lo, -1):
        if toks[c].text not in ("und", "oder", "sowie"):
            continue
        nxt = toks[c + 1] if c + 1 < len(toks) else None
        if nxt is None or not (c + 1 == k or nxt.text in _FINITE_AUX):
            return None
        if any(t.text in _FINITE_AUX or (t.text[:1].islower() and t.text in _verb_index()) for t in toks[lo:c]):
            return c
        return None
    return None


def _verb_agents(ctx: _Ctx, toks: list[_Tok], k: int, lo: int, hi: int, ents: list[tuple[int, str]]) -> tuple[str, ...]:
    """The subject of the verb at k: entity groups, 'beide', a relative or personal pronoun."""
    if k > 0 and toks[k - 1].text == "zu":
        return ()  # "…, Reformen von X zu fordern": a zu-infinitive has no subject of its own
    if any(t.text in ("ließ", "ließen", "lässt", "lassen", "ließe") for t in toks[lo:hi]):
        return ()  # "dass X den Berichterstatter nicht reisen ließ": the traveller is not X
    for c in range(k - 1, lo, -1):
        if toks[c].text in ("und", "oder", "aber", "sondern", "doch") and c > lo and toks[c - 1].text[:1].islower() and any(
                (t.text in _FINITE_AUX or (t.text[:1].islower() and t.text in _verb_index())) for t in toks[lo:c]):
            lo = c + 1  # "Der Konflikt hat … heraufbeschworen und X fordert …": the second clause starts after 'und'
            ents = [(p, key) for p, key in ents if p >= lo]
            break
    # a main clause whose trigger closes it ("hat … kritisiert", "will … treffen"): the subject stands before the
    # finite auxiliary or right after it, never deep inside the clause ("hat gegenüber dem Sender … X kritisiert")
    fin = next((x for x in range(lo, k) if toks[x].text in _FINITE_AUX and not toks[x].in_quote), None)
    if fin is not None and not _subordinate(toks, lo):
        ents = [(p, key) for p, key in ents if p < fin or p > k or (p <= fin + 3 and not any(
            toks[x].text.casefold() in ("den", "dem", "einen", "einem") for x in range(fin + 1, p)))]
    before = [(p, key) for p, key in ents if p < k]
    after = [(p, key) for p, key in ents if p > k]
    if before and lo + 1 < k and toks[lo].text.casefold() in _PREPS and toks[lo + 1].text in _REL_AFTER_PREP:
        return _group(ents, toks, before[0][0])  # "…, mit denen die EU … vereinbart habe": the subject follows the relative
    if before and toks[lo].text.casefold() in _PREPS and fin is None and not _subordinate(toks, lo):
        before = []  # "Nach der Lieferung an X prangert Y … an": X is inside the fronted phrase
    # "… des Kremlchefs, der … rechtfertigen wollte": a relative pronoun opens the clause
    # (not an article: "…, die Oppositionsparteien demonstrieren")
    if _subordinate(toks, lo) and toks[lo].text in _RELATIVE and lo >= 2 and toks[lo - 2].ent and toks[lo - 2].etype != "place":
        return (toks[lo - 2].ent,)
    if _subordinate(toks, lo) and toks[lo].text in _RELATIVE:
        return ()  # "Viele, die X kritisiert hatten": the relative pronoun is the subject, X the object
    # "Warum kritisieren Sie die Regierung": a pronoun right after the verb is its subject
    if k + 1 < len(toks) and toks[k + 1].text in _NOM_PRON and toks[k + 1].text not in _SUBJ_PRON and not before:
        return ()
    if before and lo < k and toks[lo].text in ("Die", "Das", "Den") and k + 2 < hi and toks[k + 1].text == "der" \
            and (toks[k + 2].ent or _plain_noun(toks[k + 2]) or _is_rolelike(toks[k + 2].text)) and not _subordinate(toks, lo):
        # "Die katholische Kirche Kubas lobte der Papst": a masculine subject after the verb, the fronted phrase is the object
        subj = [(p, key) for p, key in ents if k < p <= k + 4]
        return _group(ents, toks, subj[0][0]) if subj else ()
    plural = next((x for x in range(lo, k) if toks[x].text.casefold() in ("beide", "beiden")), None)
    if plural is not None:
        group = _plural_ref(ctx, toks, plural)
        if group:
            return group
    pron = [x for x in range(lo, hi) if toks[x].text in _SUBJ_PRON and not toks[x].in_quote]
    if pron and (not before or pron[0] < before[0][0]):
        exclude = {key for _, key in ents}
        who = _resolve_pronoun(ctx, exclude)
        # only when the previous sentence names no other person ("Er übernahm …" after a sentence about two men
        # is left without agent)
        others_prev = [p for p in ctx.prev_persons if p != who and p not in exclude]
        if who and others_prev:
            who = None
        group: list[str] = [who] if who else []
        # "er und Muster": the pronoun coordinated with an entity
        j = pron[0] + 1
        if j < hi and toks[j].text in _COORD:
            nxt = [(p, key) for p, key in ents if p > j]
            if nxt and nxt[0][0] <= j + 4:
                group.extend(_group(ents, toks, nxt[0][0]))
        return tuple(dict.fromkeys(group))
    if before:
        return _group(ents, toks, before[0][0])
    if _np_vorfeld(toks, lo, k):
        return ()  # "Bundespräsident traf X und Y": the fronted noun phrase is the subject, X and Y objects
    if after and (after[0][0] == k + 1 or after[0][0] <= k + 3) and not any(
            toks[x].text.casefold() in ("den", "dem", "einen", "einem") for x in range(k + 1, after[0][0])):
        return _group(ents, toks, after[0][0])  # "begrüßte X" (not "verließ den X": an object)
    return ()


def _sentence_events(ctx: _Ctx, sent: Sentence, toks: list[_Tok]) -> list[EventClaim]:
    events: list[EventClaim] = []
    triggers = _find_triggers(toks)
    noun_events: dict[int, int] = {}
    for k, kind, entry, trig_text in triggers:
        etype = getattr(entry, "type", "Event") or "Event"
        lo, hi = _clause_bounds(toks, k)
        time_text, time_value, place = _time_and_place(toks, lo, hi, ctx, k, kind)
        if kind == "noun" and etype == "Elect" and k > 0 and toks[k - 1].ent and toks[k - 1].etype == "country" \
                and toks[k - 1].mention is not None and toks[k - 1].mention.via == "adjective":
            place = toks[k - 1].ent  # "im Vorfeld der türkischen Präsidentschaftswahl": an election is held in its country
        modality = _modality(toks, lo, hi, k, kind, entry)
        duration = None
        dm = _DURATION.search(ctx.text, toks[lo].start, toks[hi - 1].end)
        if dm:
            duration = dm.group(0)
        if kind == "noun":
            agents, others, sides = _noun_participants(toks, k, lo, hi, ctx, entry)
            if etype == "Meeting" and any(_media(ctx, o) for o in others):
                continue  # "im Gespräch mit der Nachrichtenagentur", "im Gespräch mit dem Sender": an interview
            if getattr(entry, "subtype", "") == "Invite" and not others and not agents:
                continue  # "eine Einladung zum Umdenken": no one invited
            if getattr(entry, "subtype", "") == "Recognize" and not others:
                continue  # "Anerkennung von Zeugnissen": only a state's or body's recognition is a diplomatic act
            if etype == "Meeting":
                if others and not agents and k + 1 < len(toks) and toks[k + 1].text == "mit":
                    subj = [key for _, key in _entities_in(toks, 0, len(toks), types=("person",)) if key not in others]
                    if subj:
                        agents = (subj[0],)
            if not agents and etype in ("Agreement", "Cooperate", "Negotiate", "Meeting"):
                # light verb: "die beiden Staatschefs haben eine Einigung erzielt"
                plural = next((x for x in range(lo, k) if toks[x].text.casefold() in ("beide", "beiden")), None)
                if plural is not None:
                    agents = _plural_ref(ctx, toks, plural)
                elif (etype == "Cooperate" and not others and not any(
                        toks[x].text.casefold() in ("für", "um", "von", "bei", "nach", "mit") for x in range(max(lo, k - 3), k))) or (
                        etype == "Agreement" and any(t.text.casefold() in _LIGHT_VERBS for t in toks[lo:hi])):
                    # the subject supports or agrees only when the noun is its object ("dankten für die Unterstützung
                    # der USA", "baten um Unterstützung": the subject is not the supporter)
                    first_verb = next((x for x in range(lo, k) if toks[x].text in _FINITE_AUX or (
                        toks[x].text[:1].islower() and toks[x].text in _verb_index())), k)
                    subj = [(p, key) for p, key in _entities_in(toks, lo, first_verb)]  # the subject before the verb
                    if subj:
                        agents = _group(_entities_in(toks, lo, hi), toks, subj[0][0])
            # a genitive object that is itself a place ("Erstürmung des Kapitols"): no other place
            if any(o.startswith(("place:", "org:")) for o in others):
                place = None
            if etype in ("TakeOffice", "Resign", "Travel", "Return", "Die", "Stay", "Protest") and others and not agents:
                agents, others = others, ()  # "der Amtsantritt des Königs X", "der Rücktritt von X": X acts
            patients = others if etype not in ("Meeting", "Negotiate", "Agreement", "Cooperate") else ()
            parts = tuple(dict.fromkeys((*agents, *others, *sides)))
            ev = EventClaim(
                type=etype, trigger=trig_text, sentences=(sent.index,), agents=agents, patients=patients,
                participants=parts, place=place, time_text=time_text, time_value=time_value, duration=duration,
                modality=_noun_modality(toks, lo, hi, k), topic=_noun_topic(toks, k, hi), start=toks[k].start, end=toks[k].end,
            )
            noun_events[k] = len(events)
            events.append(ev)
            continue
        # verbal trigger
        ents = _entities_in(toks, lo, hi)
        if _attributive_verb(toks, k, entry):
            # "den inhaftierten Oppositionellen": the noun after the participle is the patient
            nxt = [(p, key) for p, key in ents if p > k and not _not_participant(toks, p)
                   and not any(toks[x].text.casefold() in ("von", "vom", "durch") for x in range(max(k, p - 3), p))]
            patients = _group(ents, toks, nxt[0][0]) if nxt and nxt[0][0] <= k + 4 else ()
            if not patients or getattr(entry, "subtype", "") in ("Recognize", "Support"):
                continue  # "die international anerkannte Regierung", "die unterstützten Rebellen": a standing attribute
            events.append(EventClaim(
                type=etype, trigger=trig_text, sentences=(sent.index,), patients=patients, participants=patients,
                place=place if place not in patients else None, modality="asserted", start=toks[k].start, end=toks[k].end,
            ))
            continue
        # places ("in Syrien") and nationality adjectives ("der syrischen Stadt") are not participants
        excluded: set[int] = set()
        for i_, (p, key) in enumerate(ents):
            if _not_participant(toks, p) or _noun_attribute(toks, p, lo):
                excluded.add(p)
            elif i_ > 0 and ents[i_ - 1][0] in excluded and any(toks[x].text in _COORD for x in range(ents[i_ - 1][0] + 1, p)) \
                    and all(toks[x].text in _COORD or toks[x].text[:1].islower() or toks[x].ent == ents[i_ - 1][1]
                            for x in range(ents[i_ - 1][0] + 1, p)):
                excluded.add(p)  # "Bewilligungen für X und die Y": Y is coordinated with an attribute
        ents = [(p, key) for p, key in ents if p not in excluded]
        if _passive(toks, lo, hi, k, entry):
            # "Ihm wird Betrug vorgeworfen", "X wurde von Y festgenommen": the subject undergoes it
            by = [(p, key) for p, key in ents if p > 0 and (toks[p - 1].text in ("von", "vom", "durch") or any(
                toks[x].text in ("von", "vom", "durch") and all(
                    toks[y].text.casefold() in _DETS or toks[y].text[:1].islower() or _plain_noun(toks[y])
                    or (toks[y].mention is not None and toks[y].mention.type == "role") for y in range(x + 1, p))
                for x in range(max(lo, p - 4), p - 1)))]  # "von der Gruppe X angegriffen"
            agents = _group(ents, toks, by[0][0]) if by else ()
            rest = [(p, key) for p, key in ents if key not in agents and key != place]
            patients = _group(rest, toks, rest[0][0]) if rest else ()
        else:
            c = _shared_subject_coordination(toks, lo, k)
            if c is not None:
                # "Der Kandidat würde Strache den Orden anheften und fordert eine Verdoppelung …": the second verb shares
                # the first clause's subject (an entity only when it opens the clause); its objects follow 'und'
                first = [(p, key) for p, key in ents if p < c]
                agents = _group(ents, toks, first[0][0]) if first and first[0][0] <= lo + 1 else ()
                ents = [(p, key) for p, key in ents if p > c or key in agents]
            else:
                agents = _verb_agents(ctx, toks, k, lo, hi, ents)
            rest = [(p, key) for p, key in ents if key not in agents and key != place]
            patients = _group(rest, toks, rest[0][0]) if rest else ()
            if not agents and rest and rest[0][0] > k and not _np_vorfeld(toks, lo, k) and any(
                    toks[x].text.casefold() in ("der", "die", "das") for x in range(max(k + 1, rest[0][0] - 3), rest[0][0])):
                patients = ()  # "Dieser Darstellung widerspricht die Partei X": X may be the subject
        patients = tuple(p for p in patients if p not in agents)
        if etype in ("Travel", "Return", "TakeOffice", "Resign", "Stay", "Die", "Protest"):
            patients = ()  # "X und der Bischof Y treffen ein": no object, Y is a second subject or unknown
        slots = _frame(entry)
        prep = slots.get("patient", "")
        if prep and prep not in ("obj", "dat", "subj"):
            # "kämpft gegen X": the patient is the entity of the frame's preposition, nothing else
            preps = set(prep.split("|"))
            marked = [(p, key) for p, key in ents if p > 1 and any(toks[x].text.casefold() in preps for x in range(max(lo, p - 3), p))
                      and key not in agents]
            patients = _group(ents, toks, marked[0][0]) if marked else ()
        if slots.get("obj") == "place" and not place and not any(
                toks[x].etype in ("place", "country") and toks[x].ent for x in range(lo, hi)):
            continue  # "verließ seine Partei": leaving is travel only from a place
        if etype in ("Meeting", "Negotiate", "Agreement") and patients:
            patients = tuple(p for p in patients if p.startswith(("person:", "country:", "org:")))
        if getattr(entry, "subtype", "") == "Support" and not patients:
            continue  # "unterstützt die Möglichkeit, …": support for an idea is no cooperation between parties
        if not agents and not patients and not (etype == "Agreement" and (_passive(toks, lo, hi, k, entry) or "sich" in [t.text for t in toks[lo:hi]])):
            continue  # an agreement without parties only as "wurde vereinbart", "einigten sich"
        if etype == "Meeting" and not patients and len(agents) < 2 and "sich" not in [t.text for t in toks[lo:hi]]:
            continue  # meeting needs two sides: "traf X", "trafen sich", "X und Y berieten" ("traf eine Entscheidung" is none)
        if etype in ("Appoint", "Elect", "Detain", "Release", "Sentence") and not any(
            x.startswith("person:") for x in patients
        ):
            continue  # "Senfgas eingesetzt": appointing, arresting and sentencing happen to people
        if etype == "Attack" and not patients and not place:
            continue  # "kämpft um seine Zukunft"
        if k + 1 < len(toks) and toks[k + 1].text == "um" and etype == "Attack":
            continue
        theme = None
        topic = None
        if etype in _STANCE or etype == "Agreement":
            agent_pos = max((p for p, key in ents if key in agents), default=lo - 1)
            c2 = _shared_subject_coordination(toks, lo, k)
            inner = [nk for nk in noun_events if max(lo, agent_pos + 1, (c2 or lo)) <= nk < hi]
            later = [kk for kk, kd, _, _ in triggers if kd == "noun" and max(lo, agent_pos + 1) <= kk < hi and kk not in noun_events]
            inner = [nk for nk in inner if not (etype == "Agreement" and events[noun_events[nk]].type == "Agreement")
                     and not any(toks[x].text.casefold() in ("bei", "beim", "in", "im", "während", "nach", "vor", "seit")
                                 for x in range(max(lo, nk - 2), nk))]  # "bei einer Konferenz beschlossen": no theme
            if inner:
                theme = noun_events[inner[0]]  # (an agreement is not about the agreement noun that names it)
            elif later:
                theme = ("pending", later[0])  # type: ignore[assignment]
            while agent_pos + 1 < k and toks[agent_pos + 1].ent and toks[agent_pos + 1].ent in agents:
                agent_pos += 1
            plural = next((x for x in range(lo, k) if toks[x].text.casefold() in ("beide", "beiden")), None)
            if plural is not None and agent_pos < plural:
                agent_pos = plural + (1 if plural + 1 < k and toks[plural + 1].text[:1].isupper() else 0)
            topic = _stance_topic(toks, k, lo, hi, agents, patients, entry)
            if topic is None and hi + 1 < len(toks) and toks[hi].text == "," and toks[hi + 1].text == "dass" \
                    and _clause_bounds(toks, hi + 2)[1] - (hi + 2) <= 13:
                topic = _object_text(toks, hi + 2, _clause_bounds(toks, hi + 2)[1])
                later = [kk for kk, kd, _, _ in triggers if kd == "noun" and kk >= hi + 2]
                if theme is None and later:
                    theme = ("pending", later[0])  # type: ignore[assignment]
        ev = EventClaim(
            type=etype, trigger=trig_text, sentences=(sent.index,), agents=agents, patients=patients,
            participants=tuple(dict.fromkeys((*agents, *patients))), place=place, time_text=time_text,
            time_value=time_value, duration=duration, modality=modality, stance=_STANCE.get(etype),
            topic=topic, theme=theme, start=toks[k].start, end=toks[k].end,
        )
        events.append(ev)
    # resolve pending themes (noun after the verb in the clause)
    events = [replace(ev, theme=noun_events.get(ev.theme[1])) if isinstance(ev.theme, tuple) else ev for ev in events]
    # what is agreed, demanded or appealed for has not happened yet
    for ev in list(events):
        if ev.type in ("Agreement", "Demand", "Appeal") and ev.theme is not None:
            th = events[ev.theme]
            if th.modality == "asserted":
                events[ev.theme] = replace(th, modality="planned" if ev.type == "Agreement" else "demanded")
    # gapping: ", Roe etwa 40 Minuten später" repeats the previous event with another agent
    for rm in _REL_TIME.finditer(ctx.text, sent.start, sent.end):
        if not events:
            break
        k0 = next((x for x, t in enumerate(toks) if t.start >= rm.start()), None)
        if k0 is None:
            continue
        lo, hi = _clause_bounds(toks, k0)
        if any(lo <= kk < hi for kk, *_ in triggers):
            continue
        ents = [key for _, key in _entities_in(toks, lo, hi, types=("person",))]
        if not ents:
            continue
        prev = events[-1]
        events.append(replace(prev, agents=(ents[0],), participants=(ents[0],), patients=(), time_text=rm.group(0).strip(),
                              time_value=None, start=rm.start(), end=rm.end()))
    return events


def _noun_topic(toks: list[_Tok], k: int, hi: int) -> str | None:
    """'Gespräche über Cybersicherheit', 'Gespräche zum Thema Rüstungskontrolle': the topic words."""
    j = k + 1
    if j < hi and toks[j].text in ("über", "zum", "zur", "um"):  # not "zu": "Prozess … zu Haftstrafen" is the verdict
        j += 1
        if j < hi and toks[j].text == "Thema":
            j += 1
        words = []
        while j < hi and len(words) < 4 and toks[j].text not in _CLAUSE_BREAK and toks[j].text not in ".!?":
            words.append(toks[j].text)
            if toks[j].text[:1].isupper() and toks[j].text not in ("Thema",):
                break
            j += 1
        if words and words[-1][:1].isupper() and words[-1] != "Thema":
            return " ".join(words)
    return None


#: clause-final verbs (and particles) by which an event takes place: "fand nicht statt", "nicht eingereicht"
_REALISE = lexicon.function_words("mapper.realise")


def _counterfactual(toks: list[_Tok], lo: int, hi: int) -> bool:
    """'hätte … reichen sollen', 'hätte … auffordern müssen': a past obligation or expectation not met."""
    last = _clause_last_word(toks, hi)
    if last is None or toks[last].text.casefold() not in ("sollen", "müssen", "können", "dürfen"):
        return False
    return any(t.text.casefold() in ("hätte", "hätten", "hättest") for t in toks[lo:hi])


def _noun_modality(toks: list[_Tok], lo: int, hi: int, k: int | None = None) -> str:
    low = [t.text.casefold() for t in toks[lo:hi]]
    if k is not None:
        if any(w.startswith("bevorst") for w in low):
            return "planned"  # "…, dass große Terroranschläge bevorstünden"
        if "gilt" in low and "als" in low and any(w in ("sicher", "wahrscheinlich", "ausgemacht") for w in low):
            return "possible"  # "dass ihre Nominierung als sicher gilt": expected, not done
        if (k >= 2 and toks[k - 2].text.casefold() == "bis" and toks[k - 1].text.casefold() in ("zum", "zur", "zu") or (
                k >= 3 and toks[k - 3].text.casefold() == "bis" and toks[k - 2].text.casefold() == "zu")) and not (
                k + 1 < len(toks) and re.fullmatch(r"(?:19|20)\d\d", toks[k + 1].text)):
            return "planned"  # "bis zu den Neuwahlen im Herbst", "bis zur Wahl" (not "bis zur Wahl 1980": dated)
        # "darauf drängen, dass … nicht vollstreckt wird, sondern eine Begnadigung erfolgt": asked for, not happened
        d = next((x for x in range(k - 1, -1, -1) if toks[x].text.casefold() in ("dass", "daß")
                  or toks[x].text in (".", ";", ":") or toks[x].text.casefold() in _SUBORDINATORS), None)
        if d is not None and toks[d].text.casefold() in ("dass", "daß") and any(
                t.text in _verb_index() and getattr(_verb_index()[t.text][0], "type", "") in ("Demand", "Appeal")
                for t in toks[:d] if t.text[:1].islower()):
            return "demanded"
    if k is not None:
        back = [t.text.casefold() for t in toks[max(0, k - 4):k]]
        if any(b in ("nach", "seit", "während", "vor") for b in back) and not any(
                b.startswith(("nächst", "kommend", "bevorstehend", "anstehend")) for b in back):
            return "asserted"  # "nach dem Treffen": it has happened (not "nach den nächsten Wahlen")
    low = [t.text.casefold() for t in toks[lo:hi]]
    if any(w in _CANCELLED for w in low):
        return "negated"  # "das erwartete Urteil wurde verschoben"
    if k is not None:
        last = _clause_last_word(toks, hi)
        if last is not None and last > k + 1 and toks[last - 1].text.casefold() in ("nicht", "nie", "niemals") \
                and toks[last].text.casefold() in _REALISE and not (last >= 2 and toks[last - 2].text.casefold() == "noch"):
            return "negated"  # "seine angedrohte Verfassungsklage … nicht eingereicht", "… fand nicht statt"
            # (not "noch nicht abgeschlossen": still going on)
        if toks[lo].text.casefold() in ("wenn", "falls", "sofern") or (
                k >= 2 and toks[k - 2].text.casefold() == "bei" and toks[k - 1].text.casefold() in ("einer", "einem")
                and any(w in ("wäre", "wären", "würde", "würden", "hätte", "hätten") for w in low)):
            return "possible"  # "wenn bis April keine Einigung erzielt ist", "Bei einer Annäherung … wären"
        if last is not None and toks[last].text.casefold() == "an" and any(
                w in ("kündigte", "kündigten", "kündigt", "kündigen", "beraumte", "beraumten", "setzte", "setzten") for w in low):
            return "planned"  # "kündigte für Dienstag ein Krisentreffen an"
        if any(t.mention is not None and t.mention.type == "date" and x > lo and toks[x - 1].text.casefold() == "für"
               for x, t in enumerate(toks[lo:hi], start=lo)):
            return "planned"  # "ein Krisentreffen für Dienstag": scheduled
    if k is not None:
        near = [t.text.casefold() for t in toks[max(lo, k - 3):k]]
        if any(w.startswith(("befürcht", "drohend", "möglich")) for w in near):
            return "possible"  # "befürchtet die Festnahme", "eine drohende Festnahme": feared, not planned
        if any(w.startswith(("versucht", "geplant", "angedroht", "angekündigt"))
               for w in near) or (k >= 2 and toks[k - 2].text in ("Vorbereitung", "Planung", "Vorbereitungen")):
            return "planned"  # "eine versuchte Reise", "die Vorbereitung eines Anschlags": it has not happened
        if any(w.startswith(("letzt", "vergangen", "vorig", "früher")) for w in near):
            return "asserted"  # "vom letzten Gipfel in X": it has happened
        if any(w in ("verweigert", "verweigerte", "verweigerten", "verweigern", "verweigere") for w in low):
            return "negated"  # "einen Rücktritt verweigert"
        if any(w in ("geplant", "vorgesehen", "angekündigt", "empfohlen", "vorgeschlagen") for w in low):
            return "planned"  # "Für Mittwoch waren Gespräche geplant"
        if "ausgeschlossen" in low and any(w in _NEGATION for w in low):
            return "possible"  # "Eine Vereinbarung wurde nicht ausgeschlossen"
        lw0 = _clause_last_word(toks, hi)
        if any(w in ("schliesst", "schliessen", "schloss", "schlossen") for w in low) and lw0 is not None \
                and toks[lw0].text.casefold() == "aus":
            return "negated"  # "Eine Rückkehr schließt sie aus" (low is casefolded: ß -> ss)
        if any(w in ("angeordnet", "einberufen", "anberaumt", "angesetzt", "ordnete", "ordnet", "beruft", "berief") for w in low):
            return "planned"  # "hat für den 20. Mai eine Konferenz angeordnet"
        x = k - 1
        while x >= lo and (toks[x].text.casefold() in _DETS or (toks[x].text[:1].islower() and toks[x].text.casefold() not in _PREPS)):
            x -= 1  # the word before the noun phrase
        after_prep = x >= lo and toks[x].text.casefold() in ("für", "bei", "beim", "während", "in", "im", "nach", "seit", "mit")
        if not after_prep and not any(w.startswith(("laufend", "bisherig", "aktuell")) for w in near) and (any(
                t.text in _verb_index() and getattr(_verb_index()[t.text][0], "type", "") in ("Demand", "Appeal")
                for t in toks[lo:hi] if t.text[:1].islower()) or any(
                w in ("ersucht", "ersuchte", "ersuchten", "ersuchen", "beantragt", "beantragte", "beantragten") for w in low)):
            return "demanded"  # "um dessen Festnahme ersucht", "die Inhaftierung verlangt" (not "für die laufenden …")
    if _counterfactual(toks, lo, hi):
        return "negated"  # "hätte es zu Kahrs Wahl reichen sollen": it did not happen
    if any(w in _MODAL_PLANNED for w in low) and not _alleged(toks, lo, hi):
        return "planned"
    if k is not None:
        if any(w in ("erhofft", "erhoffte", "erhoffen", "gehofft", "hofft", "hoffen", "hoffte") for w in low):
            return "possible"  # "Hilfe wurde erhofft"
        last = _clause_last_word(toks, hi)
        if last is not None and last > k and toks[last].text[:1].islower() and (
                toks[last - 1].text == "zu" or any(
                    getattr(e, "particle", "") and toks[last].text.startswith(getattr(e, "particle", "") + "zu")
                    for e in _verb_index().get(toks[last].text, ()))):
            return "planned"  # "um über eine Unterstützung zu entscheiden"
        if any(w in ("wird", "werden", "werde") for w in low) and last is not None and toks[last].text[:1].islower() \
                and toks[last].text.endswith("en") and toks[last].text not in _FINITE_AUX \
                and toks[last].text in _verb_index() and not any(
                    getattr(e, "participle", "") == toks[last].text for e in _verb_index()[toks[last].text]):
            return "planned"  # "Die Partei wird auf einem Parteitag am 28. November … wählen"
    if k is not None and any(t.text.casefold() in ("kein", "keine", "keinen", "keinem", "keiner")
                             for t in toks[max(lo, k - 3):k]):
        return "negated"
    if k is None and any(w in ("kein", "keine", "keinen", "keinem", "niemand", "nie") for w in low):
        return "negated"
    if k is not None:
        near = [t.text.casefold() for t in toks[max(lo, k - 4):k]]
        if "auf" in near and any(w.startswith(("hoff", "wart")) for w in low):
            return "possible"  # "hofft auf eine Wiederwahl"
        if any(w.startswith(("kommend", "nächst", "bevorstehend", "geplant", "künftig", "anstehend")) for w in near):
            return "planned"  # "die kommende Wahl"
        lw = _clause_last_word(toks, hi)
        if any(w in ("steht", "stehen", "stünde", "stand", "standen") for w in low) and lw is not None \
                and toks[lw].text.casefold() == "an":
            return "planned"  # "Kommende Woche steht die Wahl an", "Für den Nachmittag stand das Treffen an"
    return "asserted"


def _media(ctx: _Ctx, key: str) -> bool:
    ent = ctx.res.entities.get(key)
    return bool(ent is not None and (ent.kind or "") in ("media", "agency"))


# --------------------------------------------------------------------------- quotes


# --------------------------------------------------------------------------- article


def map_article(text: str, sentences: Sequence[Sentence], mentions: Sequence[Mention], res: Resolution) -> ArticleFacts:
    """Turn an article's sentences into event, quotation and relation claims.

    Parameters
    ----------
    text : str
    sentences : sequence of Sentence
    mentions : sequence of Mention
    res : Resolution

    Returns
    -------
    ArticleFacts
    """
    salience: dict[str, int] = {}
    for i, m in enumerate(mentions):
        key = res.links.get(i)
        if key and (key.startswith("person:") or key.startswith("country:")):
            salience[key] = salience.get(key, 0) + 1
    for _, key in res.references:
        salience[key] = salience.get(key, 0) + 1
    ctx = _Ctx(text, sentences, res, salience)
    by_sentence: dict[int, list[tuple[int, Mention]]] = {}
    for i, m in enumerate(mentions):
        by_sentence.setdefault(m.sentence, []).append((i, m))
    facts = ArticleFacts()
    run: dict = {}
    raw_events: list[EventClaim] = []
    for sent in sentences:
        if sent.kind == "furniture":
            continue
        toks = _sentence_tokens(ctx, sent, by_sentence.get(sent.index, []))
        try:
            quotes = sentence_quotes(ctx, sent, toks, run)
            events = _sentence_events(ctx, sent, toks)
        except Exception:  # a sentence the mapper cannot handle never takes the article down
            facts.failed_sentences.append(sent.index)
            continue
        facts.quotes.extend(quotes)
        base = len(raw_events)
        for ev in events:
            if ev.theme is not None:
                ev = replace(ev, theme=ev.theme + base)
            raw_events.append(ev)
        reported = bool(quotes) or any(t.text in _konjunktiv() for t in toks)
        persons = [t.ent for t in toks if t.ent and t.etype == "person" and not t.in_quote]
        if persons and not reported:
            ctx.last_person = persons[0]
        ctx.prev_persons = tuple(dict.fromkeys(persons))
    merged = _merge_events(raw_events)
    merged = _section_agreements(ctx, sentences, merged)
    facts.events = _drop_empty(merged)
    facts.relations = _relations(res)
    return facts


def _compatible(a: EventClaim, b: EventClaim, events: Sequence[EventClaim] = ()) -> bool:
    if a.type != b.type:
        return False
    if a.place and b.place and a.place != b.place:
        return False
    if a.time_value and b.time_value and a.time_value != b.time_value:
        return False
    if a.time_text and b.time_text and a.time_text != b.time_text and a.type != "Meeting":
        return False
    if a.modality != b.modality:
        return False
    if a.type != "Meeting" and (a.time_text is None) != (b.time_text is None) and \
            min(abs(x - y) for x in a.sentences for y in b.sentences) > 1:
        return False  # "ist zurückgekehrt" and, later, "im September war er zurückgekehrt": two returns
    pa, pb = set(a.participants), set(b.participants)
    if (not pa or not pb) and a.type != "Meeting" and min(abs(x - y) for x in a.sentences for y in b.sentences) > 3:
        return False  # nothing ties them together but the word
    if a.type in ("Agreement", "Defend", "Criticize", "Reject", "Demand", "Appeal", "Praise", "Threaten"):
        if not (set(a.agents) & set(b.agents)):
            return False
        ta = events[a.theme].type if a.theme is not None and a.theme < len(events) else None
        tb = events[b.theme].type if b.theme is not None and b.theme < len(events) else None
        if ta or tb:
            if ta != tb:
                return False
            xa, xb = events[a.theme].topic, events[b.theme].topic
            return not (xa and xb and not _topic_overlap(xa, xb))
        return _topic_overlap(a.topic, b.topic)
    if a.type in ("Meeting", "Negotiate", "Detain", "TakeOffice", "Stay", "Attack"):
        if a.topic and b.topic and not _topic_overlap(a.topic, b.topic):
            return False
        if a.type == "Meeting":
            if (a.time_text is None) != (b.time_text is None) and min(abs(x - y) for x in a.sentences for y in b.sentences) > 3:
                return False  # a bare "Sitzung" early on and, far later, a dated one ("1993"): two meetings
            return bool(pa & pb) or not pa or not pb
        # attacks, arrests, …: several of them are often reported side by side; one report only when
        # a participant is shared, or the place is the same, or the next sentence adds to a bare mention
        if pa & pb:
            return True
        if a.place and b.place:
            return a.place == b.place and (not pa or not pb)
        near = min(abs(x - y) for x in a.sentences for y in b.sentences) <= 1
        same_word = a.trigger.casefold()[:5] == b.trigger.casefold()[:5]
        return near and same_word and (not pa or not pb) and not (a.place and b.place)
    return bool(set(a.agents) & set(b.agents)) and (set(a.patients) == set(b.patients) or not a.patients or not b.patients)


def _merge_events(events: list[EventClaim]) -> list[EventClaim]:
    """One event per (type, compatible participants/place) within an article; themes re-pointed."""
    merged: list[EventClaim] = []
    mapping: dict[int, int] = {}
    for i, ev in enumerate(events):
        target = None
        for j in range(len(merged) - 1, -1, -1):  # the most recent compatible event
            m = merged[j]
            if m.theme is not None and ev.theme is not None and mapping.get(m.theme) != mapping.get(ev.theme):
                continue  # about different things
            if _compatible(m, ev, events):
                target = j
                break
        if target is None:
            mapping[i] = len(merged)
            merged.append(ev)
            continue
        mapping[i] = target
        m = merged[target]
        merged[target] = replace(
            m,
            sentences=tuple(sorted(set(m.sentences) | set(ev.sentences))),
            agents=tuple(dict.fromkeys((*m.agents, *ev.agents))),
            patients=tuple(dict.fromkeys((*m.patients, *ev.patients))),
            participants=tuple(dict.fromkeys((*m.participants, *ev.participants))),
            place=m.place or ev.place,
            time_text=m.time_text or ev.time_text,
            time_value=m.time_value or ev.time_value,
            duration=m.duration or ev.duration,
            topic=m.topic or ev.topic,
            theme=m.theme if m.theme is not None else ev.theme,
            modality=m.modality if m.modality == ev.modality else ("asserted" if "asserted" in (m.modality, ev.modality) else m.modality),
        )
    out = []
    for ev in merged:
        if ev.theme is not None:
            ev = replace(ev, theme=mapping.get(ev.theme))
        if set(ev.patients) & set(ev.agents):
            ev = replace(ev, patients=tuple(p for p in ev.patients if p not in ev.agents))
        out.append(ev)
    return out


def _drop_empty(events: list[EventClaim]) -> list[EventClaim]:
    """Drop events with nothing to say (no participant, place, time, topic) unless another event is about them;
    statements are kept only as themes (quotations carry what was said)."""
    used = {ev.theme for ev in events if ev.theme is not None}
    keep = [
        i for i, ev in enumerate(events)
        if i in used
        or (ev.type == "Agreement" and (ev.theme is not None or (ev.topic and not _vague(ev.topic))))
        or (ev.type not in ("Statement", "Agreement", "Event") and (ev.participants or ev.place or ev.time_text or ev.topic))
    ]
    remap = {old: new for new, old in enumerate(keep)}
    final = []
    for i in keep:
        ev = events[i]
        if ev.theme is not None:
            ev = replace(ev, theme=remap.get(ev.theme))
        if ev.theme is not None and ev.theme == remap.get(i):
            ev = replace(ev, theme=None)
        final.append(ev)
    return final


_INTRO_AGREE = frozenset({"Agreement"})


def _section_agreements(ctx: _Ctx, sentences: Sequence[Sentence], events: list[EventClaim]) -> list[EventClaim]:
    """'Das haben X und Y verabredet' / 'Bei drei Themen … Annäherung erreicht:' introduces a list of agreed items.

    Each item of the section that follows (a bullet, or a paragraph up to the next
    headline) contributes its first planned or nominal event as the topic of an
    agreement between the intro's parties.
    """
    def _announces(e: EventClaim) -> bool:
        # "Das haben X und Y vereinbart", "… erreicht:": a sentence that points at what follows
        sent = sentences[max(e.sentences)]
        words = ctx.text[sent.start:sent.end].split()
        return bool(words) and (words[0] in ("Das", "Dies", "Darauf", "Folgendes") or ctx.text[sent.end - 1] == ":")

    intros = [
        e for e in events
        if (e.type in _INTRO_AGREE and e.theme is None and ((not e.topic and _announces(e)) or (e.topic and _vague(e.topic))))
        or (e.type in ("Agreement", "Cooperate") and ctx.text[sentences[max(e.sentences)].end - 1] == ":")
    ]
    if not intros:
        return events
    result = list(events)
    for intro in intros:
        s0 = max(intro.sentences)
        # section: following sentences until the next headline
        items: list[list[int]] = []
        current: list[int] = []
        last_end = None
        for sent in sentences[s0 + 1:]:
            if sent.kind == "headline":
                break
            if sent.kind == "furniture":
                continue
            gap = ctx.text[last_end:sent.start] if last_end is not None else ""
            if current and "\n" in gap:  # a new line starts a new item (bullet or paragraph)
                items.append(current)
                current = []
            current.append(sent.index)
            last_end = sent.end
        if current:
            items.append(current)
        if not items:
            continue
        parties = intro.agents or intro.participants
        explicit = {sx for e in result if e.type == "Agreement" and e is not intro for sx in e.sentences}
        for item in items[:6]:
            if explicit & set(item):
                continue  # the item states its own agreement
            cands = [
                (i, e) for i, e in enumerate(result)
                if min(e.sentences) in item and e.type not in ("Agreement", "Statement")
                and (e.modality == "planned" or _is_heading_sentence(ctx, sentences[min(e.sentences)]))
            ]
            if not cands:
                continue
            i, e = cands[0]
            if e.modality == "asserted":
                result[i] = replace(e, modality="planned")
            result.append(EventClaim(
                type="Agreement", trigger=intro.trigger, sentences=tuple(sorted({*intro.sentences, *e.sentences})),
                agents=parties, participants=parties, modality="asserted", topic=None, theme=i,
                start=intro.start, end=intro.end,
            ))
    # the vague intro itself carries no topic: drop it if it produced items
    out = []
    for idx, e in enumerate(result):
        if e in intros and any(r.type == "Agreement" and r.trigger == e.trigger and r.theme is not None for r in result):
            out.append(None)
        else:
            out.append(e)
    remap, final = {}, []
    for idx, e in enumerate(out):
        if e is not None:
            remap[idx] = len(final)
            final.append(e)
    return [replace(e, theme=remap.get(e.theme)) if e.theme is not None else e for e in final]


def _vague(topic: str) -> bool:
    return topic.casefold().split()[0] in ("das", "dies", "was", "drei", "zwei", "vier", "themen", "bei") if topic else True


def _is_heading_sentence(ctx: _Ctx, sent: Sentence) -> bool:
    words = ctx.text[sent.start:sent.end].split()
    return len(words) <= 7


def _relations(res: Resolution) -> list[RelationClaim]:
    out: list[RelationClaim] = []
    seen: set[tuple[str, str, str]] = set()
    for p in res.posts:
        if not p.scope:
            continue
        if p.scope.startswith("country:") and (p.role_class or "") in (
            "head_of_state", "head_of_government", "minister", "diplomat", "deputy", "military", "party", "opposition"
        ):
            rel = (p.person, "nationality", p.scope)
        elif p.scope.startswith("org:"):
            rel = (p.person, "affiliation", p.scope)
        else:
            continue
        if rel in seen:
            continue
        seen.add(rel)
        out.append(RelationClaim(rel[0], rel[1], rel[2], p.sentence))
    return out
