"""Sentence segmentation and tokenisation for German news text.

Pure Python (standard library :mod:`re` only).  Every :class:`Sentence` and
:class:`Token` carries exact character offsets into the article text, so
``article_text[x.start:x.end] == x.text`` always holds.

Overview of the rules
---------------------
* **Lines.**  Only ``"\\n"``, ``"\\r"``, ``"\\u2028"`` and ``"\\u2029"`` are line
  breaks (``"\\r\\n"`` counts once).  Other characters that
  :meth:`str.splitlines` treats as breaks (``"\\x0b"``, ``"\\x0c"``,
  ``"\\x1c"``-``"\\x1e"``, ``"\\x85"``) are ordinary in-line whitespace here.  A
  line break always ends a sentence.
* **Bullets.**  A line starting (after optional whitespace) with ``•``, ``·``,
  ``-``, ``*``, ``–`` (and a few other bullet glyphs) is a list item; the mark
  and the whitespace after it are not part of the span.  ``-``, ``*``, ``–``
  and ``—`` must be followed by whitespace to count as a bullet.
* **Furniture.**  Photo credits, agency tags, video/player chrome, bylines and
  other page furniture are recognised by the module-level regular expressions
  below, both for whole lines and for single sentences inside a line.  A
  furniture prefix such as ``"Sehen Sie im Video:"`` is split off the line and
  the rest of the line is segmented normally.
* **Sentences.**  A sentence ends after ``.``, ``!``, ``?``, ``…`` or ``...``
  plus any directly following closing quotes/brackets, when whitespace and a
  sentence start (not a lowercase word) follow.  A quote closing right after
  the punctuation always ends the sentence (``"Das ist kein Moment." Er``);
  a comma or lowercase word after it does not (``"…", sagte er``).  A single
  ``.`` does not end a sentence after abbreviations (:data:`ABBREVIATIONS`),
  single letters and dotted initialisms (``J. R. R.``, ``U.S.``), Roman
  numerals before a non-capital (``Benedikt XVI. (…)``), and ordinals (a
  number of at most three digits followed by a month name, an ordinal noun
  such as ``Jahrhundert``/``Platz``, a digit, or preceded by an
  article/preposition such as ``am``, ``der``; also enumerations such as
  ``"1. FC"`` at a sentence start or after a colon).  ``etc.``/``usw.`` end a
  sentence before a capital.  A ``.``/``!``/``?`` glued directly to a
  capitalised word (``"Eigeninteresse.Gipfeltreffen"``) is a boundary when the
  three characters before it are lowercase letters and the word before is no
  abbreviation, URL or e-mail address.  Sentences are never split inside a
  quotation only because it is a quotation; a quotation that contains several
  sentences is split like any other text.
* **Kinds.**  A line (after a furniture prefix, if any) that is a single
  sentence without final ``. ! ? …`` is a ``"headline"``; so is the tail after
  a glued boundary when it has no final punctuation.  Bullet items are
  ``"bullet"``; everything else is ``"text"``.  A line without any letter or
  digit is furniture of type ``"other"``.

The splitter and the tokeniser run in linear time: scans that could
re-start at every character are guarded by look-behinds so that they only
start at the beginning of a run, quantifiers are possessive where it matters,
look-back windows are bounded (64 characters) and furniture patterns only
run on spans of at most 200 characters.

Known limitations
-----------------
* A sentence ending in a single letter or an abbreviation (``"… in Block
  A. Dann"``, ``"… von Dr. Meier u.a. Die …"``) is not split, except after
  nouns such as ``Gruppe``/``Plan`` and the enumeration abbreviations.
* Headlines glued to a sentence with only a space (``"Titel Nach dem
  Treffen …"``) are not detected.
* A number of at most three digits at the end of a sentence is taken as an
  ordinal when an article precedes it (``"… die 23. Die …"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ABBREVIATIONS",
    "Sentence",
    "Token",
    "split_sentences",
    "tokenize",
]


# ---------------------------------------------------------------------------
# Data classes
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    """A token with absolute character offsets.

    Attributes
    ----------
    start : int
        Offset of the first character in the full article text.
    end : int
        Exclusive end offset.
    text : str
        The token text, ``article_text[start:end]``.

    Examples
    --------
    >>> t = tokenize("US-Präsident")[0]
    >>> (t.start, t.end, t.text)
    (0, 12, 'US-Präsident')
    """

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or headline, list item, page furniture) of an article.

    Attributes
    ----------
    index : int
        0-based position of the sentence in the article.
    start : int
        Offset of the first character in the full article text.
    end : int
        Exclusive end offset; the span never starts or ends with whitespace.
    text : str
        ``article_text[start:end]``.
    kind : str
        ``"text"``, ``"headline"``, ``"bullet"`` or ``"furniture"``.
    furniture : str or None
        For ``kind == "furniture"`` one of ``"photo_credit"``, ``"agency"``,
        ``"video"``, ``"player"``, ``"byline"``, ``"other"``; else ``None``.

    Examples
    --------
    >>> s = split_sentences("Foto: dpa")[0]
    >>> (s.kind, s.furniture, s.text)
    ('furniture', 'photo_credit', 'Foto: dpa')
    """

    index: int
    start: int
    end: int
    text: str
    kind: str
    furniture: str | None = None


