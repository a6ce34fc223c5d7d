#!/usr/bin/env python3
"""Position recall: kg's PostClaims against SmartData v3 OrganizationLeadership gold (dev split).

Data
----
Reads ``../shared/eval/smartdata/v3_dev.json.gz`` relative to the repository
root (DFKI SmartData v3 dev: 228 news/RSS/tweet documents; a gzip of
concatenated JSON objects).  When it is absent the script prints one
``skipped: … not found`` line and exits 0.  No text of the data is written to
the repository.

Gold
----
* **relations**: every ``relationMentions`` entry named ``OrganizationLeadership``
  with a ``person`` and a ``position`` argument (the ``organization`` argument is
  not scored).  Identical (person span, position span) pairs count once.
* **+ position mentions** (secondary, larger): in addition, every
  ``ORG_POSITION`` concept mention paired with the nearest ``PERSON`` concept
  mention of the same sentence (by character distance, at most 60 characters
  away), when that pair is not already a relation.  SmartData annotates
  "Intel-Chef Brian Krzanich" as a position mention without a relation.

Scoring
-------
A gold pair is *found* when kg has a PostClaim whose person entity is linked
(``.links`` / ``.references``) from a kg mention overlapping the gold person
span, and whose role matches the gold position text: kg's role lemma
(``PostClaim.role``), canonical role or surface, lower-cased, is contained in
the gold position string or contains it ("Zentralbankchef" ⊇ "chef").  Two
diagnostic columns say where the chain breaks: the gold person is overlapped
by a kg person mention; the gold position is overlapped by a kg role mention.

Secondary figures: kg posts per document, by document source (news/rss/tweet).

Usage::

    .venv/bin/python bench/position_eval.py [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _evalcommon import fmt, import_kg, md_table, mention_keys, require, smartdata_docs, write_result  # noqa: E402

MAX_PAIR_DIST = 60


def gold_pairs(doc: dict) -> list[dict]:
    text = doc["text"]["string"]
    out, seen = [], set()
    for r in (doc.get("relationMentions") or {}).get("array") or []:
        if r.get("name") != "OrganizationLeadership":
            continue
        args = {a["role"]: a["conceptMention"]["span"] for a in r["args"]["array"]}
        if "person" not in args or "position" not in args:
            continue
        ps, qs = args["person"], args["position"]
        key = (ps["start"], ps["end"], qs["start"], qs["end"])
        if key in seen:
            continue
        seen.add(key)
        out.append({"src": "relation", "person": (ps["start"], ps["end"]), "position": (qs["start"], qs["end"]),
                    "position_text": text[qs["start"]:qs["end"]]})
    mentions = (doc.get("conceptMentions") or {}).get("array") or []
    sents = [(s["span"]["start"], s["span"]["end"]) for s in ((doc.get("sentences") or {}).get("array") or [])]

    def sent_of(pos: int) -> int:
        return next((i for i, (a, b) in enumerate(sents) if a <= pos < b), -1)

    persons = [m["span"] for m in mentions if m["type"] == "PERSON"]
    for m in mentions:
        if m["type"] != "ORG_POSITION":
            continue
        qs = m["span"]
        cands = []
        for p in persons:
            if sent_of(p["start"]) != sent_of(qs["start"]):
                continue
            dist = p["start"] - qs["end"] if p["start"] >= qs["end"] else qs["start"] - p["end"]
            if dist <= MAX_PAIR_DIST:
                cands.append((max(dist, 0), p["start"], p))
        if not cands:
            continue
        p = min(cands, key=lambda c: (c[0], c[1]))[2]
        key = (p["start"], p["end"], qs["start"], qs["end"])
        if key in seen:
            continue
        seen.add(key)
        out.append({"src": "position mention", "person": (p["start"], p["end"]), "position": (qs["start"], qs["end"]),
                    "position_text": text[qs["start"]:qs["end"]]})
    return out


def role_matches(post, gold_text: str) -> bool:
    g = gold_text.lower().strip()
    for cand in (post.role, post.canonical, post.surface):
        c = (cand or "").lower().strip()
        if c and (c in g or g in c):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, help="only the first N documents (file order)")
    args = ap.parse_args(argv)
    path = require("smartdata/v3_dev.json.gz")
    if path is None:
        return 0
    analyse_text = import_kg()
    if analyse_text is None:
        return 0
    docs = smartdata_docs(path)
    if args.limit is not None:
        docs = docs[: args.limit]

    counts = {"relation": [0, 0, 0, 0], "position mention": [0, 0, 0, 0]}  # n, person mention, role mention, found
    posts_by_src: Counter = Counter()
    docs_by_src: Counter = Counter()
    role_mentions_by_src: Counter = Counter()
    misses = Counter()
    t0 = time.perf_counter()
    for doc in docs:
        text = doc["text"]["string"]
        src = ((doc.get("refids") or {}).get("map") or {}).get("source") or "?"
        date = ((doc.get("date") or {}).get("string") or "")[:10] or None
        an = analyse_text(text, str(doc.get("id", "smartdata")), date=date)
        docs_by_src[src] += 1
        posts_by_src[src] += len(an.resolution.posts)
        role_mentions_by_src[src] += sum(1 for m in an.mentions if m.type == "role")
        keys = mention_keys(an)
        for g in gold_pairs(doc):
            ps, pe = g["person"]
            qs, qe = g["position"]
            pkeys = set()
            person_mention = False
            for i, m in enumerate(an.mentions):
                if m.start < pe and ps < m.end:
                    if m.type == "person":
                        person_mention = True
                    pkeys |= {k for k in keys.get(i, ()) if k.startswith("person:")}
            role_mention = any(m.type == "role" and m.start < qe and qs < m.end for m in an.mentions)
            found = any(p.person in pkeys and role_matches(p, g["position_text"]) for p in an.resolution.posts)
            c = counts[g["src"]]
            c[0] += 1
            c[1] += person_mention
            c[2] += role_mention
            c[3] += found
            if not found:
                why = "no kg person mention" if not person_mention else "no kg role mention" if not role_mention else "mentions but no matching post"
                misses[why] += 1
    secs = time.perf_counter() - t0
    print(f"kg analysis: {secs:.1f} s", file=sys.stderr)

    rows = []
    tot = [0, 0, 0, 0]
    for src, c in counts.items():
        tot = [a + b for a, b in zip(tot, c)]
    for name, c in (("OrganizationLeadership relations", counts["relation"]),
                    ("ORG_POSITION + nearest PERSON (extra)", counts["position mention"]),
                    ("all", tot)):
        n = c[0]
        r = (lambda x: fmt(x / n)) if n else (lambda x: "—")
        rows.append([name, n, f"{c[1]} ({r(c[1])})", f"{c[2]} ({r(c[2])})", c[3], r(c[3])])
    table = md_table(["gold pairs", "n", "person mention", "role mention", "found (post)", "recall"], rows)
    rows2 = []
    for src in sorted(docs_by_src):
        d = docs_by_src[src]
        rows2.append([src, d, posts_by_src[src], fmt(posts_by_src[src] / d), role_mentions_by_src[src]])
    d = sum(docs_by_src.values())
    rows2.append(["all", d, sum(posts_by_src.values()), fmt(sum(posts_by_src.values()) / d) if d else "—", sum(role_mentions_by_src.values())])
    table2 = md_table(["source", "documents", "kg posts", "posts / document", "kg role mentions"], rows2)
    md = [
        "# Position recall — SmartData v3 dev (kg PostClaims)",
        "",
        f"Data: `../shared/eval/smartdata/v3_dev.json.gz`, {len(docs)} documents{' (--limit)' if args.limit else ''}. "
        "Generated by `bench/position_eval.py` (method in its docstring).",
        "",
        "Found: a kg PostClaim whose person is linked from a kg mention overlapping the gold person, and whose role "
        "lemma/canonical/surface and the gold position text contain one another (case-insensitive). The gold is small "
        "(SmartData dev has 10 OrganizationLeadership relations): read the recall with its count.",
        "",
        table,
        "",
        "Misses: " + (", ".join(f"{k} {v}" for k, v in sorted(misses.items(), key=lambda x: (-x[1], x[0]))) or "none") + ".",
        "",
        table2,
    ]
    write_result("position_eval.md", "\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main())
