"""Personal names: split one written name into CSL ``family``/``given``, and split an
author line into names.

Particles (van, de, El, bin ...) stay inside ``family``, as Crossref stores them, so
"Omar El Aoufir" has the family name "El Aoufir" and matching against Crossref compares
like with like.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["PARTICLES", "SUFFIXES", "fold", "is_initials", "spaced_initials", "split_author_list", "split_name"]

PARTICLES = frozenset(
    [
        "van", "von", "der", "den", "de", "del", "della", "degli", "dei", "di", "da", "das", "do", "dos", "du", "des",
        "la", "le", "lo", "ter", "ten", "el", "al", "bin", "ibn", "abu", "bint", "ben", "ait", "aït", "st", "st.",
        "saint", "mac",
    ]
)
SUFFIXES = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "2nd", "3rd"])
# The suffixes without their dot, for words compared after their dots are stripped.
_SUFFIX_WORDS = frozenset(s.strip(".") for s in SUFFIXES)

# Footnote markers that follow names on article pages: stars, daggers, digits, letters in
# superscript, and the ORCID/e-mail glyphs some sites render as text.
_MARKERS = re.compile(
    r"[*\u2020\u2021\u00a7\u00b6#\u2709]+|(?<=[^\W\d_])\d+(?:,\d+)*\b|[\u00b9\u00b2\u00b3\u2070-\u2079]+"
)
_INITIALS = re.compile(r"^(?:[A-Z\u00c0-\u00de]\.?-?){1,4}$")


def fold(text: str) -> str:
    """Lowercase ``text`` with accents removed (for comparisons, not for display)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def is_initials(token: str) -> bool:
    """True for tokens such as ``J``, ``J.``, ``JR``, ``J.-P.``, ``K.K.``."""
    return bool(_INITIALS.match(token.replace(" ", "")))


_RUN_OF_INITIALS = re.compile(r"^(?:[^\W\d_]\.){2,3}$")


def spaced_initials(given: str, family: str = "") -> str:
    """A given name written as run-together initials, spaced as styles expect them:
    "KC" and "K.C." → "K. C." (Vancouver lists write "Wright KC"). A style initialising
    "KC" reads one name and prints "K."; BibTeX does the same. Two or three capitals
    count as initials unless the family name is in capitals too ("SMITH, JO").

    :returns: ``given`` unchanged when it is not such a run.
    """
    token = given.strip()
    if 2 <= len(token) <= 3 and token.isalpha() and token.isupper() and not family.isupper():
        return " ".join(f"{c}." for c in token)
    if _RUN_OF_INITIALS.match(token) and token.replace(".", "").isupper():
        return " ".join(f"{c}." for c in token.replace(".", ""))
    return given


def _titlecase_if_shouting(word: str) -> str:
    if len(word) > 1 and word.isupper() and (not is_initials(word) or _caps_name(word, first=True)):
        return "-".join(part.capitalize() for part in word.split("-"))
    return word


def _caps_name(token: str, *, first: bool) -> bool:
    """An all-capitals family name rather than initials: "KIM", "BOUJIDA" ("LI" only first)."""
    if "." in token or not token.isupper() or (not token.isalpha() and "-" not in token):
        return False
    has_vowel = any(c in "AEIOUYÀÁÂÄÉÈÊËÍÎÏÓÔÖÚÛÜ" for c in token)
    return has_vowel and (len(token) >= 3 or (first and len(token) == 2))


def _mixed_word(token: str) -> bool:
    """A written-out name word in normal case ("Min-jun", "Nadia")."""
    return len(token) > 1 and token[:1].isupper() and any(c.islower() for c in token) and "." not in token


def strip_markers(text: str) -> str:
    """``text`` without footnote markers (``*``, ``†``, trailing superscript digits)."""
    return _MARKERS.sub("", text).strip(" ,;")


def split_name(text: str) -> dict[str, str]:
    """One written name as a CSL name: ``{"family", "given"}`` or ``{"literal"}``.

    Understands "Given Family", "Family, Given", "Family G.", "G. Family", all-caps
    family names ("BOUJIDA Nadia"), particles and suffixes.

    :param text: one name, markers allowed.
    :returns: a CSL name dict (never empty for non-empty input); a new dict each call.
    """
    return dict(_split_name(text)) if isinstance(text, str) else {}


@functools.lru_cache(maxsize=8192)
def _split_name(text: str) -> dict[str, str]:
    # Cached: a page's reference list names the same people again and again.
    name = _bare_name(text)
    if not name:
        return {}
    suffix = ""
    if "," in name:
        head, _, tail = name.partition(",")
        tail = tail.strip()
        if fold(tail).strip(". ") not in _SUFFIX_WORDS:
            return _split_inverted(head, tail)
        # "Smith Jr, John" is rare; "John Smith, Jr." is the usual order.
        suffix, name = tail, head.strip()
    tokens = name.split()
    if len(tokens) > 1 and fold(tokens[-1]).strip(".") in _SUFFIX_WORDS:
        suffix = tokens.pop()
    result = _split_words(tokens)
    if suffix:
        result["suffix"] = suffix
    return {k: v for k, v in result.items() if v}


def _bare_name(text: str) -> str:
    """The written name without markers, spare spaces and a closing full stop (one that
    ends neither initials nor a suffix)."""
    name = strip_markers(re.sub(r"\s+", " ", text)).strip(" ,;") if text else ""
    last_token = name.rsplit(None, 1)[-1].rsplit(",", 1)[-1] if name else ""
    if name.endswith(".") and not is_initials(last_token) and fold(last_token) not in SUFFIXES:
        name = name.rstrip(". ")
    return name


