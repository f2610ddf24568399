"""Labelled lines of a scraped article page: dated events, DOI, journal header,
"Citation:" line, keywords, abstract, licence.

Every pattern is compiled once; each finder takes the page's lines and a range, so the
page is scanned a bounded number of times whatever its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citekit.dates import EVENTS, MONTHS, event_name, match_date, to_iso
from citekit.record import DOI_PATTERN, normalize_doi

__all__ = [
    "ABSTRACT_LABEL",
    "AUTHORS_LABEL",
    "CITATION_LABEL",
    "COPYRIGHT",
    "CORRESPONDING_LABEL",
    "KEYWORDS_LABEL",
    "Header",
    "find_abstract",
    "find_doi_line",
    "find_events",
    "find_header",
    "find_keywords",
    "find_license",
    "is_prose",
    "prepare",
]

AUTHORS_LABEL = re.compile(r"^(?:author\s*\(s\)|authors?|by|written\s+by|auteurs?|autores?|autoren)\s*[:\-–—]\s*(?P<rest>.+)$", re.IGNORECASE)
CORRESPONDING_LABEL = re.compile(
    r"^[*\u2020#\s]*(?:corresponding\s+authors?(?:\s*\(s\))?|correspondence(?:\s+(?:to|author))?|address\s+(?:for\s+)?correspondence(?:\s+to)?|"
    r"address\s+reprint\s+requests\s+to|auteur\s+correspondant|autor\s+(?:para\s+)?correspondencia)\s*(?:[:\-–—]\s*|$)(?P<rest>.*)$",
    re.IGNORECASE,
)
CITATION_LABEL = re.compile(
    r"^(?:citation|cite\s+this\s+(?:article|paper|as)|how\s+to\s+cite(?:\s+this\s+(?:article|paper))?|to\s+cite\s+this\s+(?:article|paper)|"
    r"please\s+cite\s+this\s+(?:article|paper)\s+as|recommended\s+citation|citar\s+como|zitierweise)\s*[:\-–—]\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
COPYRIGHT = re.compile(r"^(?:copyright\b|©|\(c\)\s*\d{4})", re.IGNORECASE)
KEYWORDS_LABEL = re.compile(
    r"^(?:key\s*-?\s*words?|index\s+terms|mots[- ]cl[ée]s|palabras\s+clave|palavras[- ]chave|schlüsselwörter|schlagwörter|parole\s+chiave)"
    r"\s*(?:[:\-–—.]\s*|$)(?P<rest>.*)$",
    re.IGNORECASE,
)
ABSTRACT_LABEL = re.compile(r"^(?:abstract|summary|résumé|resumen|resumo|zusammenfassung|riassunto)\s*(?:[:\-–—.]\s*|$)(?P<rest>.*)$", re.IGNORECASE)
_BODY_HEADING = re.compile(
    r"^(?:\d{1,2}\.?\s+)?(?:introduction|background|methods?|materials\s+and\s+methods|results|discussion|conclusions?|"
    r"case\s+(?:report|presentation|description)|main\s+text|references|acknowledge?ments?|conflicts?\s+of\s+interest|"
    r"funding|ethics|abbreviations|data\s+availability)\s*:?$",
    re.IGNORECASE,
)

_LABELS = sorted(EVENTS, key=len, reverse=True)
_EVENT = re.compile(
    r"(?P<label>(?:date\s+of\s+)?(?:" + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in _LABELS) + r")(?:\s+(?:on|date|at))?)"
    r"\s*(?P<colon>[:\-–—]?)\s*",
    re.IGNORECASE,
)


# Where a label may start (the first word of every label): the full pattern is tried
# only there, so a long paragraph costs one cheap scan. The stems are grouped by their
# first letter (a lookahead on that letter lets the regex engine pass over most
# positions at once): the same matches as one flat alternation, in half the time.
_HINT_STEMS = (
    "date", "receiv", "submi", "manuscript", "editor", "review", "revis", "final", "accept", "approv", "publi", "online",
    "first", "epub", "issue", "print", "avail", "version", "re[çc]u", "eingeg", "angenom", "ver[öo]ff", "recib", "acept",
    "receb", "aceit", "ricev", "accett", "pubbl",
)


def _hint_pattern(stems: tuple[str, ...]) -> re.Pattern[str]:
    groups: dict[str, list[str]] = {}
    for stem in stems:
        groups.setdefault(stem[0], []).append(stem[1:])
    body = "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())
    return re.compile(rf"(?i)(?<![\w-])(?=[{''.join(groups)}])(?:{body})")


_EVENT_HINT = _hint_pattern(_HINT_STEMS)


def prepare(text: str) -> list[str]:
    """The page's lines: spaces folded, invisible characters removed, blank lines kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return [" ".join(line.split()) for line in text.split("\n")]


