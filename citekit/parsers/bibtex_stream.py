"""BibTeX read in pieces of a few hundred entries, so a library of any size is read with
flat memory: each piece is split, read and turned into records, then let go.

``@string`` macros and the expansion budget carry over from piece to piece. In a file
with ``crossref`` or ``xdata`` links a child may come before its parent: the entries
linked to (and the ``@string`` definitions) are read first, alone, and each piece's
children inherit from them; memory stays flat as long as the parents are few next to the
children (proceedings next to their papers). A piece is cut only before an ``@`` that
starts a line outside any braces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from citekit.errors import ParseError, Problem
from citekit.parsers.bibtex import _entries, _Entry, _nothing_read, _records, _resolve_crossrefs, entries_by_key
from citekit.parsers.bibtex_values import EXPANSION_MARGIN, EXPANSION_RATIO, MONTH_MACROS, Expansion, TooLarge
from citekit.record import Record

__all__ = ["CHUNK_ENTRIES", "iter_chunks"]

CHUNK_ENTRIES = 500
_AT_LINE_START = re.compile(r"^[ \t]*@", re.MULTILINE)
_LINKS = re.compile(r"\b(?:crossref|xdata)\s*=", re.IGNORECASE)
# A link's value: {key}, "key", a bare key; xdata lists several keys separated by commas.
_LINK_VALUE = re.compile(r"\b(?:crossref|xdata)\s*=\s*(?:\{([^{}]*)\}|\"([^\"]*)\"|([^\s,{}\"#]+))", re.IGNORECASE)
_HEAD = re.compile(r"[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s{}()]*)")
_IDS = re.compile(r"\bids\s*=", re.IGNORECASE)


def _balanced(text: str, start: int, end: int) -> bool:
    """True when braces between ``start`` and ``end`` close all they open."""
    opened = text.count("{", start, end) - text.count("\\{", start, end)
    closed = text.count("}", start, end) - text.count("\\}", start, end)
    return opened == closed


def pieces(text: str, size: int = CHUNK_ENTRIES) -> Iterator[tuple[int, str]]:
    """``(lines before it, piece)`` for each piece of about ``size`` entries."""
    start = seen = lines = 0
    for match in _AT_LINE_START.finditer(text):
        seen += 1
        cut = match.start()
        if seen > size and _balanced(text, start, cut):
            yield lines, text[start:cut]
            lines += text.count("\n", start, cut)
            start, seen = cut, 1
    yield lines, text[start:]


def _shifted(problems: list[Problem], offset: int) -> list[Problem]:
    return [Problem(p.message, p.line + offset if p.line is not None else None) for p in problems]


def _shift(entries: list[_Entry], offset: int) -> None:
    for entry in entries:
        entry.line += offset
        entry.problems = _shifted(entry.problems, offset)


def _linked_text(text: str) -> str:
    """The ``@string`` definitions and the entries some ``crossref`` or ``xdata`` names (or
    that have ``ids`` aliases), as they are written, in file order."""
    keys = {
        key.strip().lower()
        for match in _LINK_VALUE.finditer(text)
        for key in next(group for group in match.groups() if group is not None).split(",")
        if key.strip()
    }
    kept: list[str] = []
    start = 0
    for match in [*_AT_LINE_START.finditer(text), None]:
        cut = match.start() if match else len(text)
        if cut == start or not (match is None or _balanced(text, start, cut)):
            continue
        head = _HEAD.match(text, start)
        if head and (
            head.group(1).lower() == "string" or head.group(2).lower() in keys or _IDS.search(text, start, cut)
        ):
            kept.append(text[start:cut])
        start = cut
    return "".join(kept)


def _linked_entries(text: str) -> dict[str, _Entry] | None:
    """The entries children may inherit from, by key and alias, read (and resolved among
    themselves) ahead of the pieces; ``None`` when they cannot be read apart (a string
    bomb among them: the file is then read as one piece, which reports it)."""
    from bibtexparser.entrypoint import parse_string

    linked = _linked_text(text)
    state = Expansion(budget=EXPANSION_RATIO * len(text) + EXPANSION_MARGIN)
    try:
        entries, _ = _entries(parse_string(linked, parse_stack=[]), linked, [], dict(MONTH_MACROS), state)
    except TooLarge:
        return None
    _resolve_crossrefs(entries)
    return entries_by_key(entries)


def iter_chunks(
    text: str, *, origin: str | None = None, size: int = CHUNK_ENTRIES
) -> Iterator[tuple[list[Record], list[Problem]]]:
    """The records of BibTeX ``text``, a piece at a time, each with the problems met in it.

    :param text: the whole file.
    :param origin: the input, for errors.
    :param size: entries a piece (about).
    :returns: ``(records, problems)`` per piece, problems with their lines in the file.
    :raises ParseError: a string bomb (at the piece it shows in), or no entry at all.
    """
    from bibtexparser.entrypoint import parse_string

    macros: dict[str, str] = dict(MONTH_MACROS)
    state = Expansion(budget=EXPANSION_RATIO * len(text) + EXPANSION_MARGIN)
    found = strings = False
    problems: list[Problem] = []
    known = _linked_entries(text) if _LINKS.search(text) else {}
    for offset, piece in pieces(text, size) if known is not None else iter([(0, text)]):
        library = parse_string(piece, parse_stack=[])
        noticed: list[Problem] = []
        try:
            entries, defined = _entries(library, piece, noticed, macros, state)
        except TooLarge as exc:
            line = exc.line + offset if exc.line is not None else None
            raise ParseError(str(exc), origin=origin, line=line) from exc
        del library
        strings = strings or defined
        _shift(entries, offset)
        _resolve_crossrefs(entries, known)
        problems.extend(_shifted(noticed, offset))
        records = _records(entries, problems)
        if records:
            found = True
            problems.sort(key=lambda p: p.line or 0)
            yield records, problems
            problems = []
    if not found:
        raise _nothing_read(problems, strings, text, origin)
    if problems:
        yield [], problems  # met after the last entry
