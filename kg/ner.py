"""Statistical named-entity recogniser for German news: PER, LOC and ORG.

A linear-chain CRF (trained offline by ``scripts/train_ner.py`` with
CRFsuite) tags tokens with BIO labels.  Decoding is pure Python (standard
library only): the model file ``kg/data/ner/model.zip`` holds the feature
weights, the label transitions and the lexicon the features consult (a
PROPN/NOUN table derived from UD German-GSD, words seen in lowercase, first
names, and a gazetteer of places, organisations, surnames, role nouns and
derived adjectives), so the tagger behaves exactly as it did when it was
trained, whatever happens to kg's other lexicons later.

Features of a token: the word and its lowercase form, prefixes and
suffixes, word shape, capitalisation and hyphen structure, whether the
capitalised word is usually a common noun or a proper noun (UD GSD), whether
its lowercase form is an ordinary word, gazetteer tags, role nouns
("Präsident", "Kanzlerin") and titles ("Herr", "Dr.") among the neighbours,
the neighbouring words up to two positions away, the position in the
sentence, and n-grams of one-letter word classes ("role noun, first name,
unknown capitalised word" = ``RFU``), which generalise from little training
data.  The weights of each word and of each class window are summed once and
cached, so tagging costs a few dictionary look-ups per token.

Examples
--------
>>> spans = entities("Bundeskanzlerin Angela Merkel sprach in Berlin.")
>>> [(s.text, s.type) for s in spans]
[('Angela Merkel', 'PER'), ('Berlin', 'LOC')]
>>> tag_tokens(["Angela", "Merkel", "sprach", "in", "Berlin", "."])
['B-PER', 'I-PER', 'O', 'O', 'B-LOC', 'O']
"""

from __future__ import annotations

import json
import math
import re
import zipfile
from array import array
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

from kg.errors import DataError

__all__ = [
    "ENTITY_TYPES",
    "FEATURE_VERSION",
    "NerModel",
    "NerSpan",
    "Lexicon",
    "entities",
    "load_model",
    "read_model",
    "sentence_features",
    "spans_from_bio",
    "tag_tokens",
]

#: Entity types the model predicts.
ENTITY_TYPES = ("PER", "LOC", "ORG")

#: Version of the feature functions below; a model records the version it was
#: trained with and :func:`load_model` refuses a model of another version.
FEATURE_VERSION = 5

MODEL_RESOURCE = "data/ner/model.zip"

# --------------------------------------------------------------------------- word lists (hand-written)

