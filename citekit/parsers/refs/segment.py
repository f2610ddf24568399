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

__all__ = ["MAX_REFERENCE_CHARS", "cut_long", "join_lines", "split_block"]

# A reference is rarely over 2,000 characters; a longer string is a paragraph or a whole
# list run together, and parsing cost grows with its length, so the parser refuses
# strings past this and the splitter cuts its pieces to it.
MAX_REFERENCE_CHARS = 5000

_MARKER = re.compile(r"(?:(?<=\s)|^)(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.)](?=\s))\s*")
_STARTS_ENTRY = re.compile(
    r"^(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-]+,?\s+(?:[A-ZÀ-Þ]\.|[A-ZÀ-Þ]{1,3}\b|[A-ZÀ-Þ][a-zà-ÿ]+)|[A-ZÀ-Þ]\.\s*[A-ZÀ-Þ]|[A-ZÀ-Þ]{2,}\b|\S+\s+\(\d{4})"
)


_SOFT_HYPHEN = re.compile(r"[a-zà-ÿ]-$")
# A link or DOI in the last word of the text so far: the next line may continue it. The
# patterns are looked for in the last word only, and only in the new part of it plus the
# few characters before (the longest marker is shorter than _WINDOW), so joining stays
# linear in the length of the block however many lines a word spans.
_LINK_WORD = re.compile(r"https?://|10\.\d{4}")
_LINK_BREAK = re.compile(r"https?://|doi\.org/|10\.\d{4,9}/")
_WINDOW = 16


class _LastWord:
    """What joining needs to know of the last word of the text joined so far."""

    def __init__(self) -> None:
        self.tail = ""  # its last _WINDOW characters
        self.link = False  # it holds "http://" or a DOI prefix
        self.link_break = False  # it holds a link or "doi.org/" form that may break over lines

    def extend(self, line: str, *, glued: bool) -> None:
        """``line`` (stripped, not blank) added to the text, right after it (``glued``) or after a space."""
        words = line.split()
        if glued:
            first = words[0]
            across = self.tail + first[:_WINDOW]  # a marker across the join
            self.link = self.link or bool(_LINK_WORD.search(across) or _LINK_WORD.search(first))
            self.link_break = self.link_break or bool(_LINK_BREAK.search(across) or _LINK_BREAK.search(first))
            if len(words) == 1:
                self.tail = (self.tail + first)[-_WINDOW:]
                return
        word = words[-1]
        self.link = bool(_LINK_WORD.search(word))
        self.link_break = bool(_LINK_BREAK.search(word))
        self.tail = word[-_WINDOW:]


def join_lines(lines: list[str]) -> str:
    """Lines of one wrapped reference joined into one string.

    A hyphen at a line end between lower-case letters is a soft hyphen and goes; a URL
    or DOI broken after "/", "." or "-" is joined without a space. Linear in the total
    length: only the end of the text joined so far is ever looked at.
    """
    parts: list[str] = []
    end = ""  # the last two characters joined so far
    last = _LastWord()
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if not parts:
            parts.append(line)
            last.extend(line, glued=False)
        elif _SOFT_HYPHEN.search(end) and line[:1].islower() and not last.link:
            parts[-1] = parts[-1][:-1]
            end = end[:-1]
            parts.append(line)
            last.tail = last.tail[:-1]
            last.extend(line, glued=True)
        elif last.link_break and end[-1:] in "/.-_":
            parts.append(line)
            last.extend(line, glued=True)
        else:
            parts.append(" " + line)
            last.extend(line, glued=False)
        end = (end + line)[-2:]
    return "".join(parts)


def _at_line_start(text: str, at: int) -> bool:
    """True when only spaces and tabs stand between the start of a line and ``at``."""
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    return at == 0 or text[at - 1] == "\n"


