#!/usr/bin/env python3
"""Quotation attribution: kg's QuoteClaims against the German Wikinews quotation gold (dev split).

Data
----
Reads ``../shared/eval/wikinews/dev/*.json`` relative to the repository root
(150 articles; uhh-lt/german-news-quotation-attribution-2024) and the article
dates from ``../shared/eval/wikinews/plaintext.jsonl`` (else from the names in
``index.tsv``).  When ``../shared/eval/wikinews/dev`` is absent it prints one
``skipped: … not found`` line and exits 0.  Nothing of the data is copied into
the repository except the error excerpts in ``bench/results/quote_errors.md``
(short sentence excerpts for diagnosis, regenerated on every run).

kg is run on each article's ``originalText`` with ``date=`` the article date.

Kinds
-----
* **direct** = gold ``Direct``; kg kind ``direct``.
* **indirect** = gold ``Indirect`` + ``IndirectFreeIndirect``; kg kind
  ``indirect``.  IndirectFreeIndirect is reported speech in Konjunktiv without
  its own cue that continues an earlier attribution ("Dies sei eindeutig
  nachzuweisen gewesen."), which is exactly what kg's "a run of Konjunktiv
  sentences after a cue keeps the speaker" produces; the table also gives the
  recall of the two gold types separately.
* ``FreeIndirect`` and ``Reported`` are outside kg's kinds: they are reported as
  recall only (matched by a kg quote of either kind), and a kg quote whose only
  span match is such an annotation is *neutral*: it is left out of precision
  (neither true nor false positive).

Matching
--------
* Spans: every gold quote span (a list of ``charBegin``/``charEnd`` pieces) and
  every kg span (``start``/``end``) is trimmed of surrounding whitespace and
  quotation marks (gold Direct spans include „ “, kg's do not); a span is the
  set of character offsets it covers (gold: the union of its pieces).
* overlap(pred, gold) = |pred ∩ gold| / |gold|  (characters, share of the gold span).
  A pred and a gold of the same kind are a *span match* when overlap ≥ 0.5.
* One-to-one: true positives are a maximum bipartite matching of preds and
  golds over the span-match pairs (so a kg quote counts once even if it covers
  two gold quotes, and two kg quotes cannot both claim one gold quote).
* *Correct* (span + speaker) is the same matching over the pairs whose speaker
  is also right.  The speaker is right when one of the gold speaker's head
  words (``_evalcommon.speaker_heads``: the phrase split at commas and
  parentheses, nominal complements such as "des Ministeriums" cut off, last
  capitalised word of each part: "Bundeskanzlerin Angela Merkel (CDU)" ->
  Merkel) is overlapped by a kg mention that links (``.links`` or
  ``.references``) to the predicted speaker's entity key, or the head word is a
  word of that entity's key, label or forms.
  - A gold speaker that only points back (a pronoun such as "er", "Sie", or
    "ihrer Meinung") stands for one of the two nearest preceding distinct
    non-pronoun gold speakers of the same article (the gold has no
    coreference): kg's speaker is right when it matches either.
  - A gold quote without speaker span (or a pronoun with no antecedent) has
    no speaker to check: its span match counts as correct.

Outputs
-------
``bench/results/quote_eval.md`` (the table) and ``bench/results/quote_errors.md``
(the first ``--errors`` errors, default 40, plus counts of automatic error
categories over all errors).

Usage::

    .venv/bin/python bench/quote_eval.py [--limit N] [--errors 40]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _evalcommon import (  # noqa: E402
    clip,
    entity_words,
    fmt,
    import_kg,
    is_pronoun_phrase,
    keys_over,
    max_matching,
    md_table,
    mention_keys,
    prf,
    require,
    speaker_heads,
    wikinews_dates,
    wikinews_docs,
    write_result,
)

KIND_OF = {"Direct": "direct", "Indirect": "indirect", "IndirectFreeIndirect": "indirect", "FreeIndirect": "out", "Reported": "out"}
QUOTE_CHARS = "„“”\"»«‚‘’'‹› \t\n\r"
TARGETS = {"direct": 0.80, "indirect": 0.60}


@dataclass
class Gold:
    idx: int
    type: str
    kind: str
    chars: frozenset[int]
    start: int
    end: int
    speaker_text: str
    speaker_spans: list[tuple[int, int]]
    eff_speaker_spans: list[list[tuple[int, int]]]  # alternatives (pronoun antecedents), [] = nothing to check
    cue: str
    nested: bool
    quote_pieces: int


@dataclass
class Pred:
    idx: int
    kind: str
    chars: frozenset[int]
    start: int
    end: int
    speaker: str | None
    cue: str | None
    text: str
    speaker_text: str | None = None


@dataclass
class DocResult:
    doc_id: str
    text: str
    an: object
    golds: list[Gold]
    preds: list[Pred]
    span_match: dict[str, dict[int, int]] = field(default_factory=dict)  # kind -> pred idx -> gold idx
    spk_match: dict[str, dict[int, int]] = field(default_factory=dict)
    neutral: set[int] = field(default_factory=set)
    speaker_ok: dict[tuple[int, int], bool] = field(default_factory=dict)


def trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in QUOTE_CHARS:
        s += 1
    while e > s and text[e - 1] in QUOTE_CHARS:
        e -= 1
    return s, e


def read_gold(doc: dict) -> list[Gold]:
    text = doc["originalText"]
    anns = sorted(doc["annotations"], key=lambda a: (min((s["charBegin"] for s in a["quote"]["spans"]), default=0), a["id"]))
    golds: list[Gold] = []
    # speakers in text order, for pronoun antecedents
    named: list[tuple[int, list[tuple[int, int]]]] = []
    for a in anns:
        sp = [(s["charBegin"], s["charEnd"]) for s in a["speaker"]["spans"]]
        if sp and not is_pronoun_phrase(a["speaker"]["text"]):
            named.append((min(s for s, _ in sp), sp))
    named.sort(key=lambda x: x[0])
    for i, a in enumerate(anns):
        chars: set[int] = set()
        for s in a["quote"]["spans"]:
            b, e = trimmed(text, s["charBegin"], s["charEnd"])
            chars.update(range(b, e))
        if not chars:
            continue
        sp = [(s["charBegin"], s["charEnd"]) for s in a["speaker"]["spans"]]
        eff = [sp] if sp else []
        if sp and is_pronoun_phrase(a["speaker"]["text"]):
            at = min(s for s, _ in sp)
            eff, seen = [], set()
            for _pos, spans in reversed([x for x in named if x[0] < at]):
                name = " ".join(text[s:e] for s, e in spans)
                if name not in seen:
                    seen.add(name)
                    eff.append(spans)
                if len(eff) == 2:
                    break
        golds.append(
            Gold(
                idx=len(golds), type=a["type"], kind=KIND_OF.get(a["type"], "out"), chars=frozenset(chars),
                start=min(chars), end=max(chars) + 1, speaker_text=a["speaker"]["text"], speaker_spans=sp,
                eff_speaker_spans=eff, cue=a["cue"]["text"], nested=bool(a.get("isNested") or a.get("hasNested")),
                quote_pieces=len(a["quote"]["spans"]),
            )
        )
    return golds


def read_preds(an, text: str) -> list[Pred]:
    out = []
    for q in sorted(an.facts.quotes, key=lambda q: (q.start, q.end, q.kind)):
        b, e = trimmed(text, q.start, q.end)
        if e <= b:
            continue
        out.append(Pred(len(out), q.kind, frozenset(range(b, e)), b, e, q.speaker, q.cue, q.text,
                        getattr(q, "speaker_text", None)))
    return out


def overlap(p: Pred, g: Gold) -> float:
    if p.end <= g.start or g.end <= p.start:
        return 0.0
    return len(p.chars & g.chars) / len(g.chars)


def speaker_right(an, keys, text: str, pred_key: str | None, g: Gold, speaker_text: str | None = None) -> bool:
    """Is kg's speaker right?  A quote whose speaker is not an entity ("die Polizei",
    "der Staatsanwalt") carries the speaker's words (``speaker_text``): it is right
    when they contain the gold speaker's head word."""
    if not g.eff_speaker_spans:
        return True  # nothing to check
    if pred_key is None:
        if not speaker_text:
            return False
        # whole words and their hyphen parts ("UN-Mitarbeiter" is both one head word and "UN", "Mitarbeiter"),
        # the same tokenisation as ``entity_words``
        said = {w.lower() for w in re.findall(r"[\w][\w.+'’-]*", speaker_text)} | {w.lower() for w in re.findall(r"\w+", speaker_text)}
        return any(w.lower() in said for spans in g.eff_speaker_spans for _, _, w in speaker_heads(text, spans))
    words = entity_words(an, pred_key)
    for spans in g.eff_speaker_spans:
        for hs, he, w in speaker_heads(text, spans):
            if pred_key in keys_over(an, hs, he, keys):
                return True
            if w.lower() in words:
                return True
    return False