def is_prose(line: str) -> bool:
    """True for a paragraph of running text (long, several sentences, lower-case words)."""
    if len(line) < 160:
        return False
    words = line.split()
    lower = sum(1 for w in words if w[:1].islower())
    return lower / max(len(words), 1) > 0.45 and len(re.findall(r"[.!?](?:\s|$)", line)) >= 1


def find_events(lines: list[str], ranges: list[tuple[int, int]]) -> tuple[dict[str, str], set[int]]:
    """Dated events ("Received: 08 November 2023; ... Published: 15 January 2024").

    A label counts only when a date follows it at once (or alone on the next line, as
    saved pages print "Published" above "2020-09-10"), and a date without a month only
    after a colon, so "accepted 15 patients" and "published 2020 data" are not events.

    :param ranges: ``(start, end)`` line ranges to look in.
    :returns: ``({event: ISO date}, indexes of the lines they were on)``.
    """
    events: dict[str, str] = {}
    used: set[int] = set()
    for start, end in ranges:
        for index in range(start, end):
            line = lines[index]
            if len(line) > 2000 or not line:
                continue
            for hint in _EVENT_HINT.finditer(line):
                match = _EVENT.match(line, hint.start())
                if match is None:
                    continue
                name = event_name(match.group("label"))
                if not name:
                    continue
                rest = line[match.end() : match.end() + 40]
                lone = not rest.strip() and match.start() == 0
                if lone:
                    following = next((j for j in range(index + 1, min(end, index + 3)) if lines[j]), None)
                    rest = lines[following][:40] if following is not None else ""
                found = match_date(rest)
                if not found:
                    continue
                parts, _ = found
                if len(parts) < 2 and not (match.group("colon") or lone):
                    continue
                if name not in events:
                    events[name] = to_iso(parts) or ""
                    used.add(index)
    return events, used


_GLUED = re.compile(r"(?<=[0-9])(?:Get|View|Download|Open|Full|Cited|Google|Crossref|PubMed|Article|Abstract|PDF|Copy|Share|Export|Citation|Search|Read|Check|Help|Published|Received|Issue|Volume)[A-Za-z]*$")


def find_doi_line(lines: list[str], ranges: list[tuple[int, int]]) -> tuple[str, int] | None:
    """The page's own DOI among every DOI in ``ranges`` (reference lists excluded by the
    caller): labelled ones ("DOI:", doi.org) and repeated ones first, then the earliest.

    A word glued to the DOI by scraping ("10.1016/j.x.2018.004Get rights") is cut off.
    """
    weight: dict[str, float] = {}
    where: dict[str, tuple[str, int]] = {}
    for start, end in ranges:
        for index in range(start, end):
            line = lines[index]
            if "10." not in line:
                continue
            for match in DOI_PATTERN.finditer(line):
                doi = normalize_doi(_GLUED.sub("", match.group(0)))
                if not doi:
                    continue
                key = doi.lower()
                before = line[max(0, match.start() - 30) : match.start()].lower()
                labelled = "doi" in before or "digital object identifier" in before
                weight[key] = weight.get(key, 0.0) + (2.0 if labelled else 1.0)
                where.setdefault(key, (doi, index))
    if not weight:
        return None
    best = max(weight, key=lambda k: (weight[k], -where[k][1]))
    return where[best]


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