# ---------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------

#: Abbreviations (with their final dot) after which a ``.`` does not end a
#: sentence.  A few lowercase ones that often start a sentence also match
#: capitalised (``"Ca."``, ``"Vgl."``), see ``_SENTENCE_INITIAL_ABBREVIATIONS``.
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    z.B. z.T. z.Zt. z.Z. u.a. u.ä. u.U. u.v.m. u.a.m. o.ä. o.g. d.h. v.a. s.o. s.u.
    i.d.R. i.A. i.V. a.D. e.V. n.Chr. v.Chr. m.E. Ges.m.b.H. usw. usf. etc. bzw.
    vgl. sog. ca. inkl. exkl. evtl. ggf. ggfs. bzgl. zzgl. abzgl. bspw. insb.
    insbes. gem. lt. rd. max. min. mind. urspr. ehem. verh. geb. gest. allg. ggü.
    Dr. Dres. Prof. Dipl. Ing. Dipl.-Ing. Mag. Dkfm. Univ. Univ.-Prof. Priv.-Doz.
    Doz. Hon.-Prof. em. emer. jun. sen. jr. Jr. Sr. Hr. Hrn. Fr. Frl. Mr. Mrs. Ms.
    St. Ste. Hl. Str. Pl. Bhf. Hbf. Nr. Nrn. No. Abs. Art. Ziff. lit. Kap. Abschn.
    Bd. Bde. Hrsg. hrsg. Aufl. Jg. Jh. Jhd. Jhdt. Tab. Abb. Anm. Fn. Vol. S. Tel.
    Mio. Mrd. Tsd. Std. Min. Sek. Pkt. Proz. Stk. Bgm. Abg. NAbg. Vors. Präs.
    Gebr. Co. Fa. Abt. Bez. Bsp. Verf. Ausg. Kt. Ldkr. Lkr. vs.
    Wr. Stmk. Ktn. Sbg. Vbg. Bgld.
    engl. franz. frz. ital. span. lat. griech. russ. dt. österr. schweiz. amerik.
    arab. chin. jap. port. poln. tschech. ung. niederl. türk. hebr. ukr.
    Jan. Feb. Febr. Mär. Apr. Jun. Jul. Aug. Sep. Sept. Okt. Nov. Dez.
    """.split()
)

#: Abbreviations that usually end an enumeration and therefore may end a
#: sentence: a following uppercase word starts a new sentence.
_SENTENCE_FINAL_ABBREVIATIONS: frozenset[str] = frozenset(
    {"etc.", "usw.", "usf.", "u.v.m.", "u.a.m.", "n.Chr.", "v.Chr."}
)

#: Company-form abbreviations: they end a sentence unless "(" follows
#: ("Meinl Ltd. (MERE)").
_COMPANY_ABBREVIATIONS: frozenset[str] = frozenset({"Inc.", "Ltd.", "Corp.", "Plc.", "plc."})

#: Abbreviations that are also ordinary words ("Art", "Jan", "Aug"): they only
#: count as abbreviations before a digit or after a day number ("6. Jan. 2021").
_WORDLIKE_ABBREVIATIONS: frozenset[str] = frozenset(
    {"Art.", "Jan.", "Jun.", "Jul.", "Aug.", "Dez.", "Nov.", "Okt.", "Sept.", "Sep.",
     "Apr.", "Mär.", "Feb.", "Febr.", "No."}
) & ABBREVIATIONS


#: Lowercase abbreviations that also count capitalised at a sentence start.
#: (Not all of them: "Franz.", "Max.", "Schweiz." would be names and words.)
_SENTENCE_INITIAL_ABBREVIATIONS: frozenset[str] = frozenset(
    """ca. vgl. z.B. z.T. u.a. u.U. v.a. d.h. bzw. evtl. ggf. inkl. exkl. sog. bspw.
    insb. lt. gem. zzgl. bzgl. rd. urspr. ehem. s.o. s.u. i.d.R.""".split()
) & ABBREVIATIONS


def _abbrev_forms() -> frozenset[str]:
    forms = set(ABBREVIATIONS)
    forms.update(a[0].upper() + a[1:] for a in _SENTENCE_INITIAL_ABBREVIATIONS)
    return frozenset(forms)


_ABBREV_FORMS = _abbrev_forms()

_MONTHS = (
    "Januar Jänner Februar Feber März April Mai Juni Juli August September "
    "Oktober November Dezember Jan Feb Febr Mär Mrz Apr Jun Jul Aug Sep Sept "
    "Okt Nov Dez"
).split()

#: Words after "<number>." that make the number an ordinal ("1. FC Köln").
_ORDINAL_WORDS = ("FC", "FSV", "SC", "SV", "FFC", "TSV", "VfB", "VfL", "BSC", "Liga",
                  "Bundesliga", "Mal", "Stock")

#: Noun endings after "<number>." that make the number an ordinal
#: ("20. Jahrhundert", "3. Platz", "2. Gemeindebezirk", "5. Spieltag").
_ORDINAL_NOUN_SUFFIXES = (
    "jahrhundert", "jahrhunderts", "jahrtausend", "jahrtausends", "jahrzehnt",
    "platz", "platzes", "rang", "runde", "liga", "klasse", "stock", "stockwerk",
    "etage", "geschoss", "bezirk", "bezirks", "tag", "tages", "woche", "monat",
    "monats", "quartal", "quartals", "halbjahr", "semester", "lebensjahr", "jahr",
    "jahres", "kapitel", "staffel", "folge", "auflage", "ausgabe", "weltkrieg",
    "weltkriegs", "welt", "reich", "republik", "sitzung", "lesung", "instanz",
    "senat", "kammer", "grades", "ordnung", "hälfte", "halbzeit", "drittel",
    "viertel", "saison", "akt", "band", "stufe", "advent", "division", "mannschaft",
    "armee", "satz", "gang", "versuch", "anlauf", "sinfonie", "symphonie",
    "zusatzartikel", "legislaturperiode", "periode", "amtszeit", "etappe", "lauf",
    "rennen", "position", "reihe", "minute", "stelle", "kategorie", "generation",
    "person", "fall", "jubiläum", "mal", "liga", "preis", "wahlgang", "spieltag",
)

#: Nouns followed by a letter label ("Gruppe B", "Plan A"): a full stop after
#: the letter may end the sentence.
_LETTER_LABEL_NOUNS: frozenset[str] = frozenset(
    """Gruppe Plan Typ Klasse Kategorie Vitamin Block Variante Option Modell
    Halle Terminal Gate Stufe Sektor Zone Säule Szenario Anhang Haus Stiege
    Tribüne Buchstabe Note""".split()
)

#: Words before "<number>." that make the number an ordinal ("am 3. Mai").
_ORDINAL_DETERMINERS: frozenset[str] = frozenset(
    """am im vom zum beim der die das den dem des zur ihr ihre ihrem ihren ihrer
    ihres sein seine seinem seinen seiner seines unser unsere unserem unseren
    unserer unseres jede jeder jedes jedem jeden diese dieser dieses diesem diesen
    jenem jenen""".split()
)

# ---------------------------------------------------------------------------
# Character classes
# ---------------------------------------------------------------------------

_LINE_BREAKS = "\n\r\u2028\u2029"
#: Characters stripped at sentence edges: Unicode whitespace plus invisible
#: format characters (zero-width space/joiners, word joiner, BOM).
_STRIP_CHARS = "".join(
    c for c in map(chr, range(0x3001)) if c.isspace()
) + "\u200b\u200c\u200d\u2060\ufeff"
#: Closing quotes and brackets absorbed after sentence-final punctuation.
_CLOSERS = ")]}\"'“”«»‘’›‹"
#: Opening quotes and brackets that may start a sentence.
_OPENERS = "\"'„“”»«‚‘’›‹([{"
_EDGE_PUNCT = _CLOSERS + _OPENERS + "„‚"

# ---------------------------------------------------------------------------
# Compiled regular expressions: segmentation
# ---------------------------------------------------------------------------

# A physical line: a maximal run of characters that are not line breaks.
_LINE_RE = re.compile("[^" + _LINE_BREAKS + "]+")

# Bullet mark at the start of a line: bullet glyphs with optional whitespace,
# or "-", "*", en dash, em dash followed by whitespace (or alone on the line).
_BULLET_RE = re.compile(r"(?:[•·▪‣◦●►]\s*|[-*–—](?:\s+|$))")

# Candidate sentence end: a run of terminal punctuation, then directly
# following closing quotes/brackets.
_CANDIDATE_RE = re.compile(r"[.!?…]+[)\]}\"'“”«»‘’›‹]*|\)(?=\s+\S)")

# First non-whitespace character.
_NONSPACE_RE = re.compile(r"\S")

# A letter or digit (a span without one is not a sentence of its own).
_ALNUM_RE = re.compile(r"[^\W_]")

# A run of letters (the word at a position).
_LETTERS_RE = re.compile(r"[^\W\d_]{1,40}")

# Dotted initialism without its final dot: "U.S", "z.B", "i.d.R".
_INITIALISM_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")

# A number, possibly with inner dots: "6", "8.8", "1.000".
_NUMERIC_RE = re.compile(r"\d+(?:\.\d+)*")

# Roman numeral of a ruler or pope: "II", "XVI".
_ROMAN_RE = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")

# Word after "<number>." that makes the number an ordinal: month names,
# club/league words, or a capitalised noun with an ordinal-noun ending.
_ORDINAL_NEXT_RE = re.compile(
    r"(?:" + "|".join(_MONTHS + list(_ORDINAL_WORDS)) + r")\b"
    r"|(?=[A-ZÄÖÜ])\w{0,20}?(?i:" + "|".join(_ORDINAL_NOUN_SUFFIXES) + r")\b"
)

# Furniture is only looked for in spans up to this length.
_MAX_FURNITURE_LEN = 200

_AGENCY = (
    r"(?:dpa(?:-AFX)?|AFP|AP|Reuters|REUTERS|APA(?:-OTS)?|KNA|epd|dts|sid|SID|SDA|"
    r"Keystone-SDA|ANP|Xinhua|ITAR-TASS|TASS|Interfax|Bloomberg|EFE|ANSA|dapd|ddp|"
    r"AFX|OTS|UPI|Belga|Kyodo|Yonhap|AWP|Agenturen|KAP|Kathpress)"
)
_AGENCY_WORD_RE = re.compile(r"(?<![\w-])" + _AGENCY + r"(?![\w-])")
_NAME = (
    r"[A-ZÄÖÜÅÉČŠŽ][\w'’-]+(?:\s+(?:[A-ZÄÖÜ]\.|[A-ZÄÖÜÅÉČŠŽ][\w'’-]+|"
    r"von|van|de|der|den|zu|al|el|da|di|du|la|le|ten|ter|aus)){1,5}"
)
_DATE = r"\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})"
_SIG_ITEM = r"(?:" + _AGENCY + r"|DER STANDARD|[a-z]{2,6}\.?|" + _NAME + r")"

# Photo/image credits: "Foto: dpa", "Bild: Mikhail Metzel / imago images",
# "(Foto: AP)", "Fotos: picture alliance / dpa", "Quelle: APA".
_PHOTO_CREDIT_RE = re.compile(
    r"\(?\s*(?:Fotos?|Bild(?:er)?|Bildquelle|Fotograf(?:ie|in)?|Grafik|Illustration|"
    r"Titelbild|Symbolbild|Archivbild|Archivfoto|Screenshot|Quelle|Credits?|"
    r"Bildrechte|Aufmacherbild|Collage|Montage|Foto\s*&\s*Video)\s*:\s*"
    r"(?P<body>[^\n]{1,150}?)\s*\)?"
)
# Copyright marks: "© Reuters", "(c) AFP", "Copyright: dpa".
_COPYRIGHT_RE = re.compile(
    r"\(?\s*(?:©|\([cC]\)|Copyright\s*:?)\s*(?P<body>[^\n]{1,150}?)\s*\)?"
)
# Agency tags alone: "ime/dpa/Reuters", "dpa/AFP", "(dpa)", "red, APA",
# "(APA, 12.3.2016)", "(APA/red – 9.9. 2016)"; must name a known agency.
_AGENCY_LINE_RE = re.compile(
    r"\(?\s*" + _SIG_ITEM + r"(?:\s*(?:/|,|;|&|\bund\b|–|-)\s*" + _SIG_ITEM + r")*"
    r"(?:\s*[,;–-]?\s*" + _DATE + r")?\s*\)?\.?"
)
# Signature with date, no agency: "(Anna Müller, 12.3.2016)", "(red, 5.6.2016)".
_SIGNATURE_RE = re.compile(
    r"\(\s*" + _SIG_ITEM + r"(?:\s*[,;/]\s*" + _SIG_ITEM + r")*\s*[,;–-]\s*" + _DATE + r"\s*\)"
)
# Bare date in parentheses at the end of an article: "(31.10.2007)".
_DATE_ONLY_RE = re.compile(r"\(\s*" + _DATE + r"\s*\)")
# Bylines: "Von Anna Müller", "Ein Kommentar von Anna Müller",
# "Von unserer Korrespondentin Anna Müller, Berlin", "Text: Anna Müller".
_BYLINE_RE = re.compile(
    r"(?:Von|VON|(?:Text|Interview|Recherche|Autor|Autorin|Protokoll)\s*:|"
    r"Eine?\s+(?:Kommentar|Analyse|Gastbeitrag|Gastkommentar|Kolumne|Reportage|"
    r"Essay|Bericht|Interview|Glosse|Porträt|Leitartikel|Rezension|Kritik|"
    r"Einordnung|Bestandsaufnahme|Betrachtung|Reisebericht|Feature)\s+von)"
    r"\s+(?:unsere[mr]\s+[A-ZÄÖÜ][\w-]+\s+)?"
    r"(?:…|\.\.\.|" + _NAME + r"(?:\s*(?:,|und|&)\s*" + _NAME + r")*)"
    r"(?:\s*,\s*[A-ZÄÖÜ][\w-]+(?:\s+[A-ZÄÖÜ][\w-]+)?)?"
)
# Video teasers: "Sehen Sie im Video:", "Zum Video", "Video", "Im Video".
_VIDEO_RE = re.compile(
    r"(?i:(?:sehen|schauen)\s+sie\s+(?:sich\s+)?(?:hier\s+|jetzt\s+|dazu\s+|auch\s+)?"
    r"(?:im|das|unser(?:em)?|ein(?:em)?|die|den)\s+videos?(?:\s+an)?"
    r"|(?:zum|im|das|alle|mehr|weitere|top)[ -]videos?|videos?"
    r"|videos?\s+(?:ansehen|anschauen)|hier\s+geht'?s\s+zum\s+video"
    r"|videos?\s+zum\s+thema|video-?player)\s*[:.]?"
)
# Media player chrome: "Video abspielen", "Die Wiedergabe wurde unterbrochen.",
# durations such as "02:31 min".
_PLAYER_RE = re.compile(
    r"(?i:(?:video|audio|podcast)\s+(?:abspielen|starten|wiedergeben|anhören)"
    r"|abspielen|wiedergabe(?:\s+(?:fortsetzen|starten|beenden))?"
    r"|die\s+wiedergabe\s+wurde\s+unterbrochen|vollbild(?:modus)?|stummschalten"
    r"|ton\s+(?:an|aus)|untertitel|nächstes\s+video|(?:video\s+)?wird\s+geladen(?:\.\.\.|…)?"
    r"|(?:dauer:?\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*min\.?|\s*minuten)?)\s*[.:]?"
)
# Other page furniture: related-content links, ads, sharing buttons.
_OTHER_RE = re.compile(
    r"(?i:mehr\s+zum\s+thema|zum\s+thema|lesen\s+sie\s+(?:auch|mehr|hier|weiter)"
    r"|weiterlesen|weiter\s+lesen|mehr\s+lesen|jetzt\s+lesen|zum\s+artikel|anzeige"
    r"|werbung|artikel\s+teilen|teilen|drucken|kommentare?(?:\s+(?:anzeigen|lesen))?"
    r"|zur\s+startseite|newsletter(?:\s+abonnieren)?|das\s+könnte\s+sie\s+auch\s+interessieren"
    r"|auch\s+interessant|weitere\s+artikel(?:\s+zum\s+thema)?|themenverwandte?r?\s+artikel"
    r"|empfehlungen|mehr\s+dazu|alle\s+artikel|top-?themen|jetzt\s+abonnieren|abonnieren"
    r"|merken|nach\s+oben|seite\s+\d+\s+von\s+\d+)\s*[:.]?"
)
# Furniture prefix followed by more text on the same line:
# "Sehen Sie im Video: <title>", "Lesen Sie auch: <title>".
_FURNITURE_PREFIX_RE = re.compile(
    r"(?i:(?P<video>(?:sehen|schauen)\s+sie\s+(?:sich\s+)?(?:hier\s+|jetzt\s+|dazu\s+|auch\s+)?"
    r"(?:im|das|unser(?:em)?|ein(?:em)?)\s+videos?(?:\s+an)?\s*:|im\s+video\s*:|videos?\s*:)"
    r"|(?P<other>mehr\s+zum\s+thema\s*:|lesen\s+sie\s+(?:auch|mehr|hier|weiter)\s*:"
    r"|auch\s+interessant\s*:|das\s+könnte\s+sie\s+auch\s+interessieren\s*:|anzeige\s*:))"
    r"(?=\s*\S)"
)
# A credit body that reads like a sentence ("... sieht der Bahnhof aus.").
_SENTENCE_LIKE_END_RE = re.compile(r"[a-zäöüß]{3}[.!?]$")


def _classify_furniture(s: str) -> str | None:
    """Return the furniture type of a stripped span, or ``None``."""
    if not s or len(s) > _MAX_FURNITURE_LEN:
        return None
    if _VIDEO_RE.fullmatch(s):
        return "video"
    if _PLAYER_RE.fullmatch(s):
        return "player"
    for rx in (_PHOTO_CREDIT_RE, _COPYRIGHT_RE):
        m = rx.fullmatch(s)
        if m:
            body = m.group("body")
            if len(body.split()) <= 12 and not _SENTENCE_LIKE_END_RE.search(body):
                return "photo_credit"
    if len(s) <= 120:
        if _AGENCY_LINE_RE.fullmatch(s) and _AGENCY_WORD_RE.search(s):
            return "agency"
        if _SIGNATURE_RE.fullmatch(s):
            return "byline"
    if _BYLINE_RE.fullmatch(s):
        return "byline"
    if _OTHER_RE.fullmatch(s):
        return "other"
    if _DATE_ONLY_RE.fullmatch(s):
        return "other"
    return None


# ---------------------------------------------------------------------------
# Sentence splitting
# ---------------------------------------------------------------------------

_UPPER, _LOWER, _DIGIT, _OPEN, _OTHER = range(5)


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    """Shrink ``[a, b)`` so that it neither starts nor ends with whitespace."""
    while a < b and text[a] in _STRIP_CHARS:
        a += 1
    while b > a and text[b - 1] in _STRIP_CHARS:
        b -= 1
    return a, b


def _next_kind(text: str, n: int, b: int) -> int:
    """Classify what starts at position ``n`` (first char after whitespace)."""
    ch = text[n]
    if ch.isupper() or ch.istitle():
        return _UPPER
    if ch.islower():
        m = _LETTERS_RE.match(text, n, b)
        if m and any(c.isupper() for c in m.group()[1:]):
            return _UPPER  # "iPhone", "eBay"
        return _LOWER
    if ch.isdigit():
        return _DIGIT
    if ch in _OPENERS:
        return _OPEN
    return _OTHER


def _prev_chunks(text: str, lo: int, s: int) -> tuple[str, str]:
    """Return the whitespace-separated chunk ending at ``s`` and the one before."""
    window = text[max(lo, s - 64):s]
    parts = window.rsplit(None, 2)
    if not parts:
        return "", ""
    last = parts[-1]
    prev = parts[-2] if len(parts) >= 2 else ""
    return last, prev


def _is_period_boundary(
    text: str, lo: int, pos: int, s: int, n: int, b: int, nxt: int, bracketed: bool = False
) -> bool:
    """Decide whether a single ``.`` at ``s`` (followed by whitespace) ends a sentence.

    ``lo``/``b`` delimit the line, ``pos`` is the start of the current
    sentence, ``n`` the first character after the whitespace and ``nxt`` its
    class.  ``bracketed`` means a closing bracket follows the full stop
    directly (``"(z.B.) Dinge"``): then only abbreviations and initials
    prevent the boundary.
    """
    if s == lo or text[s - 1] in _STRIP_CHARS:
        return True  # "Botschafter . Die"
    chunk, prev = _prev_chunks(text, lo, s)
    if chunk[-1] in _CLOSERS:
        return True  # 'sagte er "Nein".', "(366). Von"
    w = chunk.strip(_EDGE_PUNCT)
    if not w:
        return True
    key = w + "."
    if key not in _ABBREV_FORMS and "-" in w:
        key = w.rsplit("-", 1)[1] + "."  # "Goethe-Str."
    if key in _COMPANY_ABBREVIATIONS:
        return text[n] != "(" or bracketed
    if key in _WORDLIKE_ABBREVIATIONS:
        if nxt == _DIGIT:
            return False
        p = prev.rstrip(".")
        if prev.endswith(".") and p.isdigit() and len(p) <= 2:
            return False  # "6. Jan. Der ..." (day + month abbreviation)
        return True
    if key in _ABBREV_FORMS:
        return nxt in (_UPPER, _OPEN) and key in _SENTENCE_FINAL_ABBREVIATIONS
    if len(w) == 1 and w.isalpha():
        # initials: "John F. Kennedy", "z. B." -- but "in Gruppe B. Die ..."
        return nxt == _UPPER and prev.strip(_EDGE_PUNCT) in _LETTER_LABEL_NOUNS
    if _INITIALISM_RE.fullmatch(w):
        return False  # "U.S.", "i.d.R."
    if bracketed:
        return True
    if nxt != _UPPER and _ROMAN_RE.fullmatch(w):
        return False  # "Elizabeth II. (89)"
    if nxt == _DIGIT and _NUMERIC_RE.fullmatch(w):
        return False  # dates with spaces: "6. 1. 2021", "(APA, 8.8. 2015)"
    if len(w) <= 3 and w.isascii() and w.isdigit():
        # enumeration at the start of a sentence: "1. FC Köln", "2. Die ..."
        if s - len(chunk) <= pos:
            return False
        if chunk[0] == "(" or prev.endswith(":") or prev in ("–", "-", "—"):
            return False  # "Veltman (71. Sanogo)", "Endstand: 1. Ogier", "– 2. Stenson"
        if nxt == _OTHER:
            return False  # "sie wurde 16. – folgte ..."
        if _ORDINAL_NEXT_RE.match(text, n, b):
            return False  # "am 6. Januar", "20. Jahrhundert", "3. Platz"
        if prev.strip(_EDGE_PUNCT).lower() in _ORDINAL_DETERMINERS:
            return False  # "am 6. Tag", "der 3. Versuch"
        return True
    return True


def _glued_boundary(text: str, lo: int, s: int, e: int, b: int) -> bool:
    """``"Eigeninteresse.Gipfeltreffen"``: boundary without space before an uppercase word."""
    if e + 1 >= b or s - lo < 3:
        return False
    c1 = text[e]
    c2 = text[e + 1]
    if not (c1.isupper() and c2.islower()):
        return False
    tail = text[s - 3:s]
    if not (tail.isalpha() and tail.islower()):
        return False
    chunk, _ = _prev_chunks(text, lo, s)
    if any(c in chunk for c in ".@/:\\#") or (chunk + ".") in _ABBREV_FORMS:
        return False
    return True


def _split_span(text: str, a: int, b: int) -> list[tuple[int, int, bool]]:
    """Split the stripped span ``[a, b)`` of one line into sentence spans.

    Returns ``(start, end, glued)`` triples; ``glued`` is true when the span
    starts right after a boundary without whitespace.
    """
    spans: list[tuple[int, int, bool]] = []
    pos = a
    glued = False
    # position of the first letter/digit at or after ``pos`` (b if none)
    m0 = _ALNUM_RE.search(text, pos, b)
    first_alnum = m0.start() if m0 else b
    for m in _CANDIDATE_RE.finditer(text, a, b):
        e = m.end()
        if e >= b:
            break
        s = m.start()
        if first_alnum >= s:
            continue  # nothing but punctuation so far: not a sentence yet
        if text[s] == ")":
            # end of a signature "(APA, 8.6.2015)" followed by more text
            if (
                text[pos] == "("
                and e - pos <= 120
                and _classify_furniture(text[pos:e]) in ("agency", "byline")
            ):
                nm = _NONSPACE_RE.search(text, e, b)
                spans.append((pos, e, glued))
                pos = nm.start() if nm else e
                glued = False
                m0 = _ALNUM_RE.search(text, pos, b)
                first_alnum = m0.start() if m0 else b
            continue
        punct_end = s
        while punct_end < e and text[punct_end] in ".!?…":
            punct_end += 1
        punct = text[s:punct_end]
        closed = punct_end < e
        ch = text[e]
        if ch not in _STRIP_CHARS:
            # no whitespace after the punctuation
            if closed or len(punct) != 1 or punct == "…":
                continue
            if not _glued_boundary(text, a, s, e, b):
                continue
            spans.append((pos, e, glued))
            pos = e
            glued = True
        else:
            nm = _NONSPACE_RE.search(text, e, b)
            if nm is None:  # pragma: no cover - span is stripped
                break
            n = nm.start()
            nxt = _next_kind(text, n, b)
            if nxt == _LOWER:
                continue
            if "!" in punct or "?" in punct:
                pass
            elif punct != ".":  # ellipsis
                if s > a and text[s - 1] in "[(":
                    continue  # "[…]" omission mark
            elif closed:
                # a quote after the full stop ends the sentence; a bracket
                # only if the full stop does not belong to an abbreviation
                if text[e - 1] in ")]}" and not _is_period_boundary(
                    text, a, pos, s, n, b, nxt, bracketed=True
                ):
                    continue
            elif not _is_period_boundary(text, a, pos, s, n, b, nxt):
                continue
            spans.append((pos, e, glued))
            pos = n
            glued = False
        m0 = _ALNUM_RE.search(text, pos, b)
        first_alnum = m0.start() if m0 else b
    if pos < b:
        if first_alnum >= b and spans:
            # trailing remainder without letters/digits (" ;-)"): attach it
            ps, _, pg = spans[-1]
            spans[-1] = (ps, b, pg)
        else:
            spans.append((pos, b, glued))
    return spans


def _ends_with_final_punct(text: str, s: int, e: int) -> bool:
    k = e
    while k > s and text[k - 1] in _CLOSERS:
        k -= 1
    return k > s and text[k - 1] in ".!?…"


def _process_line(
    text: str, a: int, b: int, bullet: bool, out: list[tuple[int, int, str, str | None]]
) -> None:
    while True:
        if b - a <= _MAX_FURNITURE_LEN:
            f = _classify_furniture(text[a:b])
            if f is not None:
                out.append((a, b, "furniture", f))
                return
        pm = _FURNITURE_PREFIX_RE.match(text, a, b)
        if pm is None:
            break
        pe = pm.end()
        ps, pe = _strip(text, a, pe)
        out.append((ps, pe, "furniture", "video" if pm.group("video") else "other"))
        a, b = _strip(text, pe, b)
        if a >= b:
            return
    if _ALNUM_RE.search(text, a, b) is None:
        out.append((a, b, "furniture", "other"))
        return
    spans = _split_span(text, a, b)
    last = len(spans) - 1
    for i, (s, e, glued) in enumerate(spans):
        s, e = _strip(text, s, e)
        if s >= e:  # pragma: no cover - defensive
            continue
        f = _classify_furniture(text[s:e]) if e - s <= _MAX_FURNITURE_LEN else None
        if f is not None:
            out.append((s, e, "furniture", f))
        elif bullet:
            out.append((s, e, "bullet", None))
        elif (last == 0 or (glued and i == last)) and not _ends_with_final_punct(text, s, e):
            out.append((s, e, "headline", None))
        else:
            out.append((s, e, "text", None))


def split_sentences(text: str) -> list[Sentence]:
    """Split a German news article into sentences with exact offsets.

    Parameters
    ----------
    text : str
        The full article text.  Only ``\\n``, ``\\r``, ``\\u2028`` and
        ``\\u2029`` are treated as line breaks; a line break always ends a
        sentence.

    Returns
    -------
    list of Sentence
        Sentences in document order, ``index`` running ``0..n-1``.  Each
        satisfies ``text[s.start:s.end] == s.text`` and has no leading or
        trailing whitespace.  Empty or whitespace-only input gives ``[]``.

    Examples
    --------
    >>> doc = ("Die Wahl\\nAm 6. Januar kam es zu Krawallen. Dr. Meier war da."
    ...        "\\n  • Punkt eins\\ndpa/AFP")
    >>> [(s.kind, s.text) for s in split_sentences(doc)]  # doctest: +NORMALIZE_WHITESPACE
    [('headline', 'Die Wahl'), ('text', 'Am 6. Januar kam es zu Krawallen.'),
     ('text', 'Dr. Meier war da.'), ('bullet', 'Punkt eins'), ('furniture', 'dpa/AFP')]
    >>> s = split_sentences("Sehen Sie im Video: Ein Rückblick.")
    >>> [(x.kind, x.furniture, x.text) for x in s]
    [('furniture', 'video', 'Sehen Sie im Video:'), ('text', None, 'Ein Rückblick.')]
    """
    out: list[tuple[int, int, str, str | None]] = []
    for lm in _LINE_RE.finditer(text):
        a, b = _strip(text, lm.start(), lm.end())
        if a >= b:
            continue
        bullet = False
        bm = _BULLET_RE.match(text, a, b)
        if bm is not None:
            bullet = True
            a, b = _strip(text, bm.end(), b)
            if a >= b:
                continue
        _process_line(text, a, b, bullet, out)
    return [
        Sentence(i, s, e, text[s:e], kind, furn)
        for i, (s, e, kind, furn) in enumerate(out)
    ]


# ---------------------------------------------------------------------------
# Tokenisation
# ---------------------------------------------------------------------------

_TLDS = "de|at|ch|com|org|net|eu|info|io|gov|edu|uk|fr|it|ru|tv|biz|li|lu|nl|be|es|pl|us"
_URL_BODY = r"[^\s<>\"«»„“”‘’]"
_URL_END = r"[^\s<>\"«»„“”‘’.,;:!?'()\[\]{}]"
# abbreviations from the list (word-like ones only before a digit), longest first
_ABBREV_ALT = "|".join(
    re.escape(a) for a in sorted(_ABBREV_FORMS - _WORDLIKE_ABBREVIATIONS, key=len, reverse=True)
)
_WORDLIKE_ALT = "|".join(
    re.escape(a) for a in sorted(_WORDLIKE_ABBREVIATIONS, key=len, reverse=True)
)
_HWS = r"[^\S\n\r\u2028\u2029]"  # whitespace except line breaks
#: Invisible characters skipped between tokens (besides whitespace).
_TOKEN_SKIP_CHARS = "\u200b\u2060\ufeff"
_WCH = r"[\w\u00ad\u0300-\u036f\u200c\u200d]"  # word chars + soft hyphen, combining marks, ZWNJ/ZWJ

_TOKEN_RE = re.compile(
    # fast path: a word starting with a letter that is not followed by a
    # character that could make it a URL, e-mail, domain or abbreviation
    r"[^\W\d_]" + _WCH + r"*(?:[-‐‑'’]" + _WCH + r"+)*"
    r"(?![\w.@:/+\-‐‑'’\u00ad\u0300-\u036f\u200c\u200d])"
    # fast path: punctuation that cannot start a longer token
    + r"|[,;:!?()\[\]\"„“”»«‚‘›‹–—/]"
    # URL with scheme or "www."
    + r"|(?:(?:https?|ftp)://|www\.)" + _URL_BODY + r"*" + _URL_END
    # e-mail address (look-behind: only at the start of a run -> linear time)
    + r"|(?<![\w.+@-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+"
    # bare domain with a common TLD, optional path: "www"-less "allinrechner.at/x"
    + r"|(?<![\w.@/-])(?:[\w-]++\.)+(?:" + _TLDS + r")(?![\w-])"
    + r"(?:/" + _URL_BODY + r"*" + _URL_END + r")?"
    # hashtag / @mention
    + r"|[#@]\w+"
    # listed abbreviation incl. its dot (cheap guard first)
    + r"|(?<![\w.])(?=[^\W\d_]{1,6}\.)(?:" + _ABBREV_ALT + r")"
    # word-like abbreviation before a number: "Art. 5", "Jan. 2021"
    + r"|(?<![\w.])(?:" + _WORDLIKE_ALT + r")(?=" + _HWS + r"*\d)"
    # dotted initialism: "U.S.", "i.d.R."
    + r"|(?<![\w.])(?:[^\W\d_]\.){2,}"
    # single-letter initial followed by a letter: "F." in "John F. Kennedy"
    + r"|(?<![\w.])[^\W\d_]\.(?=" + _HWS + r"*[^\W\d_])"
    # number with separators: "20.00", "1.000", "3,5", "6.1.2021", "20:00"
    + r"|\d+(?:[.,:]\d+)+"
    # ordinal incl. dot before a lowercase word, month or ordinal noun
    + r"|\d{1,4}\.(?=" + _HWS + r"+(?:[a-zäöüß]|" + _ORDINAL_NEXT_RE.pattern + r"))"
    # word, hyphenated compound, inner apostrophe; "Ein-" before "und"/"oder"
    + r"|" + _WCH + r"+(?:[-‐‑'’]" + _WCH + r"+)*"
    + r"(?:-(?=,|" + _HWS + r"+(?:und|oder|bis|sowie|bzw\.)\s))?"
    # ellipsis
    + r"|\.{2,}"
    # any other single non-space character (punctuation, quotes, symbols)
    + r"|\S"
)

# The scanner skips whitespace itself (much faster than letting ``finditer``
# try every alternative at each space); group 1 is the token.
_TOKEN_STRIP_CHARS = "".join(c for c in _STRIP_CHARS if c.isspace()) + _TOKEN_SKIP_CHARS
_TOKEN_SCAN_RE = re.compile(r"[\s" + _TOKEN_SKIP_CHARS + r"]*+(" + _TOKEN_RE.pattern + r")")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokenise ``text[start:end]``; token offsets are absolute in ``text``.

    Parameters
    ----------
    text : str
        The full article text.
    start : int, optional
        Start of the span to tokenise (default 0).  Negative values and
        out-of-range values are interpreted like slice bounds.
    end : int or None, optional
        Exclusive end of the span (default: end of text).

    Returns
    -------
    list of Token
        Words (hyphenated compounds and inner apostrophes included), numbers
        (``20.00``, ``1.000``, ``3,5``), ordinals with their dot, listed
        abbreviations with their dot, URLs, e-mail addresses, hashtags,
        @mentions; every other non-space character is its own token
        (``...`` stays one token).

    Examples
    --------
    >>> [t.text for t in tokenize('Der US-Präsident kam am 6. Januar, z.B. um 20.00 Uhr.')]
    ['Der', 'US-Präsident', 'kam', 'am', '6.', 'Januar', ',', 'z.B.', 'um', '20.00', 'Uhr', '.']
    >>> t = tokenize("Er sagte: geht's?", 10)[0]
    >>> (t.start, t.end, t.text)
    (10, 16, "geht's")
    """
    start, end, _ = slice(start, end).indices(len(text))
    if start >= end:
        return []
    # Drop trailing whitespace so that the leading "\s*+" of the scanner can
    # never fail after consuming a long whitespace run (quadratic otherwise).
    end = start + len(text[start:end].rstrip(_TOKEN_STRIP_CHARS))
    out: list[Token] = []
    append = out.append
    for m in _TOKEN_SCAN_RE.finditer(text, start, end):
        a, b = m.span(1)
        append(Token(a, b, m.group(1)))
    return out
