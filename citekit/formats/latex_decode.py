"""LaTeX → Unicode for BibTeX field values (the import direction of
:mod:`citekit.formats.latex`).

A hand-written scanner rather than pylatexenc: it is several times faster on large
files and knows BibTeX's conventions (``{\\noopsort{...}}``, biblatex's
``\\mkbibquote``, protective braces). Accents, special letters, symbols, dashes and
quotes, formatting commands (``\\emph``, ``{\\it ...}``), ``\\url``/``\\href`` and
simple math (``$\\alpha$``, ``$^{13}$C``) all become plain text; unknown commands are
dropped and their arguments kept.

With ``rich=True`` the formatting that CSL rich text can carry (:mod:`citekit.formats.richtext`)
is kept as its markup instead: ``\\textit``/``\\emph``/``{\\it ..}`` → ``<i>``, ``\\textbf``/
``{\\bf ..}`` → ``<b>``, ``\\textsc``/``{\\sc ..}`` → small caps, and a super- or subscript that
holds a letter (``$4^{\\textrm{ème}}$``, ``Po$_{eee}$t``) → ``<sup>``/``<sub>``, one of digits
and signs a Unicode character (``DNA$_2$`` → ``DNA₂``, as Zotero reads it); ``\\textsuperscript``
and ``\\textsubscript`` (which the BibTeX export writes for the markup) → ``<sup>``/``<sub>``.
Plain decoding writes a script in Unicode's super- and subscript characters when they all
have one (``\\textsubscript{2}`` → ``₂``, ``$_{eee}$`` → ``ₑₑₑ``), as it always did.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from citekit.formats.latex_tables import (
    ACCENT_COMBINING,
    ARG_DROP,
    ARG_KEEP,
    ARG_QUOTE,
    DECLARATIONS,
    SUBSCRIPTS,
    SUPERSCRIPTS,
    WORDS,
)
from citekit.formats.richtext import TAGS

__all__ = ["decode", "has_markup"]

_LATEX_MARK = re.compile(r"[\\{}$~]|--|``|''")
_PLAIN_RUN = re.compile(r"[^\\{}$~\-`'^_]+")
_CONTROL_WORD = re.compile(r"[A-Za-z]+\*?")
_SPACE = re.compile(r"[ \t\r\n]*")
_OPTIONAL = re.compile(r"\s*\[[^\]]*\]")
_CLOSE_SINGLE = re.compile("\u2018([^\u2018\u2019']*)'(?![A-Za-z])")
_MARKUP = re.compile(r"\\[A-Za-z]+|\\[^A-Za-z\s]|[{}]|\$")

# Formatting the scanner marks in its output (\x02 + kind ... \x03 + kind): rich decoding
# turns the marks into CSL rich-text tags, plain decoding drops them.
_OPEN_MARK = "\x02"
_CLOSE_MARK = "\x03"
_MARKS = re.compile("[\x02\x03][a-z]+\x04")
_RICH_COMMANDS = {
    "emph": "i", "textit": "i", "mkbibemph": "i", "mkbibitalic": "i",
    "textbf": "b", "mkbibbold": "b",
    "textsc": "sc",
}  # fmt: skip
_RICH_DECLARATIONS = {"em": "i", "it": "i", "itshape": "i", "bf": "b", "bfseries": "b", "sc": "sc", "scshape": "sc"}
# Whitespace just inside a tag goes outside it; a tag around nothing goes.
_INNER_SPACE_OPEN = re.compile("(\x02[a-z]+\x04)(\\s+)")
_INNER_SPACE_CLOSE = re.compile("(\\s+)(\x03[a-z]+\x04)")
_EMPTY_MARK = re.compile("\x02([a-z]+)\x04\x03\\1\x04")


_SCRIPT_MARK = re.compile("\x02(sup|sub)\x04([^\x02\x03]*)\x03\\1\x04")


def _script_chars(argument: str, kind: str) -> str:
    table = SUPERSCRIPTS if kind == "sup" else SUBSCRIPTS
    return "".join(table[c] for c in argument) if argument and all(c in table for c in argument) else argument


def _marked(kind: str, inner: str) -> str:
    return f"{_OPEN_MARK}{kind}\x04{inner}{_CLOSE_MARK}{kind}\x04" if inner else inner


def _resolve_marks(text: str, rich: bool) -> str:
    """The scanner's formatting marks as rich-text tags (``rich``) or dropped."""
    if not rich:
        # Plain text as before rich text existed: a script in Unicode's super- or
        # subscript characters when they all have one (10\textsuperscript{th} -> 10th, H_2 -> H₂).
        if "\x02su" in text:
            text = _SCRIPT_MARK.sub(lambda m: _script_chars(m.group(2), m.group(1)), text)
        return _MARKS.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _EMPTY_MARK.sub("", _INNER_SPACE_CLOSE.sub(r"\2\1", _INNER_SPACE_OPEN.sub(r"\2\1", text)))
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # the marks open, and whether each is written
    position = 0
    for match in _MARKS.finditer(text):  # the marks nest: _marked writes each pair around its text
        out.append(text[position : match.start()])
        position = match.end()
        kind = match.group()[1:-1]
        if match.group()[0] == _OPEN_MARK:
            written = all(open_kind != kind for open_kind, _ in stack)  # \emph in \emph adds nothing
            stack.append((kind, written))
            if written:
                out.append(TAGS[kind][0])
        elif stack and stack.pop()[1]:
            out.append(TAGS[kind][1])
    out.append(text[position:])
    return "".join(out)