_VOLUME = re.compile(
    r"(?P<before>.*?)[\s,;(]*\b(?:vol(?:ume)?\.?|v\.)\s*(?P<volume>\d+[A-Z]?)(?:\s*[,;]?\s*(?:\(|\b(?:issue|iss\.?|no\.?|number|num\.?|n[º°o]\.?)\s*)(?P<issue>\d+(?:\s*[-–/]\s*\d+(?!\d)(?!\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s))?|S\d+|Suppl?\.?\s*\d*)\)?)?"
    r"(?P<after>.*)$",
    re.IGNORECASE,
)
# "Sustainability 2021, 13(5), 2345;" and "J Ex Biol 2019;12(3):45-67": the journal, year,
# volume(issue) and pages a header prints in citation order, without "Vol." words.
_COMPACT = re.compile(
    r"^(?P<journal>[A-Z][\w&.'\- ]{1,80}?)[.,]?\s+(?P<year>(?:19|20)\d\d)\s*[,;]\s*(?P<volume>\d{1,4})\s*(?:\((?P<issue>[\w\-–/]{1,12})\))?"
    r"\s*[,:]\s*(?P<page>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)\b"
)
# PubMed's citation line under the journal's abbreviation: ". 2019 Mar;12(3):45-67."
_PUBMED = re.compile(
    r"^[.\s]*(?P<year>(?:19|20)\d\d)(?:\s+(?P<month>[A-Z][a-z]{2})(?:[-/][A-Z][a-z]{2})?(?:\s+\d{1,2})?)?\s*;\s*(?P<volume>\d{1,4})"
    r"\s*(?:\((?P<issue>[^)]{1,12})\))?\s*:\s*(?P<page>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)"
)
_YEAR_PAREN = re.compile(r"\((?P<year>(?:19|20)\d\d)\)")
_PRINTED_DATE = re.compile(
    r"(?:\b\d{1,2}\s+)?\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d\b", re.IGNORECASE
)
_YEAR = re.compile(r"\b(?P<year>(?:19|20)\d\d)\b")
_PAGES = re.compile(r"\b(?:pp?\.?|pages?)\s*(?P<page>[A-Z]?\d+\s*[-–]\s*[A-Z]?\d+|[A-Z]?\d+)", re.IGNORECASE)
_JOURNAL_WORD = re.compile(
    r"\b(?:journal|annals|archives?|review|reviews|letters|proceedings|bulletin|acta|transactions|reports|revista|revue|"
    r"zeitschrift|medicine|science|sciences|research|studies|quarterly|magazine|gazette|international|clinical|imaging)\b",
    re.IGNORECASE,
)


def find_header(lines: list[str], start: int, end: int) -> Header | None:
    """The journal header: journal name, year, volume, issue (and pages).

    The first "Vol." line that names the journal or a year, completed from other "Vol."
    lines for the same volume printed close by ("Volume 58, Issue 7" ... "Volume 58,
    pages 201-219, (1998)"). The journal's name is cleaned of a leading article-type
    label ("Clinical-Medical Image - International Journal of ...") when the page also
    prints the name on its own line or the part after the dash reads like a journal's name.
    """
    standalone = {lines[i].lower(): lines[i] for i in range(start, end) if 3 < len(lines[i]) < 150 and _JOURNAL_WORD.search(lines[i])}
    found: Header | None = None
    for index in range(start, end):
        if found is not None and index > found.index + 15:
            break
        line = lines[index]
        if found is None and line and len(line) < 300 and line[:1] in ".;0123456789 " and index > start:
            pubmed = _PUBMED.match(line)
            previous = next((lines[j] for j in range(index - 1, max(start, index - 3) - 1, -1) if lines[j]), "")
            if pubmed and previous and len(previous) < 120 and not re.search(r"\d", previous):
                month = MONTHS.get((pubmed.group("month") or "").lower(), 0)
                page = re.sub(r"\s*[-–]\s*", "-", pubmed.group("page") or "")
                found = Header(index=index, journal=previous.strip(" ."), year=pubmed.group("year"), month=month, volume=pubmed.group("volume"), issue=pubmed.group("issue") or "", page=page)
                continue
        if found is None and line and len(line) < 300:
            compact = _COMPACT.match(line)
            if compact and (compact.group("journal").lower() in standalone or _JOURNAL_WORD.search(compact.group("journal")) or _title_cased(compact.group("journal"))):
                found = Header(index=index, journal=compact.group("journal").strip(), year=compact.group("year"), volume=compact.group("volume"), issue=compact.group("issue") or "", page=re.sub(r"\s*[-–]\s*", "-", compact.group("page") or ""))
                continue
        if not line or len(line) > 300 or ("vol" not in line.lower() and "v." not in line.lower()):
            continue
        header = _read_header(lines, index, start, standalone)
        if header is None:
            continue
        if found is None:
            if header.journal or header.year:
                found = header
        elif header.volume == found.volume:
            for key in ("journal", "year", "issue", "page"):
                if not getattr(found, key) and getattr(header, key):
                    setattr(found, key, getattr(header, key))
    return found


