"""The reference section of a scraped page: where it starts and ends, its link noise,
and its single references.

A section starts at a heading ("References", "Bibliography", "Literature cited" ...) or,
on pages that lost their headings in scraping (the seed page), at a run of numbered
entries "[1]", "1.", "1)", "(1)" that count up from 1 and read like references. Lines of
link decoration ("Google Scholar, Crossref, Indexed at", "[PubMed]", "View Article") are
dropped, trailing decorations are cut off an entry, and the section ends at the first
paragraph after the last entry that is neither an entry nor its continuation.
"""

from __future__ import annotations

import re

from citekit.parsers.text.lines import OTHER_WORKS_HEADING

__all__ = ["HEADING", "NOISE_WORDS", "find_section", "is_noise", "references", "split_entries", "strip_noise"]

HEADING = re.compile(
    r"^(?:\d{1,2}\.?\s+|[IVX]{1,4}\.\s+)?(?:references?(?:\s+(?:and|&)\s+notes)?(?:\s+cited)?|bibliography|"
    r"literature(?:\s+cited)?|works\s+cited|cited\s+literature|notes\s+and\s+references|"
    r"références(?:\s+bibliographiques)?|bibliographie|literatur(?:verzeichnis)?|referencias(?:\s+bibliográficas)?|"
    r"bibliografía|referências(?:\s+bibliográficas)?|riferimenti(?:\s+bibliografici)?|bibliografia|"
    r"список\s+литературы|литература|参考文献|references\s+list)\s*:?$",
    re.IGNORECASE,
)
# Words of link decorations after references on publisher pages. "Article", "Abstract",
# "PDF", "CAS" are ambiguous on their own; they count only next to an unambiguous word.
NOISE_WORDS = (
    "google scholar", "crossref", "cross ref", "pubmed", "pubmed central", "pmc free article", "indexed at",
    "view article", "view at publisher", "view at google scholar", "medline", "scopus", "web of science", "isi",
    "mathscinet", "zentralblatt math", "ads", "inspire", "find this article online", "search in google scholar",
    "publisher site", "publisher full text", "free full text", "full text", "full-text", "ref list", "openurl",
    "find it", "export citation", "order article reprints", "europe pmc", "semantic scholar", "article",
    "abstract", "pdf", "cas", "html", "links", "download", "doi", "free article",
)
# Noise words that never start a reference (the others may: "Article", "Abstract", "ADS" ...).
_AMBIGUOUS = (
    "article", "abstract", "pdf", "cas", "html", "links", "download", "doi", "full text", "full-text", "free article",
    "isi", "ads",
)
_UNAMBIGUOUS = {w for w in NOISE_WORDS if w not in _AMBIGUOUS}
_WORD_RE = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in NOISE_WORDS), key=len, reverse=True))
_PIECE = re.compile(rf"^\[?\s*(?:{_WORD_RE})\s*\]?$", re.IGNORECASE)
_BRACKETED = re.compile(rf"\s*\[\s*(?:{_WORD_RE})\s*\]", re.IGNORECASE)
_TRAILING = re.compile(rf"(?:[\s,;|•·]*\b(?:{_WORD_RE})\b\.?)+[\s,;|•·]*$", re.IGNORECASE)
# A character no decoration, separator or dot of :data:`_TRAILING` holds (the words are
# of letters, spaces and hyphens).
_NOT_DECORATION = re.compile(r"[^\w\s,;|•·.\-]|[\d_]")

_NUMBERED = re.compile(r"^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.)](?=\s)|(\d{1,4})\s+(?=[A-ZÀ-Þ]))\s*")
_YEAR = re.compile(r"\b(?:1[6-9]|20)\d\d[a-z]?\b|\bin\s+press\b|\bforthcoming\b", re.IGNORECASE)
_STOP = re.compile(
    r"^(?:appendix|appendices|supplementary|supporting\s+information|acknowledg|author\s+information|"
    r"authors?'?\s+contributions|rights\s+and\s+permissions|about\s+this\s+article|additional\s+information|"
    r"figures?\b|tables?\b|comments?\b|indexing\s+and\s+archiving|"
    r"copyright|©|conflicts?\s+of\s+interest|competing\s+interests|funding|footnotes|notes\b|abbreviations|"
    r"share\s+this|metrics|keywords?\b|download|follow\s+us|subscribe|newsletter|"
    r"about\b|all\s+rights\s+reserved|privacy|terms\s+of|"
    rf"(?:{OTHER_WORKS_HEADING})\b)",  # a box of other works after the list
    re.IGNORECASE,
)