#: Role and relation nouns that typically precede a person's name.  Matched
#: against the lowercase word (also as the tail of a compound:
#: "Bundeskanzlerin", "Siemens-Chef", "Oppositionsführer").
_ROLE_STEMS = (
    "präsident", "kanzler", "minister", "premier", "bürgermeister", "chef", "sprecher", "vorsitzend",
    "direktor", "trainer", "sekretär", "kommissar", "leiter", "abgeordnet", "gouverneur", "senator",
    "botschafter", "manager", "gründer", "autor", "regisseur", "sänger", "schauspieler", "spieler",
    "könig", "prinz", "papst", "bischof", "kardinal", "pfarrer", "professor", "experte", "expert",
    "analyst", "anwalt", "anwält", "richter", "kandidat", "herausforderer", "politiker", "kollege",
    "kollegin", "nachfolger", "vorgänger", "sohn", "tochter", "vater", "mutter", "ehefrau", "ehemann",
    "bruder", "schwester", "witwe", "führer", "general", "kommandeur", "offizier", "stürmer",
    "torwart", "keeper", "verteidiger", "kapitän", "coach", "boss", "vize", "vorstand", "inhaber",
    "eigentümer", "investor", "ökonom", "forscher", "wissenschaftler", "historiker", "journalist",
    "reporter", "korrespondent", "moderator", "musiker", "künstler", "komponist", "dirigent",
    "schriftsteller", "dichter", "maler", "fotograf", "architekt", "designer", "pianist",
    "gitarrist", "schlagzeuger", "rapper", "star", "legende", "weltmeister", "meister", "sieger",
    "olympiasieger", "fahrer", "pilot", "athlet", "boxer", "läufer", "schwimmer", "springer",
    "sportler", "kaiser", "kaiserin", "zar", "scheich", "emir", "sultan", "diktator", "staatschef",
    "regierungschef", "parteichef", "landrat", "stadtrat", "ratsherr", "beigeordnet", "dezernent",
    "staatsanwalt", "ermittler", "polizist", "kommissarin", "sprecherin", "gewerkschafter",
    "unternehmer", "banker", "ceo", "cfo", "dr.", "prof.", "doktor", "pater", "rabbi", "imam",
    "außenamtschef", "sänger", "bassist", "frontmann", "frontfrau", "ministerpräsident", "staatssekretär",
)
_ROLE_RE = re.compile(
    r"(?:" + "|".join(sorted({re.escape(s) for s in _ROLE_STEMS}, key=len, reverse=True)) + r")"
    r"(?:in|innen|en|er|es|e|n|s|nen)?$"
)
#: Titles and forms of address directly before a name.
_TITLES = frozenset(
    "herr herrn frau dr. dr prof. prof sir lady mr. mrs. ms. mr ms mrs dame lord graf gräfin "
    "fürst fürstin baron freiherr freifrau st. hl. sankt".split()
)
#: Common corporate / organisational tails.
_ORG_TAILS = frozenset(
    "ag gmbh se kg kgaa ohg e.v. ev inc. inc corp. corp ltd. ltd plc llc co. sa s.a. nv n.v. "
    "bank group holding partei verband verein union institut stiftung universität hochschule "
    "gesellschaft konzern werke rat ministerium amt gericht bundesamt behörde agentur".split()
)

_COLLAPSE_RE = re.compile(r"(.)\1+")


def _shape(w: str) -> str:
    out = []
    for c in w:
        if c.isupper():
            out.append("X")
        elif c.islower():
            out.append("x")
        elif c.isdigit():
            out.append("d")
        else:
            out.append(c)
    return "".join(out)


def _short_shape(shape: str) -> str:
    return _COLLAPSE_RE.sub(r"\1", shape)


# --------------------------------------------------------------------------- lexicon


class Lexicon:
    """The lookup tables the features consult; shipped inside the model.

    Parameters
    ----------
    upos : dict of str to str
        Form -> ``"<majority UPOS>|<PROPN ratio bucket>"`` (UD German-GSD).
    lower : iterable of str
        Words seen written in lowercase in the training text.
    first_names : dict of str to int
        First name -> frequency class 1 (rare) .. 3 (common).
    gazetteer : dict of str to str
        Token -> its tags joined with ``"|"``: ``LOC``, ``ORG`` (a name of
        one token), ``LOCm``, ``ORGm`` (a token of a longer name), ``SN``
        (a surname), ``ROLE`` (a role noun), ``DER`` (a derived adjective or
        demonym: "russischen", "Berliner").

    Examples
    --------
    >>> lex = Lexicon({"Merkel": "PROPN|1"}, ["und"], {"Angela": 3}, {"Berlin": "LOC"})
    >>> "fn=3" in word_features("Angela", lex)[0]
    True
    """

    __slots__ = ("upos", "lower", "first_names", "gazetteer")

    def __init__(
        self,
        upos: dict[str, str],
        lower: Iterable[str],
        first_names: dict[str, int],
        gazetteer: dict[str, str],
    ) -> None:
        self.upos = dict(upos)
        self.lower = frozenset(lower)
        self.first_names = dict(first_names)
        self.gazetteer = dict(gazetteer)

    def to_json(self) -> dict:
        """The tables as a JSON-serialisable dict (sorted, deterministic)."""
        return {
            "upos": dict(sorted(self.upos.items())),
            "lower": sorted(self.lower),
            "first_names": dict(sorted(self.first_names.items())),
            "gazetteer": dict(sorted(self.gazetteer.items())),
        }

    @classmethod
    def from_json(cls, data: dict) -> "Lexicon":
        """Inverse of :meth:`to_json`."""
        return cls(data["upos"], data["lower"], data["first_names"], data["gazetteer"])


# --------------------------------------------------------------------------- features