def _read_header(lines: list[str], index: int, start: int, standalone: dict[str, str]) -> Header | None:
    match = _VOLUME.match(lines[index])
    if not match:
        return None
    before = match.group("before").strip(" ,;:-–—")
    after = match.group("after")
    header = Header(index=index, volume=match.group("volume"), issue=(match.group("issue") or "").strip())
    year = _YEAR_PAREN.search(before) or _YEAR_PAREN.search(after) or _YEAR.search(after) or _YEAR.search(before)
    if year:
        header.year = year.group("year")
        # The issue's date printed after its number ("Number 10 - 5 October 2020").
        dated = _PRINTED_DATE.search(after)
        if dated:
            found = match_date(dated.group(0))
            if found and str(found[0][0]) == header.year and len(found[0]) >= 2:
                header.month = found[0][1]
                header.day = found[0][2] if len(found[0]) == 3 else 0
    pages = _PAGES.search(after)
    if pages:
        header.page = re.sub(r"\s*[-–]\s*", "-", pages.group("page"))
    journal = _YEAR_PAREN.sub("", before).strip(" ,;:-–—")
    journal = re.sub(r"[,;]?\s*\b(?:19|20)\d\d\s*$", "", journal).strip(" ,;:-–—")
    labelled = bool(_ISSUE_LABEL.match(journal))
    if labelled:
        journal = ""  # "Current issue: Vol. 7, No. 2": a site's label, not the journal
    if not journal and not labelled:
        # "Annals of Example" above "Vol. 6:15-38 (2015)": the name is the line before.
        previous = next((lines[j] for j in range(index - 1, max(start, index - 3) - 1, -1) if lines[j]), "")
        sentence = previous.endswith(".") and len(previous.split()) >= 6
        if previous and len(previous) < 150 and not sentence and not re.search(r"\d|\|", previous) and not _NOT_JOURNAL.match(previous) and (_JOURNAL_WORD.search(previous) or _title_cased(previous)):
            journal = previous
    if not header.issue:
        late_issue = re.search(r"\b(?:issue|no\.?|number)\s*(\d+)", after, re.IGNORECASE)
        if late_issue:
            header.issue = late_issue.group(1)
    pages_after_colon = re.match(r"\s*:\s*([A-Z]?\d+\s*[-–]\s*[A-Z]?\d+|[A-Z]?\d+)\b", after)
    if pages_after_colon and not header.page:
        header.page = re.sub(r"\s*[-–]\s*", "-", pages_after_colon.group(1))
    header.journal, header.kind = _journal_name(journal, standalone)
    return header


_ISSUE_LABEL = re.compile(r"^(?:(?:current|latest|this|next|previous|past|back|recent|in\s+this)\s+issues?|issues?|archives?|table\s+of\s+contents|contents)$", re.IGNORECASE)
_NOT_JOURNAL = re.compile(r"^(?:sec(?:tion)?\b\.?|research\s+article|original\s+(?:research|article)|review\s+article|article\b|open\s+access|editorial|letter|case\s+report)", re.IGNORECASE)
_SMALL_WORDS = frozenset(["and", "of", "the", "in", "for", "on", "&", "de", "der", "die", "und", "des", "la", "le", "et", "y", "e", "di", "del", "da", "für", "an", "a", "to"])


def _title_cased(line: str) -> bool:
    """True for "Computational and Theoretical Chemistry" (small words in lower case)."""
    words = line.split()
    return 1 <= len(words) <= 12 and all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in words)


def _journal_name(text: str, standalone: dict[str, str]) -> tuple[str, str]:
    if not text:
        return "", ""
    lowered = text.lower()
    for key, name in sorted(standalone.items(), key=lambda kv: -len(kv[0])):
        if lowered.endswith(key) and key != lowered:
            kind = text[: len(text) - len(key)].strip(" -–—:|")
            return name, kind
    pieces = re.split(r"\s+[-–—|]\s+", text)
    if len(pieces) > 1 and _JOURNAL_WORD.search(pieces[-1]):
        return pieces[-1].strip(), " - ".join(pieces[:-1]).strip()
    return text, ""