def evaluate_doc(an, doc_id: str, doc: dict) -> DocResult:
    text = doc["originalText"]
    golds = read_gold(doc)
    preds = read_preds(an, text)
    r = DocResult(doc_id, text, an, golds, preds)
    keys = mention_keys(an)
    for kind in ("direct", "indirect"):
        ps = [p for p in preds if p.kind == kind]
        gs = [g for g in golds if g.kind == kind]
        e_span: dict[int, list[int]] = {}
        e_spk: dict[int, list[int]] = {}
        for pi, p in enumerate(ps):
            cands = sorted(((overlap(p, g), gi) for gi, g in enumerate(gs)), key=lambda x: (-x[0], x[1]))
            cands = [(o, gi) for o, gi in cands if o >= 0.5]
            e_span[pi] = [gi for _, gi in cands]
            ok = []
            for _, gi in cands:
                right = speaker_right(an, keys, text, p.speaker, gs[gi], p.speaker_text)
                r.speaker_ok[(p.idx, gs[gi].idx)] = right
                if right:
                    ok.append(gi)
            e_spk[pi] = ok
        m1 = max_matching(e_span, len(ps))
        m2 = max_matching(e_spk, len(ps))
        r.span_match[kind] = {ps[pi].idx: gs[gi].idx for pi, gi in m1.items()}
        r.spk_match[kind] = {ps[pi].idx: gs[gi].idx for pi, gi in m2.items()}
        for pi, p in enumerate(ps):
            if not e_span[pi] and any(overlap(p, g) >= 0.5 for g in golds if g.kind == "out"):
                r.neutral.add(p.idx)
    return r


