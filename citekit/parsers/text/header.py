"""The journal header of a scraped article page: journal name, year, volume, issue and
pages, as printed above the title ("Journal (2024) Volume 11, Issue 1", "Sustainability
2021, 13(5), 2345;", PubMed's ". 2019 Mar;12(3):45-67.").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from citekit.dates import MONTHS, match_date
from citekit.formats.words import abbreviates
from citekit.parsers.text.lines import WordGuard

__all__ = ["Header", "find_header"]


@dataclass
class Header:
    """A journal header line ("Journal (2024) Volume 11, Issue 1")."""

    index: int
    journal: str = ""
    kind: str = ""
    year: str = ""
    month: int = 0
    day: int = 0
    volume: str = ""
    issue: str = ""
    page: str = ""
    short: str = ""  # the journal's abbreviation, when the header prints that


_VOLUME = re.compile(
    r"(?P<before>.*?)[\s,;(]*\b(?:vol(?:ume)?\.?|v\.)\s*(?P<volume>\d+[A-Z]?)"
    r"(?:\s*[,;]?\s*(?:\(|\b(?:issue|iss\.?|no\.?|number|num\.?|n[º°o]\.?)\s*)"
    r"(?P<issue>\d+(?:\s*[-–/]\s*\d+(?!\d)(?!\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s))?"
    r"|S\d+|Suppl?\.?\s*\d*)\)?)?"
    r"(?P<after>.*)$",
    re.IGNORECASE,
)
# "Sustainability 2021, 13(5), 2345;" and "J Ex Biol 2019;12(3):45-67": the journal, year,
# volume(issue) and pages a header prints in citation order, without "Vol." words.
_COMPACT = re.compile(
    r"^(?P<journal>(?:[A-Z]|[a-z]{1,3}(?=[A-Z]))[\w&.'\- ]{1,80}?)[.,]?\s+(?P<year>(?:19|20)\d\d)\s*[,;]\s*"
    r"(?P<volume>\d{1,4})"
    r"\s*(?:\((?P<issue>[\w\-–/]{1,12})\))?"
    r"\s*[,:]\s*(?P<page>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)\b"
)
# PubMed's citation line under the journal's abbreviation: ". 2019 Mar;12(3):45-67."
_PUBMED = re.compile(
    r"^[.\s]*(?P<year>(?:19|20)\d\d)(?:\s+(?P<month>[A-Z][a-z]{2})(?:[-/][A-Z][a-z]{2})?(?:\s+\d{1,2})?)?"
    r"\s*;\s*(?P<volume>\d{1,4})"
    r"\s*(?:\((?P<issue>[^)]{1,12})\))?\s*:\s*(?P<page>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)"
)
_PUBMED_START = ".;0123456789 "
# The physics journals' line: an abbreviated name, the volume and the article number or
# pages, then the year or the publication date ("Phys. Rev. X 12, 041027 – Published 9
# December, 2022", "Rev. Mod. Phys. 94, 045004 (2022)", "Nuovo Cim. B 37, 1–23 (1977)").
_ABBREVIATED = re.compile(
    r"^(?P<journal>(?:[A-Z][a-z]{0,11}\.\s*){2,5}(?:[A-Z]{1,2}\b)?)\s*(?P<volume>\d{1,4}),?\s+"
    r"(?P<page>[A-Z]?\d+(?:\s*[-–]\s*[A-Z]?\d+)?)\s*(?P<after>(?:\(|[-–—,]\s*(?:published\b|(?:19|20)\d\d)).*|$)",
    re.IGNORECASE,
)
_YEAR_PAREN = re.compile(r"\((?P<year>(?:19|20)\d\d)\)")
_PRINTED_DATE = re.compile(
    r"(?:\b\d{1,2}\s+)?\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
    r"(?:\d{1,2},?\s+)?(?:19|20)\d\d\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?P<year>(?:19|20)\d\d)\b")
_PAGES = re.compile(r"\b(?:pp?\.?|pages?)\s*(?P<page>[A-Z]?\d+\s*[-–]\s*[A-Z]?\d+|[A-Z]?\d+)", re.IGNORECASE)
_JOURNAL_WORD = re.compile(
    r"\b(?:journal|annals|archives?|review|reviews|letters|proceedings|bulletin|acta|transactions|reports|revista|"
    r"revue|zeitschrift|medicine|science|sciences|research|studies|quarterly|magazine|gazette|international|clinical|"
    r"imaging)\b",
    re.IGNORECASE,
)
# The pattern searched only in lines holding one of its words (:class:`WordGuard`).
_JOURNAL_WORDS = WordGuard(
    _JOURNAL_WORD,
    (
        "journal", "annals", "archive", "archives", "review", "reviews", "letters", "proceedings", "bulletin", "acta",
        "transactions", "reports", "revista", "revue", "zeitschrift", "medicine", "science", "sciences", "research",
        "studies", "quarterly", "magazine", "gazette", "international", "clinical", "imaging",
    ),
)
_DASH = re.compile(r"\s*[-–]\s*")
_LETTER_WORDS = re.compile(r"[^\W\d_]+")


def find_header(lines: list[str], start: int, end: int) -> Header | None:
    """The journal header: journal name, year, volume, issue (and pages).

    The first "Vol." line that names the journal or a year, completed from other "Vol."
    lines for the same volume printed close by ("Volume 58, Issue 7" ... "Volume 58,
    pages 201-219, (1998)"). The journal's name is cleaned of a leading article-type
    label ("Clinical-Medical Image - International Journal of ...") when the page also
    prints the name on its own line or the part after the dash reads like a journal's name.
    """
    standalone = _Standalone(lines, start, end)
    found: Header | None = None
    for index in range(start, end):
        if found is not None and index > found.index + (15 if found.issue else _FAR):
            break
        line = lines[index]
        if found is None and line and len(line) < 300:
            # A header in citation order (PubMed's line under the journal, or "Journal
            # 2021, 13(5), 2345"), before the "Vol." forms.
            if line[:1] in _PUBMED_START and index > start:
                found = _pubmed_header(lines, index, start)
                if found is not None:
                    continue
            # The compact form opens with a capital A-Z (or a journal name such as "eLife",
            # "iScience", "mBio") and holds a year (19xx, 20xx).
            compact = _COMPACT.match(line) if _capitalised(line) and ("19" in line or "20" in line) else None
            if compact and _journal_like(compact.group("journal"), standalone):
                found = _compact_header(index, compact)
                continue
            abbreviated = _ABBREVIATED.match(line) if "A" <= line[0] <= "Z" and ". " in line[:40] else None
            if abbreviated:
                found = _abbreviated_header(index, abbreviated, standalone)
                continue
        if not line or len(line) > 300:
            continue
        lowered = line.lower()
        if "vol" not in lowered and "v." not in lowered:
            continue
        header = _read_header(lines, index, start, standalone)
        if header is None:
            continue
        if found is None:
            if header.journal or header.year:
                found = header
        elif header.volume == found.volume and (index <= found.index + 15 or header.year == found.year):
            _complete(found, header)
    return found


# How far a header without an issue looks for a "Vol." line of the same volume and year
# that names it (APS prints "Rev. Mod. Phys. 94, 045004" at the top, "Vol. 94, Iss. 4"
# in the article's box further down).
_FAR = 100


class _Standalone:
    """Journal-like lines printed alone, by their lower-case form: read when first asked
    (most lines of a page are never a header's)."""

    def __init__(self, lines: list[str], start: int, end: int) -> None:
        self._where = (lines, start, end)

    @functools.cached_property
    def names(self) -> dict[str, str]:
        lines, start, end = self._where
        return {
            lines[i].lower(): lines[i]
            for i in range(start, end)
            if 3 < len(lines[i]) < 150 and _JOURNAL_WORDS.search(lines[i])
        }


def _complete(found: Header, other: Header) -> None:
    """Fill what ``found`` lacks from another header line of the same volume."""
    for key in ("journal", "year", "issue", "page"):
        if not getattr(found, key) and getattr(other, key):
            setattr(found, key, getattr(other, key))


def _previous_line(lines: list[str], index: int, start: int) -> str:
    """The nearest non-empty line of the two above ``index`` (not above ``start``)."""
    return next((lines[j] for j in range(index - 1, max(start, index - 3) - 1, -1) if lines[j]), "")


def _pubmed_header(lines: list[str], index: int, start: int) -> Header | None:
    """PubMed's ". 2019 Mar;12(3):45-67." under a line naming the journal (no digits)."""
    pubmed = _PUBMED.match(lines[index])
    previous = _previous_line(lines, index, start)
    if not (pubmed and previous and len(previous) < 120 and not re.search(r"\d", previous)):
        return None
    month = MONTHS.get((pubmed.group("month") or "").lower(), 0)
    page = _DASH.sub("-", pubmed.group("page") or "")
    return Header(
        index=index,
        journal=previous.strip(" ."),
        year=pubmed.group("year"),
        month=month,
        volume=pubmed.group("volume"),
        issue=pubmed.group("issue") or "",
        page=page,
    )


def _journal_like(name: str, standalone: _Standalone) -> bool:
    """True when ``name`` reads like a journal's name, or is printed alone on the page."""
    return bool(_JOURNAL_WORDS.search(name) or _title_cased(name) or name.lower() in standalone.names)


def _compact_header(index: int, compact: re.Match[str]) -> Header:
    return Header(
        index=index,
        journal=compact.group("journal").strip(),
        year=compact.group("year"),
        volume=compact.group("volume"),
        issue=compact.group("issue") or "",
        page=_DASH.sub("-", compact.group("page") or ""),
    )


def _abbreviated_header(index: int, match: re.Match[str], standalone: _Standalone) -> Header:
    """The physics journals' line (:data:`_ABBREVIATED`); the journal's full name when the
    page prints it alone ("Physical Review X" for "Phys. Rev. X")."""
    short = match.group("journal").strip()
    words = _LETTER_WORDS.findall(short.lower())
    names = standalone.names.values()
    full = next((n for n in names if abbreviates(words, _LETTER_WORDS.findall(n.lower()), _SMALL_WORDS)), "")
    header = Header(
        index=index,
        journal=full or short,
        volume=match.group("volume"),
        page=_DASH.sub("-", match.group("page")),
        short=short if full else "",
    )
    _year_and_date(header, "", match.group("after"))
    return header


def _read_header(lines: list[str], index: int, start: int, standalone: _Standalone) -> Header | None:
    match = _VOLUME.match(lines[index])
    if not match:
        return None
    before = match.group("before").strip(" ,;:-–—")
    after = match.group("after")
    header = Header(index=index, volume=match.group("volume"), issue=(match.group("issue") or "").strip())
    _year_and_date(header, before, after)
    pages = _PAGES.search(after)
    if pages:
        header.page = _DASH.sub("-", pages.group("page"))
    journal = _YEAR_PAREN.sub("", before).strip(" ,;:-–—")
    journal = re.sub(r"[,;]?\s*\b(?:19|20)\d\d\s*$", "", journal).strip(" ,;:-–—")
    labelled = bool(_ISSUE_LABEL.match(journal))
    if labelled:
        journal = ""  # "Current issue: Vol. 7, No. 2": a site's label, not the journal
    if not journal and not labelled:
        journal = _journal_above(lines, index, start)
    _late_numbers(header, after)
    header.journal, header.kind = _journal_name(journal, standalone)
    return header


def _year_and_date(header: Header, before: str, after: str) -> None:
    """The year around the volume, with the issue's month and day when printed after its
    number ("Number 10 - 5 October 2020")."""
    year = _YEAR_PAREN.search(before) or _YEAR_PAREN.search(after) or _YEAR.search(after) or _YEAR.search(before)
    if not year:
        return
    header.year = year.group("year")
    dated = _PRINTED_DATE.search(after)
    if dated:
        found = match_date(dated.group(0))
        if found and str(found[0][0]) == header.year and len(found[0]) >= 2:
            header.month = found[0][1]
            header.day = found[0][2] if len(found[0]) == 3 else 0


def _journal_above(lines: list[str], index: int, start: int) -> str:
    """ "Annals of Example" above "Vol. 6:15-38 (2015)": the name is the line before."""
    previous = _previous_line(lines, index, start)
    sentence = previous.endswith(".") and len(previous.split()) >= 6
    if (
        previous and len(previous) < 150 and not sentence and not re.search(r"\d|\|", previous)
        and not _NOT_JOURNAL.match(previous) and (_JOURNAL_WORDS.search(previous) or _title_cased(previous))
    ):
        return previous
    return ""


def _late_numbers(header: Header, after: str) -> None:
    """An issue named after the volume's other numbers, and pages after a colon ("6:15-38")."""
    if not header.issue:
        late_issue = re.search(r"\b(?:issue|no\.?|number)\s*(\d+)", after, re.IGNORECASE)
        if late_issue:
            header.issue = late_issue.group(1)
    pages_after_colon = re.match(r"\s*:\s*([A-Z]?\d+\s*[-–]\s*[A-Z]?\d+|[A-Z]?\d+)\b", after)
    if pages_after_colon and not header.page:
        header.page = _DASH.sub("-", pages_after_colon.group(1))


_ISSUE_LABEL = re.compile(
    r"^(?:(?:current|latest|this|next|previous|past|back|recent|in\s+this)\s+issues?|issues?|archives?"
    r"|table\s+of\s+contents|contents)$",
    re.IGNORECASE,
)
_NOT_JOURNAL = re.compile(
    r"^(?:sec(?:tion)?\b\.?|research\s+article|original\s+(?:research|article)|review\s+article|article\b"
    r"|open\s+access|editorial|letter|case\s+report"
    # a site's menu of issues: "List of Issues", "Current issue", "All issues", "Past issues"
    r"|(?:list\s+of|all|past|current|latest|back|previous)\s+issues?\b)",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset(
    [
        "and", "of", "the", "in", "for", "on", "&", "de", "der", "die", "und", "des", "la", "le", "et", "y", "e",
        "di", "del", "da", "für", "an", "a", "to",
    ]
)


def _title_cased(line: str) -> bool:
    """True for "Computational and Theoretical Chemistry" (small words in lower case)."""
    words = line.split()
    return 1 <= len(words) <= 12 and all(_capitalised(w) or w.lower() in _SMALL_WORDS for w in words)


def _capitalised(word: str) -> bool:
    """True for a word opening with a capital A-Z, or with one to three lower-case letters
    before a capital as journal names do ("eLife", "iScience", "mBio", "eClinicalMedicine")."""
    if "A" <= word[:1] <= "Z":
        return True
    head = word[:4]
    return bool(head[:1].islower() and any("A" <= c <= "Z" for c in head[1:]) and head[:1].isascii())


def _journal_name(text: str, standalone: _Standalone) -> tuple[str, str]:
    if not text:
        return "", ""
    lowered = text.lower()
    for key, name in sorted(standalone.names.items(), key=lambda kv: -len(kv[0])):
        if lowered.endswith(key) and key != lowered:
            kind = text[: len(text) - len(key)].strip(" -–—:|")
            return name, kind
    pieces = re.split(r"\s+[-–—|]\s+", text)
    if len(pieces) > 1 and _JOURNAL_WORDS.search(pieces[-1]):
        return pieces[-1].strip(), " - ".join(pieces[:-1]).strip()
    return text, ""
