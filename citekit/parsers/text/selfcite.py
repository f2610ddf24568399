"""The page's citation of itself: the citations a page prints of itself (a "Citation:"
line wrapped over lines or not, a "Cite this article" box, an embedded BibTeX entry),
read by the reference-string and BibTeX parsers, and what the chosen one adds to the
rest of the page: gaps filled from it, and every disagreement (a different volume, year,
title, DOI or author count) reported in ``custom.warnings`` rather than silently resolved.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.formats.words import abbreviates
from citekit.names import fold
from citekit.parsers.common import Partial
from citekit.parsers.text.lines import CITATION_LABEL, COPYRIGHT, is_prose
from citekit.parsers.text.title import title_score
from citekit.record import Record, year_of

__all__ = [
    "citation_line", "cited_records", "glued_citation", "own_citation", "reconcile", "spelled_out", "titled_citation",
]

_LABEL = {"text:citation-line": "Citation line", "text:bibtex": "BibTeX entry"}
_FILLED = ("title", "volume", "issue", "page", "DOI", "issued", "publisher", "ISBN")
# The characters a citation label (:data:`CITATION_LABEL`, :data:`_LONE_LABEL`, their
# first letters in either case, and the long s a case-blind "s" matches) or a BibTeX
# entry (:data:`_BIBTEX_START`, after spaces) may start with.
_OPENINGS = frozenset("chtprzsCHTPRZS\u017f@")


def citation_line(lines: list[str], end: int) -> tuple[str, int] | None:
    """The text of the first "Citation:" line before ``end`` and its index, or ``None``."""
    for index in range(end):
        line = lines[index]
        if not line or (line[0] not in _OPENINGS and not line[0].isspace()):
            continue
        match = CITATION_LABEL.match(line)
        if match:
            text = match.group("rest").strip()
            nxt = index + 1
            # A citation wrapped over lines continues until a blank line.
            while (
                nxt < end
                and lines[nxt]
                and not is_prose(lines[nxt])
                and len(text) < 400
                and not COPYRIGHT.match(lines[nxt])
            ):
                text += " " + lines[nxt]
                nxt += 1
            return text, index
    return None


_BIBTEX_START = re.compile(
    r"^\s*@(?:article|inproceedings|incollection|inbook|book|misc|techreport|phdthesis|mastersthesis|report|online"
    r"|conference|unpublished|thesis)\s*[{(]",
    re.IGNORECASE,
)


def _bibtex_entry(lines: list[str], index: int) -> str:
    depth = 0
    opened = False
    out: list[str] = []
    for line in lines[index : index + 80]:
        out.append(line)
        depth += line.count("{") - line.count("}")
        opened = opened or depth > 0
        if opened and depth <= 0:
            break
    return "\n".join(out)


def cited_records(lines: list[str], ranges: list[tuple[int, int]]) -> list[tuple[Record, str]]:
    """Citations of the page itself that the page prints: ``(record, how it was found)``.

    Embedded BibTeX entries are read by the BibTeX parser; labelled citations ("Cite
    this article", "How to cite", "Citation:", "Cite (ACL):", label alone on its line
    or not) by the reference-string parser.

    :param ranges: the line ranges to look in (references excluded by the caller).
    """
    out: list[tuple[Record, str]] = []
    for start, end in ranges:
        for index in range(start, end):
            line = lines[index]
            if not line or (line[0] not in _OPENINGS and not line[0].isspace()):
                continue  # no label nor entry starts this way (a test for one character)
            if _BIBTEX_START.match(line):
                record = _from_bibtex(_bibtex_entry(lines, index))
                if record:
                    out.append((record, "text:bibtex"))
                continue
            match = CITATION_LABEL.match(line) or _LONE_LABEL.match(line) or _BARE_LABEL.match(line)
            if not match:
                continue
            text = (match.groupdict().get("rest") or "").strip() or _citation_block(lines, index + 1, end)
            if 30 <= len(text) <= 1500 and _YEAR_RE.search(text):
                record = _compact(text) or _from_reference(text)
                if record and (record.get("title") or "volume" in record) and record.get("author"):
                    out.append((record, "text:citation-line"))
    # The most complete citation first (a page may print a short "Cite this" button text
    # near the top and the full citation further down).
    out.sort(key=lambda item: (item[1] != "text:bibtex", -sum(1 for k in _COMPLETE if item[0].get(k))))
    return out


# The fields that make a citation complete.
_COMPLETE = ("author", "issued", "container-title", "DOI", "volume", "page")
_YEAR_RE = re.compile(r"\b(?:1[6-9]|20)\d\d\b")


def _citation_block(lines: list[str], start: int, end: int) -> str:
    """The citation printed under a lone "Cite this article" label: the next line, and
    the one or two after it while no year has appeared (a citation wrapped by the page)."""
    block: list[str] = []
    j = start
    while j < end and len(block) < 3:
        line = lines[j]
        j += 1
        if not line:
            if block:
                break
            continue
        if _LONE_LABEL.match(line) or _BIBTEX_START.match(line) or (title_score(line) < 0 and len(line) < 40):
            if block:
                break
            continue  # "Download PDF", "Copy to clipboard": buttons between label and text
        block.append(line)
        if _YEAR_RE.search(line):
            break
    return " ".join(block)


_LONE_LABEL = re.compile(
    r"^(?:cite\s+this(?:\s+(?:article|paper|chapter|item))?|how\s+to\s+cite(?:\s+this\s+(?:article|paper))?|"
    r"cite\s+\(\w+\)|citation|recommended\s+citation|copy\s+citation|citar|zitieren|citer|"
    r"suggested\s+citation)\s*:?\s*$",
    re.IGNORECASE,
)


# "Citation" with no colon, the citation after it on the same line ("Citation Ahmet
# Engin Pazarceviren et al 2019 Biomed. Mater. 14 035018"): read only in the compact form
# (:data:`_COMPACT`), which no line of running text has.
_BARE_LABEL = re.compile(r"^(?i:citation)\s+(?=[A-Z])(?P<rest>.+)$")
# A citation without a title: names, year, journal, volume and page or article number,
# as physics journals print their own ("A Author et al 2019 J. Phys. A 52 035018").
_COMPACT = re.compile(
    r"^(?P<names>[^\W\d_][^\d]*?)\s+(?P<year>(?:1[6-9]|20)\d\d)\s+(?P<journal>[^\W\d_][^\d]*?),?\s+"
    r"(?P<volume>\d{1,4}),?\s+(?P<page>[A-Za-z]?\d+(?:[-\u2013][A-Za-z]?\d+)?)\.?$"
)

_JOURNAL_WORDS = 6


def _compact(text: str) -> Record | None:
    """A citation in the compact form (:data:`_COMPACT`), its names read by the
    reference-string parser; ``None`` for any other form."""
    match = _COMPACT.match(text.strip())
    if not match or len(match.group("journal").split()) > _JOURNAL_WORDS:
        return None  # a title and a journal, not a journal alone
    names = _from_reference(text) or {}
    if not names.get("author"):
        return None
    journal = match.group("journal").strip()
    record: Record = {
        "author": names["author"],
        "issued": {"date-parts": [[int(match.group("year"))]]},
        _journal_key(journal): journal,
        "volume": match.group("volume"),
        "page": match.group("page").replace("\u2013", "-"),
    }
    if (names.get("custom") or {}).get("et-al"):
        record["custom"] = {"et-al": True}
    return record


def _abbreviated(journal: str) -> bool:
    """A journal's name with a word cut short ("Nano Lett.", "Biomed. Mater.")."""
    return any(word.endswith(".") for word in journal.split())


