"""LaTeX ↔ Unicode for BibTeX fields: titles come in clean and go out escaped.

:func:`encode` turns Unicode text into LaTeX that classic BibTeX and pdfLaTeX handle
(``é`` → ``{\\'e}``, ``&`` → ``\\&``, ``α`` → ``$\\alpha$``); with ``unicode=True`` only
the characters LaTeX treats specially are escaped (for BibLaTeX/biber, which read UTF-8).
:func:`encode_title` also protects capitals that a style must not lowercase
(``{DNA}``, ``{mRNA}``, proper nouns in sentence-case titles). Both write the CSL rich text a
record may carry (``<i>``, ``<sub>`` ...) as LaTeX commands (:func:`encode_rich`).

:func:`decode` and :func:`has_markup` (the import direction) live in
:mod:`citekit.formats.latex_decode` and are re-exported here.
"""

from __future__ import annotations

import re
import unicodedata

from citekit.formats import richtext
from citekit.formats.latex_decode import decode, has_markup
from citekit.formats.latex_tables import COMBINING_ACCENT, LETTER_LATEX, SYMBOL_LATEX

__all__ = ["balance", "decode", "encode", "encode_rich", "encode_title", "has_markup", "protected_words"]

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
    # pdfLaTeX's default (OT1) font sets "<" and ">" in text as "¡" and "¿"
    "<": r"{\textless}",
    ">": r"{\textgreater}",
}
_NEEDS_LATEX = re.compile(r"[^\x00-\x7f]|[&%$#_{}~^\\<>]")
_NEEDS_SPECIAL = re.compile(r"[&%$#_{}~^\\<>]")
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


# What pdfLaTeX (utf8 input, T1 fonts) sets from UTF-8 as it is: Latin-1, Latin Extended-A,
# dashes, quotes, ellipsis, per mille, guillemets, euro. BibLaTeX output keeps these and
# writes the rest as LaTeX when there is a LaTeX form (Cu₂O, 5 μm, ≤, x̄).
_NEEDS_LATEX_UNICODE = re.compile(r"[&%$#_{}~^\\<>]|[^\x00-\u017f\u2010-\u2027\u2030-\u203a\u20ac]")
# A letter or digit with combining marks no precomposed character holds (2̄, x̂, v⃗).
_COMBINED = re.compile(r"([A-Za-z0-9])([\u0300-\u036f\u20d0-\u20ff]+)")
_MATH_ACCENT = {
    "\u0300": "grave",
    "\u0301": "acute",
    "\u0302": "hat",
    "\u0303": "tilde",
    "\u0304": "bar",
    "\u0305": "overline",
    "\u0306": "breve",
    "\u0307": "dot",
    "\u0308": "ddot",
    "\u030c": "check",
    "\u20d7": "vec",
}
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")


def _combined(base: str, marks: str) -> str | None:
    """``$\\bar{2}$`` for a digit or letter with one mark LaTeX has a math accent for,
    else a text accent (``{\\=x}``); ``None`` when there is no LaTeX form."""
    if len(marks) == 1 and marks in _MATH_ACCENT:
        return f"$\\{_MATH_ACCENT[marks]}{{{base}}}$"
    return _accented(base + marks)


def _encode_run(text: str, unicode: bool) -> str:
    if unicode:
        if _NEEDS_LATEX_UNICODE.search(text) is None:
            return text
        # A Greek text stays Greek (xelatex or LGR sets it); a Greek letter in a Latin
        # text is a symbol (5 μm, α-helix), written as math.
        letters = sum(1 for c in text if c.isalpha())
        greek_text = 2 * len(_GREEK.findall(text)) > letters
        return _NEEDS_LATEX_UNICODE.sub(
            lambda m: (
                _SPECIAL[m.group()]
                if m.group() in _SPECIAL
                else (m.group() if greek_text and _GREEK.match(m.group()) else _encode_char(m.group()))
            ),
            text,
        )
    if _NEEDS_LATEX.search(text) is None:
        return text
    return _NEEDS_LATEX.sub(lambda m: _encode_char(m.group()), text)


def encode(text: str, *, unicode: bool = False) -> str:
    """``text`` as a LaTeX-safe BibTeX field value.

    :param text: plain Unicode text.
    :param unicode: keep the non-ASCII characters pdfLaTeX sets from UTF-8 (BibLaTeX with
        biber): Latin letters, dashes and quotes; symbols, sub- and superscripts and a
        Greek letter in a Latin text are still written as LaTeX (``$_{2}$``, ``$\\mu$``).
    :returns: the escaped text (``text`` itself when nothing needs escaping).
    """
    marked = _mark_ligatures(text)
    if not marked.isascii():
        marked = unicodedata.normalize("NFC", marked)
        if _COMBINED.search(marked):
            pieces = _COMBINED.split(marked)  # text, base, marks, text, base, marks ... text
            out = [_encode_run(pieces[0], unicode)]
            for i in range(1, len(pieces), 3):
                latex = _combined(pieces[i], pieces[i + 1])
                out.append(latex if latex is not None else _encode_run(pieces[i] + pieces[i + 1], unicode))
                out.append(_encode_run(pieces[i + 2], unicode))
            return "".join(out).replace("\x00", "{}")
    encoded = _encode_run(marked, unicode)
    return encoded.replace("\x00", "{}") if encoded is not text else encoded


