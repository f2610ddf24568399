"""Citation keys: one per record, the same in every format of one export.

A record's key is the key it came with (``citation-key``, e.g. from an imported .bib
file) when that is a usable key, else its CSL ``id`` (the DOI, else
``family-year-word``), with the characters BibTeX, biber, LaTeX's ``\\cite`` or pandoc
cannot take in a key removed. The BibTeX key, the CSL-JSON and CSL-YAML ``id`` and the
RIS ``ID`` of a record are that key, so a document citing ``@smith2008`` keeps working
when the bibliography changes format. Clashes within one export are told apart the way
Better BibTeX and JabRef do it: the first keeps the bare key, the next ones get ``a``,
``b``, ``c`` ... (pandoc keeps only one of two items sharing an id, silently).
:func:`base_key` (``familyYEARfirstword``) stands in when a record has neither.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from citekit.formats.richtext import plain
from citekit.formats.words import FUNCTION_WORDS
from citekit.names import PARTICLES
from citekit.record import make_id, to_ascii, year_of

__all__ = ["KeyMaker", "base_key", "clean_key"]

_STOP = FUNCTION_WORDS | {  # also pronouns, question words and more articles: a key keeps telling words
    "are",
    "as",
    "des",
    "do",
    "does",
    "du",
    "ein",
    "eine",
    "el",
    "gli",
    "how",
    "il",
    "into",
    "is",
    "its",
    "l",
    "las",
    "les",
    "lo",
    "los",
    "un",
    "une",
    "via",
    "what",
    "when",
    "which",
    "who",
    "why",
}
# Whitespace, the BibTeX delimiters and LaTeX's special characters; what pandoc's citation
# syntax or hyperref's anchors choke on too ([]<>;&$^|`@).
_INVALID = re.compile(r"[\s,{}()\"'#%~=\\\[\]<>;&$^|`@]+")


def _ascii_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", to_ascii(text))


def _family(record: Mapping[str, Any]) -> str:
    for role in ("author", "editor", "container-author", "translator"):
        for name in record.get(role) or ():
            if not isinstance(name, Mapping):
                continue
            if name.get("family"):
                words = str(name["family"]).split()
                # Drop lowercase particles ("van der Berg" -> berg), keep capitalised ones
                # that belong to the name ("El Aoufir" -> elaoufir).
                while len(words) > 1 and words[0].lower() in PARTICLES and words[0][:1].islower():
                    words = words[1:]
                return "".join(_ascii_words(" ".join(words))).lower()
            if name.get("literal"):
                literal = [w for w in _ascii_words(str(name["literal"])) if w.lower() not in _STOP]
                return literal[0].lower() if literal else ""
    return ""


def base_key(record: Mapping[str, Any]) -> str:
    """The key before disambiguation: first author's family, year, first title word.

    :param record: a CSL-JSON item.
    :returns: a lowercase ASCII key; never empty (``"anon"`` when nothing is known).
    """
    family = _family(record)
    year = year_of(record)
    words = [w.lower() for w in _ascii_words(plain(str(record.get("title") or ""))) if w.lower() not in _STOP]
    word = next((w for w in words if not w.isdigit()), words[0] if words else "")
    if not family:
        family = "anon" if not word else ""
    key = f"{family}{year if year is not None else ''}{word}"
    return key[:60] or "anon"


def clean_key(key: str) -> str:
    """``key`` with the characters BibTeX keys cannot hold removed (may return ``""``)."""
    return _INVALID.sub("", key)[:80].strip(".:/+-")


class KeyMaker:
    """Hands out unique keys for one export, in record order."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def key_for(self, record: Mapping[str, Any]) -> str:
        """A unique key for ``record``: its own ``citation-key``, else its ``id``, else
        :func:`base_key`, with a letter added when an earlier record has it.

        :param record: a CSL-JSON item.
        :returns: a key not handed out before by this maker.
        """
        base = ""
        for name in ("citation-key", "id"):
            own = record.get(name)
            base = clean_key(own.strip()) if isinstance(own, str) else ""
            if base:
                break
        if not base:
            base = clean_key(make_id(record)) or base_key(record)
        key = base
        if key.lower() in self._used:
            n = 0
            while key.lower() in self._used:
                key = base + _suffix(n)
                n += 1
        self._used.add(key.lower())
        return key


def _suffix(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa ..."""
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(97 + rem) + letters
    return letters
