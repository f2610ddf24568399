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
    skipped: str = ""  # why the entry cannot be read (it is reported and left out)


# Limits against hostile files: a value built from @string macros may not grow past
# ``_MAX_VALUE`` characters nor all expansions together past ``_EXPANSION_RATIO`` times
# the file (plus a margin); an entry nested deeper than ``_MAX_DEPTH`` braces or inheriting
# through a crossref chain longer than ``_MAX_CHAIN`` is skipped. Real files stay far below.
_MAX_VALUE = 1_000_000
_EXPANSION_RATIO = 10
_EXPANSION_MARGIN = 1_000_000
_MAX_DEPTH = 100
_MAX_CHAIN = 32
# A field name followed by "=" outside any delimiter: the comma before it is missing.
_SWALLOWED = re.compile(r"(?:^|(?<=\s))[A-Za-z][\w:.+-]*\s*=")


class _TooLarge(Exception):
    """@string expansion past the caps: the file is refused."""

    line: int | None = None


@dataclass
class _Expansion:
    """What evaluating values noticed: undefined macros, swallowed fields, size used."""

    budget: int
    unknown: list[str] = field(default_factory=list)
    swallowed: list[tuple[str, str, int]] = field(default_factory=list)  # name, raw value, offset

    def spend(self, size: int) -> None:
        self.budget -= size
        if self.budget < 0:
            raise _TooLarge("@string expansions grow far past the size of the file (a string bomb?)")


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


def _evaluate(raw: str, macros: Mapping[str, str], state: _Expansion) -> str:
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
        elif c in '{"':
            end = _group_end(value, i, c, "}" if c == "{" else c)
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
    if len(result) > _MAX_VALUE:
        raise _TooLarge(f"a value expands to over {_MAX_VALUE:,} characters (a string bomb?)")
    return result


def _token(token: str, macros: Mapping[str, str], state: _Expansion, out: list[str]) -> None:
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


def _resolve_crossrefs(entries: list[_Entry]) -> None:
    """Copy missing fields from each entry's crossref parent (cascading, cycle-safe).

    An entry whose chain of parents is longer than ``_MAX_CHAIN`` is marked skipped, and so
    is every entry inheriting from a skipped one.
    """
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


_ENTRY_START = re.compile(r"\s*@\s*\w+\s*\{")
_SEPARATORS = re.compile(r'\\.|[{}",]', re.DOTALL)


def _without_empty_fields(block: Any, text: str, line_starts: list[int]) -> Any:
    """An entry with an empty field (``title = {A}, , year = 2000``) re-read without it.

    The splitter gives up at the stray comma; the entry is cut out of the file again (up
    to its balancing brace), each comma between fields that follows another one with only
    space between them is dropped, and the entry is read again.
    """
    from bibtexparser.entrypoint import parse_string

    raw = getattr(block, "raw", None) or ""
    start_match = _ENTRY_START.match(raw)
    if not start_match or block.start_line is None or block.start_line >= len(line_starts):
        return None
    start = text.find(raw, line_starts[block.start_line])
    if start < 0:
        return None
    end = _group_end(text, start + start_match.end() - 1, "{", "}")
    entry_text = text[start:end]
    kept: list[str] = []
    depth, quoted, last, previous_comma = 0, False, 0, -1
    for match in _SEPARATORS.finditer(entry_text):
        c = match.group()
        if c in "{}":
            depth += 1 if c == "{" else -1
        elif c == '"' and depth == 1:
            quoted = not quoted
        elif c == "," and depth == 1 and not quoted:
            if previous_comma >= 0 and not entry_text[previous_comma + 1 : match.start()].strip():
                kept.append(entry_text[last : match.start()])
                last = match.end()
            previous_comma = match.start()
    if last == 0:
        return None
    library = parse_string("".join(kept) + entry_text[last:], parse_stack=[])
    if len(library.entries) != 1 or library.failed_blocks:
        return None
    return library.entries[0]


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
        if recovered is not None:
            problems.append(Problem("entry without a citation key (kept)", line))
            return recovered
        recovered = _without_empty_fields(block, text, line_starts)
        if recovered is not None:
            problems.append(Problem(f"empty field (a stray comma) in entry {recovered.key!r} ignored", line))
            return recovered
        problems.append(Problem(f"skipped malformed entry: {_failure(block)}", line))
        return None
    return block


def _depth(value: str) -> int:
    """How deep braces nest in ``value`` (counted only when there are many of them)."""
    if value.count("{") <= _MAX_DEPTH:
        return 0
    depth = deepest = 0
    for match in _DELIMITERS["}"].finditer(value):
        if match.group() == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif match.group() == "}":
            depth -= 1
    return deepest


def _read_entry(block: Any, line: int, macros: dict[str, str], state: _Expansion) -> _Entry:
    """An entry's fields with macros expanded (the first of a repeated field counts)."""
    state.unknown.clear()
    fields: dict[str, str] = {}
    entry = _Entry(block.entry_type, block.key.strip(), line, fields)
    for item in block.fields:
        name = item.key.strip().lower()
        if name in fields:
            continue
        raw = str(item.value)
        if _depth(raw) > _MAX_DEPTH:
            entry.skipped = f"field {name!r} nested more than {_MAX_DEPTH} braces deep"
            return entry
        state.swallowed.clear()
        fields[name] = _evaluate(raw, macros, state)
        field_line = (getattr(item, "start_line", None) or line - 1) + 1
        while state.swallowed:
            # Each swallowed field is read as its own (and may have swallowed the next).
            other, rest, offset = state.swallowed.pop()
            at = field_line + raw[:offset].count("\n")
            entry.problems.append(Problem(f"missing comma before field {other!r} in entry {entry.key!r}", at))
            if other not in fields:
                fields[other] = _evaluate(rest, macros, state)
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
    library: Any, text: str, problems: list[Problem], macros: dict[str, str], state: _Expansion
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
            block = _usable_block(raw_block, text, line_starts, problems)
        try:
            if isinstance(block, String):
                macros[block.key.lower()] = _evaluate(block.value, macros, state)
                strings = True
            elif isinstance(block, Entry):
                entries.append(_read_entry(block, line, macros, state))
        except _TooLarge as exc:
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