def word_features(w: str, lex: Lexicon) -> tuple[list[str], list[str], list[str], list[str], str]:
    """Features of one word: (own, as ±1 neighbour, as ±2 neighbour, at sentence start, class).

    Every feature of a token is one of the lists, prefixed with the word's
    offset (``-1:``, ``+1:``, ``-2:``, ``+2:``, ``0:`` for the sentence-start
    set), or a class n-gram (:func:`class_features`); see
    :func:`sentence_features`.

    Examples
    --------
    >>> lex = Lexicon({}, [], {}, {})
    >>> own, near, far, first, cls = word_features("Merkel", lex)
    >>> "w=Merkel" in own, "sh=Xx" in own, near[:2], cls
    (True, True, ['w=merkel', 'sh=Xx'], 'U')
    """
    lw = w.lower()
    shape = _shape(w)
    sshape = _short_shape(shape)
    n = len(w)
    own = ["b", "w=" + w, "sh=" + sshape]
    if lw != w:
        own.append("l=" + lw)
    if n <= 4:
        own.append("fs=" + shape)
    for k in (2, 3, 4, 5):
        if n > k:
            own.append(f"s{k}=" + lw[-k:])
    for k in (3, 4):
        if n > k:
            own.append(f"p{k}=" + lw[:k])
    own.append("len=" + (str(n) if n < 4 else "4-6" if n < 7 else "7-10" if n < 11 else "11+"))
    first_c = w[0]
    cap = first_c.isupper()
    alpha = w.isalpha()
    near = ["w=" + lw, "sh=" + sshape]
    far = ["w=" + lw]
    first = []
    if cap:
        info = lex.upos.get(w)
        if info is None:
            own.append("pos=unk")
            near.append("pos=unk")
            first.append("pos=unk")
        else:
            upos, bucket = info.split("|")
            own.append("pos=" + upos)
            own.append("pr=" + bucket)
            near.append("pr=" + bucket)
            first.append("pos=" + upos)
        if lw in lex.lower:
            own.append("lc")
            near.append("lc")
            first.append("lc")
        if w.isupper() and n > 1:
            own.append("allcap")
        if n > 1 and any(c.isupper() for c in w[1:]) and not w.isupper():
            own.append("mixcap")
        if w.endswith("s") and n > 3:
            base = w[:-1]
            fnb = lex.first_names.get(base)
            if fnb:
                own.append("gen-fn")
            g = lex.gazetteer.get(base)
            if g:
                own.extend("gen-gz=" + tag for tag in g.split("|"))
            ib = lex.upos.get(base)
            if ib is not None:
                own.append("gen-pr=" + ib.split("|")[1])
    elif w[0].islower():
        own.append("lower")
    if not alpha:
        if any(c.isdigit() for c in w):
            own.append("digit")
        if "-" in w and n > 1:
            parts = [p for p in w.split("-") if p]
            if parts:
                own.append("h0=" + parts[0].lower())
                own.append("hN=" + parts[-1].lower())
                g0 = lex.gazetteer.get(parts[0])
                if g0:
                    own.extend("h0gz=" + tag for tag in g0.split("|"))
                gN = lex.gazetteer.get(parts[-1])
                if gN:
                    own.extend("hNgz=" + tag for tag in gN.split("|"))
                if parts[-1][:1].isupper():
                    info = lex.upos.get(parts[-1])
                    own.append("hNpr=" + (info.split("|")[1] if info else "unk"))
        elif n == 1 and not first_c.isalnum():
            own.append("punct")
    fn = lex.first_names.get(w)
    if fn:
        own.append(f"fn={fn}")
        near.append("fn")
        first.append("fn")
    g = lex.gazetteer.get(w)
    if g:
        for tag in g.split("|"):
            own.append("gz=" + tag)
            near.append("gz=" + tag)
    if lw in _TITLES:
        own.append("title")
        near.append("title")
        far.append("title")
    elif cap and (_ROLE_RE.search(lw) or (g and "ROLE" in g)):
        own.append("role")
        near.append("role")
        far.append("role")
    if lw in _ORG_TAILS:
        near.append("orgtail")
    return own, near, far, first, _word_class(w, lw, cap, lex, g, fn)


