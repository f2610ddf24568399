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
from typing import Any

from ..names import fold
from ..read import Source
from ..record import Record, date_parts, year_of
from .meta_common import Partial, person
from .meta_merge import merge_partials
from .text_authors import Author, find_affiliations, find_corresponding, parse_author_line, title_above
from .text_lines import (
    ABSTRACT_LABEL,
    AUTHORS_LABEL,
    CITATION_LABEL,
    COPYRIGHT,
    CORRESPONDING_LABEL,
    find_abstract,
    find_doi_line,
    find_events,
    find_header,
    find_keywords,
    find_license,
    is_prose,
    prepare,
)
from .text_refs import find_section, references
from .text_title import best_title

__all__ = ["parse", "parse_text", "text_partial"]

_ISSUED_FROM = ("published", "published-print", "published-online", "issue-date")


def _citation_line(lines: list[str], end: int) -> tuple[str, int] | None:
    for index in range(end):
        match = CITATION_LABEL.match(lines[index])
        if match:
            text = match.group("rest").strip()
            nxt = index + 1
            # A citation wrapped over lines continues until a blank line.
            while nxt < end and lines[nxt] and not is_prose(lines[nxt]) and len(text) < 400 and not COPYRIGHT.match(lines[nxt]):
                text += " " + lines[nxt]
                nxt += 1
            return text, index
    return None


def _parse_citation(text: str) -> Record:
    try:
        from .refstring import parse_reference
    except ImportError:  # pragma: no cover - refstring ships with citekit
        return {}
    return parse_reference(text)


def _author_line(lines: list[str], start: int, end: int) -> tuple[list[Author], int] | None:
    for index in range(start, end):
        match = AUTHORS_LABEL.match(lines[index])
        if match:
            found = parse_author_line(match.group("rest"), labelled=True)
            if found:
                return found, index
    for index in range(start, end):
        line = lines[index]
        if not line or len(line) > 600 or is_prose(line):
            continue
        found = parse_author_line(line)
        if not found:
            continue
        above = title_above(lines, index, start)
        if above is None:
            continue
        if len(found) == 1 and not found[0].markers:
            continue
        return found, index
    return None


def _first_anchor(lines: list[str], start: int, end: int, extra: set[int]) -> int:
    for index in range(start, end):
        line = lines[index]
        if index in extra or CITATION_LABEL.match(line) or CORRESPONDING_LABEL.match(line) or ABSTRACT_LABEL.match(line) or COPYRIGHT.match(line):
            return index
    return end


def _resolve(authors: list[Author], affiliations: list[tuple[str, str]]) -> None:
    marked = {m: text for m, text in affiliations if m}
    plain = [text for m, text in affiliations if not m]
    for author in authors:
        author.affiliation = [marked[m] for m in author.markers if m in marked]
    if not marked and plain:
        if len(plain) == 1:
            for author in authors:
                author.affiliation = [plain[0]]
        elif len(plain) == len(authors):
            for author, text in zip(authors, plain, strict=True):
                author.affiliation = [text]


def _same_person(author: Author, written: str) -> bool:
    family = fold(author.name.get("family", author.name.get("literal", "")))
    return bool(family) and family in fold(written)


def _corresponding(authors: list[Author], lines: list[str], start: int, end: int) -> range | None:
    block = find_corresponding(lines, start, end)
    starred = [a for a in authors if "*" in a.markers]
    chosen: list[Author] = []
    if block is not None and block.name:
        chosen = [a for a in authors if _same_person(a, block.name)][:1]
    if not chosen and (block is not None or len(starred) == 1):
        chosen = starred[:1]
    for author in chosen:
        author.corresponding = True
        if block is not None:
            author.email = author.email or block.email
            if not author.affiliation and block.address:
                author.affiliation = [", ".join(block.address)]
    if chosen:
        for author in authors:
            if author not in chosen:
                author.corresponding = False
    return block.lines if block is not None else None