_SEPARATOR = re.compile(r"[,;|•·/]|\s{2,}|\]\s*\[")


def _first_piece(line: str) -> str:
    """The first piece of ``line`` between separators that holds more than brackets and dots."""
    start = 0
    for match in _SEPARATOR.finditer(line):
        piece = line[start : match.start()]
        if piece.strip(" .[]"):
            return piece
        start = match.end()
    return line[start:]


def is_noise(line: str) -> bool:
    """True for a line made only of link decorations ("Google Scholar, Crossref, Indexed at")."""
    first = _first_piece(line)
    if first.strip(" .[]") and not _PIECE.match(first.strip(" .").strip()):
        return False  # a reference's first words: no need to split the whole line
    parts = [p.strip(" .") for p in _SEPARATOR.split(line) if p.strip(" .[]")]
    if not parts or not all(_PIECE.match(p.strip()) for p in parts):
        return False
    words = {re.sub(r"\s+", " ", p.strip("[] ").lower()) for p in parts}
    return bool(words & _UNAMBIGUOUS) or (len(parts) == 1 and len(line.strip()) < 20)


_STEMS = (
    "scholar", "crossref", "cross ref", "pubmed", "indexed", "medline", "scopus", "science", "isi", "mathsci",
    "zentralblatt", "ads", "inspire", "find", "publisher", "full", "ref list", "openurl", "export", "order", "pmc",
    "semantic", "view", "article", "abstract", "pdf", "cas", "link", "download", "html",
)


def strip_noise(entry: str) -> str:
    """An entry without bracketed decorations anywhere and unbracketed ones at its end."""
    text = _BRACKETED.sub("", entry) if "[" in entry else entry
    tail = text[-80:].lower()
    if not any(stem in tail for stem in _STEMS):
        return text.strip()
    # A match runs to the end over decorations, separators and dots only: it starts after
    # the last character none of them holds (searched from there, not from the start).
    last = _NOT_DECORATION.search(text[::-1])
    match = _TRAILING.search(text, len(text) - last.start() if last else 0)
    if match:
        tail = match.group(0)
        words = {re.sub(r"\s+", " ", w.lower()) for w in re.findall(rf"(?:{_WORD_RE})", tail, re.IGNORECASE)}
        # "... a review article." must keep its last word: cut only a run holding an
        # unambiguous decoration, after the entry's own final punctuation.
        if words & _UNAMBIGUOUS and re.search(r"[.)\]\d]\s*$", text[: match.start()]):
            text = text[: match.start()]
    return text.strip()


def _marker(line: str) -> tuple[int, str, str] | None:
    head = line[:1]
    if not (head in "[(" or head.isdigit() or head.isspace()):
        return None  # every marker opens with a bracket, a digit or a space
    match = _NUMBERED.match(line)
    if not match:
        return None
    number = next(g for g in match.groups() if g is not None)
    return int(number), match.group(0).strip(), line[match.end() :]


def _entry_text(line: str) -> str:
    found = _marker(line)
    return found[2] if found else line


def _looks_like_reference(text: str) -> bool:
    return len(text) >= 25 and (bool(_YEAR.search(text)) or "et al" in text or "doi" in text.lower())


def _numbered_run(lines: list[str], start: int, end: int, *, need_year: bool) -> tuple[int, int, list[int]] | None:
    """The last run of entries numbered 1, 2, 3 ... between ``start`` and ``end``."""
    best: tuple[int, int, list[int]] | None = None
    i = start
    while i < end:
        head = lines[i][:1]
        # The marker's own first test, made here: most lines open otherwise.
        found = _marker(lines[i]) if head in "[(" or head.isdigit() or head.isspace() else None
        if not found or found[0] != 1 or (need_year and not _looks_like_reference(found[2])):
            i += 1
            continue
        starts = [i]
        expected = 2
        j = i + 1
        gap = 0
        while j < end and gap < 12:
            nxt = _marker(lines[j])
            if nxt and nxt[0] == expected and (not need_year or _looks_like_reference(nxt[2]) or len(nxt[2]) > 25):
                starts.append(j)
                expected += 1
                gap = 0
            elif lines[j].strip():
                gap += 1
            j += 1
        enough = len(starts) >= 2 or (len(starts) == 1 and not need_year)
        if enough and (best is None or len(starts) >= len(best[2]) or starts[0] > best[2][-1]):
            best = (starts[0], j, starts)
        i = starts[-1] + 1
    return best