def _journal_key(journal: str) -> str:
    """Where a citation's journal goes: an abbreviated name is the journal's short title."""
    return "container-title-short" if _abbreviated(journal) else "container-title"


def _from_reference(text: str) -> Record | None:
    from citekit.parsers.refs.reference import MAX_REFERENCE_CHARS, parse_reference

    if len(text.strip()) > MAX_REFERENCE_CHARS:
        return None  # a paragraph, not a citation
    record = parse_reference(text)
    return record or None


def _from_bibtex(text: str) -> Record | None:
    from citekit.errors import CitekitError
    from citekit.parsers.bibtex import parse_text

    try:
        records = parse_text(text)
    except (CitekitError, ValueError):
        return None
    return records[0] if records else None


def own_citation(lines: list[str], ranges: list[tuple[int, int]]) -> tuple[Record | None, str]:
    """The page's citation of itself to read (:func:`cited_records`): an embedded BibTeX
    entry first, else the most complete citation; with how it was found ("" for none).

    :param ranges: the line ranges to look in (references excluded by the caller).
    """
    citations = cited_records(lines, ranges)
    cited = next((r for r, how in citations if how == "text:bibtex"), None) or (citations[0][0] if citations else None)
    return cited, next((how for r, how in citations if r is cited), "")


def titled_citation(
    lines: list[str], ranges: list[tuple[int, int]], title: str, title_index: int | None
) -> Record | None:
    """The page's citation of itself printed without a label (a "Cite this" box whose
    label is a button): a line outside the references holding the page's title, a year
    and more, which the reference-string parser reads back with that title.

    :param title: the page's title as found.
    :param title_index: the title's own line (not a citation).
    """
    words = title.lower().split()[:3]
    own = _letters(title)
    if len(words) < 2 or len(own) < 15:
        return None
    key = " ".join(words)
    for start, end in ranges:
        for index in range(start, end):
            line = lines[index]
            if index == title_index or not (len(title) + 20 <= len(line) <= 1500) or key not in line.lower():
                continue
            if own not in _letters(line) or not _YEAR_RE.search(line):
                continue
            record = _from_reference(line)
            cited = _letters(str((record or {}).get("title") or ""))
            same = cited == own or (own.startswith(cited) and len(cited) > 15)
            if record and record.get("author") and cited and same:
                return record
    return None