def _numbered(text: str) -> list[str] | None:
    """Cut at a run of consecutive markers ([1] [2] [3] ... or 1. 2. 3. ...)."""
    hits = list(_MARKER.finditer(text))
    if "\n" in text.strip():
        # Several lines: a number starts a reference only at the start of a line, so
        # "Vol. 2. " or "Table 3) " inside a wrapped reference never cuts it.
        hits = [m for m in hits if _at_line_start(text, m.start())]
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
                if number <= 5 and _at_line_start(text, m.start()):
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
        pieces.append(text[m.start() : end])
    head = text[: best[0].start()].strip()
    if not head or all(is_noise(ln) for ln in head.splitlines() if ln.strip()):
        return pieces
    return _unnumbered(head) + pieces  # references before the numbered ones, listed without numbers


def split_block(block: str) -> list[str]:
    """Single reference strings from a block of text, in order.

    :param block: several references, numbered or not, wrapped or not.
    :returns: one string per reference (numbers kept, lines joined), none longer than
        :data:`MAX_REFERENCE_CHARS` (a longer one is cut, see :func:`cut_long`). Time and
        memory grow linearly with the length of ``block``.
    """
    return [cut for ref in _references(block) for cut in cut_long(ref)]


def _references(block: str) -> list[str]:
    text = _body(block)
    if not text:
        return []
    numbered = _numbered(text)
    if numbered is not None:
        return [r for r in (join_lines(p.split("\n")) for p in numbered) if r]
    return _unnumbered(text)


def _unnumbered(text: str) -> list[str]:
    """The references of a list without numbers: paragraphs, a hanging indent, or lines
    that look like the start of an entry."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(paragraphs) > 1 and any(len(p.splitlines()) > 1 for p in paragraphs):
        return [join_lines(p.splitlines()) for p in paragraphs]
    return [join_lines(g) for g in _line_groups([ln for ln in text.split("\n") if ln.strip()])]


def cut_long(text: str, limit: int = MAX_REFERENCE_CHARS) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut after the last full stop
    (else space) of each stretch when there is one in its second half.

    :param text: one reference string, possibly several run together.
    :param limit: the most characters in a piece.
    :returns: ``[text]`` when it is short enough.
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = text.rfind(". ", start + limit // 2, end)
        cut = cut + 1 if cut >= 0 else text.rfind(" ", start + limit // 2, end)
        cut = cut if cut > start else end
        pieces.append(text[start:cut].strip())
        start = cut
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def _body(block: str) -> str:
    """The block without lines of link decorations and without a heading at the top."""
    lines = [ln.rstrip() for ln in block.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if not is_noise(ln.strip())]
    first = 0
    while first < len(lines) and (not lines[first].strip() or HEADING.match(lines[first].strip())):
        first += 1
    return "\n".join(lines[first:]).strip()


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
        if starts and _can_be_entry(line.strip()):
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _can_be_entry(line: str) -> bool:
    """False for a line too short to be a reference by itself ("Springer.", "Press, 2001."):
    it ends the one before it."""
    return len(line.split()) > 2


def _starts_entry(previous: str, line: str, longest: int) -> bool:
    """True when ``line`` opens a new reference after ``previous`` in an unindented list:
    it reads like a name list after a finished entry (a full stop, or a short last line),
    or it cannot be the continuation of ``previous``."""
    finished = _ends_entry(previous) and (previous.endswith(".") or len(previous) < 0.6 * longest)
    return (bool(_STARTS_ENTRY.match(line)) and finished) or not _looks_wrapped(previous, line)


def _ends_entry(line: str) -> bool:
    """True when ``line`` ends like a finished entry: a full stop, bracket, digit, word or path."""
    line = line.rstrip()
    last = line[-1:]
    if last and (last in ".)]" or last.isdigit()):
        return True
    if re.search(r"[a-z]{2}\.?$", line[-3:]):
        return True
    words = line.rsplit(None, 1)
    return bool(words) and "/" in words[-1]


def _looks_wrapped(previous: str, line: str) -> bool:
    """True when ``line`` continues ``previous`` (no final full stop, lower-case start...)."""
    if not previous or line[:1].islower() or previous.endswith(("-", ",", ";", ":", "&", " and", "/")):
        return True
    if re.match(r"^(?:\d|pp?\.|vol|doi|https?://|\()", line, re.IGNORECASE) and not re.match(r"^\d{1,4}[.)]\s", line):
        return True
    return not previous.endswith((".", ")", "]")) and not previous.rstrip()[-1:].isdigit()
