#!/usr/bin/env python3
"""Fact precision on a hand-judged sample of 10kGNAD news (International and Inland).

Data
----
Reads ``../shared/eval/10kgnad/test.csv`` relative to the repository root
(DER STANDARD articles; ``;``-separated, quotechar ``'``, no header, columns
label;text).  When it is absent the script prints one ``skipped: … not found``
line and exits 0.  The only eval text kept in the repository is the judged
sample ``bench/relations_judged.tsv`` (one sentence per row, ≤ 150 rows).

Sample
------
1. Articles: the records labelled ``International`` or ``Inland`` (``--labels``), in file
   order; every ``--every``-th of them (default 10), starting with the
   ``--offset``-th (0-based, default 3).  ``article_row`` is the 1-based
   record number in test.csv.  Offset 0 is the sample the session-1 event and
   quotation rules were developed on (``relations_judged_dev.tsv``), offsets
   1, 2, 7, 8, 9 were looked at while writing rules, offset 5 was judged once
   (``relations_judged_offset5.tsv``); offsets 3, 4 and 6 were judged while
   unseen and their errors then read (``relations_judged.tsv``,
   ``relations_judged_offset4.tsv``, ``relations_judged_offset6.tsv``, all on
   the final rules).  ``--labels Panorama,Wirtschaft --offset 0`` samples
   articles of labels no rule was written on (``relations_judged_unseen.tsv``,
   judged once on the frozen rules).
2. kg analyses each article (``analyse_text``, no date: 10kGNAD has none) and
   lists its facts in article order: posts (``resolution.posts``: person holds
   role of scope), events (``facts.events``: type, agents, patients, other
   participants, place, time, modality), quotations (``facts.quotes``:
   speaker, kind, first 80 characters).  Within an article: by sentence, then
   posts, events, quotes, then character offset.
3. ``--per-kind`` (default 40) evenly spaced facts of each kind (posts,
   events, quotations: indices ``floor(i * N_kind / 40)``), so a change to one
   kind does not reshuffle the others; with ``--per-kind 0``, ``--size``
   evenly spaced facts of the whole list.

Judging
-------
``bench/relations_judged.tsv`` holds the sample with a judgement per row
(columns ``article_row``, ``sentence``, ``fact``, ``judgement`` right|wrong,
``note``).  A fact is right when the sentence(s) support it as stated,
modality included; an event with a wrong agent, patient or place is wrong; a
post whose person or role or scope is wrong is wrong.

Given the judged file the script prints precision overall and per fact kind
(post / event / quote), and warns when the current sample differs from the
judged one (kg's facts changed since the judging): then the figures describe
the judged version, and the rows that still match are scored separately.

Usage::

    .venv/bin/python bench/relation_sample.py                      # precision from bench/relations_judged.tsv
    .venv/bin/python bench/relation_sample.py --sample-out s.tsv   # write the current sample, unjudged
    .venv/bin/python bench/relation_sample.py --limit 5            # quick: first 5 sampled articles only
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _evalcommon import ROOT, clip, fmt, import_kg, md_table, prf, require, write_result  # noqa: E402

LABELS = ("International", "Inland")
JUDGED = ROOT / "bench" / "relations_judged.tsv"
COLUMNS = ("article_row", "sentence", "fact", "judgement", "note")


def read_articles(path: Path, every: int, offset: int = 0, labels: tuple[str, ...] = LABELS) -> list[tuple[int, str, str]]:
    csv.field_size_limit(10**8)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";", quotechar="'"))
    chosen = [(i + 1, r[0], r[1]) for i, r in enumerate(rows) if len(r) >= 2 and r[0] in labels]
    return chosen[offset::every]


def _label(an, key: str | None) -> str:
    if not key:
        return "—"
    ent = an.resolution.entities.get(key)
    return ent.label if ent is not None and ent.label else key


def _labels(an, keys) -> str:
    return ", ".join(_label(an, k) for k in keys) if keys else "—"


def render_post(an, p) -> str:
    scope = f" of {_label(an, p.scope)}" if p.scope else ""
    loc = f" in {_label(an, p.location)}" if p.location else ""
    former = " (former)" if getattr(p, "former", False) else ""
    return f"post: {_label(an, p.person)} holds {p.role}{scope}{loc}{former} [“{p.surface}”]"


def render_event(an, e, events) -> str:
    parts = [f"event {e.type}"]
    if e.agents:
        parts.append(f"agent={_labels(an, e.agents)}")
    if e.patients:
        parts.append(f"patient={_labels(an, e.patients)}")
    others = [k for k in e.participants if k not in e.agents and k not in e.patients]
    if others:
        parts.append(f"with={_labels(an, others)}")
    if e.place:
        parts.append(f"place={_label(an, e.place)}")
    if e.time_text:
        parts.append(f"time={e.time_text}")
    if e.topic:
        parts.append(f"topic={e.topic}")
    if e.theme is not None and 0 <= e.theme < len(events):
        parts.append(f"theme={events[e.theme].type}")
    parts.append(f"modality={e.modality}")
    parts.append(f"[“{e.trigger}”]")
    if len(e.sentences) > 1:
        parts.append(f"(sentences {','.join(str(s) for s in e.sentences)})")
    return "; ".join(parts[:1]) + ": " + "; ".join(parts[1:])


def render_quote(an, q) -> str:
    cue = f" [{q.cue}]" if q.cue else ""
    # the speaker as the graph states it: the entity (kg:speaker), else only the words naming it (kg:speakerText)
    who = _label(an, q.speaker) if q.speaker else f"(text) {q.speaker_text}"
    return f"quote ({q.kind}): {who} — “{clip(q.text, 80)}”{cue}"


def article_facts(an) -> list[tuple[int, int, int, str]]:
    """(sentence index, kind order, offset, rendering) of every fact of one article."""
    out = []
    for p in an.resolution.posts:
        out.append((p.sentence, 0, p.start, render_post(an, p)))
    events = an.facts.events
    for e in events:
        s = e.sentences[0] if e.sentences else 0
        out.append((s, 1, e.start, render_event(an, e, events)))
    for q in an.facts.quotes:
        if q.speaker or q.speaker_text:  # the graph keeps no quotation without a speaker (kg/dataset.py)
            out.append((q.sentence, 2, q.start, render_quote(an, q)))
    out.sort(key=lambda x: (x[0], x[1], x[2], x[3]))
    return out


def sentence_text(an, idx: int) -> str:
    for s in an.sentences:
        if s.index == idx:
            return " ".join(s.text.split())
    return ""


def _spaced(items: list, size: int) -> list:
    n = len(items)
    return list(items) if n <= size else [items[(i * n) // size] for i in range(size)]


def build_sample(path: Path, every: int, size: int, limit: int | None, analyse_text, *, offset: int = 0,
                 per_kind: int = 0, labels: tuple[str, ...] = LABELS) -> list[dict]:
    facts = []
    arts = read_articles(path, every, offset, labels)
    if limit is not None:
        arts = arts[:limit]
    for row, _label_, text in arts:
        an = analyse_text(text, f"10kgnad/test.csv#{row}")
        for sidx, _k, _off, fact in article_facts(an):
            facts.append({"article_row": str(row), "sentence": sentence_text(an, sidx), "fact": fact})
    if not facts:
        return []
    n = len(facts)
    if per_kind:
        # the same number of each kind, evenly spaced within the kind, in article order
        chosen = set()
        for kind in ("post", "event", "quote"):
            idx = [i for i, f in enumerate(facts) if kind_of(f["fact"]) == kind]
            chosen.update(_spaced(idx, per_kind))
        picks = sorted(chosen)
    else:
        picks = _spaced(list(range(n)), size)
    sample = [facts[i] for i in picks]
    for f in sample:
        f["_total"] = n
    return sample


def kind_of(fact: str) -> str:
    return fact.split(":", 1)[0].split(" ", 1)[0]


def read_judged(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def write_tsv(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None, escapechar=None, lineterminator="\n")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([" ".join(str(r.get(c, "")).split()) for c in COLUMNS])


def precision_rows(rows: list[dict]) -> list[list]:
    out = []
    for kind in ("post", "event", "quote", "all"):
        sel = [r for r in rows if kind == "all" or kind_of(r["fact"]) == kind]
        n = len(sel)
        right = sum(1 for r in sel if r.get("judgement", "").strip() == "right")
        wrong = sum(1 for r in sel if r.get("judgement", "").strip() == "wrong")
        judged = right + wrong
        p, _, _ = prf(right, judged, judged)
        out.append([kind, n, right, wrong, fmt(p) if judged else "—"])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--every", type=int, default=10, help="every N-th International/Inland article (default 10)")
    ap.add_argument("--offset", type=int, default=3,
                    help="start at this International/Inland article (default 3: articles no rule was tuned on)")
    ap.add_argument("--size", type=int, default=120, help="sample size without --per-kind (default 120)")
    ap.add_argument("--per-kind", type=int, default=40,
                    help="sample this many posts, events and quotations each (default 40; 0: --size over all facts)")
    ap.add_argument("--limit", type=int, help="only the first N sampled articles (quick run; no comparison)")
    ap.add_argument("--judged", default=str(JUDGED), help="judged TSV (default bench/relations_judged.tsv)")
    ap.add_argument("--sample-out", help="write the current sample (unjudged) to this TSV and stop")
    ap.add_argument("--labels", default=",".join(LABELS),
                    help="comma-separated 10kGNAD labels to sample from (default International,Inland; other labels "
                         "give articles no rule was written on, e.g. Panorama,Wirtschaft)")
    args = ap.parse_args(argv)
    path = require("10kgnad/test.csv")
    if path is None:
        return 0
    analyse_text = import_kg()
    if analyse_text is None:
        return 0
    labels = tuple(x.strip() for x in args.labels.split(",") if x.strip())
    sample = build_sample(path, args.every, args.size, args.limit, analyse_text, offset=args.offset,
                          per_kind=args.per_kind, labels=labels)
    if args.sample_out:
        write_tsv(Path(args.sample_out), sample)
        total = sample[0]["_total"] if sample else 0
        print(f"wrote {len(sample)} sampled facts (of {total}) to {args.sample_out}")
        return 0

    n_arts = len({r["article_row"] for r in sample})
    total = sample[0]["_total"] if sample else 0
    md = [
        f"# Fact precision — hand-judged sample of 10kGNAD ({', '.join(labels)})",
        "",
        f"Data: `../shared/eval/10kgnad/test.csv`, every {args.every}-th {'/'.join(labels)} article from the "
        f"{args.offset}-th on ({n_arts} articles{' (--limit)' if args.limit else ''}); kg produced {total} facts, "
        + (f"{args.per_kind} evenly spaced facts of each kind (post, event, quote) are sampled"
           if args.per_kind else f"{len(sample)} evenly spaced ones are sampled")
        + f". Judgements: `{Path(args.judged).name}`. Generated by `bench/relation_sample.py`.",
        "",
    ]
    jpath = Path(args.judged)
    if not jpath.is_file():
        md.append(f"No judged file ({args.judged}): write the sample with `--sample-out`, judge it, save it there.")
        write_result("relation_sample.md", "\n".join(md))
        return 0
    judged = read_judged(jpath)
    md.append(md_table(["fact kind", "judged facts", "right", "wrong", "precision"], precision_rows(judged)))
    if args.limit is None:
        cur = [(r["article_row"], r["sentence"], r["fact"]) for r in sample]
        old = [(r["article_row"], r["sentence"], r["fact"]) for r in judged]
        if cur != old:
            cur_set = set(cur)
            still = [r for r in judged if (r["article_row"], r["sentence"], r["fact"]) in cur_set]
            md += [
                "",
                f"**Warning:** the current sample differs from the judged one ({len(old)} judged rows, {len(cur)} now, "
                f"{len(still)} judged rows still produced): kg's facts changed since the judging. The table above "
                "describes the judged version; the rows kg still produces score:",
                "",
                md_table(["fact kind", "judged facts", "right", "wrong", "precision"], precision_rows(still)),
                "",
                "Re-judge: `--sample-out new.tsv`, copy judgements of unchanged rows, judge the rest.",
            ]
            print("warning: sample no longer matches the judged file", file=sys.stderr)
        else:
            md += ["", "The current sample matches the judged file row for row."]
    wrongs = [r for r in judged if r.get("judgement", "").strip() == "wrong"]
    if wrongs:
        from collections import Counter

        cats = Counter((kind_of(r["fact"]), (r.get("note") or "").split(":", 1)[0].strip() or "?") for r in wrongs)
        md += ["", "Wrong facts by note category (text before the first colon of the note):", "",
               md_table(["fact kind", "category", "count"], [(a, b, n) for (a, b), n in sorted(cats.items(), key=lambda x: (x[0][0], -x[1], x[0][1]))])]
    write_result("relation_sample.md", "\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main())