def _unmatched(value: str) -> set[int]:
    """Positions of the braces in ``value`` that have no partner, counted as BibTeX counts
    them: a backslash does not escape a brace (``\\{`` opens a group for BibTeX and biber)."""
    opened: list[int] = []
    unmatched: set[int] = set()
    for i, c in enumerate(value):
        if c == "{":
            opened.append(i)
        elif c == "}":
            if opened:
                opened.pop()
            else:
                unmatched.add(i)
    return unmatched | set(opened)


# A brace group that is not a command's argument and holds a capital: ``{Brandenburg}``,
# ``{DNA}``, ``{New York}`` (not ``\\emph{X}``, ``{\\'E}``, nor nested groups).
_PROTECTED_GROUP = re.compile(r"(?<![\\A-Za-z])\{([^{}\\$]*[A-Z][^{}\\$]*)\}")


def protected_words(value: str) -> list[str]:
    """The words an input BibTeX title wraps in braces to keep their capitals.

    :param value: the raw field value (LaTeX).
    :returns: each capitalised word inside a protecting brace group, in order, once.
    """
    if "{" not in value:
        return []
    words: list[str] = []
    for group in _PROTECTED_GROUP.findall(value):
        for word in decode(group).split():
            core = _CORE.match(word)
            text = core.group(2) if core else word
            if text and text != text.lower() and text not in words:
                words.append(text)
    return words


def balance(value: str) -> str:
    """``value`` with every brace that has no partner written as a text symbol.

    BibTeX and biber count braces without regard to backslashes, and one unbalanced
    field makes biber drop the whole file; so an unmatched ``{`` or ``\\{`` becomes
    ``{\\textbraceleft}`` (and ``}`` ``{\\textbraceright}``), which prints the same.

    :param value: a field value without its enclosing braces.
    :returns: the value with balanced braces (``value`` itself when it already was).
    """
    if "{" not in value and "}" not in value:
        return value
    unmatched = _unmatched(value)
    if not unmatched:
        return value
    out: list[str] = []
    for i, c in enumerate(value):
        if i in unmatched:
            if out and out[-1] == "\\":
                out.pop()  # the escape belongs to the brace it escaped
            out.append(r"{\textbraceleft}" if c == "{" else r"{\textbraceright}")
        else:
            out.append(c)
    return "".join(out)


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
    """True when the title's common words are lower-case (its capitals are proper nouns).

    Words with an inner capital (McDonald, iPhone) say nothing either way; a Title Case
    title leaves hardly any word of four letters or more in lower case, so a third of
    them lower-case is sentence case.
    """
    content = [
        w for w in words[1:] if len(w) > 3 and w[:1].isalpha() and w.lower() not in _SMALL and w[1:] == w[1:].lower()
    ]
    if len(content) < 2:
        return False
    lower = sum(1 for w in content if w[:1].islower())
    return lower * 3 >= len(content)


def _kept_case(core: str, keep: frozenset[str]) -> bool:
    """The input braced this word (``{Brandenburg}``, or ``{B}randenburg``)."""
    return bool(keep) and any(core == word or (core.startswith(word) and word[:1].isupper()) for word in keep)


# CSL rich text -> LaTeX: each kind of markup and the command that writes it (nocase: a
# brace group, which BibTeX and biblatex leave as written).
_MARKUP_LATEX = {
    "i": "\\textit{",
    "b": "\\textbf{",
    "sc": "\\textsc{",
    "sup": "\\textsuperscript{",
    "sub": "\\textsubscript{",
    "nocase": "{",
}
# While a title is protected word by word, markup stands as one control character per
# opening tag and one for every closing tag (text never holds these).
_OPENING = dict(zip(_MARKUP_LATEX, "\x01\x02\x03\x04\x05\x06", strict=True))
_CLOSING = "\x07"
_MARK_LATEX = {mark: _MARKUP_LATEX[name] for name, mark in _OPENING.items()} | {_CLOSING: "}"}
_MARK_CHARS = re.compile("[\x01-\x07]")
_CORE_MARKED = re.compile("^([\"'(\\[“‘«\x01-\x07]*)(.*?)([\"')\\].,;:!?”’»\x01-\x07]*)$", re.DOTALL)