def has_markup(text: str) -> bool:
    """True when ``text`` still holds LaTeX commands, braces or math delimiters."""
    return bool(_MARKUP.search(text))


def decode(text: str, *, paragraphs: bool = False, rich: bool = False) -> str:
    """Plain Unicode text from a BibTeX field value written in LaTeX.

    :param text: the field value (outer delimiters removed, macros expanded).
    :param paragraphs: keep paragraph breaks (a blank line or ``\\par``) as ``"\\n\\n"``;
        otherwise all whitespace folds to single spaces.
    :param rich: keep italics, bold, small capitals and super-/subscripts of letters as
        CSL rich-text markup (see the module's docstring).
    :returns: the text without commands, protective braces or math delimiters.
    """
    if "\u00ad" in text:
        text = re.sub("\u00ad\\s*", "", text)  # soft hyphens (and the line break after one)
    if _LATEX_MARK.search(text) is None:
        result = text
    else:
        if paragraphs:
            text = re.sub(r"\n[ \t]*\n\s*", "\x00", text)
        out: list[str] = []
        _scan(text, 0, len(text), out, False, False)
        result = "".join(out)
        if _OPEN_MARK in result:
            result = _resolve_marks(result, rich)
        if "\u2018" in result:
            result = _CLOSE_SINGLE.sub("\u2018\\1\u2019", result)  # `quoted' -> ‘quoted’
    if paragraphs:
        parts = re.split(r"\s*\x00\s*|\n[ \t]*\n\s*", result)
        return "\n\n".join(" ".join(p.split()) for p in parts if p.strip())
    return " ".join(result.split())


def _scan(s: str, i: int, n: int, out: list[str], in_group: bool, math: bool) -> int:
    """Decode ``s[i:n]`` into ``out``; returns the index after the group's closing brace."""
    while i < n:
        c = s[i]
        if c == "\\":
            i = _command(s, i, n, out, math)
        elif c == "{":
            i = _scan(s, i + 1, n, out, True, math)
        elif c == "}":
            if in_group:
                return i + 1
            i += 1  # a stray closing brace: drop it
        elif c == "$" and not math:
            i = _math(s, i, n, out)
        elif c == "~":
            out.append(" ")
            i += 1
        elif c == "-":
            if s.startswith("---", i):
                out.append("\u2014")
                i += 3
            elif s.startswith("--", i):
                out.append("\u2013")
                i += 2
            else:
                out.append("-")
                i += 1
        elif c == "`":
            if s.startswith("``", i):
                out.append("\u201c")
                i += 2
            else:
                out.append("\u2018")
                i += 1
        elif c == "'":
            if s.startswith("''", i):
                out.append("\u201d")
                i += 2
            else:
                out.append("'")
                i += 1
        elif math and c in "^_":
            argument, i = _argument(s, i + 1, n, True)
            out.append(_script(argument, SUPERSCRIPTS if c == "^" else SUBSCRIPTS))
        else:
            match = _PLAIN_RUN.match(s, i)
            if match and match.end() > i:
                out.append(match.group())
                i = match.end()
            else:
                out.append(c)
                i += 1
    return i


def _group_end(s: str, i: int, n: int) -> int:
    """Index just after the brace group opening at ``s[i] == "{"`` (``n`` if unbalanced)."""
    depth = 0
    j = i
    while j < n:
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return n