# --------------------------------------------------------------------------- error analysis


def sentence_span(an, start: int, end: int) -> tuple[int, int]:
    ss = [s for s in an.sentences if s.start < end and start < s.end]
    if not ss:
        return start, end
    return ss[0].start, ss[-1].end


def n_sentences(an, start: int, end: int) -> int:
    return len([s for s in an.sentences if s.start < end and start < s.end])


def _lex():
    try:
        from kg import lexicon

        cues = set(lexicon.table("cues.tsv", "form", "lemma"))
        konj = set(lexicon.wordlist("konjunktiv.txt"))
    except Exception:
        cues, konj = set(), set()
    return cues, konj


def speaker_label(an, key: str | None) -> str:
    if key is None:
        return "—"
    ent = an.resolution.entities.get(key)
    return f"{ent.label} ({key})" if ent else key


def gold_speaker_category(r: DocResult, g: Gold) -> str:
    """What the gold speaker is, seen from kg's mentions."""
    if not g.speaker_spans:
        return "no gold speaker"
    if is_pronoun_phrase(g.speaker_text):
        return "speaker is a pronoun"
    an = r.an
    heads = speaker_heads(r.text, g.speaker_spans)
    keys = mention_keys(an)
    types = set()
    linked = set()
    for hs, he, _ in heads:
        for i, m in enumerate(an.mentions):
            if m.start < he and hs < m.end:
                types.add(m.type)
                linked |= keys.get(i, set())
    if any(k.startswith("person:") for k in linked):
        return "speaker is a kg person"
    if any(k.startswith(("org:", "country:")) for k in linked):
        return "speaker is a kg organisation/country"
    if "role" in types:
        return "speaker is a bare role noun (not linked to a person)"
    if types:
        return "speaker is a kg mention of another type"
    return "speaker is not a kg mention (noun phrase, source, unknown name)"