_PARTICLES = frozenset("von van de der den del da di du le la al bin ibn zu ten ter dos das y".split())


def _word_class(w: str, lw: str, cap: bool, lex: Lexicon, g: str | None, fn: int | None) -> str:
    """One letter summarising the word, for class n-gram features.

    ``V`` name particle, ``l`` other lowercase word, ``d`` number, ``p``
    punctuation, ``T`` title, ``R`` role noun, ``F`` common first name, ``D``
    derived adjective/demonym, ``L``/``O`` listed place/organisation, ``S``
    surname, ``A`` all capitals, ``C`` capitalised function word, ``N``
    common noun, ``U`` other capitalised word (unknown or proper noun).
    """
    if not cap:
        if lw in _PARTICLES:
            return "V"
        c = w[0]
        if c.isalpha():
            return "l"
        if c.isdigit():
            return "d"
        return "p"
    if lw in _TITLES:
        return "T"
    tags = g.split("|") if g else ()
    if "ROLE" in tags or _ROLE_RE.search(lw):
        return "R"
    if fn and fn >= 2:
        return "F"
    if "DER" in tags:
        return "D"
    if "LOC" in tags:
        return "L"
    if "ORG" in tags:
        return "O"
    if "SN" in tags:
        return "S"
    if w.isupper() and len(w) > 1:
        return "A"
    if lw in lex.lower:
        return "C"
    info = lex.upos.get(w)
    if info is not None and info.startswith("NOUN|") and info.split("|")[1] in ("0", "lo", "0r", "lor", "0w"):
        return "N"
    return "U"


def class_features(classes: Sequence[str], i: int) -> list[str]:
    """Class n-gram features of token ``i`` (``^``/``$`` pad the sentence).

    Examples
    --------
    >>> class_features(["T", "F", "U", "l"], 1)
    ['k2=TF', 'k2+=FU', 'k3=TFU', 'k3-=^TF', 'k3+=FUl']
    """
    n = len(classes)
    a = classes[i - 2] if i >= 2 else "^"
    b = classes[i - 1] if i >= 1 else "^"
    c = classes[i]
    d = classes[i + 1] if i + 1 < n else "$"
    e = classes[i + 2] if i + 2 < n else "$"
    return ["k2=" + b + c, "k2+=" + c + d, "k3=" + b + c + d, "k3-=" + a + b + c, "k3+=" + c + d + e]


def sentence_features(words: Sequence[str], lex: Lexicon) -> list[list[str]]:
    """CRF attributes of every token of a sentence (what training uses).

    Examples
    --------
    >>> lex = Lexicon({}, [], {}, {})
    >>> feats = sentence_features(["Herr", "Müller"], lex)
    >>> "-1:title" in feats[1], "-1:w=<s>" in feats[0]
    (True, True)
    """
    per = [word_features(w, lex) for w in words]
    classes = [p[4] for p in per]
    n = len(words)
    out: list[list[str]] = []
    for i in range(n):
        f = list(per[i][0])
        f.extend("-1:" + x for x in (per[i - 1][1] if i >= 1 else _BOS[1]))
        f.extend("+1:" + x for x in (per[i + 1][1] if i + 1 < n else _EOS[1]))
        f.extend("-2:" + x for x in (per[i - 2][2] if i >= 2 else _BOS[2]))
        f.extend("+2:" + x for x in (per[i + 2][2] if i + 2 < n else _EOS[2]))
        if i == 0:
            f.extend("0:" + x for x in per[i][3])
        f.extend(class_features(classes, i))
        out.append(f)
    return out


def _class_keys(key: str) -> list[str]:
    """Class features of the middle token of a five-letter class window."""
    a, b, c, d, e = key
    return ["k2=" + b + c, "k2+=" + c + d, "k3=" + b + c + d, "k3-=" + a + b + c, "k3+=" + c + d + e]


_BOS = ([], ["w=<s>"], ["w=<s>"], [], "^")
_EOS = ([], ["w=</s>"], ["w=</s>"], [], "$")