def _split_inverted(head: str, tail: str) -> dict[str, str]:
    """The inverted order, "Family, Given" (and "Family, Given, Suffix")."""
    parts = [p.strip() for p in tail.split(",") if p.strip()]
    suffix = parts.pop() if parts and fold(parts[-1]).strip(". ") in _SUFFIX_WORDS else ""
    result = {"family": _titlecase_if_shouting(head.strip()), "given": " ".join(parts)}
    if suffix:
        result["suffix"] = suffix
    return {k: v for k, v in result.items() if v}


def _family_first_in_capitals(tokens: list[str]) -> dict[str, str] | None:
    """East Asian order with the family name in capitals: "KIM Min-jun", "LI Wei"."""
    if _caps_name(tokens[0], first=True) and all(_mixed_word(t) for t in tokens[1:]):
        return {"family": _titlecase_if_shouting(tokens[0]), "given": " ".join(tokens[1:])}
    return None


def _family_last_in_capitals(tokens: list[str]) -> dict[str, str] | None:
    """A capitalised family name last: "Min-jun KIM", "Nadia BOUJIDA"."""
    if _caps_name(tokens[-1], first=False) and all(_mixed_word(t) for t in tokens[:-1]):
        return {"family": _titlecase_if_shouting(tokens[-1]), "given": " ".join(tokens[:-1])}
    return None


def _initials_last(tokens: list[str]) -> dict[str, str] | None:
    """Vancouver order: "Boujida N", "Laamrani FZ", "van der Berg JH"."""
    if is_initials(tokens[-1]) and not is_initials(tokens[0]):
        return {"family": " ".join(tokens[:-1]), "given": tokens[-1]}
    return None


# Name orders told apart by their shape, tried in turn on names of two words or more.
_ORDERS = (_family_first_in_capitals, _family_last_in_capitals, _initials_last)


def _split_words(tokens: list[str]) -> dict[str, str]:
    """A name without its suffix, as words, split into family and given."""
    if len(tokens) == 1:
        return {"family": _titlecase_if_shouting(tokens[0])}
    if len(tokens) >= 2:
        for order in _ORDERS:
            result = order(tokens)
            if result is not None:
                return result
    return _capitalised_run(tokens) or _particles_and_family(tokens)


def _capitalised_run(tokens: list[str]) -> dict[str, str] | None:
    """A capitalised run is the family name: "BOUJIDA Nadia", "Nadia BOUJIDA"."""
    shouting = [i for i, t in enumerate(tokens) if len(t) > 1 and t.isupper() and not is_initials(t)]
    if not shouting or len(shouting) >= len(tokens):
        return None
    fam = [tokens[i] for i in shouting]
    giv = [t for i, t in enumerate(tokens) if i not in shouting]
    return {"family": " ".join(_titlecase_if_shouting(t) for t in fam), "given": " ".join(giv)}


def _particles_and_family(tokens: list[str]) -> dict[str, str]:
    """The usual order, given names first: the family name is the last word with the
    particles before it ("Omar El Aoufir")."""
    start = len(tokens) - 1
    while start > 1 and fold(tokens[start - 1]) in PARTICLES:
        start -= 1
    if start == 1 and len(tokens) > 2 and fold(tokens[0]) in PARTICLES:
        start = 0
    return {"family": " ".join(tokens[start:]), "given": " ".join(tokens[:start])}


_AND = re.compile(r"\s*(?:,\s*(?:and|&|et|und|y|e)\s+|\s+(?:and|&|et|und|y)\s+|;\s*)", re.IGNORECASE)


def split_author_list(text: str) -> list[dict[str, str]]:
    """An author line ("A. Smith*, B. Jones1,2 and C. Wu") as CSL names in order.

    Handles both "Given Family, Given Family" and inverted "Family, G., Family, G."
    lists; "et al." ends the list.

    :param text: the author line.
    :returns: CSL names; empty for an empty line.
    """
    line = re.sub(r"\bet\s+al\.?.*$", "", text, flags=re.IGNORECASE)
    line = strip_markers(line)
    chunks = [c.strip() for c in _AND.split(line) if c and c.strip()]
    pieces: list[str] = []
    for chunk in chunks:
        pieces.extend(p.strip() for p in chunk.split(",") if p.strip())
    names: list[str] = []
    inverted = _looks_inverted(pieces)
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        if nxt is not None and (inverted or (_family_like(piece) and is_initials(nxt))):
            names.append(f"{piece}, {nxt}")
            i += 2
            continue
        if names and fold(piece).strip(". ") in _SUFFIX_WORDS:
            names[-1] = f"{names[-1]}, {piece}"
        else:
            names.append(piece)
        i += 1
    return [n for n in (split_name(x) for x in names) if n]


def _family_like(piece: str) -> bool:
    words = piece.split()
    return bool(words) and not is_initials(piece) and all(fold(w) in PARTICLES for w in words[:-1])


def _looks_inverted(pieces: list[str]) -> bool:
    """True for "Family, Given, Family, Given" lists ("Smith, John A., Doe, Jane")."""
    if len(pieces) < 2 or len(pieces) % 2:
        return False
    families, givens = pieces[0::2], pieces[1::2]
    if not all(_family_like(f) for f in families):
        return False
    if not all(len(g.split()) <= 3 for g in givens):
        return False
    return any(is_initials(g.split()[-1]) for g in givens) or all(len(p.split()) == 1 for p in pieces)
