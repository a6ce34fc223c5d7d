#!/usr/bin/env python3
"""Evaluate kg's named-entity recognition on GermEval 2014 (dev split).

Reads ``../shared/eval/germeval2014/NER-de-dev.tsv`` relative to the repository
(evaluation data, never copied into the repo, never trained on).  When the folder
is absent the script says so and exits 0.

Scoring
-------
* Outer chunks only; strict: a prediction counts when its token span and type
  both equal a gold chunk.
* Types PER, LOC, ORG; "overall" is the micro average over these three.
* ``LOCderiv``, ``LOCpart``, ``PERderiv``, ``PERpart``, ``ORGderiv``,
  ``ORGpart`` and all ``OTH*`` chunks are treated as O (not entities): a system
  that tags them as PER/LOC/ORG is charged a false positive.
* Groups: ``news`` are the sentences whose source (the ``#\\tURL`` line) is not
  Wikipedia - GermEval's two sources are German Wikipedia and news sites, and
  its README counts 1,081 of the 2,200 dev sentences as news.  As a check the
  script also counts how many of them have a host in :data:`NEWS_HOSTS`
  (well-known national/regional news sites; the long tail of small regional
  papers is not listed).  ``all`` is every sentence.

Systems (``--system``)
----------------------
* ``ner`` - :mod:`kg.ner` alone (the CRF), or the model given by ``--model``.
* ``kg``  - (default) kg's full mention layer, ``kg.mentions.recognise`` over the sentence
  text (tokens joined with single spaces), with types mapped person -> PER,
  place and country (not found via an adjective or demonym) -> LOC,
  organisation -> ORG.  If that layer cannot be imported the script reports
  it and exits 0.

Speed is tokens per second of tagging on one core, features included, with an
empty word cache at the start (a cold run); loading the lexicons and the model
file (about a second, once per process) is not counted.

Usage::

    .venv/bin/python bench/ner_eval.py [--system ner|kg] [--model PATH] [--out bench/results/ner.md]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TYPES = ("PER", "LOC", "ORG")

#: Hosts (substrings) of well-known news sites, used as a cross-check of the news group.
NEWS_HOSTS = (
    "spiegel", "zeit.de", "welt.de", "faz.net", "sueddeutsche", "tagesschau", "focus.de", "stern.de",
    "n-tv", "handelsblatt", "taz.de", "bild.de", "derstandard", "diepresse", "nzz.ch", "sz-online",
    "fr-online", "fr-aktuell", "abendblatt", "rp-online", "ksta", "merkur", "tagesspiegel", "berlinonline",
    "wiwo", "heise", "golem", "dw-world", "dw.de", "news.de", "n24", "ftd.de", "20min", "blick.ch",
    "kurier.at", "orf.at", "szon", "rss.feedsportal", "feedproxy", "news.yahoo", "morgenpost", "mopo",
    "tagesanzeiger", "bernerzeitung", "profil.at", "falter.at", "kicker", "sport1", "finanznachrichten",
    "finanzen.net", "boerse", "br-online", "hr-online", "dradio", "neues-deutschland", "freitag.de",
    "presseportal", "rian.ru", "augsburger-allgemeine", "thueringer-allgemeine", "wz-newsline",
    "general-anzeiger", "aachener-zeitung", "haz.de", "ovb-online", "pnp.de", "morgenweb", "gea.de",
    "ngz-online", "oberpfalznetz", "donaukurier", "freiepresse", "lr-online", "svz.de", "otz.de", "tlz.de",
    "neue-oz", "schwaebische", "rundschau-online", "mainz-online", "ka-news", "sat1", "eurosport",
)


# --------------------------------------------------------------------------- data


def find_eval_dir() -> Path | None:
    for cand in (os.environ.get("KG_EVAL_DIR"), ROOT.parent / "shared" / "eval", Path("/work/shared/eval")):
        if cand and Path(cand).is_dir():
            return Path(cand)
    return None


def read_germeval(path: Path) -> list[dict]:
    """Sentences as ``{"source", "words", "gold"}`` with gold BIO restricted to PER/LOC/ORG."""
    sents = []
    source, words, gold = "", [], []
    with open(path, encoding="utf-8") as fh:
        for line in list(fh) + [""]:
            line = line.rstrip("\n")
            if line.startswith("#\t"):
                source = line.split("\t")[1] if "\t" in line else ""
                continue
            if not line.strip():
                if words:
                    sents.append({"source": source, "words": words, "gold": gold})
                words, gold = [], []
                continue
            cols = line.split("\t")
            words.append(cols[1])
            lab = cols[2]
            gold.append(lab if lab[2:] in TYPES else "O")
    return sents


def host_of(source: str) -> str:
    m = re.match(r"(?:https?://)?([^/\s]+)", source.strip())
    return m.group(1).lower() if m else ""


def is_wikipedia(source: str) -> bool:
    return host_of(source).endswith("wikipedia.org")


def spans(labels: list[str]) -> set[tuple[int, int, str]]:
    out = set()
    start, typ = -1, None
    for i, lab in enumerate(labels + ["O"]):
        if lab.startswith("I-") and typ == lab[2:]:
            continue
        if typ is not None:
            out.add((start, i, typ))
            typ = None
        if lab != "O":
            start, typ = i, lab[2:]
    return out


# --------------------------------------------------------------------------- systems


def ner_system(model_path: str | None, o_penalty: float | None = None):
    from kg import ner

    model = ner.read_model(model_path) if model_path else ner.load_model()
    model._cache.clear()
    if o_penalty is not None:
        model.o_penalty = o_penalty

    def tag(words: list[str]) -> set[tuple[int, int, str]]:
        return spans(model.tag(words))

    return tag


def kg_system():
    """Adapter over kg.mentions.recognise; raises ImportError if that layer is unavailable."""
    from kg import mentions
    from kg.mentions import recognise
    from kg.segment import Sentence

    # load the lexicons and the tagger before the clock starts (as ner_system does); word caches stay empty
    mentions._lex()
    model = mentions._ner_model()
    if model is not None:
        model._cache.clear()

    mapping = {"person": "PER", "place": "LOC", "country": "LOC", "organisation": "ORG"}

    def tag(words: list[str]) -> set[tuple[int, int, str]]:
        text = " ".join(words)
        starts, ends, pos = [], [], 0
        for w in words:
            starts.append(pos)
            ends.append(pos + len(w))
            pos += len(w) + 1
        sent = Sentence(index=0, start=0, end=len(text), text=text, kind="text")
        out = set()
        for m in recognise(text, [sent]):
            typ = mapping.get(m.type)
            if typ is None or (m.type == "country" and m.via in ("adjective", "demonym", "prefix")) or m.via == "generic":
                continue
            first = next((i for i, (s, e) in enumerate(zip(starts, ends)) if e > m.start), None)
            last = next((i for i in range(len(words) - 1, -1, -1) if starts[i] < m.end), None)
            if first is None or last is None or last < first:
                continue
            out.add((first, last + 1, typ))
        return out

    return tag


# --------------------------------------------------------------------------- scoring


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(pairs: list[tuple[set, set]]) -> dict[str, tuple[int, int, int]]:
    c = {t: [0, 0, 0] for t in TYPES}
    for gold, pred in pairs:
        for s in pred:
            c[s[2]][0 if s in gold else 1] += 1
        for s in gold:
            if s not in pred:
                c[s[2]][2] += 1
    c["overall"] = [sum(c[t][k] for t in TYPES) for k in range(3)]
    return {k: tuple(v) for k, v in c.items()}


def write_section(out: Path, system: str, table: str) -> None:
    """Put ``table`` into ``out`` as the section of ``system``, keeping the other systems' sections."""
    begin, end = f"<!-- system: {system} -->", f"<!-- /system: {system} -->"
    block = f"{begin}\n{table}\n{end}\n"
    old = out.read_text(encoding="utf-8") if out.is_file() else ""
    if begin in old and end in old:
        a = old.index(begin)
        b = old.index(end) + len(end)
        new = old[:a] + block.rstrip("\n") + old[b:]
    else:
        head = "" if old else (
            "# NER on GermEval 2014 dev\n\nWritten by `bench/ner_eval.py` (data read from `../shared/eval`, not in the repo).\n\n"
        )
        new = (old.rstrip("\n") + "\n\n" if old else head) + block
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(new if new.endswith("\n") else new + "\n", encoding="utf-8")


