"""BibTeX and BibLaTeX files → CSL-JSON records, one per entry (bibtexparser v2 splitter).

bibtexparser splits the file into blocks and keeps going past broken ones; everything
after that is done here, because BibTeX's own semantics need it: ``@string`` macros and
``#`` concatenation (including the month macros ``jan``..``dec``), ``crossref``
inheritance (a child takes the fields it lacks from its parent; the parent's ``title``
becomes the child's ``booktitle``), and per-entry problems reported with their line.

A malformed entry is skipped and the rest of the file still loads; every problem is a
``"line N: ..."`` string in the first record's ``custom.warnings``. Only a file from
which nothing at all can be read raises :class:`~citekit.errors.ParseError`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from citekit.errors import ParseError, Problem
from citekit.parsers.bibtex_repair import usable_block
from citekit.parsers.bibtex_values import MAX_DEPTH, Expansion, TooLarge, brace_depth, evaluate
from citekit.record import Record
from citekit.source import Source

__all__ = ["parse", "parse_text"]

# Fields a crossref child never inherits (BibTeX and biber agree on these).
_NOT_INHERITED = frozenset({"crossref", "xref", "ids", "key", "entryset", "label", "shorthand", "sortkey", "xdata"})
# Parent field -> the child's name for it (biblatex inheritance for in* entries).
_INHERIT_AS = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon", "shorttitle": ""}

logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
# An entry inheriting through a crossref chain longer than this is skipped (a hostile file).
_MAX_CHAIN = 32


@dataclass
class _Entry:
    entry_type: str
    key: str
    line: int
    fields: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    skipped: str = ""  # why the entry cannot be read (it is reported and left out)


def entries_by_key(entries: list[_Entry], into: dict[str, _Entry] | None = None) -> dict[str, _Entry]:
    """Entries by lower-case key and ``ids`` alias (the first in the file wins)."""
    by_key = into if into is not None else {}
    for entry in entries:
        by_key.setdefault(entry.key.lower(), entry)
        for alias in entry.fields.get("ids", "").split(","):
            if alias.strip():
                by_key.setdefault(alias.strip().lower(), entry)
    return by_key


def _resolve_crossrefs(entries: list[_Entry], known: dict[str, _Entry] | None = None) -> None:
    """Copy missing fields from each entry's crossref parent (cascading, cycle-safe).

    An entry whose chain of parents is longer than ``_MAX_CHAIN`` is marked skipped, and so
    is every entry inheriting from a skipped one. ``known``: parents read beforehand from
    the rest of the file (a piece's own entries come first).
    """
    by_key = entries_by_key(entries)
    done: set[int] = set()
    for key, entry in (known or {}).items():
        by_key.setdefault(key, entry)
        done.add(id(entry))  # resolved when they were read

    def resolve(entry: _Entry, seen: tuple[str, ...]) -> None:
        if id(entry) in done:
            return
        if len(seen) >= _MAX_CHAIN:
            entry.skipped = f"crossref chain longer than {_MAX_CHAIN} entries"
            return
        done.add(id(entry))
        links = [("crossref", entry.fields.get("crossref", "").strip())]
        links += [("xdata", key.strip()) for key in entry.fields.get("xdata", "").split(",") if key.strip()]
        for kind, parent_key in links:
            parent = by_key.get(parent_key.lower()) if parent_key else None
            if parent_key and parent is None:
                entry.problems.append(Problem(f"{kind} to unknown entry {parent_key!r}", entry.line))
            elif parent is not None and (parent.key.lower() in seen or parent is entry):
                entry.problems.append(Problem(f"{kind} cycle through {parent_key!r}", entry.line))
            elif parent is not None:
                resolve(parent, (*seen, entry.key.lower()))
                if parent.skipped:
                    entry.skipped = entry.skipped or f"{kind} {parent_key!r} is skipped"
                _inherit(entry, parent, kind)

    for entry in entries:
        resolve(entry, ())


def _inherit(entry: _Entry, parent: _Entry, kind: str) -> None:
    """BibTeX/biber: a child takes every field it lacks; for in* children the parent's
    title is the book title (xdata fields are copied as they are)."""
    rename = kind == "crossref" and entry.entry_type.lower().startswith("in")
    for name, value in parent.fields.items():
        if name in _NOT_INHERITED:
            continue
        target = _INHERIT_AS.get(name, name) if rename else name
        if target and target not in entry.fields:
            entry.fields[target] = value


def _read_entry(block: Any, line: int, macros: dict[str, str], state: Expansion) -> _Entry:
    """An entry's fields with macros expanded (the first of a repeated field counts)."""
    state.unknown.clear()
    fields: dict[str, str] = {}
    entry = _Entry(block.entry_type, block.key.strip(), line, fields)
    for item in block.fields:
        name = item.key.strip().lower()
        if name in fields:
            continue
        raw = str(item.value)
        if brace_depth(raw) > MAX_DEPTH:
            entry.skipped = f"field {name!r} nested more than {MAX_DEPTH} braces deep"
            return entry
        state.swallowed.clear()
        fields[name] = evaluate(raw, macros, state)
        field_line = (getattr(item, "start_line", None) or line - 1) + 1
        while state.swallowed:
            # Each swallowed field is read as its own (and may have swallowed the next).
            other, rest, offset = state.swallowed.pop()
            at = field_line + raw[:offset].count("\n")
            entry.problems.append(Problem(f"missing comma before field {other!r} in entry {entry.key!r}", at))
            if other not in fields:
                fields[other] = evaluate(rest, macros, state)
    for token in dict.fromkeys(state.unknown):
        entry.problems.append(Problem(f"undefined string macro {token!r} in entry {entry.key!r} (kept as text)", line))
    return entry


def _nothing_read(problems: list[Problem], has_strings: bool, text: str, origin: str | None) -> ParseError:
    first_line = problems[0].line if problems else None
    if problems:
        detail = f" ({problems[0].message})"
    elif has_strings:
        detail = " (only @string definitions)"
    else:
        detail = " (only comments)" if text.strip() else " (empty)"
    return ParseError(f"no BibTeX entries could be read{detail}", origin=origin, line=first_line)


def parse_text(text: str, *, origin: str | None = None) -> list[Record]:
    """Records from BibTeX text (see :func:`parse`)."""
    from citekit.parsers.bibtex_stream import iter_chunks

    records: list[Record] = []
    problems: list[Problem] = []
    for chunk, noticed in iter_chunks(text, origin=origin):
        records.extend(chunk)
        problems.extend(noticed)
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        records[0].setdefault("custom", {}).setdefault("warnings", []).extend(str(p) for p in problems)
    return records


def _entries(
    library: Any, text: str, problems: list[Problem], macros: dict[str, str], state: Expansion
) -> tuple[list[_Entry], bool]:
    """The entries of a split text, @string macros expanded (and defined) as they come;
    and whether the text defines any macro."""
    from bibtexparser.model import Entry, String

    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    entries: list[_Entry] = []
    strings = False
    for raw_block in library.blocks:
        line = (raw_block.start_line or 0) + 1
        block = raw_block
        if not isinstance(block, (Entry, String)):  # a duplicate or failed block (rare)
            block = usable_block(raw_block, text, line_starts, problems)
        try:
            if isinstance(block, String):
                macros[block.key.lower()] = evaluate(block.value, macros, state)
                strings = True
            elif isinstance(block, Entry):
                entries.append(_read_entry(block, line, macros, state))
        except TooLarge as exc:
            exc.line = line
            raise
    return entries, strings


def _records(entries: list[_Entry], problems: list[Problem]) -> list[Record]:
    from citekit.parsers.bibtex_entry import record_from_entry

    records: list[Record] = []
    for entry in entries:
        problems.extend(entry.problems)
        if entry.skipped:
            problems.append(Problem(f"skipped entry {entry.key!r}: {entry.skipped}", entry.line))
        elif entry.entry_type.lower() != "xdata":  # xdata: a pool of fields for other entries, not a work
            records.append(record_from_entry(entry.entry_type, entry.key, entry.fields))
    return records


def parse(source: Source) -> list[Record]:
    """Records from a BibTeX or BibLaTeX source, one per entry.

    :param source: the read input.
    :returns: the records, in file order; problems as ``"line N: ..."`` strings in the
        first record's ``custom.warnings``.
    :raises ParseError: no entry at all could be read.
    """
    return parse_text(source.text, origin=source.origin)