def _reconcile(part: Partial, citation: Record) -> None:
    """Fill gaps from the parsed "Citation:" line and report where it disagrees."""
    fields = part.fields
    checks: list[tuple[str, Any, Any]] = [
        ("volume", citation.get("volume"), fields.get("volume")),
        ("issue", citation.get("issue"), fields.get("issue")),
        ("year", year_of(citation), year_of(fields)),
    ]
    for name, cited, stated in checks:
        if cited and stated and str(cited).lower() != str(stated).lower():
            part.warnings.append(f"the Citation line gives {name} {cited} where the page gives {stated}; kept {stated}")
    cited_title, title = citation.get("title"), fields.get("title")
    if cited_title and title and _letters(cited_title) != _letters(title):
        part.warnings.append(f"the Citation line gives the title {cited_title!r} where the page gives {title!r}")
    cited_doi, doi = citation.get("DOI"), fields.get("DOI")
    if cited_doi and doi and cited_doi.lower() != doi.lower():
        part.warnings.append(f"the Citation line gives DOI {cited_doi} where the page gives {doi}")
    cited_authors = citation.get("author") or []
    if cited_authors and part.authors and len(cited_authors) != len(part.authors):
        part.warnings.append(f"the Citation line names {len(cited_authors)} authors where the author line names {len(part.authors)}")
    for key in ("title", "volume", "issue", "page", "DOI", "issued"):
        part.put(key, citation.get(key), "text:citation-line")
    container = citation.get("container-title")
    if container:
        if fields.get("container-title") and _letters(container) != _letters(fields["container-title"]):
            part.put("container-title-short", container, "text:citation-line")
        else:
            part.put("container-title", container, "text:citation-line")
    if not part.authors and cited_authors:
        part.authors = [p for p in (person(n) for n in cited_authors) if p]
        part.author_source = "text:citation-line"


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def read_lines(lines: list[str]) -> Partial:
    """Everything the page's lines say, as a :class:`Partial` (vocabulary "text")."""
    part = Partial("text")
    section = find_section(lines)
    end = section[1] if section else len(lines)
    events, event_lines = find_events(lines, 0, end)
    header = find_header(lines, 0, min(end, 150))
    floor = header.index + 1 if header else 0
    author_hit = _author_line(lines, floor, min(end, floor + 120))
    anchor = _first_anchor(lines, floor, end, event_lines)
    skip = set(event_lines)
    authors: list[Author] = []
    body_start = floor
    if author_hit:
        authors, author_index = author_hit
        skip.add(author_index)
        above = title_above(lines, author_index, floor)
        if above:
            part.put("title", above[0], "text:title")
        affiliations, after = find_affiliations(lines, author_index + 1, max(anchor, author_index + 1))
        _resolve(authors, affiliations)
        skip.update(range(author_index, after))
        block = _corresponding(authors, lines, author_index + 1, end)
        if block is not None:
            skip.update(block)
        body_start = max(after, max(block) + 1 if block else after)
    citation = _citation_line(lines, end)
    if citation:
        skip.add(citation[1])
        body_start = max(body_start, citation[1] + 1)
    if header:
        part.put("container-title", header.journal, "text:header")
        part.put("volume", header.volume, "text:header")
        part.put("issue", header.issue, "text:header")
        part.put("page", header.page, "text:header")
        if header.kind:
            part.links["section"] = header.kind
    doi = find_doi_line(lines, 0, end)
    if doi:
        part.put("DOI", doi[0], "text:doi")
    issued = next((events[e] for e in _ISSUED_FROM if e in events), None)
    if issued:
        part.put("issued", {"date-parts": [[int(x) for x in issued.split("-")]]}, "text:dates")
    elif header and header.year:
        part.put("issued", date_parts(header.year), "text:header")
    part.dates = dict(events)
    part.authors = [
        p
        for p in (
            person(a.name, affiliation=a.affiliation, email=a.email or None, corresponding=a.corresponding if any(x.corresponding for x in authors) else None)
            for a in authors
        )
        if p
    ]
    part.author_source = "text:author-line"
    if event_lines:
        body_start = max(body_start, max(event_lines) + 1)
    keywords = find_keywords(lines, body_start, end, skip)
    if keywords:
        part.put("keyword", ", ".join(keywords[0]), "text:keywords")
        skip.add(keywords[1])
    abstract = find_abstract(lines, min(body_start, anchor) if not author_hit else body_start, end, skip)
    if abstract:
        part.put("abstract", abstract[0], "text:abstract")
    part.put("license", find_license(lines, 0, end), "text:copyright")
    if citation:
        _reconcile(part, _parse_citation(citation[0]))
    if "title" not in part.fields:
        guess = best_title(lines, floor, min(anchor, end), skip)
        if guess:
            part.put("title", guess, "text:title")
    if section:
        part.references = references(lines, section[0])
    return part


def _enough(part: Partial) -> bool:
    fields = part.fields
    if not fields.get("title"):
        return bool(fields.get("DOI") and (part.authors or fields.get("issued")))
    return bool(fields.get("DOI") or part.authors or (fields.get("issued") and fields.get("container-title")))


def text_partial(text: str) -> Partial | None:
    """What a scraped page says, or ``None`` when it is not an article page.

    :param text: the page's text (also the visible text of an HTML page).
    """
    part = read_lines(prepare(text))
    return part if _enough(part) else None


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