def encode_rich(text: str, *, unicode: bool = False) -> str:
    """``text`` with CSL rich-text markup (:mod:`citekit.formats.richtext`) as LaTeX:
    ``<i>`` → ``\\textit{}``, ``<b>`` → ``\\textbf{}``, small caps → ``\\textsc{}``,
    ``<sup>``/``<sub>`` → ``\\textsuperscript{}``/``\\textsubscript{}``, nocase → braces;
    the text between as :func:`encode` writes it."""
    if "<" not in text:
        return encode(text, unicode=unicode)
    return richtext.transform(text, lambda run: encode(run, unicode=unicode), _MARKUP_LATEX.__getitem__, lambda _: "}")


def _balanced_marks(core: str) -> bool:
    depth = 0
    for mark in _MARK_CHARS.findall(core):
        depth += -1 if mark == _CLOSING else 1
        if depth < 0:
            return False
    return depth == 0


def _protect_marked(core: str, unicode: bool) -> str:
    """A word to protect that holds markup: one brace group when its tags open and close
    inside it, else each run of text between them in braces of its own."""
    if _balanced_marks(core):
        return "{" + encode(core, unicode=unicode) + "}"
    return "".join(
        piece if _MARK_CHARS.fullmatch(piece) or not piece else "{" + encode(piece, unicode=unicode) + "}"
        for piece in re.split("([\x01-\x07])", core)
    )


def _in_nocase(marked: str) -> list[bool]:
    """For each character of a marked title: a letter inside a nocase span (its braces
    protect it already), or no letter at all."""
    out: list[bool] = []
    stack: list[str] = []
    nocase = _OPENING["nocase"]
    inside = 0  # how many nocase spans are open (counted, not searched for in the stack)
    for c in marked:
        if c == _CLOSING:
            if stack:
                inside -= stack.pop() == nocase
        elif c in _MARK_LATEX:
            stack.append(c)
            inside += c == nocase
        out.append(not c.isalpha() or inside > 0)
    return out


def _encode_rich_title(text: str, *, unicode: bool, keep: frozenset[str]) -> str:
    """:func:`encode_title` for a title with markup: the words are chosen on its plain
    text, as for any title, and the markup written around them as LaTeX commands."""
    marked = richtext.transform(
        _MARK_CHARS.sub("", text), lambda run: _MARK_CHARS.sub("", run), _OPENING.__getitem__, lambda _: _CLOSING
    )
    kept = _in_nocase(marked)
    spans = [(m.group(), all(kept[i] for i in range(m.start(), m.end()))) for m in _WORD.finditer(marked)]
    plain_words = [_MARK_CHARS.sub("", w) for w, _ in spans]
    sentence_case = _is_sentence_case([w for w in plain_words if w])
    out: list[str] = []
    first = True
    for (token, no_case), bare in zip(spans, plain_words, strict=True):
        match = _CORE_MARKED.match(token)
        lead, core, trail = (match.group(1), match.group(2), match.group(3)) if match else ("", token, "")
        bare_core = _MARK_CHARS.sub("", core)
        if bare_core and not no_case and (
            _kept_case(bare_core, keep)
            or (_needs_protection(bare, first, sentence_case) and _needs_protection(bare_core, first, sentence_case))
        ):
            out.append(encode(lead, unicode=unicode) + _protect_marked(core, unicode) + encode(trail, unicode=unicode))
        else:
            out.append(encode(token, unicode=unicode))
        first = first and not bare
    return _MARK_CHARS.sub(lambda m: _MARK_LATEX[m.group()], " ".join(out))


def encode_title(text: str, *, unicode: bool = False, keep: frozenset[str] = frozenset()) -> str:
    """A title as BibTeX: escaped, with capitals a style must keep wrapped in braces.

    Acronyms and words with inner capitals are always protected, and so are the words
    the input protected (``keep``); in a sentence-case title, capitalised words after the
    first are proper nouns and are protected too. In a Title Case title they cannot be
    told apart, so only the first rules apply.

    :param text: the plain title.
    :param unicode: as in :func:`encode`.
    :param keep: words to protect whatever they look like (from the input's braces).
    :returns: the BibTeX value (without the enclosing braces).
    """
    if "<" in text and richtext.has_markup(text):
        return _encode_rich_title(text, unicode=unicode, keep=keep)
    rest = text[1:]
    if rest == rest.lower() and not keep:
        return encode(text, unicode=unicode)  # no capital after the first letter: nothing to protect
    words = text.split()
    if not words:
        return ""
    sentence_case = _is_sentence_case(words)
    out: list[str] = []
    for i, token in enumerate(words):
        match = _CORE.match(token)
        lead, core, trail = (match.group(1), match.group(2), match.group(3)) if match else ("", token, "")
        first = i == 0
        if core and (
            _kept_case(core, keep)
            or (_needs_protection(token, first, sentence_case) and _needs_protection(core, first, sentence_case))
        ):
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
