"""Pages that name their work only by their title: read the lines printed around it.

A page without scholarly metadata (a full-text page of an OJS journal, a repository's
plain landing page, a saved article) still says which work it is: its ``<title>`` (or
``<h1>``, ``og:title``) names it, and the visible text prints that title as a line of
its own with the byline, the journal line, the date and the DOI next to it (at the top
of the article, or in a "how to cite" block at its end). This module finds that line and
reads a small window around it with the scraped-text machinery
(:func:`citekit.parsers.text.page.read_lines`):

- the window after the title runs until a paragraph of running text, a reference
  section's heading, or forty lines;
- before the title only dated-event lines ("Received ...; accepted ...") are kept: the
  lines there may be the end of the reference list, whose DOIs are other works';
- a window never runs into the reference section that follows the title.

Titles are compared folded: case, accents, punctuation and "&"/"and" ignored; a
``<title>`` carrying the site's name ("Title | Journal") is tried piece by piece.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from citekit.names import fold
from citekit.parsers.common import Partial
from citekit.parsers.text.lines import find_events, is_prose

__all__ = ["anchored_partial", "title_key", "title_keys"]

_WORD = re.compile(r"[^\W_]+")
# Separators between a title and the site's name in a <title>.
_SITE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|«|»|·|•)\s+")
_URL = re.compile(r"https?://|www\.|\b10\.\d{4,9}/")
_WINDOW = 40  # non-empty lines read after the title (a byline may name a name a line)
_BEFORE = 8  # non-empty lines looked at before it (for dated events)


def title_key(text: str) -> str:
    """``text`` folded for comparing titles: lower case, no accents or punctuation, "&"
    read as "and" ("Surveillance, stigma & design" → "surveillance stigma and design")."""
    return " ".join(_WORD.findall(fold(text).replace("&", " and ")))


def title_keys(titles: Iterable[str]) -> dict[str, str]:
    """Folded keys of the titles a page names itself by: each title whole and, split at a
    site separator ("Title | Journal"), its longest piece (the shorter ones name the site
    or the journal); keys of fewer than three words or 15 letters are left out ("Home")."""
    keys: dict[str, str] = {}
    for title in titles:
        title = " ".join(title.split())
        if not title:
            continue
        pieces = _SITE_SEPARATOR.split(title)
        for piece in (title, max(pieces, key=len)):
            key = title_key(piece)
            if key and (key.count(" ") >= 2 or len(key) >= 15):
                keys.setdefault(key, piece)
    return keys


def _anchors(lines: list[str], keys: dict[str, str]) -> dict[str, list[int]]:
    """The lines giving each title key, by key."""
    shortest = min(len(k) for k in keys)
    longest = max(len(k) for k in keys)
    found: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        # Cheap length test first: a title line is about as long as its key.
        if line and shortest // 2 <= len(line) <= longest * 2 + 10:
            key = title_key(line)
            if key in keys:
                found.setdefault(key, []).append(index)
    return found


def _window(lines: list[str], anchor: int, stop: int) -> list[str]:
    """The title line and the lines after it, with the dated-event lines just before it."""
    end = anchor + 1
    seen = 0
    while end < stop and seen < _WINDOW:
        line = lines[end]
        if line:
            if is_prose(line):
                break
            seen += 1
        end += 1
    start = anchor
    seen = 0
    while start > 0 and seen < _BEFORE:
        line = lines[start - 1]
        if line:
            if is_prose(line) or _URL.search(line) or len(line) > 200:
                break  # a paragraph, or a reference's DOI or link: no further
            seen += 1
        start -= 1
    _, event_lines = find_events(lines, [(start, anchor)])
    before = [lines[i] for i in sorted(event_lines)]
    return [*before, "", *lines[anchor:end]]


def _score(part: Partial) -> int:
    fields = part.fields
    named = 2 * bool(part.authors) + 2 * bool(fields.get("DOI"))
    return named + bool(fields.get("container-title")) + bool(fields.get("issued"))


def anchored_partial(lines: list[str], titles: Iterable[str]) -> Partial | None:
    """What the lines printed with the page's own title say, or ``None`` when no line
    gives that title or the lines around it name no authors, DOI or journal and date.

    :param lines: the page's visible text as lines (:func:`citekit.parsers.text.lines.prepare`).
    :param titles: the titles the page names itself by (``<title>``, ``<h1>``, ``og:title``).
    """
    from citekit.parsers.text.reflist import find_section

    keys = title_keys(titles)
    if not keys:
        return None
    anchors = _anchors(lines, keys)
    if not anchors:
        return None
    section = find_section(lines)
    # The longest title first: of "Title | Journal" both pieces may be printed as lines,
    # and the shorter is the site's or the journal's name.
    for key in sorted(anchors, key=len, reverse=True):
        found = _read_anchors(lines, anchors[key][:6], section)
        if found is not None:
            return found
    return None


def _read_anchors(lines: list[str], anchors: list[int], section: tuple[int, int] | None) -> Partial | None:
    """The best reading of the windows under ``anchors`` (lines giving the same title)."""
    from citekit.parsers.text.page import enough, read_lines

    best: tuple[int, Partial] | None = None
    for anchor in anchors:
        # The window ends at the reference section's heading when the title comes first;
        # a title printed after the references (a citation block) reads on to its end.
        stop = section[1] if section is not None and section[1] > anchor else len(lines)
        window = _window(lines, anchor, stop)
        part = read_lines(window, title_hint=lines[anchor], model=False)
        if title_key(str(part.fields.get("title") or "")) != title_key(lines[anchor]):
            # The window's best title is another line: its byline is not this work's.
            part.fields["title"] = lines[anchor]
            part.sources["title"] = "text:title"
            part.authors = []
        if title_key(str(part.fields.get("container-title") or "")) == title_key(lines[anchor]):
            continue  # the journal's own name (its home page), not a work in it
        if not part.authors:
            _names_under(part, window, window.index(lines[anchor], window.index("")))
        if enough(part) and (best is None or _score(part) > best[0]):
            best = (_score(part), part)
    return best[1] if best else None


_NOT_NAMES = re.compile(
    r"\d|@|https?:|\b(?:vol|volume|issue|doi|journal|university|department|received|published|online|article|research|"
    r"review|original|editorial|letter|report|paper|open|access|abstract|pdf|download|share|cite|citation|home|"
    r"contents|section|menu|search|view|full|text|news|blog|posted|updated|print|more)\b",
    re.IGNORECASE,
)


def _names_under(part: Partial, window: list[str], title_at: int) -> None:
    """The line printed right under a title the page confirms, when it is a list of
    names ("Kofi Mensah and Ylva Lindgren"): there it is the byline even without the
    markers or known given names a free-standing line needs."""
    from citekit.parsers.common import person
    from citekit.parsers.text.authors import parse_author_line
    from citekit.parsers.text.byline import known_name

    line = next((x for x in window[title_at + 1 : title_at + 4] if x), "")
    if not line or len(line) > 200 or _NOT_NAMES.search(line):
        return
    listed = bool(re.search(r",|&|\band\b", line))
    if not listed and len(line.split()) > 4:
        return  # one name of more than four words: a sentence or a heading
    found = parse_author_line(line.removeprefix("by ").removeprefix("By "), labelled=True)
    if not found or not all(len(a.name) >= 2 and _capitalised(a.name) for a in found):
        return
    if not listed and not all(known_name(a) for a in found):
        return  # a lone pair of words is a name only when the given name is a known one
    made = [p for p in (person(a.name) for a in found) if p]
    if made:
        part.authors = made
        part.author_source = "text:author-line"


def _capitalised(name: dict[str, str]) -> bool:
    """True when every longer word of a name starts with a capital (not "the results")."""
    return all(w[:1].isupper() for w in " ".join(name.values()).split() if w.isalpha() and len(w) > 3)