def _argument(s: str, i: int, n: int, math: bool) -> tuple[str, int]:
    """One macro argument decoded: a brace group, a command or a single character."""
    i = _SPACE.match(s, i).end()  # type: ignore[union-attr]
    if i >= n:
        return "", i
    if s[i] == "{":
        inner: list[str] = []
        i = _scan(s, i + 1, n, inner, True, math)
        return "".join(inner), i
    if s[i] == "\\":
        inner = []
        i = _command(s, i, n, inner, math)
        return "".join(inner), i
    if s[i] == "}":
        return "", i
    return s[i], i + 1


def _raw_argument(s: str, i: int, n: int) -> tuple[str, int]:
    """One macro argument as written (for URLs, which are verbatim)."""
    i = _SPACE.match(s, i).end()  # type: ignore[union-attr]
    if i < n and s[i] == "{":
        end = _group_end(s, i, n)
        return s[i + 1 : end - 1], end
    return (s[i], i + 1) if i < n else ("", i)


_MATH_ACCENTS = {
    "bar": "\u0304",
    "overline": "\u0305",
    "hat": "\u0302",
    "widehat": "\u0302",
    "tilde": "\u0303",
    "widetilde": "\u0303",
    "dot": "\u0307",
    "ddot": "\u0308",
    "vec": "\u20d7",
    "acute": "\u0301",
    "grave": "\u0300",
    "breve": "\u0306",
    "check": "\u030c",
}


# An accent over nothing (``\~{}``, ``\^{}``) is the accent itself: the ASCII character
# where there is one (``\~{}`` writes the tilde of a URL), else the spacing form.
_SPACING_ACCENTS = {
    "~": "~", "^": "^", '"': "\u00a8", "'": "\u00b4", "`": "`", "=": "\u00af", ".": "\u02d9", "u": "\u02d8",
    "v": "\u02c7", "H": "\u02dd", "c": "\u00b8", "k": "\u02db", "r": "\u02da",
}  # fmt: skip


def _accent(command: str, base: str) -> str:
    mark = ACCENT_COMBINING[command]
    if not base:
        return _SPACING_ACCENTS.get(command) or mark
    first = {"\u0131": "i", "\u0237": "j"}.get(base[0], base[0])
    return unicodedata.normalize("NFC", first + mark) + base[1:]


def _script(argument: str, table: dict[str, str]) -> str:
    """``argument`` in superscript or subscript characters when all of them have one; one
    holding a letter is marked as a super- or subscript instead (``<sup>ème</sup>``): Unicode
    has such characters for a few letters only, and fonts fewer."""
    if argument and any(c.isalpha() for c in _MARKS.sub("", argument)):
        return _marked("sup" if table is SUPERSCRIPTS else "sub", argument)
    return "".join(table[c] for c in argument) if argument and all(c in table for c in argument) else argument


# What the commands of ARG_KEEP do to their argument (\MakeUppercase, \textsuperscript ...).
def _cased(change: Callable[[str], str]) -> Callable[[str], str]:
    """A case change that leaves the formatting marks in its argument as they are."""
    return lambda argument: (
        change(argument)
        if _OPEN_MARK not in argument
        else "".join(p if _MARKS.fullmatch(p) else change(p) for p in re.split("([\x02\x03][a-z]+\x04)", argument))
    )


_TRANSFORMS: dict[str, Callable[[str], str]] = {
    "upper": _cased(str.upper),
    "lower": _cased(str.lower),
    # \textsuperscript{2} is written markup (citekit's BibTeX export writes <sup> so):
    # it stays markup, where $^{2}$ is the character ².
    "super": lambda argument: _marked("sup", argument),
    "sub": lambda argument: _marked("sub", argument),
    "sqrt": lambda argument: "\u221a" + argument,
}


