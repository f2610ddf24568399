"""BibTeX blocks bibtexparser's splitter could not read as they are: a repeated field or
key (the first or the later definition kept), an entry without a key (EndNote writes
those) and an entry with a stray empty field (``, ,``), each re-read and reported, or
skipped with the splitter's reason.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.errors import Problem
from citekit.parsers.bibtex_values import group_end

__all__ = ["usable_block"]


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
    end = group_end(text, brace, "{", "}") if text[brace] == "{" else text.find(")", brace) + 1
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
    end = group_end(text, start + start_match.end() - 1, "{", "}")
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


def usable_block(block: Any, text: str, line_starts: list[int], problems: list[Problem]) -> Any:
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