# A "Cite This:" box whose parts (journal, year, volume, issue, pages) were separate
# elements, run together once scraped: "Nano Lett.201111114932-4938" (Nano Lett. 2011,
# 11, 11, 4932-4938), "ACS Photonics2019XXXXXXXXXX-XXX" (an article not yet in an issue).
# The journal ends on a letter or a stop just before the year.
_GLUED = re.compile(
    r"^cite\s+this\s*:\s*(?P<journal>[^\W\d_](?:.*?[^\d\s])?)(?P<year>(?:19|20)\d\d)"
    r"(?P<numbers>[\dX]*)(?:\s*[-\u2013](?P<last>[\dX]+))?\s*$",
    re.IGNORECASE,
)
# The most pages an article spans: a split giving a longer range is not taken.
_MOST_PAGES = 300


def glued_citation(lines: list[str], ranges: list[tuple[int, int]], fields: dict[str, Any]) -> Record | None:
    """The page's citation of itself from a "Cite This:" box printed without separators
    (:data:`_GLUED`): the journal and year, and each of volume, issue and pages only where
    every way of cutting the digits that the page's other fields allow gives the same.

    :param fields: what the rest of the page gave: a citation whose year differs from
        the page's is not read; a volume, issue or first page given there must match.
    """
    for start, end in ranges:
        for index in range(start, end):
            line = lines[index]
            if not line or line[0] not in "cC" or len(line) > 200:
                continue
            match = _GLUED.match(line)
            if match:
                return _glued_record(match, fields)
    return None


def _glued_record(match: re.Match[str], fields: dict[str, Any]) -> Record | None:
    year = match.group("year")
    stated = year_of(fields)
    if stated and str(stated) != year:
        return None
    journal = match.group("journal").strip()
    record: Record = {_journal_key(journal): journal}
    record["issued"] = {"date-parts": [[int(year)]]}
    numbers, last = match.group("numbers"), match.group("last")
    if numbers and "X" not in numbers.upper() and (last is None or "X" not in last.upper()):
        record.update(_agreed(_cuts(numbers, last, fields)))
    return record


def _cuts(numbers: str, last: str | None, fields: dict[str, Any]) -> list[dict[str, str]]:
    """Every reading of ``numbers`` as volume, issue (or none) and first page that the
    last page and the page's other fields allow."""
    known = {key: str(fields[key]).split("-")[0] if key == "page" else str(fields[key])
             for key in ("volume", "issue", "page") if fields.get(key)}
    out = []
    for i in range(1, len(numbers)):
        for j in range(i, len(numbers)):
            volume, issue, first = numbers[:i], numbers[i:j], numbers[j:]
            if any(part.startswith("0") for part in (volume, issue, first) if part):
                continue
            if last is not None and not 0 <= int(last) - int(first) <= _MOST_PAGES:
                continue
            cut = {"volume": volume, "issue": issue, "page": first}
            if any(cut[key] != value for key, value in known.items()):
                continue
            if last is not None:
                cut["page"] = f"{first}-{last}"
            out.append(cut)
    return out


