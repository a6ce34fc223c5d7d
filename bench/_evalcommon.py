"""Shared helpers of the evaluation scripts in ``bench/`` (quote, speaker, position, relation).

The evaluation material lives *outside* the repository, in ``../shared/eval/``
relative to the repository root (``KG_EVAL_DIR`` overrides it).  Nothing in
this module copies it into the repository.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
from pathlib import Path
from typing import Iterable, Sequence

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# --------------------------------------------------------------------------- data location


def eval_dir() -> Path:
    """``../shared/eval`` relative to the repository root (or ``$KG_EVAL_DIR``)."""
    env = os.environ.get("KG_EVAL_DIR")
    return Path(env) if env else ROOT.parent / "shared" / "eval"


def require(rel: str) -> Path | None:
    """The eval path ``rel`` if it exists; else print the one-line skip message and return None."""
    base = eval_dir()
    path = base / rel
    if not path.exists():
        shown = f"../shared/eval/{rel}" if not os.environ.get("KG_EVAL_DIR") else str(path)
        print(f"skipped: {shown} not found")
        return None
    return path


def import_kg():
    """``kg.pipeline.analyse_text`` or None (with a skip message) when kg cannot be imported."""
    try:
        from kg.pipeline import analyse_text
    except Exception as exc:  # pragma: no cover - environment problem
        print(f"skipped: kg not importable ({exc.__class__.__name__}: {exc})")
        return None
    return analyse_text


# --------------------------------------------------------------------------- readers


def wikinews_dates(base: Path) -> dict[str, str]:
    """Article id -> ISO date, from ``wikinews/plaintext.jsonl`` (else from the names in ``index.tsv``)."""
    out: dict[str, str] = {}
    pt = base / "wikinews" / "plaintext.jsonl"
    if pt.is_file():
        with pt.open(encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if line:
                    o = json.loads(line)
                    if o.get("date"):
                        out[str(o["id"])] = o["date"]
    idx = base / "wikinews" / "index.tsv"
    if idx.is_file():
        for line in idx.read_text(encoding="utf-8").splitlines()[1:]:
            cols = line.split("\t")
            if len(cols) >= 3:
                m = re.search(r"\((\d{4}-\d{2}-\d{2})\)\.pretty\.json$", cols[2])
                doc_id = Path(cols[1]).stem
                if m and doc_id not in out:
                    out[doc_id] = m.group(1)
    return out


def wikinews_docs(base: Path, limit: int | None = None) -> list[tuple[str, dict]]:
    """``(id, document)`` of ``wikinews/dev/*.json``, sorted by numeric id."""
    files = sorted((base / "wikinews" / "dev").glob("*.json"), key=lambda p: (int(p.stem) if p.stem.isdigit() else 0, p.stem))
    if limit is not None:
        files = files[:limit]
    return [(f.stem, json.loads(f.read_text(encoding="utf-8"))) for f in files]


def smartdata_docs(path: Path) -> list[dict]:
    """Documents of a SmartData ``*.json.gz`` (a gzip of concatenated JSON objects)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        s = fh.read()
    dec = json.JSONDecoder()
    i, out = 0, []
    while True:
        while i < len(s) and s[i].isspace():
            i += 1
        if i >= len(s):
            break
        obj, i = dec.raw_decode(s, i)
        out.append(obj)
    return out


# --------------------------------------------------------------------------- kg analysis helpers


def mention_keys(an) -> dict[int, set[str]]:
    """Mention index -> entity keys it stands for (``.links`` and role-word ``.references``)."""
    out: dict[int, set[str]] = {}
    for i, key in an.resolution.links.items():
        out.setdefault(i, set()).add(key)
    for i, key in an.resolution.references:
        out.setdefault(i, set()).add(key)
    return out


def keys_over(an, start: int, end: int, keys: dict[int, set[str]] | None = None, types: Iterable[str] | None = None) -> set[str]:
    """Entity keys of the kg mentions overlapping the character span [start, end)."""
    keys = mention_keys(an) if keys is None else keys
    tset = set(types) if types is not None else None
    out: set[str] = set()
    for i, m in enumerate(an.mentions):
        if m.start < end and start < m.end and (tset is None or m.type in tset):
            out |= keys.get(i, set())
    if tset is None or "person" in tset:
        for ref in getattr(an.resolution, "age_references", ()):  # "der 39-Jährige" -> person
            _sidx, s, e, key = ref
            if s < end and start < e:
                out.add(key)
    return out


def entity_words(an, key: str) -> set[str]:
    """Lower-cased words of an entity's key, label and surface forms."""
    words: set[str] = set()
    ent = an.resolution.entities.get(key)
    texts = [key.split(":", 1)[-1].replace("-", " ")]
    if ent is not None:
        texts += [ent.label, *ent.forms]
    for t in texts:
        words.update(w.lower() for w in re.findall(r"[\w][\w.+'’-]*", t or ""))
        words.update(w.lower() for w in re.findall(r"\w+", t or ""))
    return words


# --------------------------------------------------------------------------- speaker heads

PRONOUNS = frozenset(
    "er sie es ich wir ihr man dieser diese jener jene beide beiden letzterer letztere ersterer erstere".split()
)
_DETS = frozenset(
    "der die das den dem des ein eine einer eines einem einen dieser diese dieses jener jene "
    "laut nach zufolge demnach sein seine ihr ihre".split()
)
#: words after which the rest of a nominal phrase is a complement, not the head ("Sprecher des Ministeriums")
_CUT = frozenset(
    "des der dem den vom von aus für bei im in am an zu zur zum über unter gegen mit seit ohne wegen vor nach "
    "seines seiner seinem ihres ihrer ihrem eines einer einem "
    "und sowie oder".split()
)
#: nouns of saying whose complement is the real source ("Angaben des Ministeriums", "Erklärung des Präsidenten X")
SOURCE_NOUNS = frozenset(
    "angaben angabe aussagen aussage erklärung erklärungen bericht berichten berichte informationen worten "
    "mitteilung stellungnahme einschätzung schätzungen darstellung auffassung ansicht meinung sicht "
    "vorschlag versprechen forderung forderungen warnung äußerung äußerungen zitat kritik".split()
)
_TOKEN = re.compile(r"[\w][\w.+'’&-]*")


def _cap(word: str) -> bool:
    """A capitalised word (also "39-Jährige"), not a determiner."""
    if word[:1].isdigit():
        m = re.match(r"\d+[.,]?\d*-(\w)", word)
        return bool(m and m.group(1).isupper())
    return word[:1].isupper() and word.lower() not in _DETS and word.lower() not in _CUT


def _source_only(group) -> bool:
    """The capitalised words so far are only a noun of saying ("Angaben" of "Angaben des Ministeriums")."""
    caps = [t[2] for t in group if t is not None and _cap(t[2])]
    return bool(caps) and all(c.lower() in SOURCE_NOUNS for c in caps)


def speaker_heads(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Head tokens ``(start, end, word)`` of a gold speaker phrase.

    The phrase is split at commas, dashes and parentheses (a parenthesis such as
    "(CDU)" is dropped); in each part a nominal complement is cut off after the
    first capitalised word ("Der Sprecher des Innenministeriums" -> "Der Sprecher"),
    and the head is the last capitalised word of what remains ("Bundeskanzlerin
    Angela Merkel" -> "Merkel"); after a noun of saying the complement is kept
    ("Angaben des Innenministeriums" -> "Innenministeriums").  A part with one word is its own head; a part
    with no capitalised word gives no head.  Coordinations ("Sonia und Willy
    Bogner") keep the first conjunct's head and, when a later conjunct is
    capitalised, its head too.
    """
    heads: list[tuple[int, int, str]] = []
    for s0, s1 in spans:
        seg = text[s0:s1]
        # blank out parentheses
        seg = re.sub(r"\([^)]*\)?", lambda m: " " * len(m.group(0)), seg)
        parts = re.split(r"[,;:–—]|\s-\s", seg)
        pos = 0
        for part in parts:
            p_start = seg.find(part, pos) if part else pos
            pos = p_start + len(part)
            toks = [(m.start() + p_start, m.end() + p_start, m.group(0)) for m in _TOKEN.finditer(part)]
            if not toks:
                continue
            if len(toks) == 1:
                a, b, w = toks[0]
                heads.append((s0 + a, s0 + b, w))
                continue
            groups: list[list[tuple[int, int, str]]] = [[]]
            seen_noun = False
            for tok in toks:
                w = tok[2]
                if w.lower() in ("und", "sowie", "oder"):
                    groups.append([])
                    seen_noun = False
                    continue
                if seen_noun and w.lower() in _CUT and not _source_only(groups[-1]):
                    groups[-1].append(None)  # a cut marker: the rest of this conjunct is a complement
                    continue
                if groups[-1] and groups[-1][-1] is None:
                    continue
                groups[-1].append(tok)
                if _cap(w):
                    seen_noun = True
            for g in groups:
                caps = [t for t in g if t is not None and _cap(t[2])]
                if caps:
                    a, b, w = caps[-1]
                    heads.append((s0 + a, s0 + b, w))
    # de-duplicate, keep order
    seen, out = set(), []
    for h in heads:
        if h not in seen:
            seen.add(h)
            out.append(h)
    return out


_ARTICLES = frozenset("der die das den dem des ein eine einer".split())


_POSSESSIVE = frozenset("sein seine seiner seinen seinem seines ihr ihre ihrer ihren ihrem ihres".split())


def is_pronoun_phrase(text: str) -> bool:
    """A speaker phrase that only points back: a pronoun ("er", "Sie", "die beiden") or a
    possessive with a noun of saying ("ihrer Meinung", "seinen Angaben")."""
    words = [w.lower() for w in _TOKEN.findall(text)]
    if not words:
        return False
    if words[0] in _POSSESSIVE and len(words) <= 2:
        return True
    return any(w in PRONOUNS for w in words) and all(w in PRONOUNS or w in _ARTICLES for w in words)


# --------------------------------------------------------------------------- metrics and output


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def fmt(x: float) -> str:
    return f"{x:.3f}"


def md_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    rows = [[str(c) for c in r] for r in rows]
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in r) + " |" for r in rows]
    return "\n".join(out)


def write_result(name: str, text: str, echo: bool = True) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / name
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    if echo:
        print(text.rstrip("\n"))
    return path


def max_matching(edges: dict[int, list[int]], n_left: int) -> dict[int, int]:
    """Maximum bipartite matching (left -> right) by augmenting paths; deterministic (edge lists in order)."""
    match_r: dict[int, int] = {}

    def try_(u: int, seen: set[int]) -> bool:
        for v in edges.get(u, ()):
            if v in seen:
                continue
            seen.add(v)
            if v not in match_r or try_(match_r[v], seen):
                match_r[v] = u
                return True
        return False

    for u in range(n_left):
        try_(u, set())
    return {u: v for v, u in match_r.items()}


def clip(s: str, n: int = 200) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"