# What a reference heading (:data:`HEADING`) may open with besides a decimal digit: the
# numerals and first letters of its words in either case, and the letters a case-blind
# match takes for them (dotted and dotless i, a Cyrillic es variant).
_HEADING_FIRST = frozenset("0123456789ivxrblwcnIVXRBLWCN\u0130\u0131\u1c83сСлЛ参")


def _may_head(line: str) -> bool:
    """False when ``line`` cannot be a reference heading (by its first character)."""
    first = line[:1]
    if first.isspace():
        first = line.lstrip()[:1]
    return first in _HEADING_FIRST or first.isdecimal()


def find_section(lines: list[str]) -> tuple[int, int] | None:
    """Where the references are: ``(first line, heading line or first line)``.

    :param lines: the page's lines (blank lines included).
    :returns: ``(start, heading)``: ``start`` is the first line after a heading (or the
        first numbered entry); ``None`` when the page has no reference section.
    """
    headings = [
        i
        for i, line in enumerate(lines)
        if len(line) < 60
        and (line[:1] in _HEADING_FIRST or ((not line[:1].isascii() or line[:1].isspace()) and _may_head(line)))
        and HEADING.match(line.strip())
    ]
    for index in reversed(headings):
        rest = [ln for ln in lines[index + 1 : index + 15] if ln.strip() and not is_noise(ln)]
        if rest and any(_looks_like_reference(_entry_text(ln)) for ln in rest[:3]):
            return index + 1, index
    run = _numbered_run(lines, 0, len(lines), need_year=True)
    if run and len(run[2]) >= 2:
        return run[0], run[0]
    return None


def split_entries(lines: list[str]) -> list[tuple[str, str]]:
    """The entries of a reference section, as ``(label, text)`` in order.

    :param lines: the section's lines, from its first entry to the end of the page.
    """
    return _entries(lines)[0]


def _entries(lines: list[str]) -> tuple[list[tuple[str, str]], int]:
    """Entries and the number of lines they took (the section's length)."""
    cleaned = [("" if is_noise(ln) else ln.strip()) for ln in lines]
    run = _numbered_run(cleaned, 0, len(cleaned), need_year=False)
    if run and run[0] <= 2 and (len(run[2]) >= 2 or _marker(cleaned[run[0]])):
        return _numbered_entries(cleaned, run[2])
    return _unnumbered_entries(cleaned)


def _numbered_entries(lines: list[str], starts: list[int]) -> tuple[list[tuple[str, str]], int]:
    entries: list[tuple[str, str]] = []
    used = starts[-1] + 1 if starts else 0
    for n, first in enumerate(starts):
        found = _marker(lines[first])
        if found is None:  # pragma: no cover - starts come from _marker hits
            continue
        _, label, text = found
        parts = [text]
        last = starts[n + 1] if n + 1 < len(starts) else len(lines)
        blank = False
        for index in range(first + 1, last):
            line = lines[index]
            if not line:
                blank = True
                continue
            if n + 1 == len(starts) and (blank or _STOP.match(line)):
                break  # after the last entry, a new paragraph is the page going on
            if _STOP.match(line) and blank:
                break
            parts.append(line)
            used = index + 1
            blank = False
        entries.append((label.strip("[]().").strip(), _join(parts)))
    return entries, used


# A line that goes on with the entry above it: its DOI, link or access date printed on a
# line of its own ("doi: https://doi.org/10.1145/3274450, accessed 5 September 2020.").
_CONTINUATION = re.compile(
    r"^(?:doi\s*:|https?://|www\.|available\s+(?:at|from|online)\b|url\s*:|retrieved\s+(?:from|on)\b|\[?accessed\b|"
    r"pmid\s*:)",
    re.IGNORECASE,
)


