#!/usr/bin/env python3
"""Speaker recall: do kg's mentions cover the speakers of the German Wikinews quotation gold?

Data
----
Reads ``../shared/eval/wikinews/dev/*.json`` relative to the repository root
(and article dates from ``../shared/eval/wikinews/plaintext.jsonl``).  When
``../shared/eval/wikinews/dev`` is absent it prints one ``skipped: … not found``
line and exits 0.  No text of the data is written to the repository.

Method
------
For every gold quotation annotation (all five types) that has a speaker span,
the speaker's head tokens are taken (``_evalcommon.speaker_heads``: the phrase
split at commas and parentheses, nominal complements cut off, last capitalised
word of each part; a one-word span is its own head): "Bundeskanzlerin Angela
Merkel (CDU)" -> Merkel; "Der Vorsitzende der SPD, Kurt Beck" -> Vorsitzende,
Beck.  The speaker counts as *covered* when one head token lies inside a kg
mention (start ≤ head start, head end ≤ end) of type person or organisation.
Two laxer columns: *+ resolved role* also accepts a role word or "der
39-Jährige" that kg resolves to a person (``.references``, ``.age_references``)
or a mention linked to a person/organisation entity; *any mention* accepts a
kg mention of any type (a country or place included).

Groups (from the gold text alone, not from kg):
* pronoun — "er", "Sie", "ihrer Meinung" (nothing for a mention to cover; shown apart);
* role + name — a role word (``ROLE_RE``) before the last head: "Bundeskanzlerin
  Angela Merkel (CDU)", "Der Vorsitzende der SPD, Kurt Beck";
* bare role — the head itself is a role word: "Der Staatsanwalt";
* name / other — everything else (names, organisations, "Angaben", "Polizei").

Recall is per annotation; the last column counts distinct speaker spans once
(one speaker is often annotated on several quotes).

Usage::

    .venv/bin/python bench/speaker_eval.py [--limit N]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _evalcommon import (  # noqa: E402
    fmt,
    import_kg,
    is_pronoun_phrase,
    md_table,
    mention_keys,
    require,
    speaker_heads,
    wikinews_dates,
    wikinews_docs,
    write_result,
)

#: role and function nouns (stems, any inflection, feminine -in/-innen; compounds end in them)
ROLE_RE = re.compile(
    r"(?:präsident|minister|kanzler|chef|sprecher|vorsitzend|leiter|direktor|botschafter|sekretär|general|führer|"
    r"meister|abgeordnet|kommissar|richter|anwalt|trainer|manager|vorstand|gouverneur|premier|könig|papst|bischof|"
    r"experte|professor|forscher|wissenschaftler|analyst|aktivist|politiker|oberhaupt|beauftragt|senator|kandidat|"
    r"polizist|offizier|kommandeur|diplomat|korrespondent|journalist|ökonom|funktionär|gründer|vertreter|berater|"
    r"oberst|admiral|repräsentant|koordinator|ermittler|arzt|ärztin|kollege|nachfolger|vorgänger|inhaber|"
    r"gewerkschafter|eigentümer|unternehmer|intendant|mitarbeiter|beamte|dozent|historiker|jurist|staatschef|"
    r"regierungschef|oberbefehlshaber|generalsekretär|fraktionschef|parteichef|bundesrat|rat|sprecherin)"
    r"(?:in|innen|en|es|s|e|er|n|r)?$",
    re.IGNORECASE,
)


def is_role_word(w: str) -> bool:
    return bool(w[:1].isupper() and ROLE_RE.search(w))


def group_of(text: str, spans: list[tuple[int, int]], speaker_text: str, heads) -> str:
    if is_pronoun_phrase(speaker_text):
        return "pronoun"
    if not heads:
        return "name / other"
    words = re.findall(r"[\w][\w.+'’&-]*", re.sub(r"\([^)]*\)?", " ", speaker_text))
    last = heads[-1][2]
    if any(is_role_word(h[2]) for h in heads) and not all(is_role_word(h[2]) for h in heads):
        return "role + name"
    if is_role_word(last) and len(heads) == 1:
        return "bare role"
    if any(is_role_word(w) for w in words[:-1]) and not is_role_word(last):
        return "role + name"
    if all(is_role_word(h[2]) for h in heads):
        return "bare role"
    return "name / other"


def covered(an, keys, heads) -> tuple[bool, bool, bool]:
    strict = lax = anym = False
    age = list(getattr(an.resolution, "age_references", ()))
    for hs, he, _w in heads:
        for i, m in enumerate(an.mentions):
            if not (m.start <= hs and he <= m.end):
                continue
            anym = True
            if m.type in ("person", "organisation"):
                strict = True
            if any(k.startswith(("person:", "org:")) for k in keys.get(i, ())):
                lax = True
        for _s, s, e, _k in age:
            if s <= hs and he <= e:
                lax = anym = True
    return strict, strict or lax, strict or lax or anym


GROUPS = ("all", "non-pronoun", "role + name", "bare role", "name / other", "pronoun")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, help="only the first N articles (by id)")
    args = ap.parse_args(argv)
    dev = require("wikinews/dev")
    if dev is None:
        return 0
    base = dev.parent.parent
    analyse_text = import_kg()
    if analyse_text is None:
        return 0
    dates = wikinews_dates(base)
    docs = wikinews_docs(base, args.limit)

    stats = {g: [0, 0, 0, 0] for g in GROUPS}  # n, strict, lax, any
    distinct = {g: {} for g in GROUPS}  # (doc, spans) -> strict covered
    t0 = time.perf_counter()
    for doc_id, doc in docs:
        text = doc["originalText"]
        an = analyse_text(text, f"wikinews/dev/{doc_id}.json", date=dates.get(doc_id))
        keys = mention_keys(an)
        for a in doc["annotations"]:
            spans = [(s["charBegin"], s["charEnd"]) for s in a["speaker"]["spans"]]
            if not spans:
                continue
            heads = speaker_heads(text, spans)
            grp = group_of(text, spans, a["speaker"]["text"], heads)
            c = covered(an, keys, heads)
            for g in ("all", grp) + (("non-pronoun",) if grp != "pronoun" else ()):
                st = stats[g]
                st[0] += 1
                st[1] += c[0]
                st[2] += c[1]
                st[3] += c[2]
                distinct[g][(doc_id, tuple(spans))] = c[0]
    secs = time.perf_counter() - t0
    print(f"kg analysis: {secs:.1f} s", file=sys.stderr)

    rows = []
    for g in GROUPS:
        n, s, l, a = stats[g]
        d = distinct[g]
        dn, dc = len(d), sum(d.values())
        r = lambda x, m: fmt(x / m) if m else "—"  # noqa: E731
        rows.append([g, n, s, r(s, n), r(l, n), r(a, n), f"{dc}/{dn} = {r(dc, dn)}"])
    md = [
        "# Speaker recall — German Wikinews dev (kg mentions)",
        "",
        f"Data: `../shared/eval/wikinews/dev/*.json`, {len(docs)} articles{' (--limit)' if args.limit else ''}, "
        "every quotation annotation with a speaker span. Generated by "
        "`bench/speaker_eval.py` (method in its docstring).",
        "",
        "Covered: a head token of the gold speaker (\"Bundeskanzlerin Angela Merkel (CDU)\" → Merkel) lies inside a kg "
        "person/organisation mention. *+ resolved role*: or inside a role/age word kg resolves to a person, or a mention "
        "linked to a person/organisation. *any mention*: a kg mention of any type.",
        "",
        md_table(["speaker group", "annotations", "covered", "recall", "+ resolved role", "any mention", "distinct speaker spans (recall)"], rows),
    ]
    write_result("speaker_eval.md", "\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main())