def miss_category(r: DocResult, g: Gold, cues: set[str], konj: set[str]) -> list[str]:
    cats = []
    touching = [p for p in r.preds if p.end > g.start and g.end > p.start]
    if any(overlap(p, g) >= 0.5 and p.kind == g.kind for p in touching):
        cats.append("found, speaker wrong")
    elif any(overlap(p, g) >= 0.5 for p in touching):
        cats.append("found with the other kind")
    elif touching:
        cats.append("partly found (< 50 % of the gold span)")
    else:
        cats.append("not found at all")
    cats.append(gold_speaker_category(r, g))
    if g.cue:
        if not any(w in cues or w.lower() == "so" for w in re.findall(r"\w+", g.cue)):
            cats.append("cue not in kg's cue lexicon")
    else:
        cats.append("no cue (continuation)")
    if n_sentences(r.an, g.start, g.end) > 1:
        cats.append("quote spans several kg sentences")
    if g.nested:
        cats.append("nested quote")
    if g.kind == "indirect":
        s0, s1 = sentence_span(r.an, g.start, g.end)
        words = set(re.findall(r"\w+", r.text[s0:s1]))
        if not words & konj:
            cats.append("no Konjunktiv word in the sentence")
        if re.search(r"\bdass\b", r.text[g.start:g.end][:40]) or re.search(r",\s*dass\b", r.text[s0:s1]):
            cats.append("dass-clause")
    return cats


