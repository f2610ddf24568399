"""BibTeX field values as BibTeX evaluates them: ``@string`` macros (the month macros
``jan``..``dec`` predefined), ``#`` concatenation and delimiters removed, a field swallowed
by a missing comma noticed, and the caps that keep a hostile file from growing without
bound. Used by :mod:`citekit.parsers.bibtex` and :mod:`citekit.parsers.bibtex_stream`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "EXPANSION_MARGIN",
    "EXPANSION_RATIO",
    "MAX_DEPTH",
    "MAX_VALUE",
    "MONTH_MACROS",
    "Expansion",
    "TooLarge",
    "brace_depth",
    "evaluate",
    "group_end",
]

MONTH_MACROS = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}

# Limits against hostile files: a value built from @string macros may not grow past
# ``MAX_VALUE`` characters nor all expansions together past ``EXPANSION_RATIO`` times
# the file (plus a margin); an entry nested deeper than ``MAX_DEPTH`` braces is skipped (a
# crossref chain has its own cap in :mod:`citekit.parsers.bibtex`). Real files stay far below.
MAX_VALUE = 1_000_000
EXPANSION_RATIO = 10
EXPANSION_MARGIN = 1_000_000
MAX_DEPTH = 100
# A field name followed by "=" outside any delimiter: the comma before it is missing.
_SWALLOWED = re.compile(r"(?:^|(?<=\s))[A-Za-z][\w:.+-]*\s*=")


class TooLarge(Exception):
    """@string expansion past the caps: the file is refused."""

    line: int | None = None


@dataclass
class Expansion:
    """What evaluating values noticed: undefined macros, swallowed fields, size used."""

    budget: int
    unknown: list[str] = field(default_factory=list)
    swallowed: list[tuple[str, str, int]] = field(default_factory=list)  # name, raw value, offset

    def spend(self, size: int) -> None:
        self.budget -= size
        if self.budget < 0:
            raise TooLarge("@string expansions grow far past the size of the file (a string bomb?)")


_DELIMITERS = {"}": re.compile(r"\\.|[{}]", re.DOTALL), '"': re.compile(r'\\.|[{}"]', re.DOTALL)}


def group_end(text: str, start: int, opening: str, closing: str) -> int:
    """Index after the delimiter closing the group that opens at ``text[start]``."""
    depth = 0
    for match in _DELIMITERS[closing].finditer(text, start):
        c = match.group()
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and opening == "{":
                return match.end()
        elif c == '"' and match.start() > start and depth == 0:
            return match.end()
    return len(text)


def evaluate(raw: str, macros: Mapping[str, str], state: Expansion) -> str:
    """A field value with ``#`` concatenation and macros expanded, delimiters removed."""
    value = raw.strip()
    if value.startswith("{") and value.endswith("}"):
        inner = value[1:-1]
        if ("{" not in inner and "}" not in inner) or group_end(value, 0, "{", "}") == len(value):
            return inner  # the common case: one braced value
    out: list[str] = []
    i, n = 0, len(value)
    while i < n:
        c = value[i]
        if c in " \t\r\n#":
            i += 1
        elif c in '{"':
            end = group_end(value, i, c, "}" if c == "{" else c)
            out.append(value[i + 1 : end - 1])
            i = end
        else:
            end = value.find("#", i)
            end = n if end < 0 else end
            swallowed = _SWALLOWED.search(value, i, end)
            if swallowed:
                # "title = {A}  year = 2000": the rest is the next field, its comma missing.
                name, _, rest = value[swallowed.start() :].partition("=")
                state.swallowed.append((name.strip().lower(), rest, len(raw) - len(raw.lstrip()) + swallowed.start()))
                end = n
            _token(value[i : swallowed.start() if swallowed else end].strip(), macros, state, out)
            i = end
    result = "".join(out)
    if len(result) > MAX_VALUE:
        raise TooLarge(f"a value expands to over {MAX_VALUE:,} characters (a string bomb?)")
    return result


def _token(token: str, macros: Mapping[str, str], state: Expansion, out: list[str]) -> None:
    """A bare token: a number as it is, a macro by its expansion (undefined: kept, noted)."""
    if token.isdigit():
        out.append(token)
    elif token:
        expansion = macros.get(token.lower())
        if expansion is None:
            state.unknown.append(token)
            out.append(token)
        else:
            state.spend(len(expansion))
            out.append(expansion)


def brace_depth(value: str) -> int:
    """How deep braces nest in ``value`` (counted only when there are many of them)."""
    if value.count("{") <= MAX_DEPTH:
        return 0
    depth = deepest = 0
    for match in _DELIMITERS["}"].finditer(value):
        if match.group() == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif match.group() == "}":
            depth -= 1
    return deepest
