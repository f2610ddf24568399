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
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from citekit.errors import ParseError, Problem
from citekit.record import Record
from citekit.source import Source

__all__ = ["parse", "parse_text"]

_MONTH_MACROS = {
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
# Fields a crossref child never inherits (BibTeX and biber agree on these).
_NOT_INHERITED = frozenset({"crossref", "xref", "ids", "key", "entryset", "label", "shorthand", "sortkey", "xdata"})
# Parent field -> the child's name for it (biblatex inheritance for in* entries).
_INHERIT_AS = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon", "shorttitle": ""}

logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


@dataclass
class _Entry:
    entry_type: str
    key: str
    line: int
    fields: dict[str, str]
    problems: list[Problem] = field(default_factory=list)


_DELIMITERS = {"}": re.compile(r"\\.|[{}]", re.DOTALL), '"': re.compile(r'\\.|[{}"]', re.DOTALL)}


def _group_end(text: str, start: int, opening: str, closing: str) -> int:
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


def _evaluate(raw: str, macros: Mapping[str, str], unknown: list[str]) -> str:
    """A field value with ``#`` concatenation and macros expanded, delimiters removed."""
    value = raw.strip()
    if value.startswith("{") and value.endswith("}"):
        inner = value[1:-1]
        if ("{" not in inner and "}" not in inner) or _group_end(value, 0, "{", "}") == len(value):
            return inner  # the common case: one braced value
    out: list[str] = []
    i, n = 0, len(value)
    while i < n:
        c = value[i]
        if c in " \t\r\n#":
            i += 1
        elif c == "{":
            end = _group_end(value, i, "{", "}")
            out.append(value[i + 1 : end - 1])
            i = end
        elif c == '"':
            end = _group_end(value, i, '"', '"')
            out.append(value[i + 1 : end - 1])
            i = end
        else:
            end = value.find("#", i)
            end = n if end < 0 else end
            token = value[i:end].strip()
            if token.isdigit():
                out.append(token)
            elif token:
                expansion = macros.get(token.lower())
                if expansion is None:
                    unknown.append(token)
                    out.append(token)
                else:
                    out.append(expansion)
            i = end
    return "".join(out)


def _resolve_crossrefs(entries: list[_Entry]) -> None:
    """Copy missing fields from each entry's crossref parent (cascading, cycle-safe)."""
    by_key: dict[str, _Entry] = {}
    for entry in entries:
        by_key.setdefault(entry.key.lower(), entry)
        for alias in entry.fields.get("ids", "").split(","):
            if alias.strip():
                by_key.setdefault(alias.strip().lower(), entry)
    done: set[int] = set()

    def resolve(entry: _Entry, seen: tuple[str, ...]) -> None:
        if id(entry) in done:
            return
        done.add(id(entry))
        links = [("crossref", entry.fields.get("crossref", "").strip())]
        links += [("xdata", key.strip()) for key in entry.fields.get("xdata", "").split(",") if key.strip()]
        for kind, parent_key in links:
            if not parent_key:
                continue
            parent = by_key.get(parent_key.lower())
            if parent is None:
                entry.problems.append(Problem(f"{kind} to unknown entry {parent_key!r}", entry.line))
                continue
            if parent.key.lower() in seen or parent is entry:
                entry.problems.append(Problem(f"{kind} cycle through {parent_key!r}", entry.line))
                continue
            resolve(parent, (*seen, entry.key.lower()))
            # BibTeX/biber: a child takes every field it lacks; for in* children the
            # parent's title is the book title (xdata fields are copied as they are).
            rename = kind == "crossref" and entry.entry_type.lower().startswith("in")
            for name, value in parent.fields.items():
                if name in _NOT_INHERITED:
                    continue
                target = _INHERIT_AS.get(name, name) if rename else name
                if target and target not in entry.fields:
                    entry.fields[target] = value

    for entry in entries:
        resolve(entry, ())


def _failure(block: object) -> str:
    error = getattr(block, "error", None)
    reason = getattr(error, "abort_reason", None) or getattr(error, "message", None) or str(error or "")
    return " ".join(str(reason).split()) or "syntax error"


_KEYLESS = re.compile(r"^(\s*@\s*\w+\s*[{(])(\s*[\w-]+\s*=)", re.DOTALL)


def _without_key(block: Any, text: str, line_starts: list[int]) -> Any:
    """An entry written without a key (EndNote does that), re-read with an empty key.

    The splitter gives up at the first field, so the entry is cut out of the file again
    (up to its balancing brace) and re-read with a placeholder key.
    """
    from bibtexparser.entrypoint import parse_string
    from bibtexparser.model import Entry

    raw = getattr(block, "raw", None) or ""
    if not _KEYLESS.match(raw) or block.start_line is None or block.start_line >= len(line_starts):
        return None
    start = text.find(raw, line_starts[block.start_line])
    if start < 0:
        return None
    brace = start + _KEYLESS.match(raw).end(1) - 1  # type: ignore[union-attr]
    end = _group_end(text, brace, "{", "}") if text[brace] == "{" else text.find(")", brace) + 1
    library = parse_string(_KEYLESS.sub(r"\1citekit-nokey,\2", text[start:end], count=1), parse_stack=[])
    if len(library.entries) != 1 or library.failed_blocks:
        return None
    entry: Entry = library.entries[0]
    entry.key = ""
    return entry


def _usable_block(block: Any, text: str, line_starts: list[int], problems: list[Problem]) -> Any:
    """The block to read in place of a duplicate or failed one (reported), or ``None`` to skip it."""
    from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, ParsingFailedBlock, String

    line = (block.start_line or 0) + 1
    if isinstance(block, DuplicateFieldKeyBlock):
        duplicate = block.ignore_error_block
        names = ", ".join(sorted(block.duplicate_keys))
        problems.append(
            Problem(f"repeated field {names} in entry {getattr(duplicate, 'key', '?')!r} (first value kept)", line)
        )
        return duplicate
    if isinstance(block, DuplicateBlockKeyBlock):
        duplicate = block.ignore_error_block
        kind = "string" if isinstance(duplicate, String) else "key"
        kept = " (later definition used)" if kind == "string" else " (entry kept)"
        problems.append(Problem(f"duplicate {kind} {block.key!r}{kept}", line))
        return duplicate
    if isinstance(block, ParsingFailedBlock):
        recovered = _without_key(block, text, line_starts)
        if recovered is None:
            problems.append(Problem(f"skipped malformed entry: {_failure(block)}", line))
            return None
        problems.append(Problem("entry without a citation key (kept)", line))
        return recovered
    return block


def _read_entry(block: Any, line: int, macros: dict[str, str]) -> _Entry:
    """An entry's fields with macros expanded (the first of a repeated field counts)."""
    unknown: list[str] = []
    fields: dict[str, str] = {}
    for item in block.fields:
        name = item.key.strip().lower()
        if name not in fields:
            fields[name] = _evaluate(str(item.value), macros, unknown)
    entry = _Entry(block.entry_type, block.key.strip(), line, fields)
    for token in dict.fromkeys(unknown):
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
    from bibtexparser.entrypoint import parse_string
    from bibtexparser.model import Entry, String

    from citekit.parsers.bibtex_entry import record_from_entry

    library = parse_string(text, parse_stack=[])
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    macros: dict[str, str] = dict(_MONTH_MACROS)
    entries: list[_Entry] = []
    problems: list[Problem] = []
    for raw_block in library.blocks:
        line = (raw_block.start_line or 0) + 1
        block = raw_block
        if not isinstance(block, (Entry, String)):  # a duplicate or failed block (rare)
            block = _usable_block(raw_block, text, line_starts, problems)
        if isinstance(block, String):
            macros[block.key.lower()] = _evaluate(block.value, macros, [])
        elif isinstance(block, Entry):
            entries.append(_read_entry(block, line, macros))
    _resolve_crossrefs(entries)
    records: list[Record] = []
    for entry in entries:
        problems.extend(entry.problems)
        if entry.entry_type.lower() == "xdata":
            continue  # a pool of fields for other entries, not a work
        records.append(record_from_entry(entry.entry_type, entry.key, entry.fields))
    if not records:
        raise _nothing_read(problems, bool(library.strings), text, origin)
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        records[0].setdefault("custom", {}).setdefault("warnings", []).extend(str(p) for p in problems)
    return records


def parse(source: Source) -> list[Record]:
    """Records from a BibTeX or BibLaTeX source, one per entry.

    :param source: the read input.
    :returns: the records, in file order; problems as ``"line N: ..."`` strings in the
        first record's ``custom.warnings``.
    :raises ParseError: no entry at all could be read.
    """
    return parse_text(source.text, origin=source.origin)