# --------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class NerSpan:
    """An entity found by the tagger.

    Attributes
    ----------
    start, end : int
        Character offsets into the text given to :func:`entities` (end exclusive).
    text : str
        ``text[start:end]``.
    type : str
        ``"PER"``, ``"LOC"`` or ``"ORG"``.
    score : float
        The model's marginal probability of the span's labels (the lowest
        over its tokens), in ``[0, 1]``.
    """

    start: int
    end: int
    text: str
    type: str
    score: float = 1.0


_NEG = -1e9


class NerModel:
    """A loaded CRF: labels, transitions, feature weights and the lexicon.

    Use :func:`load_model` rather than constructing one.
    """

    def __init__(self, labels: list[str], transitions: list[list[float]], features: list[str],
                 weights: array, lexicon: Lexicon, meta: dict) -> None:
        self.labels = list(labels)
        self.meta = meta
        self.lexicon = lexicon
        L = len(labels)
        self._L = L
        self._o = labels.index("O")
        self._index = {f: i for i, f in enumerate(features)}
        self._w = weights
        # transitions with BIO constraints: I-X only after B-X / I-X
        trans = [list(row) for row in transitions]
        self._start_ok = [not lab.startswith("I-") for lab in labels]
        for p, pl in enumerate(labels):
            for c, cl in enumerate(labels):
                if cl.startswith("I-") and pl[2:] != cl[2:]:
                    trans[p][c] = _NEG
        self._trans = trans
        # for each current label, the allowed previous labels with their weight
        self._prev = [
            [(p, trans[p][c]) for p in range(L) if trans[p][c] > _NEG / 2] for c in range(L)
        ]
        #: subtracted from the score of label O at every token: > 0 trades
        #: precision for recall (0 unless the model's meta sets ``o_penalty``)
        self.o_penalty = float(meta.get("o_penalty", 0.0))
        self._cache: dict[str, tuple] = {}
        self._kcache: dict[str, tuple] = {}
        self._bos = self._vectors(_BOS)
        self._eos = self._vectors(_EOS)

    # ---- weights
    def _sum(self, feats: Iterable[str], prefix: str) -> tuple[float, ...]:
        L = self._L
        acc = [0.0] * L
        index = self._index
        w = self._w
        for f in feats:
            k = index.get(prefix + f)
            if k is not None:
                base = k * L
                for j in range(L):
                    acc[j] += w[base + j]
        return tuple(acc)

    def _vectors(self, fs: tuple) -> tuple:
        own, near, far, first, cls = fs
        return (
            self._sum(own, ""),
            self._sum(near, "-1:"),
            self._sum(near, "+1:"),
            self._sum(far, "-2:"),
            self._sum(far, "+2:"),
            self._sum(first, "0:"),
            cls,
        )

    def _word(self, w: str) -> tuple:
        v = self._cache.get(w)
        if v is None:
            v = self._vectors(word_features(w, self.lexicon))
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[w] = v
        return v

    def emissions(self, words: Sequence[str]) -> list[list[float]]:
        """Per-token label scores (sum of the state-feature weights)."""
        n = len(words)
        vs = [self._word(w) for w in words]
        bos, eos = self._bos, self._eos
        kcache = self._kcache
        out = []
        for i in range(n):
            m1 = vs[i - 1][1] if i >= 1 else bos[1]
            p1 = vs[i + 1][2] if i + 1 < n else eos[2]
            m2 = vs[i - 2][3] if i >= 2 else bos[3]
            p2 = vs[i + 2][4] if i + 2 < n else eos[4]
            ka = vs[i - 2][6] if i >= 2 else "^"
            kb = vs[i - 1][6] if i >= 1 else "^"
            kd = vs[i + 1][6] if i + 1 < n else "$"
            ke = vs[i + 2][6] if i + 2 < n else "$"
            key = ka + kb + vs[i][6] + kd + ke
            k = kcache.get(key)
            if k is None:
                k = kcache[key] = self._sum(_class_keys(key), "")
            out.append([a + b + c + d + e + f for a, b, c, d, e, f in zip(vs[i][0], m1, p1, m2, p2, k)])
        if n:
            out[0] = [a + b for a, b in zip(out[0], vs[0][5])]
        pen = self.o_penalty
        if pen:
            o = self._o
            for e in out:
                e[o] -= pen
        return out

    # ---- decoding
    def viterbi(self, em: list[list[float]]) -> list[int]:
        """Best label sequence (indices into :attr:`labels`)."""
        if not em:
            return []
        L = self._L
        score = [s if ok else _NEG for s, ok in zip(em[0], self._start_ok)]
        back: list[list[int]] = []
        prev = self._prev
        rng = range(L)
        for e in em[1:]:
            new = [0.0] * L
            bp = [0] * L
            for c in rng:
                best_p, best = -1, _NEG * 10
                for p, t in prev[c]:
                    s = score[p] + t
                    if s > best:
                        best, best_p = s, p
                new[c] = best + e[c]
                bp[c] = best_p
            score = new
            back.append(bp)
        j = max(rng, key=score.__getitem__)
        path = [j]
        for bp in reversed(back):
            j = bp[j]
            path.append(j)
        path.reverse()
        return path

    def marginals(self, em: list[list[float]]) -> list[list[float]]:
        """Per-token label marginal probabilities (forward-backward)."""
        n = len(em)
        if not n:
            return []
        L = self._L
        rng = range(L)
        trans = self._trans
        exp = math.exp
        log = math.log

        def lse(xs: list[float]) -> float:
            m = max(xs)
            if m <= _NEG / 2:
                return _NEG
            return m + log(sum(exp(x - m) for x in xs))

        alpha = [[e if ok else _NEG for e, ok in zip(em[0], self._start_ok)]]
        for i in range(1, n):
            a = alpha[-1]
            alpha.append([lse([a[p] + trans[p][c] for p in rng]) + em[i][c] for c in rng])
        beta = [[0.0] * L for _ in range(n)]
        for i in range(n - 2, -1, -1):
            b = beta[i + 1]
            e = em[i + 1]
            beta[i] = [lse([trans[c][q] + e[q] + b[q] for q in rng]) for c in rng]
        z = lse(alpha[-1])
        return [[exp(min(0.0, alpha[i][c] + beta[i][c] - z)) for c in rng] for i in range(n)]

    def tag(self, words: Sequence[str]) -> list[str]:
        """BIO labels of a tokenised sentence."""
        labels = self.labels
        return [labels[j] for j in self.viterbi(self.emissions(words))]


