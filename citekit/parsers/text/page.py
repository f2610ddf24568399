"""Scraped article pages in plain text: no markup, only the layout publishers print.

The page is read from its anchors, the lines whose shape is unmistakable: the journal
header ("Journal (2024) Volume 11, Issue 1"), the author line (labelled "Author(s):" or a
list of names with footnote markers), the dated-event lines ("Received: ...;
Published: ..."), the DOI, the "Citation:" line, the corresponding-author block, the
keywords and the reference section. The title is the line printed above the author
line. The "Citation:" line is parsed by the reference-string parser and compared with
the rest: gaps are filled from it, and every disagreement (a different volume, year or
title) is reported in ``custom.warnings`` rather than silently resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citekit.dates import match_date
from citekit.names import fold
from citekit.parsers.common import Partial, Person, person
from citekit.parsers.html.merge import merge_partials
from citekit.parsers.text import classify
from citekit.parsers.text.authors import (
    Author,
    find_affiliations,
    mark_corresponding,
    parse_author_line,
    resolve_affiliations,
    title_above,
)
from citekit.parsers.text.byline import Asker, choose_byline
from citekit.parsers.text.header import Header, find_header
from citekit.parsers.text.lines import (
    ABSTRACT_FIRST,
    ABSTRACT_LABEL,
    AUTHORS_LABEL,
    CITATION_FIRST,
    CITATION_LABEL,
    COPYRIGHT,
    COPYRIGHT_FIRST,
    CORRESPONDING_FIRST,
    CORRESPONDING_LABEL,
    find_abstract,
    find_doi_line,
    find_events,
    find_keywords,
    find_license,
    prepare,
)
from citekit.parsers.text.reflist import find_section, references
from citekit.parsers.text.selfcite import (
    citation_line,
    glued_citation,
    own_citation,
    reconcile,
    spelled_out,
    titled_citation,
)
from citekit.parsers.text.title import best_title
from citekit.record import Record, date_parts
from citekit.source import Source

__all__ = ["enough", "lines_partial", "parse", "parse_text", "read_lines", "text_partial"]

def _author_line(lines: list[str], start: int, end: int) -> tuple[list[Author], int] | None:
    """A labelled author line ("Author(s): ...", "Authors: ...")."""
    for index in range(start, end):
        match = AUTHORS_LABEL.match(lines[index])
        if match:
            found = parse_author_line(match.group("rest"), labelled=True)
            if found:
                return found, index
    return None


# What a line read as an anchor by its label (citation, corresponding author, abstract,
# copyright) may open with, spaces apart.
_ANCHOR_FIRST = CITATION_FIRST | CORRESPONDING_FIRST | ABSTRACT_FIRST | COPYRIGHT_FIRST


def _first_anchor(lines: list[str], start: int, end: int, extra: set[int]) -> int:
    for index in range(start, end):
        line = lines[index]
        if index in extra:
            return index
        if (line[:1] in _ANCHOR_FIRST or line[:1].isspace()) and (
            CITATION_LABEL.match(line) or CORRESPONDING_LABEL.match(line)
            or ABSTRACT_LABEL.match(line) or COPYRIGHT.match(line)
        ):
            return index
    return end


def _outside(section: tuple[int, int] | None, ref_end: int, total: int) -> list[tuple[int, int]]:
    """Line ranges outside the reference section."""
    if section is None:
        return [(0, total)]
    return [(0, section[1]), (ref_end, total)]


def _issued(events: dict[str, str], header: list[int] | None) -> tuple[list[int] | None, str]:
    """The publication date as citations print it: the issue's date when the page gives
    one (an "Issue date" event, or the journal header's year), else the publication event.

    When both fall in the same year the more precise publication date is kept (the seed's
    header says 2024, its "Published:" line 15 January 2024). When they differ, the issue
    wins: a back-file article digitised in 2007 from a 1977 issue, or an article
    published online in December 2018 in the March 2019 issue, is cited by its issue.
    """
    published = next((events[e] for e in ("published", "published-online") if e in events), None)
    pub = [int(x) for x in published.split("-")] if published else None
    printed = events.get("published-print")
    issue = [int(x) for x in printed.split("-")] if printed else header
    how = "text:dates" if printed else "text:header"
    if issue and pub:
        return (pub, "text:dates") if pub[0] == issue[0] and len(pub) >= len(issue) else (issue, how)
    if issue:
        return issue, how
    return pub, "text:dates"


def _bare_date(lines: list[str], index: int) -> list[int] | None:
    """A date printed alone on a line next to the title: a full date ("10 September
    2020"), else an issue's month and year ("March 2019"). A labelled date (received,
    accessed, copyright) never fills its line alone, so it is not taken."""
    month_year: list[int] | None = None
    for j in range(max(0, index - 6), min(len(lines), index + 12)):
        line = lines[j]
        if not line or len(line) > 40:
            continue
        found = match_date(line)
        if not found or found[1] < len(line.rstrip(" .")) - 1:
            continue
        if len(found[0]) == 3:
            return found[0]
        if len(found[0]) == 2 and month_year is None and not line[:1].isdigit():
            month_year = found[0]  # "March 2019", not "2019-03" (an id or a range)
    return month_year


def _byline_authors(authors: list[Author], cited: Record | None) -> list[Author]:
    """The page's byline, or the cited authors when the byline was not found or is shorter
    than a complete cited list."""
    cited_names = (cited or {}).get("author") or []
    etal = bool(((cited or {}).get("custom") or {}).get("et-al"))
    if cited_names and (not authors or (len(cited_names) > len(authors) and not etal)):
        return [Author(name=dict(n)) for n in cited_names]
    return authors


@dataclass
class _Scan:
    """What the first pass over a page found, read and added to by the later steps.

    :ivar end: where the reference section starts (the page's end when it has none).
    :ivar ref_end: the line after the reference list.
    :ivar floor: the first line the byline may be on (under a journal header at the top).
    :ivar event_lines: the lines holding dated events.
    :ivar skip: lines already read as something else.
    :ivar header: the journal header line, if any.
    """

    lines: list[str]
    end: int
    ref_end: int
    floor: int
    event_lines: set[int]
    skip: set[int]
    header: Header | None


@dataclass
class _Byline:
    """The title and author lines found: the authors, the line of the first name, the
    title's line, the line after the byline, and whether an "Author(s):" label said so."""

    authors: list[Author] = field(default_factory=list)
    author_index: int | None = None
    title_index: int | None = None
    after: int = 0
    labelled: bool = False


def read_lines(lines: list[str], title_hint: str = "", *, model: bool = True) -> Partial:
    """Everything the page's lines say, as a :class:`Partial` (vocabulary "text").

    :param lines: the page's lines (:func:`citekit.parsers.text.lines.prepare`).
    :param title_hint: the title the page is known to carry (its ``<title>``), when no
        citation on the page names it: the line giving it is preferred as the title.
    :param model: ask the line model (:mod:`citekit.parsers.text.classify`) which line is
        the title; an HTML page, which names its title in its markup, reads without it.
    """
    part = Partial("text")
    section = find_section(lines)
    refs: list[dict[str, object]] = []
    ref_end = len(lines)
    if section:
        refs, ref_end = references(lines, section[0])
    end = section[1] if section else len(lines)
    ranges = _outside(section, ref_end, len(lines))
    events, event_lines = find_events(lines, ranges)
    header = find_header(lines, 0, min(end, 300))
    floor = header.index + 1 if header and header.index < 40 else 0
    anchor = _first_anchor(lines, floor, end, event_lines)
    scan = _Scan(lines, end, ref_end, floor, event_lines, set(event_lines), header)
    if header:
        scan.skip.add(header.index)
    cited, cited_how = own_citation(lines, ranges)
    byline = _labelled_byline(scan, part) or _unlabelled_byline(scan, part, cited, title_hint, model)
    body_start = _affiliations_and_contact(scan, byline)
    authors = _byline_authors(byline.authors, cited)
    citation = citation_line(lines, end)
    if citation:
        scan.skip.add(citation[1])
        body_start = max(body_start, citation[1] + 1)
    _header_fields(part, scan.header)
    doi = find_doi_line(lines, ranges)
    if doi:
        part.put("DOI", doi[0], "text:doi")
    _put_issued(part, events, scan, byline.title_index)
    part.dates = dict(events)
    part.authors = _persons(authors)
    stated = authors and (byline.labelled or byline.author_index is not None)
    part.author_source = "text:author-line" if stated else "text:citation"
    if event_lines:
        body_start = max(body_start, max(event_lines) + 1)
    _keywords_and_abstract(part, scan, body_start if byline.labelled else min(body_start, anchor), body_start)
    part.put("license", find_license(lines, 0, end), "text:copyright")
    if cited is None and part.fields.get("title"):
        cited = titled_citation(lines, ranges, str(part.fields["title"]), byline.title_index)
        cited_how = "text:citation-line"
    if cited is None:
        cited = glued_citation(lines, ranges, part.fields)
        cited_how = "text:citation-line"
    if cited is not None:
        reconcile(part, cited, cited_how)
        short = part.fields.get("container-title-short")
        if short and "container-title" not in part.fields and part.sources.get("container-title-short") == cited_how:
            part.put("container-title", spelled_out(lines, ranges, str(short)), cited_how)
    if "title" not in part.fields:
        guess = best_title(lines, floor, min(anchor, end), scan.skip)
        if guess:
            part.put("title", guess, "text:title")
    part.references = refs
    return part


def _labelled_byline(scan: _Scan, part: Partial) -> _Byline | None:
    """A labelled author line ("Author(s): ...") with the title printed above it."""
    labelled = _author_line(scan.lines, scan.floor, min(scan.end, scan.floor + 120))
    if not labelled:
        return None
    above = title_above(scan.lines, labelled[1], scan.floor)
    if not above:
        return None  # a form's "Author: First name" field, not a byline
    authors, index = labelled
    part.put("title", above[0], "text:title")
    return _Byline(authors, index, above[1], index + 1, labelled=True)


def _unlabelled_byline(scan: _Scan, part: Partial, cited: Record | None, title_hint: str, use: bool) -> _Byline:
    """The title line and the names under it, chosen by shape (:func:`choose_byline`) and
    by the line model when there is one (asked only here: a labelled byline needs none)."""
    lines, header = scan.lines, scan.header
    model = classify.active() if use else None
    ask: Asker | None = (lambda wanted, scores: model.marginals(lines, wanted, scores)) if model is not None else None
    avoid = frozenset(re.sub(r"[^a-z0-9]", "", fold(x)) for x in (header.journal if header else "",) if x)
    wanted = str((cited or {}).get("title") or title_hint)
    byline = choose_byline(lines, 0, scan.end, scan.skip, wanted, avoid, header.index if header else None, ask)
    if (byline is None or not byline.authors) and cited is None and scan.ref_end < len(lines):
        # No byline above the references and no citation line: the page may print
        # its own citation after them (title, "by ...", the journal line, the DOI),
        # as OJS full texts do. Taken only with the journal line under the byline.
        tail = choose_byline(lines, scan.ref_end, len(lines), scan.skip, wanted, avoid)
        below = None
        if tail is not None and tail.authors:
            below = find_header(lines, tail.last + 1, min(len(lines), tail.last + 8))
        if tail is not None and below is not None and below.journal:
            byline = tail
            scan.header = scan.header or below
    found = _Byline()
    if byline is not None:
        part.put("title", byline.title, "text:title")
        found.title_index = byline.index
        found.authors = byline.authors
        scan.skip.add(byline.index)
        if byline.authors:
            found.author_index = byline.index + 1
            found.after = byline.last + 1
    return found


def _affiliations_and_contact(scan: _Scan, byline: _Byline) -> int:
    """Affiliations under the byline and the corresponding-author block, given to the
    authors; returns the first line of the body after them."""
    if byline.author_index is None or not byline.authors:
        return scan.floor
    lines, first = scan.lines, byline.after
    affiliations, after = find_affiliations(lines, first, _first_anchor(lines, first, scan.end, scan.event_lines))
    after = max(after, byline.after)
    resolve_affiliations(byline.authors, affiliations)
    scan.skip.update(range(byline.author_index, after))
    block = mark_corresponding(byline.authors, lines, byline.author_index + 1, scan.end)
    if block is not None:
        scan.skip.update(block)
    return max(after, max(block) + 1 if block else after)


def _header_fields(part: Partial, header: Header | None) -> None:
    if header:
        part.put("container-title", header.journal, "text:header")
        part.put("container-title-short", header.short, "text:header")
        part.put("volume", header.volume, "text:header")
        part.put("issue", header.issue, "text:header")
        part.put("page", header.page, "text:header")
        if header.kind:
            part.links["section"] = header.kind


def _header_date(header: Header | None) -> list[int] | None:
    """The issue's date the journal header prints: year, month and day as far as given."""
    if not (header and header.year):
        return None
    parts = [int(header.year)]
    if header.month:
        parts.append(header.month)
        if header.day:
            parts.append(header.day)
    return parts


def _put_issued(part: Partial, events: dict[str, str], scan: _Scan, title_index: int | None) -> None:
    """The issued date (:func:`_issued`), else a date printed alone near the title."""
    issued, how = _issued(events, _header_date(scan.header))
    if issued is None and title_index is not None:
        issued = _bare_date(scan.lines, title_index)
        how = "text:date-line"
    if issued:
        part.put("issued", date_parts(*issued), how)


def _persons(authors: list[Author]) -> list[Person]:
    """The authors as persons; the corresponding flag only when some author carries it."""
    any_corresponding = any(a.corresponding for a in authors)
    made = [
        person(
            a.name,
            affiliation=a.affiliation,
            email=a.email or None,
            corresponding=a.corresponding if any_corresponding else None,
        )
        for a in authors
    ]
    return [p for p in made if p]


def _keywords_and_abstract(part: Partial, scan: _Scan, abstract_start: int, body_start: int) -> None:
    lines, end = scan.lines, scan.end
    keywords = find_keywords(lines, body_start, end, scan.skip)
    if keywords:
        part.put("keyword", ", ".join(keywords[0]), "text:keywords")
        scan.skip.add(keywords[1])
    abstract = find_abstract(lines, abstract_start, end, scan.skip)
    if abstract:
        part.put("abstract", abstract[0], "text:abstract")


def enough(part: Partial) -> bool:
    """True when a text partial identifies a work: a title with a DOI, authors, or a
    journal and date; or a DOI with authors or a date."""
    fields = part.fields
    if not fields.get("title"):
        return bool(fields.get("DOI") and (part.authors or fields.get("issued")))
    return bool(fields.get("DOI") or part.authors or (fields.get("issued") and fields.get("container-title")))


def text_partial(text: str, *, model: bool = True) -> Partial | None:
    """What a scraped page says, or ``None`` when it is not an article page.

    :param text: the page's text (also the visible text of an HTML page).
    """
    return lines_partial(prepare(text), model=model)


def lines_partial(lines: list[str], *, model: bool = True) -> Partial | None:
    """:func:`text_partial` for a page already split into lines (:func:`prepare`)."""
    part = read_lines(lines, model=model)
    return part if enough(part) else None


def parse_text(text: str) -> Record | None:
    """The record a scraped article page describes, or ``None``.

    :param text: the page's text.
    """
    part = text_partial(text)
    return merge_partials([part]) if part else None


def parse(source: Source) -> list[Record]:
    """Parser entry point: ``[record]`` for an article page, ``[]`` otherwise.

    :param source: a plain-text source.
    """
    record = parse_text(source.text)
    return [record] if record else []