def main() -> int:
    p = argparse.ArgumentParser(description="GermEval 2014 dev evaluation of kg's NER")
    p.add_argument("--system", choices=("ner", "kg"), default="kg", help="kg: the whole language layer (default); ner: the tagger alone")
    p.add_argument("--model", help="model.zip to evaluate instead of the shipped one (system ner)")
    p.add_argument("--out", default=str(ROOT / "bench" / "results" / "ner.md"), help="'-' for none")
    p.add_argument("--o-penalty", type=float, help="override the model's O penalty (system ner)")
    p.add_argument("--errors", type=int, default=0, help="print N sentences with errors (news group)")
    args = p.parse_args()

    eval_dir = find_eval_dir()
    path = eval_dir / "germeval2014" / "NER-de-dev.tsv" if eval_dir else None
    if path is None or not path.is_file():
        print("GermEval 2014 dev not found (looked for ../shared/eval/germeval2014/NER-de-dev.tsv); skipping")
        return 0
    sents = read_germeval(path)
    groups = {"news": [s for s in sents if not is_wikipedia(s["source"])], "all": sents}
    listed = sum(1 for s in groups["news"] if any(h in host_of(s["source"]) for h in NEWS_HOSTS))
    print(f"{len(sents)} sentences: {len(groups['news'])} news (not Wikipedia; {listed} of them on a "
          f"listed news host), {len(sents) - len(groups['news'])} Wikipedia")

    try:
        tagger = ner_system(args.model, args.o_penalty) if args.system == "ner" else kg_system()
    except ImportError as exc:
        print(f"system {args.system!r} unavailable ({exc}); skipping")
        return 0

    preds = []
    ntok = sum(len(s["words"]) for s in sents)
    t0 = time.perf_counter()
    for s in sents:
        preds.append(tagger(s["words"]))
    secs = time.perf_counter() - t0
    for s, pr in zip(sents, preds):
        s["pred"] = pr
        s["gold_spans"] = spans(s["gold"])

    rows = []
    for g in ("news", "all"):
        res = score([(s["gold_spans"], s["pred"]) for s in groups[g]])
        for t in (*TYPES, "overall"):
            tp, fp, fn = res[t]
            pp, rr, ff = prf(tp, fp, fn)
            rows.append((g, t, pp, rr, ff, tp + fn, tp + fp))

    name = args.system if not args.model else f"ner ({Path(args.model).name})"
    lines = [
        f"## GermEval 2014 dev, system `{name}`",
        "",
        f"Outer chunks, strict span+type; LOCderiv/LOCpart/PERpart/ORGpart/*deriv/OTH* count as O. "
        f"news = {len(groups['news'])} non-Wikipedia sentences, all = {len(sents)} sentences.",
        "",
        "| group | type | P | R | F1 | gold | predicted |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for g, t, pp, rr, ff, ng, npred in rows:
        lines.append(f"| {g} | {t} | {pp:.3f} | {rr:.3f} | {ff:.3f} | {ng} | {npred} |")
    lines += ["", f"Speed: {ntok} tokens in {secs:.2f} s = {ntok / secs:,.0f} tokens/s (one core, cold cache, features included)."]
    table = "\n".join(lines)
    print(table)
    if args.out != "-":
        write_section(Path(args.out), name, table)
    if args.errors:
        shown = 0
        for s in groups["news"]:
            if s["pred"] != s["gold_spans"] and shown < args.errors:
                shown += 1
                w = s["words"]
                fmt = lambda ss: sorted((" ".join(w[a:b]), t) for a, b, t in ss)  # noqa: E731
                print("\n" + " ".join(w))
                print("  missed:", fmt(s["gold_spans"] - s["pred"]))
                print("  wrong: ", fmt(s["pred"] - s["gold_spans"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
