"""Token features for the reference-string labeller.

Each token gets: its word (folded), shape, affixes, the punctuation glued to it, flags
(year, number, range, initial, roman numeral, ordinal...), dictionary classes (given
name, family name, month, journal word, publisher word, place, role word), the
identifier it belongs to, its position, the quote/bracket state and how many
sentence ends precede it, plus the words, shapes, punctuation and dictionary classes of its
neighbours ("a word after a known given name") and the reference's opening (how its names
are written, which tells where they end).

Features of a token's own text are cached, because reference lists repeat the same
words ("J", "Phys", "2019", "pp.") thousands of times; this is what keeps the parser
above 1,000 references per second in pure Python.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

from citekit.dates import MONTHS
from citekit.names import fold

__all__ = ["ROMAN_NUMERAL", "load_lexicon", "sequence_features", "token_info"]

_STRIP = "\"'“”‘’«»„()[]{}<>.,;:!?*†‡§"
_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d[a-z]?$")
_RANGE = re.compile(r"^[A-Za-z]?\d+[A-Za-z]?[-‐‑‒–—―−]+[A-Za-z]?\d+[A-Za-z]?$")
ROMAN_NUMERAL = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|e|er|ème|ed|a|o|\.)$", re.IGNORECASE)
_INITIAL = re.compile(
    r"^(?:[A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω][a-zа-я]?\.-?){1,4}$|^[A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω]\.?-[A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω]\.?$"
)

# Closed-class words whose role in a reference is fixed (English, French, German,
# Spanish, Portuguese, Italian); kept in code because they are part of the grammar of
# references, not facts learnt from data.
ROLE_WORDS: dict[str, str] = {}
for _role, _words in {
    "in": "in dans en em im",
    "and": "and & und et y e i",
    "etal": "et al al. etal others coll col cols",
    "vol": "vol volume volumes vols bd band jg jahrgang tome tomo t v",
    "no": "no nr num number issue iss heft n fasc fascicule cahier núm",
    "pp": "pp p pages page pgs págs pág pag pagg s ss seiten str sgg segg sqq sq ff",
    "ed": "ed eds editor editors edited éd éds hrsg hg herausgegeben coord org orgs dir dirs comp comps cura",
    "edition": "edition edn ed aufl auflage édition edición edição edizione ristampa rist",
    "again": "cit op loc ibid ibidem ib ebd ebenda ivi id idem ead eadem ders dies a.a.o zit",
    "thesis": "thesis dissertation phd ph.d diss doctoral master masters msc thèse tesis tese dissertação mémoire "
    "habilitation",
    "report": "report tech technical rep working paper memorandum rapport bericht informe",
    "conf": "proceedings proc conference conf symposium symp workshop congress meeting colloquium actes tagung",
    "journal": "journal j jour revue zeitschrift revista rivista review rev annals ann bulletin bull transactions "
    "trans letters lett acta",
    "press": "press verlag publishers publisher publishing publications editora editorial éditions edizioni university "
    "univ inc ltd co",
    "web": "retrieved accessed available online http https www url cited viewed",
    "doi": "doi pmid pmcid isbn issn arxiv",
    "nd": "n.d nd s.d sd o.j forthcoming press",
}.items():
    for _w in _words.split():
        ROLE_WORDS.setdefault(_w, _role)


_LEXICON_PATH: list[Path | None] = [None]  # None: the file shipped in the package


def use_lexicon(path: Path | None) -> None:
    """Read word classes from ``path`` from now on (``None``: the shipped file).

    A model and its lexicon go together: the labeller calls this with the lexicon that
    sits beside its model file.
    """
    if _LEXICON_PATH[0] != path:
        _LEXICON_PATH[0] = path
        load_lexicon.cache_clear()
        token_info.cache_clear()


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, frozenset[str]]:
    """Word classes from ``refs_lexicon.json`` (empty when absent)."""
    try:
        path = _LEXICON_PATH[0]
        if path is not None:
            text = path.read_text(encoding="utf-8")
        else:
            text = resources.files("citekit").joinpath("data/refs_lexicon.json").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return {}
    raw: dict[str, list[str]] = json.loads(text)
    return {k: frozenset(v) for k, v in raw.items()}


def _shape(token: str) -> str:
    out: list[str] = []
    for ch in token:
        if ch.isupper():
            c = "X"
        elif ch.islower():
            c = "x"
        elif ch.isdigit():
            c = "d"
        elif ch.isalpha():
            c = "a"  # scripts without case (CJK, Arabic...)
        else:
            c = ch
        if not out or out[-1] != c or c not in "Xxda":
            out.append(c)
    return "".join(out[:8])


_BUCKET = "0123455566"


class TokenInfo:
    """What the features of neighbouring tokens need from one token."""

    __slots__ = (
        "classes", "closes", "cls", "ends_sentence", "feats", "is_year", "lead", "opens", "shape", "trail", "word",
    )

    def __init__(
        self,
        feats: list[str],
        word: str,
        shape: str,
        trail: str,
        lead: str,
        ends: bool,
        is_year: bool,
        opens: str,
        closes: str,
        cls: str,
        classes: tuple[str, ...],
    ) -> None:
        self.cls = cls
        self.classes = classes
        self.feats = feats
        self.word = word
        self.shape = shape
        self.trail = trail
        self.lead = lead
        self.ends_sentence = ends
        self.is_year = is_year
        self.opens = opens
        self.closes = closes


@lru_cache(maxsize=200_000)
def token_info(token: str) -> TokenInfo:
    """The context-free features of one token (cached), in a fixed order: the word, its
    shape, affixes and glued punctuation, its length, then flags (digits, case, form),
    role word, month and dictionary classes."""
    core = token.strip(_STRIP)
    lead, trail = _edges(token)
    word = fold(core)
    shape = _shape(token)
    n = len(core)
    feats = [
        f"w={word}", f"s={shape}", f"ld={lead}", f"tr={trail}",
        f"p2={word[:2]}", f"p3={word[:3]}", f"x2={word[-2:]}", f"x3={word[-3:]}",
        f"n={n if n < 5 else (5 if n < 8 else 8)}",
    ]
    is_year = bool(_YEAR.match(core))
    feats.extend(_digit_flags(core, n, is_year))
    dotted = core + ("." if trail.startswith(".") else "")
    initial = bool(_INITIAL.match(dotted)) or (n == 1 and core.isalpha() and core.isupper())
    feats.extend(_case_flags(core, n, initial))
    feats.extend(_form_flags(token, core, word, trail))
    role = ROLE_WORDS.get(word)
    if role:
        # "PP", "EBL": capitals are initials (Vancouver) far more often than "PP." is pages.
        feats.append(f"R={role}U" if n > 1 and core.isupper() else f"R={role}")
    if word in MONTHS:
        feats.append("MONTH")
    classes = tuple(name for name, words in load_lexicon().items() if word in words)
    feats.extend(f"D={name}" for name in classes)
    # A full stop ends a sentence, also after a closing quote or bracket ("Title”.",
    # "(abstract)."), except after an initial or an abbreviated role word ("vol.").
    ends = any(c in ".?!" for c in trail) and not (n <= 2 and core[:1].isupper())
    ends = ends and not (role in _ABBREVIATED and n <= 5)
    opens = lead[:1] if lead[:1] in "(\"“[«„'‘" else ""
    closes = trail[:1] if trail[:1] in ")\"”]»'’" else ""
    cls = _token_class(core, n, is_year, initial)
    return TokenInfo(feats, word, shape, trail, lead, ends, is_year, opens, closes, cls, classes)


# Role words that are abbreviated with a full stop ("vol.", "pp.", "J."): no sentence ends there.
_ABBREVIATED = ("vol", "no", "pp", "ed", "journal", "again")


def _edges(token: str) -> tuple[str, str]:
    """The punctuation and quotes glued before and after a token (two characters at most each)."""
    i = 0
    while i < len(token) and token[i] in _STRIP:
        i += 1
    j = len(token)
    while j > i and token[j - 1] in _STRIP:
        j -= 1
    return token[:i][:2], token[j:][-2:]


def _digit_flags(core: str, n: int, is_year: bool) -> list[str]:
    """YEAR, NUMn, RANGE or HASD: what the digits of a token say."""
    if is_year:
        return ["YEAR"]
    if core.isdigit():
        return [f"NUM{min(n, 5)}"]
    if _RANGE.match(core):
        return ["RANGE"]
    return ["HASD"] if any(c.isdigit() for c in core) else []


def _case_flags(core: str, n: int, initial: bool) -> list[str]:
    """INIT, CAP, UPPER, LOW and NOCASE (a script without case)."""
    flags = ["INIT"] if initial else []
    if core[:1].isupper():
        flags.append("CAP")
        if n > 1 and core.isupper():
            flags.append("UPPER")
    elif core[:1].islower():
        flags.append("LOW")
    if n > 0 and not core.isascii() and any(unicodedata.category(c) == "Lo" for c in core):
        flags.append("NOCASE")
    return flags


def _form_flags(token: str, core: str, word: str, trail: str) -> list[str]:
    """ROMAN, ORD (ordinal), HYPH (hyphenated word) and URLISH."""
    flags = []
    if ROMAN_NUMERAL.match(word) and core:
        flags.append("ROMAN")
    if _ORDINAL.match(core + trail[:1]):
        flags.append("ORD")
    if "-" in core and core[0].isalpha():
        flags.append("HYPH")
    if "://" in token or token.lower().startswith("www."):
        flags.append("URLISH")
    return flags


def _token_class(core: str, n: int, is_year: bool, initial: bool) -> str:
    """One letter for the neighbours' features: Year, Digit, Initial, Upper, Capitalised, Lower, Other."""
    if is_year:
        return "Y"
    if core[:1].isdigit():
        return "D"
    if initial:
        return "I"
    if core[:1].isupper():
        return "U" if n > 1 and core.isupper() else "C"
    return "L" if core[:1].islower() else "O"


