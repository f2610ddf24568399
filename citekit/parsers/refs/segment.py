"""A block of text (a page's reference section, a pasted list) into single references.

Numbered lists ("[1]", "1.", "1)", "(1)") are cut at their markers when the numbers run
in sequence, wherever line breaks fall, even with several references on one line.
Unnumbered lists are cut at blank lines when the block has them, else at lines that
start a new entry (hanging indents and wrapped lines are joined back). Lines made only
of link decorations ("Google Scholar, Crossref, PubMed") are dropped, and so is a section
heading at the top ("References", "Bibliographie" ...), both recognised as on article
pages (:mod:`citekit.parsers.text.reflist`).
"""

from __future__ import annotations

import re

from citekit.parsers.text.reflist import HEADING, is_noise

__all__ = ["join_lines", "split_block"]

_MARKER = re.compile(r"(?:(?<=\s)|^)(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.)](?=\s))\s*")
_STARTS_ENTRY = re.compile(
    r"^(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-]+,?\s+(?:[A-ZÀ-Þ]\.|[A-ZÀ-Þ]{1,3}\b|[A-ZÀ-Þ][a-zà-ÿ]+)|[A-ZÀ-Þ]\.\s*[A-ZÀ-Þ]|[A-ZÀ-Þ]{2,}\b|\S+\s+\(\d{4})"
)
_ENDS_ENTRY = re.compile(r"(?:[.)\]]|\d|[a-z]{2,}\.?|/\S*)\s*$")


_SOFT_HYPHEN = re.compile(r"[a-zà-ÿ]-$")


def join_lines(lines: list[str]) -> str:
    """Lines of one wrapped reference joined into one string.

    A hyphen at a line end between lower-case letters is a soft hyphen and goes; a URL
    or DOI broken after "/", "." or "-" is joined without a space.
    """
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if not out:
            out = line
        elif _SOFT_HYPHEN.search(out) and line[:1].islower() and not re.search(r"\S*(?:https?://|10\.\d{4})\S*$", out):
            out = out[:-1] + line
        elif re.search(r"(?:https?://|doi\.org/|10\.\d{4,9}/)\S*[/.\-_]$", out):
            out += line
        else:
            out += " " + line
    return out


def _numbered(text: str) -> list[str] | None:
    """Cut at a run of consecutive markers ([1] [2] [3] ... or 1. 2. 3. ...)."""
    hits = list(_MARKER.finditer(text))
    if "\n" in text.strip():
        # Several lines: a number starts a reference only at the start of a line, so
        # "Vol. 2. " or "Table 3) " inside a wrapped reference never cuts it.
        hits = [m for m in hits if m.start() == 0 or text[: m.start()].rstrip(" \t").endswith("\n")]
        if hits:
            # ... and at the indentation of the first one (indented lines continue).
            def indent(m: re.Match[str]) -> int:
                return m.start() - (text.rfind("\n", 0, m.start()) + 1)

            first = indent(hits[0])
            hits = [m for m in hits if indent(m) == first]
    if not hits:
        return None
    best: list[re.Match[str]] = []
    for kind in range(3):
        chosen: list[re.Match[str]] = []
        expected: int | None = None
        for m in hits:
            value = m.group(kind + 1)
            if value is None:
                continue
            number = int(value)
            if expected is None:
                at_line_start = m.start() == 0 or text[: m.start()].rstrip(" \t").endswith("\n")
                if at_line_start and number <= 5:
                    chosen = [m]
                    expected = number + 1
            elif number == expected:
                chosen.append(m)
                expected += 1
        if len(chosen) > len(best):
            best = chosen
    if len(best) < 2 and not (len(best) == 1 and best[0].start() == 0):
        return None
    pieces = []
    for i, m in enumerate(best):
        end = best[i + 1].start() if i + 1 < len(best) else len(text)
        pieces.append(text[m.start():end])
    head = text[: best[0].start()].strip()
    refs = ([head] if head and not all(is_noise(ln) for ln in head.splitlines() if ln.strip()) else []) + pieces
    return refs


def split_block(block: str) -> list[str]:
    """Single reference strings from a block of text, in order.

    :param block: several references, numbered or not, wrapped or not.
    :returns: one string per reference (numbers kept, lines joined).
    """
    text = _body(block)
    if not text:
        return []
    numbered = _numbered(text)
    if numbered is not None:
        return [r for r in (join_lines(p.split("\n")) for p in numbered) if r]
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(paragraphs) > 1 and any(len(p.splitlines()) > 1 for p in paragraphs):
        return [join_lines(p.splitlines()) for p in paragraphs]
    return [join_lines(g) for g in _line_groups([ln for ln in text.split("\n") if ln.strip()])]


def _body(block: str) -> str:
    """The block without lines of link decorations and without a heading at the top."""
    lines = [ln.rstrip() for ln in block.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if not is_noise(ln.strip())]
    while lines and (not lines[0].strip() or HEADING.match(lines[0].strip())):
        lines.pop(0)
    return "\n".join(lines).strip()


def _line_groups(lines: list[str]) -> list[list[str]]:
    """Lines grouped into references: at the unindented lines of a hanging indent, else
    where a line looks like the start of an entry after one that looks finished."""
    indented = [ln[:1].isspace() for ln in lines]
    hanging = any(indented) and not all(indented)
    longest = max(len(x) for x in lines)
    groups: list[list[str]] = []
    for line in lines:
        if not groups:
            groups.append([line])
            continue
        previous = groups[-1][-1].strip()
        starts = not line[:1].isspace() if hanging else _starts_entry(previous, line.strip(), longest)
        if starts:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _starts_entry(previous: str, line: str, longest: int) -> bool:
    """True when ``line`` opens a new reference after ``previous`` in an unindented list:
    it reads like a name list after a finished entry (a full stop, or a short last line),
    or it cannot be the continuation of ``previous``."""
    finished = bool(_ENDS_ENTRY.search(previous)) and (previous.endswith(".") or len(previous) < 0.6 * longest)
    return (bool(_STARTS_ENTRY.match(line)) and finished) or not _looks_wrapped(previous, line)


def _looks_wrapped(previous: str, line: str) -> bool:
    """True when ``line`` continues ``previous`` (no final full stop, lower-case start...)."""
    if not previous or line[:1].islower() or previous.endswith(("-", ",", ";", ":", "&", " and", "/")):
        return True
    if re.match(r"^(?:\d|pp?\.|vol|doi|https?://|\()", line, re.IGNORECASE) and not re.match(r"^\d{1,4}[.)]\s", line):
        return True
    return not previous.endswith((".", ")", "]")) and not re.search(r"\d\s*$", previous)