def read_model(source, where: str | None = None) -> NerModel:
    """Read a model zip written by ``scripts/train_ner.py``.

    Parameters
    ----------
    source : str, os.PathLike or binary file object
        The ``model.zip``.
    where : str, optional
        Name used in error messages (default: ``source``).

    Raises
    ------
    kg.errors.DataError
        If the file is missing, unreadable or of another :data:`FEATURE_VERSION`.
    """
    where = where or str(source)
    try:
        with zipfile.ZipFile(source) as zf:
            meta = json.loads(zf.read("meta.json").decode("utf-8"))
            features = zf.read("features.txt").decode("utf-8").split("\n")
            raw = zf.read("weights.f32")
    except FileNotFoundError:
        raise DataError("NER model missing; build it with scripts/train_ner.py", path=where) from None
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise DataError(f"NER model unreadable ({exc})", path=where) from None
    if meta.get("feature_version") != FEATURE_VERSION:
        raise DataError(
            f"NER model built for feature version {meta.get('feature_version')}, "
            f"this kg needs {FEATURE_VERSION}; rebuild it with scripts/train_ner.py",
            path=where,
        )
    weights = array("f")
    weights.frombytes(raw)
    if array("f", [1.0]).tobytes() != b"\x00\x00\x80?":  # big-endian host
        weights.byteswap()
    labels = meta["labels"]
    if len(weights) != len(features) * len(labels):
        raise DataError("NER model weights do not match its features", path=where)
    return NerModel(labels, meta["transitions"], features, weights, Lexicon.from_json(meta["lexicon"]), meta)