def find_keywords(lines: list[str], start: int, end: int, skip: set[int]) -> tuple[list[str], int] | None:
    """Keywords: a labelled line (or the line after a lone label), else an unlabelled
    line of short phrases separated by semicolons.

    :param skip: lines already read as something else (authors, events).
    :returns: ``(keywords, line index)`` or ``None``.
    """
    for index in range(start, end):
        match = KEYWORDS_LABEL.match(lines[index])
        if not match:
            continue
        rest = match.group("rest").strip()
        at = index
        if not rest:
            at = next((j for j in range(index + 1, min(end, index + 4)) if lines[j]), index)
            rest = lines[at] if at != index else ""
        words = _phrases(rest, allow_commas=True)
        if words:
            return words, at
    for index in range(start, end):
        line = lines[index]
        if index in skip or not line or ";" not in line or len(line) > 400:
            continue
        words = _phrases(line, allow_commas=False)
        if words and len(words) >= 2:
            return words, index
    return None


def _phrases(text: str, *, allow_commas: bool) -> list[str]:
    text = text.strip().rstrip(".")
    if not text or "@" in text or "http" in text.lower():
        return []
    event = _EVENT.search(text)
    if event and match_date(text[event.end() : event.end() + 40]):
        return []
    parts = re.split(r"\s*[;•·|]\s*", text)
    if len(parts) == 1 and allow_commas:
        parts = re.split(r"\s*,\s*", text)
    parts = [p.strip(" .") for p in parts if p.strip(" .")]
    if not parts:
        return []
    for part in parts:
        words = part.split()
        if len(words) > 8 or len(part) > 80 or re.search(r"[.!?]\s+[A-Z]", part):
            return []
        if sum(c.isdigit() for c in part) > len(part) / 3:
            return []
    return parts


def find_abstract(lines: list[str], start: int, end: int, skip: set[int]) -> tuple[str, int] | None:
    """The abstract: paragraphs after an "Abstract" label up to the next heading, else the
    first paragraph of running text after the header.

    :returns: ``(abstract, index of its first line)`` or ``None``.
    """
    for index in range(start, end):
        match = ABSTRACT_LABEL.match(lines[index])
        if not match or len(lines[index]) > 3000:
            continue
        paragraphs = [match.group("rest").strip()] if match.group("rest").strip() else []
        for j in range(index + 1, end):
            line = lines[j]
            if not line:
                continue
            if KEYWORDS_LABEL.match(line) or _BODY_HEADING.match(line) or CITATION_LABEL.match(line) or COPYRIGHT.match(line):
                break
            if len(line) < 40 and not line.endswith(".") and paragraphs and not re.match(r"^[A-Z][\w ]{2,30}:$", line):
                break  # an unlabelled heading
            paragraphs.append(line)
            if sum(len(p) for p in paragraphs) > 6000:
                break
        text = "\n\n".join(p for p in paragraphs if p)
        if len(text) >= 40:
            return text, index
    for index in range(start, end):
        if index not in skip and is_prose(lines[index]) and not COPYRIGHT.match(lines[index]):
            return lines[index], index
    return None


_LICENSE = re.compile(
    r"(creative\s+commons\s+(?:attribution(?:[- ](?:non-?commercial|share-?alike|no-?derivatives?|no-?derivs))*)?\s*(?:license|licence)?(?:\s*\(?cc[- ]by[\w-]*\)?)?(?:\s*\d\.\d)?|\bcc[- ]by(?:-[a-z]{2})*(?:\s*\d\.\d)?)",
    re.IGNORECASE,
)


def find_license(lines: list[str], start: int, end: int) -> str | None:
    """The licence named on a copyright line ("Creative Commons Attribution License")."""
    for index in range(start, end):
        line = lines[index]
        if "creative commons" in line.lower() or "cc by" in line.lower() or "cc-by" in line.lower():
            match = _LICENSE.search(line)
            if match:
                return " ".join(match.group(1).split()).strip(" .")
    return None
