#!/usr/bin/env python3
"""Build, check and normalise the lexicon data of kg (``kg/data``).

Run from anywhere (``python scripts/build_lexicons.py``); nothing is downloaded.
The script is deterministic: running it twice leaves every file byte-identical.

What it does
------------
1. ``kg/data/countries.tsv`` from Babel's CLDR German territory names
   (``babel.Locale("de").territories``, ISO 3166-1 alpha-2 codes plus XK)
   merged with the hand-compiled overlay ``kg/data/sources/country_overlay.tsv``.
2. ``kg/data/roles.tsv`` from ``kg/data/sources/roles.tsv`` (hand-compiled role
   lemmas) and ``kg/data/sources/role_heads.tsv`` (inflection of head nouns):
   every role gets its genitive, plural, feminine and a full list of surface forms.
3. ``kg/data/verbs.tsv`` from ``kg/data/sources/verb_parts.tsv`` (hand-written
   principal parts) and ``kg/data/sources/verb_senses.tsv`` (event type, CAMEO
   code, frame): the finite forms are expanded from the principal parts.
4. Checks and sorts the hand-curated tables in place (regions, cities,
   organisations, role prefixes, nominal triggers, extra first names and the
   source tables above), keeping their comment headers.
5. ``kg/data/common_capitalized.txt``, ``kg/data/propn_ratio.tsv`` and
   ``kg/data/lower_upos.tsv`` (lowercase forms and their usual UPOS tag) from the
   UD German-GSD POS training data (CC BY-SA 4.0) if it is present
   (``../shared/train/ud_german_gsd_pos/de_gsd-ud-train.conllu.pos`` or
   ``--ud PATH``); without it the committed files are left as they are.
6. ``kg/data/nouns.txt``: the capitalised forms (all cases, singular and
   plural) of the common nouns of the German Wiktionary, as packaged by
   ``german-nouns`` (CC BY-SA 4.0; ``pip install --no-deps german-nouns`` at
   build time only, or ``--nouns PATH`` to its ``nouns.csv``).  Forms of
   entries that Wiktionary also lists as a surname, first name, place name or
   other proper name ("Müller", "Wolf", "Halle") are left out, and so are
   abbreviations.  Without the package the committed file is left as it is.

Use ``--check`` to validate without writing (exit status 1 if a file would change).
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "kg" / "data"
SRC = DATA / "sources"
UD_DEFAULT = ROOT.parent / "shared" / "train" / "ud_german_gsd_pos" / "de_gsd-ud-train.conllu.pos"

#: kg's event classes (kg/vocab.py EVENT_TYPES); every verb/noun type must be one of them.
EVENT_TYPES = frozenset(
    "Meeting Statement Praise Appeal Demand Agreement Cooperate Reject Criticize Defend Threaten Protest "
    "Detain Release Sentence Recall Return Travel TakeOffice Appoint Elect Resign Attack Sanction Aid "
    "Investigate Die Stay Negotiate Event".split()
)
ROLE_CLASSES = frozenset(
    "head_of_state head_of_government minister deputy legislature official diplomat party opposition "
    "military security judiciary business religious royal sport media expert civil_society other descriptor".split()
)
ORG_KINDS = frozenset("government legislature court party agency media company international ngo military other".split())
REGION_KINDS = frozenset("continent region state territory historic".split())
COUNTRY_STATUS = frozenset("un observer partial territory".split())
ARTICLES = frozenset({"", "der", "die", "das", "die(pl)"})
#: CLDR region codes that are not ISO 3166-1 countries (XK Kosovo is kept).
NON_COUNTRY_CODES = frozenset("EU EZ UN QO XA XB ZZ AC CP DG EA IC TA".split())

CHANGED: list[str] = []
CHECK_ONLY = False


class BuildError(Exception):
    """A data file is malformed; the message names file and row."""


# --------------------------------------------------------------------------- TSV helpers


@dataclass
class Table:
    path: Path
    comments: list[str]
    header: list[str]
    rows: list[list[str]]

    def dicts(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, r)) for r in self.rows]


def read_table(path: Path, required: list[str]) -> Table:
    text = path.read_text(encoding="utf-8")
    if "\r" in text:
        raise BuildError(f"{path}: CR line ends")
    comments: list[str] = []
    header: list[str] | None = None
    rows: list[list[str]] = []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line:
            continue
        if header is None and line.startswith("#"):
            comments.append(line)
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            missing = [c for c in required if c not in header]
            if missing:
                raise BuildError(f"{path}: header lacks {missing}")
            continue
        if line.startswith("#"):
            raise BuildError(f"{path}:{n}: comment line after the header")
        if len(cells) != len(header):
            raise BuildError(f"{path}:{n}: {len(cells)} cells, header has {len(header)}")
        rows.append([c.strip() for c in cells])
    if header is None:
        raise BuildError(f"{path}: no header row")
    if not any("ource" in c for c in comments[:8]):
        raise BuildError(f"{path}: the comment header must name the source")
    return Table(path, comments, header, rows)


def render(comments: list[str], header: list[str] | None, rows: list[list[str]]) -> str:
    out = list(comments)
    if header is not None:
        out.append("\t".join(header))
    for r in rows:
        for c in r:
            if "\t" in c or "\n" in c:
                raise BuildError(f"tab or newline inside a cell: {c!r}")
        out.append("\t".join(r))
    return "\n".join(out) + "\n"


def write(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if old == text:
        return
    CHANGED.append(str(path.relative_to(ROOT)))
    if not CHECK_ONLY:
        path.write_text(text, encoding="utf-8", newline="\n")


def fold(s: str) -> str:
    """Sort key: case- and accent-insensitive (ä sorts with a, ß with ss), then the string itself."""
    s = s.casefold().replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def sort_key(*cells: str) -> tuple:
    return tuple(fold(c) for c in cells) + tuple(cells)


def split(cell: str) -> list[str]:
    return [x for x in cell.split("|") if x] if cell else []


def join(items) -> str:
    return "|".join(dict.fromkeys(i for i in items if i))


def check_unique(table: Table, key_cols: list[str]) -> None:
    seen: dict[tuple, int] = {}
    idx = [table.header.index(c) for c in key_cols]
    for n, r in enumerate(table.rows):
        k = tuple(r[i] for i in idx)
        if not all(k[:1]):
            raise BuildError(f"{table.path}: empty key in row {r}")
        if k in seen:
            raise BuildError(f"{table.path}: duplicate key {k}")
        seen[k] = n


def normalise(table: Table, key_cols: list[str]) -> None:
    """Sort the rows by key and rewrite the file (comments and header kept)."""
    check_unique(table, key_cols)
    idx = [table.header.index(c) for c in key_cols]
    table.rows.sort(key=lambda r: sort_key(*(r[i] for i in idx), *r))
    write(table.path, render(table.comments, table.header, table.rows))


# --------------------------------------------------------------------------- countries


def build_countries() -> dict[str, dict[str, str]]:
    try:
        import babel
        from babel.core import get_cldr_version
    except ImportError:
        raise BuildError("the Python package babel is required (pip install babel)") from None

    territories = babel.Locale("de").territories
    cldr = {k: v for k, v in territories.items() if re.fullmatch(r"[A-Z]{2}", k) and k not in NON_COUNTRY_CODES}
    overlay = read_table(
        SRC / "country_overlay.tsv",
        ["code", "preferred", "aliases", "genitive", "adjective_stems", "demonyms", "prefixes", "article", "status", "note"],
    )
    normalise(overlay, ["code"])
    ov = {d["code"]: d for d in overlay.dicts()}
    if set(ov) != set(cldr):
        raise BuildError(f"overlay and CLDR codes differ: only overlay {sorted(set(ov) - set(cldr))}, "
                         f"only CLDR {sorted(set(cldr) - set(ov))}")
    rows = []
    out: dict[str, dict[str, str]] = {}
    for code in sorted(cldr):
        d = ov[code]
        name = cldr[code]
        if d["status"] not in COUNTRY_STATUS:
            raise BuildError(f"country_overlay.tsv {code}: status {d['status']!r}")
        if d["article"] not in ARTICLES:
            raise BuildError(f"country_overlay.tsv {code}: article {d['article']!r}")
        preferred = d["preferred"] or name
        aliases = [a for a in split(d["aliases"]) if a not in (name, preferred)]
        if d["genitive"] == "-":
            genitive = []
        elif d["genitive"]:
            genitive = split(d["genitive"])
        else:
            genitive = default_genitive(preferred, d["article"])
        stems = split(d["adjective_stems"])
        for stem in stems:
            if stem != stem.lower():
                raise BuildError(f"country_overlay.tsv {code}: adjective stem {stem!r} must be lower case")
        if d["status"] != "territory" and (not stems or not d["demonyms"]) and code not in ("KN", "VA", "CG"):
            raise BuildError(f"country_overlay.tsv {code}: a state needs adjective stems and demonyms")
        demonyms = expand_demonyms(split(d["demonyms"]))
        row = {
            "code": code, "name": name, "preferred": preferred, "aliases": join(aliases),
            "genitive": join(genitive), "adjective_stems": join(stems), "demonyms": join(demonyms),
            "prefixes": d["prefixes"], "article": d["article"], "status": d["status"], "note": d["note"],
        }
        out[code] = row
        rows.append(list(row.values()))
    header = list(next(iter(out.values())).keys())
    comments = [
        "# Countries: ISO 3166-1 alpha-2 code, German name and the surface forms German news uses.",
        f"# Source: Unicode CLDR {get_cldr_version()} German territory names via Babel {babel.__version__}"
        " (babel.Locale('de').territories; CLDR data: Unicode License v3; Babel: BSD-3-Clause),",
        "#   merged with kg/data/sources/country_overlay.tsv (preferred label, aliases, genitives, adjective stems,"
        " demonyms, compound prefixes, article, status):",
        "#   Auswärtiges Amt, Verzeichnis der Staatennamen für den amtlichen Gebrauch in der Bundesrepublik"
        " Deutschland (adjectives, demonyms), compiled by hand by the kg authors.",
        "# Made by scripts/build_lexicons.py (do not edit by hand; edit the overlay and rerun). Licence of the"
        " compilation: GPL-3.0-or-later (same as kg).",
        "# Codes: ISO alpha-2 codes from CLDR without its non-country codes (EU EZ UN QO XA XB ZZ AC CP DG EA IC TA);"
        " XK (Kosovo) is kept.",
        "# Columns: name = CLDR German short name; preferred = label used by German news; lists are |-separated;"
        " adjective_stems are lower case without inflection ending;",
        "#   demonyms = masculine, feminine, plural (+ feminine plural, dative plural); article = der|die|das|die(pl)|"
        "empty; status = un (UN member)|observer|partial|territory.",
    ]
    write(DATA / "countries.tsv", render(comments, header, rows))
    return out


def default_genitive(name: str, article: str) -> list[str]:
    if article == "der" or article == "das":
        return [f"des {name}"]
    if article in ("die", "die(pl)"):
        return [f"der {name}"]
    if name.endswith(("s", "ß", "x", "z")) or " " in name:
        return []
    return [name + "s"]


def expand_demonyms(forms: list[str]) -> list[str]:
    """Add feminine plurals (Russin -> Russinnen) and dative plurals (Amerikaner -> Amerikanern)."""
    out = list(forms)
    for f in forms:
        if f.endswith("in"):
            out.append(f + "nen")
        adjectival = f.endswith("er") and f[:-2] + "e" in forms and f[:-2] + "en" in forms  # Deutscher
        if f.endswith("er") and not adjectival:
            out.append(f + "n")
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------- roles


@dataclass(frozen=True)
class Head:
    head: str
    genitive: tuple[str, ...]
    plural: tuple[str, ...]
    feminine: str
    feminine_plural: str
    suffix_rule: bool


def load_heads() -> list[Head]:
    t = read_table(SRC / "role_heads.tsv", ["head", "genitive", "plural", "feminine", "feminine_plural", "note"])
    normalise(t, ["head"])
    heads = []
    for d in t.dicts():
        rule = d["head"].startswith("-")
        h = d["head"].lstrip("-")
        heads.append(Head(h, tuple(split(d["genitive"])), tuple(split(d["plural"])), d["feminine"], d["feminine_plural"], rule))
    # explicit heads before suffix rules, longest first
    heads.sort(key=lambda h: (h.suffix_rule, -len(h.head), h.head))
    return heads


def find_head(word: str, heads: list[Head]) -> Head:
    low = word.casefold()
    for h in heads:
        if low.endswith(h.head):
            return h
    raise BuildError(f"roles: no inflection head for {word!r}; add one to sources/role_heads.tsv")


def inflect(word: str, head: Head) -> dict[str, list[str]]:
    """Replace the head ending of ``word`` by each paradigm form (keeping the word's own case)."""
    n = len(head.head)
    stem, tail = word[:-n], word[-n:]
    upper = tail[:1].isupper()

    def put(form: str) -> str:
        return stem + (form[:1].upper() + form[1:] if upper else form)

    return {
        "genitive": [put(g) for g in head.genitive],
        "plural": [put(p) for p in head.plural],
        "feminine": [put(head.feminine)] if head.feminine else [],
        "feminine_plural": [put(head.feminine_plural)] if head.feminine_plural else [],
    }


def dative_plural(plurals: list[str]) -> list[str]:
    return [p + "n" for p in plurals if not p.endswith(("n", "s"))]


def noun_paradigm(word: str, heads: list[Head], feminine_override: str = "") -> dict[str, list[str]]:
    p = inflect(word, find_head(word, heads))
    if feminine_override:
        p["feminine"] = [feminine_override]
        p["feminine_plural"] = [feminine_override + "nen"]
    return p


def adjectival_paradigm(word: str, feminine_override: str = "") -> dict[str, list[str]]:
    if not word.endswith("er"):
        raise BuildError(f"roles: adjectival noun {word!r} must be given in the strong masculine (…er)")
    stem = word[:-2]
    fem = [feminine_override] if feminine_override else [stem + "e"]
    fem_pl = [feminine_override + "nen"] if feminine_override else [stem + "e", stem + "en"]
    return {
        "genitive": [stem + "en"],
        "plural": [stem + "e", stem + "en"],
        "feminine": fem,
        "feminine_plural": fem_pl,
        "all": [word, stem + "e", stem + "en", stem + "em"] + fem + fem_pl,
    }


def build_roles(org_names: set[str], country_codes: set[str]) -> list[dict[str, str]]:
    heads = load_heads()
    t = read_table(
        SRC / "roles.tsv",
        ["lemma", "class", "scope_needed", "adjectival", "scope_org", "scope_country", "scope_level", "canonical_role", "aliases",
         "feminine", "notes"],
    )
    normalise(t, ["lemma"])
    lemmas = {d["lemma"] for d in t.dicts()}
    rows = []
    form_owner: dict[str, str] = {}
    out = []
    for d in t.dicts():
        lemma = d["lemma"]
        if d["class"] not in ROLE_CLASSES:
            raise BuildError(f"roles.tsv {lemma}: class {d['class']!r}")
        if d["scope_needed"] not in ("0", "1") or d["adjectival"] not in ("0", "1"):
            raise BuildError(f"roles.tsv {lemma}: scope_needed/adjectival must be 0 or 1")
        if d["scope_org"] and d["scope_org"] not in org_names:
            raise BuildError(f"roles.tsv {lemma}: scope_org {d['scope_org']!r} is not in organisations.tsv")
        if d["scope_country"] and d["scope_country"] not in country_codes:
            raise BuildError(f"roles.tsv {lemma}: scope_country {d['scope_country']!r}")
        if d["scope_level"] not in ("", "region", "city"):
            raise BuildError(f"roles.tsv {lemma}: scope_level {d['scope_level']!r} (region, city or empty)")
        if d["canonical_role"] and d["canonical_role"] not in lemmas:
            raise BuildError(f"roles.tsv {lemma}: canonical_role {d['canonical_role']!r} is not a lemma")
        words = [lemma, *split(d["aliases"])]
        forms: list[str] = []
        gen: list[str] = []
        plural: list[str] = []
        fem: list[str] = []
        fem_pl: list[str] = []
        for i, w in enumerate(words):
            if d["adjectival"] == "1":
                p = adjectival_paradigm(w, d["feminine"] if i == 0 else "")
                forms += p["all"]
            elif " " in w and w.split(" ", 1)[0].endswith("er") and w[:1].isupper():
                p = multiword_paradigm(w, heads, d["feminine"] if i == 0 else "")
                forms += p["all"]
            else:
                p = noun_paradigm(w, heads, d["feminine"] if i == 0 else "")
                forms += [w, *p["genitive"], *p["plural"], *dative_plural(p["plural"]), *p["feminine"], *p["feminine_plural"]]
            if i == 0:
                gen, plural, fem, fem_pl = p["genitive"], p["plural"], p["feminine"], p["feminine_plural"]
        forms = list(dict.fromkeys(forms))
        for f in forms:
            other = form_owner.setdefault(f, lemma)
            if other != lemma:
                raise BuildError(f"roles: form {f!r} belongs to both {other!r} and {lemma!r}")
        row = {
            "lemma": lemma,
            "label": lemma,
            "feminine": fem[0] if fem else "",
            "class": d["class"],
            "scope_needed": d["scope_needed"],
            "adjectival": d["adjectival"],
            "scope_org": d["scope_org"],
            "scope_country": d["scope_country"],
            "scope_level": d["scope_level"],
            "canonical_role": d["canonical_role"],
            "genitive": join(gen),
            "plural": join(plural),
            "feminine_plural": join(fem_pl),
            "forms": join(forms),
            "notes": d["notes"],
        }
        out.append(row)
        rows.append(list(row.values()))
    comments = [
        "# Roles and positions named in German news (Präsident, Außenminister, Botschafter, Kremlchef, ...).",
        "# Source: kg/data/sources/roles.tsv (lemmas, classes, scopes; compiled by hand by the kg authors from general"
        " German vocabulary) and",
        "#   kg/data/sources/role_heads.tsv (inflection of the head nouns, German grammar); licence GPL-3.0-or-later"
        " (same as kg).",
        "# Made by scripts/build_lexicons.py (do not edit by hand). forms = every surface form (lemma, aliases,"
        " genitive, plural, dative plural, feminine, feminine plural;",
        "#   adjectival nouns such as Oppositioneller/Vorsitzender with all adjective endings).",
        "# class: head_of_state|head_of_government|minister|deputy|legislature|official|diplomat|party|opposition|"
        "military|security|judiciary|business|religious|royal|sport|media|expert|civil_society|other.",
        "# scope_org / scope_country: the organisation (organisations.tsv name) or ISO country a metonymic lemma implies"
        " (Kremlchef -> Kreml, RU); for critics (Kremlkritiker) the target of the criticism.",
        "# scope_level: region|city for roles of a Land/state/district or a city (Landeshauptmann, Bürgermeister): their scope"
        " is only a region or city named in the text, never scope_country (nor for class party: Parteiobmann).",
        "# canonical_role: the plain role a metonymic or colloquial lemma stands for (Kremlchef -> Präsident,"
        " Premier -> Premierminister); empty = the lemma itself.",
    ]
    write(DATA / "roles.tsv", render(comments, list(out[0].keys()), rows))
    return out


def multiword_paradigm(word: str, heads: list[Head], feminine_override: str) -> dict[str, list[str]]:
    """'Nationaler Sicherheitsberater': strong/weak adjective endings times the noun paradigm."""
    adj, noun = word.split(" ", 1)
    stem = adj[:-2]
    p = noun_paradigm(noun, heads)
    if feminine_override:
        fem_nouns = [feminine_override.split(" ", 1)[1], feminine_override.split(" ", 1)[1] + "nen"]
    else:
        fem_nouns = [*p["feminine"], *p["feminine_plural"]]
    sg, gen, pl, dat_pl = [noun], p["genitive"], p["plural"], dative_plural(p["plural"])
    fem_sg, fem_pl = fem_nouns[:1], fem_nouns[1:]
    combos = {  # adjective ending -> noun forms it can precede (strong and weak declension)
        "er": sg + pl + fem_sg,
        "e": sg + pl + fem_sg + fem_pl,
        "en": sg + gen + pl + dat_pl + fem_sg + fem_pl,
        "em": sg,
    }
    forms = []
    for s in (stem, stem[:1].lower() + stem[1:]):
        for ending, nouns in combos.items():
            forms += [f"{s}{ending} {n}" for n in dict.fromkeys(nouns)]
    return {
        "genitive": [f"{stem}en {g}" for g in p["genitive"]],
        "plural": [f"{stem}en {pl}" for pl in p["plural"]],
        "feminine": [feminine_override] if feminine_override else [f"{stem}e {f}" for f in p["feminine"]],
        "feminine_plural": [f"{stem}en {f}" for f in fem_nouns[1:2]],
        "all": forms,
    }


# --------------------------------------------------------------------------- verbs


def konj1(base: str) -> str:
    if base.endswith(("eln", "ern")):
        return base[:-1] + "e"
    if base.endswith("en"):
        return base[:-2] + "e"
    raise BuildError(f"verbs: cannot derive Konjunktiv I of {base!r}")


def plural_of(form: str) -> str:
    return form + ("n" if form.endswith("e") else "en")


def build_verbs() -> list[dict[str, str]]:
    parts = read_table(SRC / "verb_parts.tsv", ["lemma", "particle", "pres3sg", "pret3sg", "konj2", "participle", "aux", "extra_forms"])
    normalise(parts, ["lemma"])
    senses = read_table(SRC / "verb_senses.tsv", ["lemma", "type", "subtype", "cameo", "frame", "speech", "note"])
    normalise(senses, ["lemma", "type", "subtype"])
    forms_of: dict[str, tuple[str, list[str], str, str]] = {}
    for d in parts.dicts():
        lemma, particle = d["lemma"], d["particle"]
        if particle and not lemma.startswith(particle):
            raise BuildError(f"verb_parts.tsv {lemma}: does not start with particle {particle!r}")
        if d["aux"] not in ("haben", "sein"):
            raise BuildError(f"verb_parts.tsv {lemma}: aux {d['aux']!r}")
        base = lemma[len(particle):]
        pret = d["pret3sg"]
        k2 = d["konj2"] or pret
        finite = [d["pres3sg"], base, pret, plural_of(pret), konj1(base), k2, plural_of(k2)]
        if base.endswith("eln"):
            finite.append(base[:-3] + "le")  # ich vermittle
        forms = list(finite)
        forms.append(d["participle"])
        if particle:
            forms.append(lemma)
            forms.append(particle + "zu" + base)
            forms += [particle + f for f in finite]
        forms += split(d["extra_forms"])
        forms_of[lemma] = (particle, list(dict.fromkeys(forms)), d["participle"], d["aux"])
    rows = []
    out = []
    seen_lemmas = set()
    for d in senses.dicts():
        lemma = d["lemma"]
        if lemma not in forms_of:
            raise BuildError(f"verb_senses.tsv: {lemma!r} has no principal parts in verb_parts.tsv")
        seen_lemmas.add(lemma)
        if d["type"] not in EVENT_TYPES:
            raise BuildError(f"verb_senses.tsv {lemma}: type {d['type']!r} is not a kg event class")
        if d["cameo"] and not re.fullmatch(r"0[1-9]|1\d|20", d["cameo"]):
            raise BuildError(f"verb_senses.tsv {lemma}: cameo {d['cameo']!r}")
        if d["speech"] not in ("0", "1"):
            raise BuildError(f"verb_senses.tsv {lemma}: speech {d['speech']!r}")
        for slot in filter(None, d["frame"].split(";")):
            if "=" not in slot:
                raise BuildError(f"verb_senses.tsv {lemma}: frame slot {slot!r}")
        particle, forms, participle, aux = forms_of[lemma]
        row = {
            "lemma": lemma, "particle": particle, "forms": join(forms), "type": d["type"], "subtype": d["subtype"],
            "cameo": d["cameo"], "frame": d["frame"], "speech": d["speech"], "participle": participle, "aux": aux,
            "note": d["note"],
        }
        out.append(row)
        rows.append(list(row.values()))
    unused = sorted(set(forms_of) - seen_lemmas)
    if unused:
        raise BuildError(f"verb_parts.tsv: lemmas without a sense in verb_senses.tsv: {unused}")
    comments = [
        "# Verb frames for events and speech in German news: one row per (lemma, event type).",
        "# Source: kg/data/sources/verb_parts.tsv (principal parts written by hand by the kg authors from German"
        " grammar) and kg/data/sources/verb_senses.tsv",
        "#   (event type, CAMEO top-level code, frame; compiled by hand, CAMEO codebook 1.1b3 for the codes);"
        " licence GPL-3.0-or-later (same as kg).",
        "# Made by scripts/build_lexicons.py (do not edit by hand): forms = present 3sg/3pl (=infinitive), preterite"
        " 3sg/3pl, Konjunktiv I 3sg, Konjunktiv II 3sg/3pl, participle;",
        "#   for separable verbs also the infinitive, the zu-infinitive and the finite forms joined with the particle"
        " (subordinate clauses). Main-clause forms omit the particle.",
        "# type = kg event class (kg/vocab.py EVENT_TYPES); subtype = finer label (Visit, Call, Accuse, Kill, ...);"
        " cameo = CAMEO top-level code 01-20 (empty: no CAMEO equivalent).",
        "# frame = semantic role=syntactic slot pairs (subj, obj, dat, gen, a preposition, refl=sich);"
        " speech = 1 if the verb can introduce direct or reported speech.",
    ]
    write(DATA / "verbs.tsv", render(comments, list(out[0].keys()), rows))
    return out


# --------------------------------------------------------------------------- hand tables


def check_hand_tables(country_codes: set[str]) -> tuple[set[str], set[str]]:
    regions = read_table(DATA / "regions.tsv", ["name", "kind", "country", "aliases", "adjective_stems", "note"])
    for d in regions.dicts():
        if d["kind"] not in REGION_KINDS:
            raise BuildError(f"regions.tsv {d['name']}: kind {d['kind']!r}")
        if d["country"] and d["country"] not in country_codes:
            raise BuildError(f"regions.tsv {d['name']}: country {d['country']!r}")
        if any(s != s.lower() for s in split(d["adjective_stems"])):
            raise BuildError(f"regions.tsv {d['name']}: adjective stems must be lower case")
    normalise(regions, ["name"])

    orgs = read_table(
        DATA / "organisations.tsv",
        ["name", "aliases", "ambiguous_aliases", "kind", "country", "head_role", "generic", "note"],
    )
    for d in orgs.dicts():
        if d["kind"] not in ORG_KINDS:
            raise BuildError(f"organisations.tsv {d['name']}: kind {d['kind']!r}")
        if d["country"] and d["country"] not in country_codes:
            raise BuildError(f"organisations.tsv {d['name']}: country {d['country']!r}")
        if d["generic"] not in ("0", "1"):
            raise BuildError(f"organisations.tsv {d['name']}: generic {d['generic']!r}")
    normalise(orgs, ["name", "country"])
    org_names = {d["name"] for d in orgs.dicts()}

    cities = read_table(
        DATA / "cities.tsv",
        ["name", "country", "aliases", "ambiguous_aliases", "is_capital", "seat_of", "adjectives", "common_word", "note"],
    )
    for d in cities.dicts():
        if d["country"] not in country_codes:
            raise BuildError(f"cities.tsv {d['name']}: country {d['country']!r}")
        if d["is_capital"] not in ("0", "1") or d["common_word"] not in ("0", "1"):
            raise BuildError(f"cities.tsv {d['name']}: is_capital/common_word must be 0 or 1")
        if d["seat_of"] and d["seat_of"] not in org_names:
            raise BuildError(f"cities.tsv {d['name']}: seat_of {d['seat_of']!r} is not in organisations.tsv")
    normalise(cities, ["name", "country"])
    return org_names, {d["name"] for d in regions.dicts()}


def check_org_heads(role_lemmas: set[str]) -> None:
    orgs = read_table(DATA / "organisations.tsv", ["name", "head_role"])
    for d in orgs.dicts():
        if d["head_role"] and d["head_role"] not in role_lemmas:
            raise BuildError(f"organisations.tsv {d['name']}: head_role {d['head_role']!r} is not a role lemma")


def check_role_prefixes(org_names: set[str], country_codes: set[str]) -> None:
    t = read_table(DATA / "role_prefixes.tsv", ["prefix", "kind", "target", "former", "position", "note"])
    for d in t.dicts():
        kind = d["kind"]
        if kind not in ("org", "country", "level", "modifier"):
            raise BuildError(f"role_prefixes.tsv {d['prefix']}: kind {kind!r}")
        if kind == "org" and d["target"] not in org_names:
            raise BuildError(f"role_prefixes.tsv {d['prefix']}: org {d['target']!r} is not in organisations.tsv")
        if kind == "country" and d["target"] not in country_codes:
            raise BuildError(f"role_prefixes.tsv {d['prefix']}: country {d['target']!r}")
        if d["former"] not in ("0", "1") or d["position"] not in ("prefix", "adjective"):
            raise BuildError(f"role_prefixes.tsv {d['prefix']}: former/position")
    normalise(t, ["prefix"])


def check_triggers() -> None:
    t = read_table(DATA / "nominal_triggers.tsv", ["noun", "forms", "type", "subtype", "cameo", "note"])
    owner: dict[str, str] = {}
    for d in t.dicts():
        if d["type"] not in EVENT_TYPES:
            raise BuildError(f"nominal_triggers.tsv {d['noun']}: type {d['type']!r} is not a kg event class")
        if d["cameo"] and not re.fullmatch(r"0[1-9]|1\d|20", d["cameo"]):
            raise BuildError(f"nominal_triggers.tsv {d['noun']}: cameo {d['cameo']!r}")
        forms = split(d["forms"])
        if d["noun"] not in forms:
            raise BuildError(f"nominal_triggers.tsv {d['noun']}: forms must include the noun")
        for f in forms:
            if owner.setdefault(f, d["noun"]) != d["noun"]:
                raise BuildError(f"nominal_triggers.tsv: form {f!r} of {d['noun']!r} also belongs to {owner[f]!r}")
    normalise(t, ["noun"])


def normalise_wordlist(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    comments = [ln for ln in lines if ln.startswith("#")]
    words = [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
    if not any("ource" in c for c in comments[:8]):
        raise BuildError(f"{path}: the comment header must name the source")
    if len(set(words)) != len(words):
        dup = sorted(w for w, n in Counter(words).items() if n > 1)
        raise BuildError(f"{path}: duplicates {dup[:10]}")
    words.sort(key=lambda w: sort_key(w))
    write(path, render(comments, None, [[w] for w in words]))


# --------------------------------------------------------------------------- UD German-GSD

UD_NONPROPN = frozenset("NOUN DET PRON ADP ADV ADJ VERB AUX CCONJ SCONJ PART NUM INTJ".split())


def build_ud(path: Path) -> None:
    counts: dict[str, Counter] = defaultdict(Counter)
    lower: dict[str, Counter] = defaultdict(Counter)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            toks = line.split()
            i = 0
            while i < len(toks):
                form, _, tag = toks[i].rpartition("##")
                if tag == "_":  # multiword token ("Im" = "In dem"): tag of its first part
                    nxt = toks[i + 1].rpartition("##")[2] if i + 1 < len(toks) else "X"
                    tag = nxt
                    i += 3
                else:
                    i += 1
                if form and form[0].isupper():
                    counts[form][tag] += 1
                elif form and form[0].islower() and form.isalpha() and tag != "_":
                    lower[form][tag] += 1
    common = []
    ratio_rows = []
    for form in sorted(counts, key=sort_key):
        c = counts[form]
        total = sum(c.values())
        propn = c["PROPN"]
        non = sum(n for t, n in c.items() if t in UD_NONPROPN)
        if non >= 2 and propn / total < 0.10:
            common.append([form])
        if total >= 3:
            top = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            ratio_rows.append([form, str(total), f"{propn / total:.3f}", top])
    src = (
        "# Source: Universal Dependencies German-GSD treebank, training split (de_gsd-ud-train.conllu, word + UPOS"
        " as distributed in UKPLab/linspector), licence CC BY-SA 4.0."
    )
    how = "# Made by scripts/build_lexicons.py from ../shared/train/ud_german_gsd_pos/de_gsd-ud-train.conllu.pos; this derived file is CC BY-SA 4.0."
    write(
        DATA / "common_capitalized.txt",
        render(
            [
                "# Capitalised word forms that are not names: seen at least twice with a non-PROPN tag (NOUN DET PRON ADP"
                " ADV ADJ VERB AUX CCONJ SCONJ PART NUM INTJ)",
                "#   and tagged PROPN in less than 10% of their occurrences.",
                src,
                how,
            ],
            None,
            common,
        ),
    )
    lower_rows = []
    for form in sorted(lower, key=sort_key):
        c = lower[form]
        top = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        lower_rows.append([form, str(sum(c.values())), top])
    write(
        DATA / "lower_upos.tsv",
        render(
            [
                "# Lowercase word forms (letters only) with their count and most frequent UPOS tag: tells verbs, adverbs,"
                " prepositions and adjectives apart",
                "#   (a finite verb before a capitalised word, or a capitalised word that is an ordinary word at the start of a sentence).",
                src,
                how,
            ],
            ["form", "count", "top_upos"],
            lower_rows,
        ),
    )
    write(
        DATA / "propn_ratio.tsv",
        render(
            [
                "# Capitalised word forms seen at least 3 times: total count, share tagged PROPN, most frequent UPOS tag"
                " (lets a tagger decide noun vs name).",
                src,
                how,
            ],
            ["form", "count", "propn_share", "top_upos"],
            ratio_rows,
        ),
    )


# --------------------------------------------------------------------------- Wiktionary nouns

NAME_POS = frozenset({"Nachname", "Vorname", "Toponym", "Eigenname", "Straßenname"})


def default_nouns_csv() -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("german_nouns")
    for loc in (spec.submodule_search_locations or []) if spec else []:
        cand = Path(loc) / "nouns.csv"
        if cand.is_file():
            return cand
    return None


def build_nouns(path: Path) -> None:
    import csv

    nouns: set[str] = set()
    names: set[str] = set()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            pos = set(row["pos"].split(","))
            forms = {v for k, v in row.items() if k not in ("lemma", "pos") and not k.startswith("genus") and v}
            forms.add(row["lemma"])
            forms = {f.strip() for f in forms if f and f[:1].isupper() and " " not in f.strip()}
            if pos & NAME_POS:
                names |= forms
            elif "Substantiv" in pos and "Abkürzung" not in pos:
                nouns |= forms
    keep = sorted((f for f in nouns - names if len(f) > 1 and not f.isupper() and any(c.islower() for c in f)), key=sort_key)
    write(
        DATA / "nouns.txt",
        render(
            [
                "# Capitalised forms of German common nouns (every case, singular and plural): a word here is an ordinary noun,",
                "#   not a name.  Forms of entries also listed as a surname, first name, place or other proper name are left out.",
                "# Source: German Wiktionary (de.wiktionary.org) noun entries as compiled in the PyPI package german-nouns 1.2.5"
                " (nouns.csv), licence CC BY-SA 4.0.",
                "# Made by scripts/build_lexicons.py; this derived file is CC BY-SA 4.0.",
            ],
            None,
            [[f] for f in keep],
        ),
    )


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    global CHECK_ONLY
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="validate only; exit 1 if a file would change")
    ap.add_argument("--ud", type=Path, default=UD_DEFAULT, help="UD German-GSD train file (form##UPOS per token)")
    ap.add_argument("--nouns", type=Path, default=None,
                    help="nouns.csv of the german-nouns package (default: the installed package, if any)")
    args = ap.parse_args(argv)
    CHECK_ONLY = args.check
    try:
        countries = build_countries()
        codes = set(countries)
        org_names, _regions = check_hand_tables(codes)
        roles = build_roles(org_names, codes)
        check_org_heads({r["lemma"] for r in roles})
        check_role_prefixes(org_names, codes)
        build_verbs()
        check_triggers()
        normalise_wordlist(DATA / "first_names_extra.txt")
        normalise_wordlist(DATA / "first_names_stop.txt")
        if args.ud.exists():
            build_ud(args.ud)
        else:
            print(f"note: {args.ud} not found; common_capitalized.txt, propn_ratio.tsv and lower_upos.tsv left as they are")
        nouns_csv = args.nouns or default_nouns_csv()
        if nouns_csv and nouns_csv.is_file():
            build_nouns(nouns_csv)
        else:
            print("note: german-nouns not installed; nouns.txt left as it is")
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if CHANGED:
        print(("would change: " if CHECK_ONLY else "wrote: ") + ", ".join(CHANGED))
        return 1 if CHECK_ONLY else 0
    print("all lexicon files up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