@lru_cache(maxsize=1)
def load_model() -> NerModel:
    """Load the shipped model (once; later calls return the same object).

    Returns
    -------
    NerModel

    Raises
    ------
    kg.errors.DataError
        If ``kg/data/ner/model.zip`` is missing, unreadable, or was built
        for another :data:`FEATURE_VERSION`.

    Examples
    --------
    >>> m = load_model()
    >>> m.labels[0], sorted({lab[2:] for lab in m.labels if lab != "O"})
    ('O', ['LOC', 'ORG', 'PER'])
    >>> load_model() is m
    True
    """
    where = f"kg/{MODEL_RESOURCE}"
    res = resources.files("kg").joinpath(MODEL_RESOURCE)
    try:
        fh = res.open("rb")
    except (FileNotFoundError, NotADirectoryError):
        raise DataError("NER model missing; build it with scripts/train_ner.py", path=where) from None
    with fh:
        return read_model(fh, where)


# --------------------------------------------------------------------------- public API


def tag_tokens(words: list[str]) -> list[str]:
    """BIO labels (``B-PER``, ``I-LOC``, ``O`` ...) for one tokenised sentence.

    Parameters
    ----------
    words : list of str
        The tokens of one sentence.

    Returns
    -------
    list of str
        One label per token.

    Examples
    --------
    >>> tag_tokens(["Der", "Bürgermeister", "von", "Hamburg", "kam", "."])
    ['O', 'O', 'O', 'B-LOC', 'O', 'O']
    >>> tag_tokens([])
    []
    """
    if not words:
        return []
    return load_model().tag(words)


def spans_from_bio(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(first, last + 1, type)`` of a BIO sequence.

    An ``I-X`` that does not continue an ``X`` span starts a new one.

    Examples
    --------
    >>> spans_from_bio(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG"])
    [(0, 2, 'PER'), (3, 4, 'LOC'), (4, 5, 'ORG'), (5, 6, 'ORG')]
    """
    out: list[tuple[int, int, str]] = []
    start, typ = -1, None
    for i, lab in enumerate(labels):
        if lab.startswith("I-") and typ == lab[2:]:
            continue
        if typ is not None:
            out.append((start, i, typ))
            typ = None
        if lab != "O":
            start, typ = i, lab[2:]
    if typ is not None:
        out.append((start, len(labels), typ))
    return out


def entities(text: str, start: int = 0, end: int | None = None) -> list[NerSpan]:
    """Find PER/LOC/ORG names in ``text[start:end]``.

    The span is split into sentences and tokens with :mod:`kg.segment`
    (furniture lines included); offsets are absolute in ``text``.

    Parameters
    ----------
    text : str
        The whole text.
    start, end : int, optional
        The part to analyse (slice semantics; default: all of it).

    Returns
    -------
    list of NerSpan
        In text order; ``text[s.start:s.end] == s.text`` for each.

    Examples
    --------
    >>> text = "Bundeskanzlerin Angela Merkel sprach in Berlin mit Vertretern der Deutschen Bank."
    >>> [(s.text, s.type) for s in entities(text)]
    [('Angela Merkel', 'PER'), ('Berlin', 'LOC'), ('Deutschen Bank', 'ORG')]
    >>> s = entities("Gestern war Olaf Scholz da.")[0]
    >>> (s.start, s.end, s.text, s.type, 0.0 <= s.score <= 1.0)
    (12, 23, 'Olaf Scholz', 'PER', True)
    """
    from kg.segment import split_sentences, tokenize

    a, b, _ = slice(start, end).indices(len(text))
    if a >= b:
        return []
    model = load_model()
    labels = model.labels
    out: list[NerSpan] = []
    for sent in split_sentences(text[a:b]):
        toks = tokenize(text, a + sent.start, a + sent.end)
        if not toks:
            continue
        words = [t.text for t in toks]
        em = model.emissions(words)
        path = model.viterbi(em)
        tags = [labels[j] for j in path]
        spans = spans_from_bio(tags)
        if not spans:
            continue
        marg = model.marginals(em)
        for i, j, typ in spans:
            score = min(marg[k][path[k]] for k in range(i, j))
            s, e = toks[i].start, toks[j - 1].end
            out.append(NerSpan(s, e, text[s:e], typ, round(score, 4)))
    return out