def _agreed(cuts: list[dict[str, str]]) -> dict[str, str]:
    """The fields every cut gives alike (an issue only when each cut has the same one)."""
    if not cuts:
        return {}
    return {key: value for key, value in cuts[0].items() if value and all(c[key] == value for c in cuts)}


def reconcile(part: Partial, citation: Record, how: str = "text:citation-line") -> None:
    """Fill gaps from the page's own citation of itself and report where it disagrees.

    :param part: what the rest of the page gave.
    :param citation: the citation as a record.
    :param how: how the citation was found ("text:citation-line", "text:bibtex").
    """
    _report_disagreements(part, citation, how)
    for key in _FILLED:
        part.put(key, citation.get(key), how)
    fields = part.fields
    container = citation.get("container-title")
    if container:
        if fields.get("container-title") and _letters(container) != _letters(fields["container-title"]):
            part.put("container-title-short", container, how)
        else:
            part.put("container-title", container, how)
    part.put("container-title-short", citation.get("container-title-short"), how)
    if how == "text:bibtex" and citation.get("type") not in (None, "article-journal"):
        part.put("type", citation["type"], how)


def _report_disagreements(part: Partial, citation: Record, how: str) -> None:
    fields = part.fields
    cited_title, title = citation.get("title"), fields.get("title")
    # A citation parsed short ("... mass balance since" + year 1977 taken from the
    # title's end) is the reference parser's misreading, not a disagreement.
    misread = bool(
        cited_title
        and title
        and _letters(title).startswith(_letters(cited_title))
        and _letters(title) != _letters(cited_title)
    )
    checks: list[tuple[str, Any, Any]] = [
        ("volume", citation.get("volume"), fields.get("volume")),
        ("issue", citation.get("issue"), fields.get("issue")),
        ("year", year_of(citation), year_of(fields)),
    ]
    warn = part.warnings.append
    for name, cited, stated in checks:
        if misread and name == "year" and str(cited) in str(title):
            continue
        if cited and stated and str(cited).lower() != str(stated).lower():
            warn(f"the {_LABEL[how]} gives {name} {cited} where the page gives {stated}; kept {stated}")
    if cited_title and title and _letters(cited_title) != _letters(title) and not misread:
        warn(f"the {_LABEL[how]} gives the title {cited_title!r} where the page gives {title!r}")
    cited_doi, doi = citation.get("DOI"), fields.get("DOI")
    if cited_doi and doi and cited_doi.lower() != doi.lower():
        warn(f"the {_LABEL[how]} gives DOI {cited_doi} where the page gives {doi}")
    cited_authors = citation.get("author") or []
    if cited_authors and part.authors and len(cited_authors) != len(part.authors):
        warn(f"the {_LABEL[how]} names {len(cited_authors)} authors where the byline names {len(part.authors)}")


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def spelled_out(lines: list[str], ranges: list[tuple[int, int]], short: str) -> str | None:
    """The journal's name in full as the page prints it on a line of its own, for the
    abbreviated name a citation gives ("Biomedical Materials," for "Biomed. Mater.": the
    words abbreviate one for one, :func:`citekit.formats.words.abbreviates`); ``None``
    unless the name is abbreviated and the page prints exactly one such name.
    """
    if not _abbreviated(short):
        return None
    wanted = re.findall(r"[^\W\d_]+", short.lower())
    found: dict[str, str] = {}
    for start, end in ranges:
        for index in range(start, end):
            line = lines[index].strip().rstrip(",.;:")
            if not line or len(line) > 120 or not line[0].isupper():
                continue
            words = re.findall(r"[^\W\d_]+", line.lower())
            if abbreviates(wanted, words):
                found.setdefault(" ".join(words), line)
    return next(iter(found.values())) if len(found) == 1 else None