def fp_category(r: DocResult, p: Pred) -> list[str]:
    golds = r.golds
    same = [g for g in golds if g.kind == p.kind and overlap(p, g) >= 0.5]
    if same:
        return ["span right, speaker wrong"]
    other = [g for g in golds if g.kind not in (p.kind, "out") and overlap(p, g) >= 0.5]
    if other:
        return [f"kind confusion (gold {other[0].type})"]
    touching = [g for g in golds if g.end > p.start and p.end > g.start]
    if touching:
        cover = max(len(p.chars & g.chars) / len(g.chars) for g in touching)
        return [f"span boundary (best overlap {cover:.0%})"]
    cats = ["no gold quote there"]
    if p.kind == "direct" and len(p.text.split()) <= 4:
        cats.append("short quoted phrase (title/scare quote)")
    return cats


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, help="only the first N articles (by id)")
    ap.add_argument("--errors", type=int, default=40, help="errors to list in quote_errors.md (default 40)")
    args = ap.parse_args(argv)

    base_dev = require("wikinews/dev")
    if base_dev is None:
        return 0
    base = base_dev.parent.parent
    analyse_text = import_kg()
    if analyse_text is None:
        return 0
    dates = wikinews_dates(base)
    docs = wikinews_docs(base, args.limit)

    t0 = time.perf_counter()
    results: list[DocResult] = []
    for doc_id, doc in docs:
        an = analyse_text(doc["originalText"], f"wikinews/dev/{doc_id}.json", date=dates.get(doc_id))
        results.append(evaluate_doc(an, doc_id, doc))
    secs = time.perf_counter() - t0
    print(f"kg analysis: {secs:.1f} s", file=sys.stderr)

    rows = []
    summary = {}
    for kind in ("direct", "indirect"):
        n_gold = sum(1 for r in results for g in r.golds if g.kind == kind)
        n_pred_all = sum(1 for r in results for p in r.preds if p.kind == kind)
        n_neutral = sum(1 for r in results for p in r.preds if p.kind == kind and p.idx in r.neutral)
        n_pred = n_pred_all - n_neutral
        tp1 = sum(len(r.span_match[kind]) for r in results)
        tp2 = sum(len(r.spk_match[kind]) for r in results)
        p1, r1, f1 = prf(tp1, n_pred, n_gold)
        p2, r2, f2 = prf(tp2, n_pred, n_gold)
        summary[kind] = f2
        rows.append([kind, n_gold, n_pred_all, n_neutral, tp1, fmt(p1), fmt(r1), fmt(f1), tp2, fmt(p2), fmt(r2), fmt(f2)])
    table1 = md_table(
        ["kind", "gold", "kg", "kg neutral", "TP span", "P span", "R span", "F1 span", "TP +speaker", "P +speaker", "R +speaker", "F1 +speaker"],
        rows,
    )

    # recall by gold type
    rows2 = []
    for typ in ("Direct", "Indirect", "IndirectFreeIndirect", "FreeIndirect", "Reported"):
        n = found = right = 0
        for r in results:
            matched_span = {g for m in r.span_match.values() for g in m.values()}
            matched_spk = {g for m in r.spk_match.values() for g in m.values()}
            keys = mention_keys(r.an)
            for g in r.golds:
                if g.type != typ:
                    continue
                n += 1
                if g.kind == "out":
                    cands = [p for p in r.preds if overlap(p, g) >= 0.5]
                    found += bool(cands)
                    right += any(speaker_right(r.an, keys, r.text, p.speaker, g, p.speaker_text) for p in cands)
                else:
                    found += g.idx in matched_span
                    right += g.idx in matched_spk
        rows2.append([typ, KIND_OF[typ] if KIND_OF[typ] != "out" else "recall only (any kg kind)", n, found, fmt(found / n if n else 0), right, fmt(right / n if n else 0)])
    table2 = md_table(["gold type", "scored as", "gold", "found", "R span", "+speaker", "R +speaker"], rows2)

    # speaker-check coverage
    n_nospk = sum(1 for r in results for g in r.golds if g.kind != "out" and not g.speaker_spans)
    n_pron = sum(1 for r in results for g in r.golds if g.kind != "out" and g.speaker_spans and is_pronoun_phrase(g.speaker_text))
    n_pron_unres = sum(1 for r in results for g in r.golds if g.kind != "out" and g.speaker_spans and not g.eff_speaker_spans)
    n_unchecked_tp = sum(1 for r in results for m in r.spk_match.values() for gi in m.values() if not r.golds[gi].eff_speaker_spans)

    verdict = "; ".join(
        f"{k} F1 (+speaker) {fmt(summary[k])} {'≥' if summary[k] >= t else '<'} {t:.2f} target: {'PASS' if summary[k] >= t else 'FAIL'}"
        for k, t in TARGETS.items()
    )
    n_docs = len(results)
    md = [
        "# Quotation attribution — German Wikinews dev (kg QuoteClaims)",
        "",
        f"Data: `../shared/eval/wikinews/dev/*.json`, {n_docs} articles{' (--limit)' if args.limit else ''}. "
        "Generated by `bench/quote_eval.py` (method in its docstring).",
        "",
        "Span match: |kg ∩ gold| ≥ 50 % of the gold span (characters, quote marks trimmed), same kind, one-to-one. "
        "*+speaker*: also the speaker's head word is a kg mention linked to kg's speaker entity (or a word of its label/forms). "
        "indirect = gold Indirect + IndirectFreeIndirect. *kg neutral*: kg quotes matching only a FreeIndirect/Reported "
        "gold, left out of precision.",
        "",
        table1,
        "",
        "Recall by gold annotation type:",
        "",
        table2,
        "",
        f"Speaker check: {n_nospk} in-scope gold quotes have no speaker span (span match suffices); {n_pron} have a pronoun "
        f"speaker, matched against the two previous named gold speakers ({n_pron_unres} without one: span match suffices). "
        f"{n_unchecked_tp} of the +speaker true positives had no speaker to check.",
        "",
        f"**Targets:** {verdict}.",
    ]
    write_result("quote_eval.md", "\n".join(md))

    # ------------------------------------------------------------------ errors
    cues, konj = _lex()
    errors = []
    cat_count: Counter = Counter()
    fp_count: Counter = Counter()
    miss_count: Counter = Counter()
    for r in results:
        matched_pred = set()
        matched_gold = set()
        for kind in ("direct", "indirect"):
            matched_pred |= set(r.spk_match[kind])
            matched_gold |= set(r.spk_match[kind].values())
        for p in r.preds:
            if p.idx in matched_pred or p.idx in r.neutral:
                continue
            cats = fp_category(r, p)
            fp_count[f"{p.kind}: {cats[0].split(' (')[0]}"] += 1
            for c in cats:
                cat_count[("FP", p.kind, c.split(" (best")[0])] += 1
            gs = [g for g in r.golds if overlap(p, g) > 0]
            g = max(gs, key=lambda g: overlap(p, g)) if gs else None
            s0, s1 = sentence_span(r.an, p.start, p.end)
            errors.append((r.doc_id, p.start, "false positive", p.kind, r.text[s0:s1], g.speaker_text if g else "—",
                           speaker_label(r.an, p.speaker), p.cue or "—", "; ".join(cats), p.text))
        for g in r.golds:
            if g.kind == "out" or g.idx in matched_gold:
                continue
            cats = miss_category(r, g, cues, konj)
            miss_count[f"{g.kind}: {cats[0]}"] += 1
            for c in cats:
                cat_count[("miss", g.kind, c)] += 1
            ps = [p for p in r.preds if overlap(p, g) > 0]
            p = max(ps, key=lambda p: overlap(p, g)) if ps else None
            s0, s1 = sentence_span(r.an, g.start, g.end)
            errors.append((r.doc_id, g.start, "miss", f"{g.kind} ({g.type})", r.text[s0:s1], g.speaker_text or "—",
                           speaker_label(r.an, p.speaker) if p else "—", g.cue or "—", "; ".join(cats),
                           r.text[g.start:g.end]))
    errors.sort(key=lambda e: (int(e[0]) if e[0].isdigit() else 0, e[0], e[1], e[2]))
    shown = errors[: args.errors]
    lines = [
        "# Quotation errors — German Wikinews dev",
        "",
        "Generated by `bench/quote_eval.py` (do not edit). Short excerpts of German Wikinews articles (CC BY 2.5) "
        "with annotations of uhh-lt/german-news-quotation-attribution-2024 (CC BY-NC-SA 4.0), for diagnosis only; "
        "the data stay in `../shared/eval/`.",
        "",
        f"{len(errors)} errors in all (false positives: kg quotes without a correct match; misses: gold quotes without a correct match). "
        "Categories are assigned automatically and can overlap.",
        "",
        "## Errors by first category",
        "",
        md_table(["false positive", "count"], sorted(fp_count.items(), key=lambda x: (-x[1], x[0]))),
        "",
        md_table(["miss", "count"], sorted(miss_count.items(), key=lambda x: (-x[1], x[0]))),
        "",
        "## All category tags",
        "",
        md_table(["error", "kind", "category", "count"], [(a, b, c, n) for (a, b, c), n in sorted(cat_count.items(), key=lambda x: (x[0][0], x[0][1], -x[1], x[0][2]))]),
        "",
        f"## First {len(shown)} errors (by article id, offset)",
        "",
    ]
    for n, (doc_id, off, what, kind, sent, gspk, pspk, cue, cats, qtext) in enumerate(shown, 1):
        lines += [
            f"### {n}. {what} — {kind} — article {doc_id} @ {off}",
            "",
            f"- sentence: {clip(sent, 320)}",
            f"- quote: {clip(qtext, 160)}",
            f"- gold speaker: {gspk} · kg speaker: {pspk} · cue: {cue}",
            f"- categories: {cats}",
            "",
        ]
    write_result("quote_errors.md", "\n".join(lines), echo=False)
    print(f"\nwrote bench/results/quote_eval.md and bench/results/quote_errors.md ({len(errors)} errors, {len(shown)} listed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