def _command(s: str, i: int, n: int, out: list[str], math: bool) -> int:
    """Decode the command starting at ``s[i] == "\\\\"``; returns the index after it."""
    if i + 1 >= n:
        return n
    nxt = s[i + 1]
    if not (nxt.isascii() and nxt.isalpha()):
        return _control_symbol(nxt, s, i, n, out, math)
    match = _CONTROL_WORD.match(s, i + 1)
    if match is None:  # cannot happen: nxt is an ASCII letter
        return i + 2
    name = match.group().rstrip("*")
    j = _SPACE.match(s, match.end()).end()  # type: ignore[union-attr]
    if name in ACCENT_COMBINING:
        argument, j = _argument(s, j, n, math)
        out.append(_accent(name, argument))
        return j
    if name in _MATH_ACCENTS:  # $\bar{2}$ -> 2̄ (the digit keeps its mark)
        argument, j = _argument(s, j, n, True)
        out.append(unicodedata.normalize("NFC", argument[:1] + _MATH_ACCENTS[name]) + argument[1:] if argument else "")
        return j
    word = WORDS.get(name)
    if word is not None:
        out.append(word)
        return j
    if name in ARG_KEEP:
        return _kept_argument(name, s, j, n, out, math)
    return _other_command(name, s, j, n, out, math)


def _control_symbol(nxt: str, s: str, i: int, n: int, out: list[str], math: bool) -> int:
    """A backslash and one non-letter: an accent (``\\'e``), an escaped character or a space."""
    if nxt in ACCENT_COMBINING:
        argument, j = _argument(s, i + 2, n, math)
        out.append(_accent(nxt, argument))
        return j
    if nxt in "&%$#_{}":
        out.append(nxt)
    elif nxt in " \n\t,;:>":
        out.append(" ")
    elif not nxt.isascii():
        out.append(nxt)  # "\é": not a command, keep the letter
    return i + 2  # \- \/ \@ \! \\ and friends produce nothing


def _kept_argument(name: str, s: str, j: int, n: int, out: list[str], math: bool) -> int:
    """A command whose argument is kept (maybe changed: upper case, superscript ...)."""
    while s.startswith("[", j):
        j = _OPTIONAL.match(s, j).end() if _OPTIONAL.match(s, j) else j + 1  # type: ignore[union-attr]
    argument, j = _argument(s, j, n, math or name.startswith("math") or name == "ensuremath")
    transform = _TRANSFORMS.get(ARG_KEEP[name])
    kind = _RICH_COMMANDS.get(name)
    out.append(transform(argument) if transform else _marked(kind, argument) if kind else argument)
    return j


def _other_command(name: str, s: str, j: int, n: int, out: list[str], math: bool) -> int:
    """Quotes, links, commands whose arguments are dropped, declarations and unknown commands."""
    if name in ARG_QUOTE:
        argument, j = _argument(s, j, n, math)
        out.append("\u201c" + argument + "\u201d")
        return j
    if name in ("url", "path", "nolinkurl"):
        argument, j = _raw_argument(s, j, n)
        out.append(argument)
        return j
    if name == "href":
        _, j = _raw_argument(s, j, n)  # the target; the link text follows as a group
        return j
    if name in ARG_DROP:
        for _ in range(ARG_DROP[name]):
            _, j = _raw_argument(s, j, n)
        return j
    if name == "par":
        out.append("\x00")
        return j
    if name in _RICH_DECLARATIONS and not math:
        # {\it text}: the declaration holds to the end of its group.
        inner: list[str] = []
        k = _scan(s, j, n, inner, True, math)
        out.append(_marked(_RICH_DECLARATIONS[name], "".join(inner)))
        return k - 1 if k > j and s[k - 1] == "}" else k  # the group's brace closes the group
    if name in DECLARATIONS:
        return j
    # An unknown command: drop its name and optional arguments; a following brace group
    # is then read as ordinary text, which keeps e.g. \foreignquote{x}'s content.
    while j < n and s[j] == "[":
        end = s.find("]", j)
        j = n if end < 0 else end + 1
    return j


def _math(s: str, i: int, n: int, out: list[str]) -> int:
    """Decode ``$...$`` (or ``$$...$$``) starting at ``s[i]``; returns the index after it."""
    delimiter = "$$" if s.startswith("$$", i) else "$"
    start = i + len(delimiter)
    j = start
    while True:
        j = s.find(delimiter, j)
        if j < 0:
            j = n
            break
        if s[j - 1] != "\\":
            break
        j += 1
    inner: list[str] = []
    _scan(s, start, j, inner, False, True)
    out.append("".join(inner).replace(" ", "") if _is_compact_math(s[start:j]) else "".join(inner))
    return min(n, j + len(delimiter))


def _is_compact_math(source: str) -> bool:
    # "$^{13}$" or "$\alpha$": spaces inside are LaTeX layout, not text.
    return not re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}", re.sub(r"\\[A-Za-z]+", "", source))
