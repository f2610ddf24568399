"""LaTeX ↔ Unicode for BibTeX fields: titles come in clean and go out escaped.

:func:`encode` turns Unicode text into LaTeX that classic BibTeX and pdfLaTeX handle
(``é`` → ``{\\'e}``, ``&`` → ``\\&``, ``α`` → ``$\\alpha$``); with ``unicode=True`` only
the characters LaTeX treats specially are escaped (for BibLaTeX/biber, which read UTF-8).
:func:`encode_title` also protects capitals that a style must not lowercase
(``{DNA}``, ``{mRNA}``, proper nouns in sentence-case titles).

:func:`decode` and :func:`has_markup` (the import direction) live in
:mod:`citekit.formats.latex_decode` and are re-exported here.
"""

from __future__ import annotations

import re
import unicodedata

from citekit.formats.latex_decode import decode, has_markup
from citekit.formats.latex_tables import COMBINING_ACCENT, LETTER_LATEX, SYMBOL_LATEX

__all__ = ["decode", "encode", "encode_title", "has_markup"]

# ---------------------------------------------------------------------------------------
# Unicode -> LaTeX

_SPECIAL = {
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"{\textasciitilde}",
    "^": r"{\textasciicircum}",
    "\\": r"{\textbackslash}",
}
_NEEDS_LATEX = re.compile(r"[^\x00-\x7f]|[&%$#_{}~^\\]")
_NEEDS_SPECIAL = re.compile(r"[&%$#_{}~^\\]")
_char_cache: dict[str, str] = dict(_SPECIAL)
_fallback: dict[int, str] | None = None


def _pylatexenc_table() -> dict[int, str]:
    """pylatexenc's large Unicode table, for the rare symbols our own tables lack."""
    global _fallback
    if _fallback is None:
        from pylatexenc.latexencode import get_builtin_uni2latex_dict

        _fallback = dict(get_builtin_uni2latex_dict())
    return _fallback


def _encode_char(char: str) -> str:
    """LaTeX for one character (cached: each distinct character is worked out once)."""
    cached = _char_cache.get(char)
    if cached is not None:
        return cached
    latex = SYMBOL_LATEX.get(char) or LETTER_LATEX.get(char)
    if latex is None:
        latex = _accented(char)
    if latex is None:
        found = _pylatexenc_table().get(ord(char))
        if found and found.startswith("\\ensuremath{") and found.endswith("}"):
            latex = "$" + found[len("\\ensuremath{") : -1] + "$"
        elif (found and re.fullmatch(r"\\[A-Za-z]+", found)) or (found and found.isascii() and "\\" in found):
            latex = "{" + found + "}"
        else:
            latex = char  # no LaTeX form: BibTeX passes UTF-8 bytes through
    _char_cache[char] = latex
    return latex


def _accented(char: str) -> str | None:
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) < 2:
        return None
    base, marks = decomposed[0], decomposed[1:]
    if not base.isascii():
        return None
    latex = {"i": r"\i", "j": r"\j"}.get(base, base) if marks else base
    for mark in marks:
        command = COMBINING_ACCENT.get(mark)
        if command is None:
            return None
        # \c{c}, \'{\i}: letter accents and multi-character bases take a braced argument.
        latex = f"\\{command}{{{latex}}}" if command.isalpha() or len(latex) > 1 else f"\\{command}{latex}"
    return "{" + latex + "}"


_LIGATURES = re.compile(r"-(?=-)|'(?=')")


def _mark_ligatures(text: str) -> str:
    # "--" and "''" in the text itself would come back as an en dash and a closing
    # quote (TeX ligatures); a NUL marks where an empty group goes, after escaping.
    return _LIGATURES.sub(lambda m: m.group() + "\x00", text) if ("--" in text or "''" in text) else text


def encode(text: str, *, unicode: bool = False) -> str:
    """``text`` as a LaTeX-safe BibTeX field value.

    :param text: plain Unicode text.
    :param unicode: keep non-ASCII characters (BibLaTeX with biber); escape only ``&%$#_{}~^\\``.
    :returns: the escaped text (``text`` itself when nothing needs escaping).
    """
    marked = _mark_ligatures(text)
    if unicode:
        if _NEEDS_SPECIAL.search(marked) is not None:
            marked = _NEEDS_SPECIAL.sub(lambda m: _SPECIAL[m.group()], marked)
    elif _NEEDS_LATEX.search(marked) is not None:
        if not marked.isascii():
            marked = unicodedata.normalize("NFC", marked)
        marked = _NEEDS_LATEX.sub(lambda m: _encode_char(m.group()), marked)
    return marked.replace("\x00", "{}") if marked is not text else marked


_WORD = re.compile(r"\S+")
_CORE = re.compile(r"^([\"'(\[“‘«]*)(.*?)([\"')\].,;:!?”’»]*)$", re.DOTALL)
_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "per",
        "the",
        "to",
        "vs",
        "via",
        "with",
    ]
)


def _needs_protection(word: str, first: bool, sentence_case: bool) -> bool:
    rest = word[1:]
    if rest != rest.lower():
        # An inner capital: DNA, mRNA, iPhone, McDonald, COVID-19, Jean-Pierre (a single
        # letter after punctuation, as in "(A)", is not worth protecting).
        return sum(1 for c in word if c.isalpha()) > 1
    if not sentence_case or first or not word[:1].isupper():
        return False
    return any(c.isalpha() for c in rest)


def _is_sentence_case(words: list[str]) -> bool:
    content = [w for w in words[1:] if len(w) > 3 and w[:1].isalpha() and w.lower() not in _SMALL]
    if len(content) < 2:
        return False
    capitalised = sum(1 for w in content if w[:1].isupper())
    return capitalised * 2 < len(content)


def encode_title(text: str, *, unicode: bool = False) -> str:
    """A title as BibTeX: escaped, with capitals a style must keep wrapped in braces.

    Acronyms and words with inner capitals are always protected; in a sentence-case
    title, capitalised words after the first are proper nouns and are protected too. In
    a Title Case title they cannot be told apart, so only the first rule applies.

    :param text: the plain title.
    :param unicode: as in :func:`encode`.
    :returns: the BibTeX value (without the enclosing braces).
    """
    rest = text[1:]
    if rest == rest.lower():
        return encode(text, unicode=unicode)  # no capital after the first letter: nothing to protect
    words = text.split()
    if not words:
        return ""
    sentence_case = _is_sentence_case(words)
    out: list[str] = []
    for i, token in enumerate(words):
        if not _needs_protection(token, i == 0, sentence_case):
            out.append(encode(token, unicode=unicode))
            continue
        match = _CORE.match(token)
        lead, core, trail = (match.group(1), match.group(2), match.group(3)) if match else ("", token, "")
        if core and _needs_protection(core, i == 0, sentence_case):
            out.append(
                encode(lead, unicode=unicode)
                + "{"
                + encode(core, unicode=unicode)
                + "}"
                + encode(trail, unicode=unicode)
            )
        else:
            out.append(encode(token, unicode=unicode))
    return " ".join(out)