def _unnumbered_entries(lines: list[str]) -> tuple[list[tuple[str, str]], int]:
    paragraphs: list[tuple[int, list[str]]] = [(0, [])]
    used = 0
    for number, line in enumerate(lines):
        if not line:
            if paragraphs[-1][1]:
                paragraphs.append((number + 1, []))
            continue
        if _STOP.match(line):
            break
        if not paragraphs[-1][1]:
            paragraphs[-1] = (number, [])
        paragraphs[-1][1].append(line)
        used = number + 1
    entries: list[tuple[int, str]] = []
    for first_line, block in paragraphs:
        if not block:
            continue
        # Several lines without blank lines between: one entry per line when each line
        # reads like a reference (up to the page's lines after the list, none of which
        # does), else let the reference splitter rejoin wrapped lines.
        looks = [_looks_like_reference(b) for b in block]
        listed = looks.index(False) if False in looks else len(looks)
        if len(block) == 1 or (listed >= 2 and not any(looks[listed:])):
            entries.extend((first_line + i, entry) for i, entry in enumerate(block))
        else:
            entries.extend(_placed(first_line, block, _split_block("\n".join(block))))
    out: list[tuple[str, str]] = []
    for k, (first_line, entry) in enumerate(entries):
        if out and _CONTINUATION.match(entry):
            out[-1] = (out[-1][0], f"{out[-1][1]} {entry}")
            continue
        if not _looks_like_reference(entry):
            if not out:
                continue
            if not _list_goes_on(entry, [e for _, e in entries[k + 1 : k + 4]]):
                # The list is over: the page goes on with something else (a heading,
                # the article's own citation), which is not part of the section.
                return out, first_line
        out.append(("", entry))
    return out, used


def _placed(first_line: int, block: list[str], entries: list[str]) -> list[tuple[int, str]]:
    """Each entry split from a block of lines with the line it starts on (so the list's
    end is the line where the page goes on, not the block's first line)."""
    out: list[tuple[int, str]] = []
    at = 0
    for entry in entries:
        head = entry[:30]
        found = next((j for j in range(at, len(block)) if head and block[j].startswith(head)), None)
        if found is not None:
            at = found
        out.append((first_line + at, entry))
    return out


def _list_goes_on(entry: str, following: list[str]) -> bool:
    """True for an entry with no year, "et al." or DOI inside the list (a report, a web
    page): parts closed by full stops as a reference's are ("Agency. Title."), and the
    next entry and one of the two after it dated references."""
    return (
        len(entry) >= 40
        and entry[:1].isupper()
        and entry.rstrip().endswith(".")
        and ". " in entry.rstrip()[:-1]
        and len(following) >= 2
        and _dated(following[0])
        and any(_dated(e) for e in following[1:])
    )


def _dated(entry: str) -> bool:
    return _looks_like_reference(entry) and bool(_YEAR.search(entry))


def _split_block(block: str) -> list[str]:
    from citekit.parsers.refs.reference import split_references

    return split_references(block)


def _join(parts: list[str]) -> str:
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if text.endswith("-") and part[:1].islower() and re.search(r"[a-z]-$", text):
            text = text[:-1] + part
        elif re.search(r"(?:https?://|doi\.org/|10\.\d{4,9}/)\S*[/.\-_]$", text):
            text += part
        else:
            text = f"{text} {part}".strip()
    return text


def references(lines: list[str], start: int) -> tuple[list[dict[str, object]], int]:
    """CSL items (``custom.raw`` and ``custom.label``) for the section starting at ``start``.

    :param lines: the page's lines.
    :param start: the section's first line (from :func:`find_section`).
    :returns: the items and the index of the first line after the section.
    """
    items: list[dict[str, object]] = []
    entries, used = _entries(lines[start:])
    for label, text in entries:
        raw = strip_noise(text)
        if not raw or not any(c.isalpha() for c in raw):
            continue
        custom: dict[str, object] = {"raw": raw}
        if label:
            custom["label"] = label
        items.append({"custom": custom})
    return items, start + used