def sequence_features(tokens: list[str], idents: list[str] | None = None) -> list[list[str]]:
    """Feature lists for a whole token sequence (one list of strings per token).

    :param tokens: the token texts, in order.
    :param idents: per token, the kind of exact identifier it belongs to ("" for none).
    :returns: one feature list per token, ready for the CRF tagger.
    """
    infos = [token_info(t) for t in tokens]
    n = len(infos)
    out: list[list[str]] = []
    # Sentence structure: how many sentence ends lie after each token, and how far the
    # previous and next ones are (titles sit between two ends, journals after them).
    ends_after = [0] * n
    running = 0
    for i in range(n - 1, -1, -1):
        ends_after[i] = running
        if infos[i].ends_sentence:
            running += 1
    next_end = [0] * n
    gap = 9
    for i in range(n - 1, -1, -1):
        gap = 0 if infos[i].ends_sentence else min(gap + 1, 9)
        next_end[i] = gap
    # The reference's opening, as classes and the punctuation after them ("I.|C,|C" for
    # "G. Rossi, La città"): how its names are written, which tells where they end.
    first = 0
    while first < min(n, 2) and infos[first].cls in "DO":
        first += 1
    opening = "|".join(f"{info.cls}{info.trail[:1]}" for info in infos[first : first + 3])
    since = 9
    sentences = 0
    years_before = 0
    in_quote = False
    in_paren = 0
    for i, info in enumerate(infos):
        f = list(info.feats)
        f.append(f"pos={(8 * i) // n}")
        f.append(f"end={min(n - 1 - i, 6)}")
        f.append(f"sa={min(ends_after[i], 4)}")
        f.append(f"ne={_BUCKET[next_end[i]]}")
        f.append(f"ps={_BUCKET[since]}")
        f.append(f"sn={min(sentences, 4)}")
        f.append(f"yb={min(years_before, 2)}")
        f.append(f"op={opening}|{info.cls}{info.trail[:1]}")
        if i == 0:
            f.append("BOS")
        else:
            prev = infos[i - 1]
            f.extend(
                (
                    f"-1w={prev.word}",
                    f"-1s={prev.shape}",
                    f"-1tr={prev.trail}",
                    f"pc={prev.trail}|{info.cls}",
                    f"bg={prev.word}|{info.word}",
                    f"cc={prev.cls}{info.cls}",
                )
            )
            f.extend(f"-1D={name}" for name in prev.classes)
            if i > 1:
                f.append(f"-2w={infos[i - 2].word}")
                f.append(f"-2tr={infos[i - 2].trail}")
                f.append(f"-2c={infos[i - 2].cls}")
        if i == n - 1:
            f.append("EOS")
        else:
            nxt = infos[i + 1]
            f.extend(
                (
                    f"+1w={nxt.word}",
                    f"+1s={nxt.shape}",
                    f"+1ld={nxt.lead}",
                    f"+1tr={nxt.trail}",
                    f"nc={info.trail}|{nxt.cls}",
                )
            )
            f.extend(f"+1D={name}" for name in nxt.classes)
            if i < n - 2:
                f.append(f"+2w={infos[i + 2].word}")
                f.append(f"+2c={infos[i + 2].cls}{infos[i + 2].trail}")
        if info.opens in "\"“«„" and info.opens:
            in_quote = True
        if in_quote:
            f.append("INQ")
        if info.opens == "(" or info.opens == "[":
            in_paren += 1
        if in_paren:
            f.append("INP")
        if idents and idents[i]:
            f.append(f"ID={idents[i]}")
        out.append(f)
        quote_ends = info.closes in ("\"", "”", "»") or info.trail[:1] in ("\"", "”")
        if quote_ends or (in_quote and info.trail.endswith(("\"", "”", "»"))):
            in_quote = False
        if info.closes in (")", "]") or ")" in info.trail or "]" in info.trail:
            in_paren = max(0, in_paren - 1)
        since = 0 if info.ends_sentence else min(since + 1, 9)
        if info.ends_sentence:
            sentences += 1
        if info.is_year:
            years_before += 1
    return out
