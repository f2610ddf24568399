"""One BibTeX/BibLaTeX entry (macros expanded) to a CSL-JSON record.

Knows both data models (``journal``/``journaltitle``, ``address``/``location``,
``year``+``month``/``date``, ``school``/``institution``, ``eprint``+``eprinttype``/
``archiveprefix``), decodes LaTeX into Unicode, and keeps every field it has no CSL
home for under ``custom.bibtex`` (as written, LaTeX and all) so export writes it back.
The original entry type is kept as ``custom.bibtex["@type"]``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from citekit.dates import MONTHS
from citekit.formats.bibtex_fields import CATALOGUE_NUMBERS, read_fields
from citekit.formats.bibtex_names import parse_names
from citekit.formats.latex import decode, protected_words
from citekit.formats.richtext import plain
from citekit.formats.types import CSL_FROM_MISC_TYPE, csl_type_from_bibtex
from citekit.record import Record, normalize, normalize_doi, normalize_pages

__all__ = ["record_from_entry", "verbatim"]

_ISSUE_TYPES = frozenset(
    {"article-journal", "article-magazine", "article-newspaper", "periodical", "review", "review-book"}
)
_CONTAINER_TYPES = frozenset({"chapter", "paper-conference", "entry-encyclopedia", "entry-dictionary", "entry"})
_GENRES = {
    "phdthesis": "PhD thesis",
    "mathesis": "Master's thesis",
    "mastersthesis": "Master's thesis",
    "candthesis": "Candidate thesis",
    "bathesis": "Bachelor's thesis",
    "techreport": "",
    "resreport": "Research report",
}
_DEFAULT_GENRE = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
# biblatex localisation keys that appear as field values.
_BIBLATEX_KEYS = {
    "newseries": "new series",
    "oldseries": "old series",
    "patent": "Patent",
    "patentde": "German patent",
    "patenteu": "European patent",
    "patentfr": "French patent",
    "patentuk": "British patent",
    "patentus": "U.S. patent",
    "patreq": "Patent request",
    "patreqde": "German patent request",
    "patreqeu": "European patent request",
    "patreqfr": "French patent request",
    "patrequk": "British patent request",
    "patrequs": "U.S. patent request",
}
_ORDINALS = {
    word: str(n)
    for n, words in enumerate(
        [
            "first 1st",
            "second 2nd",
            "third 3rd",
            "fourth 4th",
            "fifth 5th",
            "sixth 6th",
            "seventh 7th",
            "eighth 8th",
            "ninth 9th",
            "tenth 10th",
        ],
        start=1,
    )
    for word in words.split()
}
_ISO_DATE = re.compile(r"(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_VERBATIM_ESCAPES = re.compile(r"\\([_%#&~$])")
_ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}(v\d+)?|[a-z-]+(\.[A-Z]{2})?/\d{7}")
# Fields read as rich text: titles (of the work, its container, series and event) and the
# publishing body, where styles print italics, sub- and superscripts as written.
_RICH_FIELDS = frozenset(
    {
        "title", "subtitle", "shorttitle", "origtitle", "booktitle", "booksubtitle", "maintitle", "journal",
        "journaltitle", "journalsubtitle", "fjournal", "series", "eventtitle", "publisher", "school",
        "institution", "organization", "howpublished",
    }
)  # fmt: skip
_STATUS = re.compile(r"\b(in press|forthcoming|submitted|accepted|in preparation|to appear)\b", re.IGNORECASE)


def verbatim(value: str) -> str:
    """A URL or DOI field as written: ``\\url{}`` unwrapped, ``\\_`` and braces removed."""
    text = value.strip()
    match = re.fullmatch(r"\\(?:url|href|path|doi)\s*\{(.*)\}(?:\s*\{.*\})?", text, re.DOTALL)
    if match:
        text = match.group(1)
    text = _VERBATIM_ESCAPES.sub(r"\1", text)
    text = text.replace("{\\textasciitilde}", "~").replace("\\textasciitilde", "~").replace("{\\textunderscore}", "_")
    return "".join(text.replace("{", "").replace("}", "").split())


def _page(value: str) -> str:
    return normalize_pages(decode(re.sub(r"\\textendash\s*(?:\{\})?|\\textemdash\s*(?:\{\})?", "--", value)))


def _month(value: str) -> int | None:
    text = decode(value).strip().lower().rstrip(".")
    if text.isdigit():
        month = int(text)
        return month if 1 <= month <= 12 else None
    head = re.split(r"[\s/\-–,.]+", text)[0] if text else ""
    return MONTHS.get(head) or MONTHS.get(head[:3])


def _iso_date(value: str) -> dict[str, Any] | None:
    """A CSL date from a BibLaTeX ``date`` (ISO 8601 / EDTF, ranges with ``/``)."""
    text = decode(value).strip()
    parts: list[list[int]] = []
    for piece in text.split("/")[:2]:
        match = _ISO_DATE.match(piece.strip().strip("~?%"))
        if not match:
            continue
        numbers = [int(g) for g in match.groups() if g]
        if numbers[0] <= 0:
            numbers[0] -= 1  # ISO years are astronomical (-0347, 0000); CSL's -348 is 348 BC
        if len(numbers) > 1 and not 1 <= numbers[1] <= 12:
            numbers = numbers[:1]  # EDTF seasons (21-24) and junk: keep the year
        if len(numbers) > 2 and not 1 <= numbers[2] <= 31:
            numbers = numbers[:2]
        parts.append(numbers)
    if not parts:
        return {"literal": text} if text else None
    date: dict[str, Any] = {"date-parts": parts}
    if "~" in text or "?" in text:
        date["circa"] = True
    return date


def _issued(fields: Mapping[str, str], used: set[str], record: Record) -> None:
    if "date" in fields:
        used.add("date")
        date = _iso_date(fields["date"])
        if date and "date-parts" in date:
            first = date["date-parts"][0]
            if len(date["date-parts"]) == 1 and len(first) == 1 and "month" in fields:
                month = _month(fields["month"])  # date = {1998}, month = may
                if month:
                    first.append(month)
            if str(first[0]) == re.sub(r"\D", "", decode(fields.get("year", ""))) or "year" not in fields:
                used.update({"year", "month"} & set(fields))  # the same date twice: not kept apart
            record["issued"] = date
            return
    year_text = decode(fields.get("year", "")).strip()
    if not year_text:
        return
    used.add("year")
    span = re.fullmatch(r"(\d{3,4})\s*(?:-{1,3}|[\u2013\u2014/])\s*(\d{3,4})", year_text)
    if span and "month" not in fields:
        used.add("year")
        record["issued"] = {"date-parts": [[int(span.group(1))], [int(span.group(2))]]}  # "1984--1986"
        return
    match = re.search(r"-?\d{1,4}", year_text)
    if not match:
        status = _STATUS.search(year_text)
        if status:
            record["status"] = status.group(1).lower()
        else:
            record["issued"] = {"literal": year_text}
        return
    parts = [int(match.group())]
    if "month" in fields:
        month = _month(fields["month"])
        if month:
            used.add("month")
            parts.append(month)
            day_text = decode(fields.get("day", "")).strip()
            if day_text.isdigit() and 1 <= int(day_text) <= 31:
                used.add("day")
                parts.append(int(day_text))
    record["issued"] = {"date-parts": [parts]}


def _join_title(title: str, subtitle: str) -> str:
    if not subtitle:
        return title
    if not title:
        return subtitle
    return f"{title} {subtitle}" if plain(title)[-1:] in (":", "?", "!", ".", ";") else f"{title}: {subtitle}"


class _Entry:
    """One entry's fields, which of them a CSL variable took, and what goes under ``custom``."""

    __slots__ = ("custom", "etype", "fields", "others", "used")

    def __init__(self, etype: str, fields: Mapping[str, str]) -> None:
        self.etype = etype
        self.fields = fields
        self.used: set[str] = set()
        self.custom: dict[str, Any] = {}
        self.others: list[str] = []  # name lists that ended in "and others"

    def text(self, name: str, *, paragraphs: bool = False) -> str:
        """The field decoded (marked used), ``""`` when absent: titles and names of works
        and bodies as rich text (italics, bold ... as CSL markup), the others plain."""
        value = self.fields.get(name)
        if value is None:
            return ""
        self.used.add(name)
        return decode(value, paragraphs=paragraphs, rich=name in _RICH_FIELDS)


def _title(entry: _Entry, record: Record) -> None:
    title = _join_title(entry.text("title"), entry.text("subtitle"))
    if record["type"] == "periodical" and not title:
        title = entry.text("journaltitle") or entry.text("journal")
    if title:
        record["title"] = title
        # Words the input braced to keep their capitals ({Brandenburg}), for the exports.
        nocase = protected_words(entry.fields.get("title") or "")
        if nocase:
            entry.custom["nocase"] = nocase


def _names(entry: _Entry, record: Record) -> None:
    for row in read_fields("name"):
        if row.field in entry.fields:
            entry.used.add(row.field)
            names, truncated = parse_names(entry.fields[row.field])
            if names:
                record[row.variable] = names
            if truncated:
                entry.others.append(row.variable)


def _container(entry: _Entry, record: Record) -> None:
    fields, ctype = entry.fields, record["type"]
    journal = entry.text("journaltitle") or entry.text("journal")
    full = entry.text("fjournal")  # MathSciNet: journal is the abbreviation, fjournal the name
    if full and journal and journal != full:
        record["container-title-short"] = journal
    container = _join_title(full or journal, entry.text("journalsubtitle"))
    if "booktitle" in fields and (ctype in _CONTAINER_TYPES or not container) and ctype not in ("book", "collection"):
        container = _join_title(entry.text("booktitle"), entry.text("booksubtitle"))
    if not container and "howpublished" in fields:
        published = fields["howpublished"]
        if re.search(r"\\url|https?://", published):
            record.setdefault(
                "URL", verbatim(re.sub(r"^.*?(\\url\{.*\}|https?://\S+).*$", r"\1", published, flags=re.DOTALL))
            )
        else:
            container = decode(published, rich=True)
        entry.used.add("howpublished")
    if container:
        record["container-title"] = container
    if not record.get("event-title") and ctype == "paper-conference" and "eventtitle" in fields:
        record["event-title"] = entry.text("eventtitle")
    if ctype == "paper-conference" and "address" in fields and "location" in fields and "venue" not in fields:
        # ACM and others: address is the publisher's city, location the conference's.
        record["event-place"] = entry.text("location")


def _texts(entry: _Entry, record: Record) -> None:
    for row in read_fields("text"):
        if row.field in entry.fields and row.variable not in record:
            value = entry.text(row.field)
            if value:
                record[row.variable] = _BIBLATEX_KEYS.get(value, value) if row.field == "series" else value
    if isinstance(record.get("edition"), str):
        # "Second" / "2nd" / "2." -> "2": CSL styles write the ordinal in their language.
        word = record["edition"].strip().rstrip(".").lower().removesuffix(" edition").removesuffix(" ed")
        record["edition"] = _ORDINALS.get(word, word if word.isdigit() else record["edition"])


def _genre(entry: _Entry, record: Record) -> None:
    genre = entry.fields.get("type")
    if genre is not None:
        entry.used.add("type")
        hinted = CSL_FROM_MISC_TYPE.get(decode(genre).strip().lower()) if entry.etype == "misc" else None
        mapped = _GENRES.get(decode(genre).lower().replace(" ", ""), _BIBLATEX_KEYS.get(decode(genre), decode(genre)))
        if hinted:
            record["type"] = hinted  # @misc{..., type = {Dataset}}: what the entry really is
        elif mapped:
            record["genre"] = mapped
    elif entry.etype in _DEFAULT_GENRE:
        record["genre"] = _DEFAULT_GENRE[entry.etype]


def _numbers(entry: _Entry, record: Record) -> None:
    fields, ctype = entry.fields, record["type"]
    if "number" in fields:
        number = entry.text("number")
        if ctype in _ISSUE_TYPES:
            record["issue"] = number
        elif ctype in ("book", "collection") and record.get("collection-title"):
            record["collection-number"] = number
        else:
            record["number"] = number
    if "issue" in fields and "issue" not in record:
        record["issue"] = entry.text("issue")
    if "eid" in fields and "number" not in record:
        record["number"] = entry.text("eid")
    if "pages" in fields:
        entry.used.add("pages")
        record["page"] = _page(fields["pages"])
    for row in read_fields("publisher"):
        if row.field in fields:
            record["publisher"] = entry.text(row.field)
            break


def _dates(entry: _Entry, record: Record) -> None:
    _issued(entry.fields, entry.used, record)
    for row in read_fields("date"):
        if row.field in entry.fields:
            entry.used.add(row.field)
            date = _iso_date(entry.fields[row.field])
            if date:
                record[row.variable] = date


def _links(entry: _Entry, record: Record) -> None:
    fields = entry.fields
    if "doi" in fields:
        entry.used.add("doi")
        doi = normalize_doi(verbatim(fields["doi"]))
        if doi:
            record["DOI"] = doi
    if "url" in fields:
        entry.used.add("url")
        record["URL"] = verbatim(fields["url"])
    if "DOI" not in record and re.match(r"https?://(dx\.)?doi\.org/", str(record.get("URL", "")), re.IGNORECASE):
        doi = normalize_doi(str(record["URL"]))
        if doi:
            record["DOI"] = doi
    for row in read_fields("paragraphs"):
        if row.field in fields:
            record[row.variable] = entry.text(row.field, paragraphs=True)


def _eprint(entry: _Entry, record: Record) -> None:
    fields = entry.fields
    eprint = fields.get("eprint")
    archive = decode(fields.get("eprinttype") or fields.get("archiveprefix") or "").lower()
    if eprint and (archive == "arxiv" or (not archive and _ARXIV_ID.fullmatch(eprint.strip()))):
        entry.custom.setdefault("identifiers", {})["arXiv"] = verbatim(eprint)
        entry.used.update({"eprint", "eprinttype", "archiveprefix"})
    elif eprint and archive == "pubmed" and "PMID" not in record:
        record["PMID"] = verbatim(eprint)
        entry.used.update({"eprint", "eprinttype"})


def _catalogue(entry: _Entry, record: Record) -> None:
    for key, names in CATALOGUE_NUMBERS:
        for name in names:
            value = " ".join(verbatim(entry.fields.get(name) or "").split())
            if value:
                entry.custom.setdefault("identifiers", {})[key] = value
                entry.used.add(name)
                break


def _kept(entry: _Entry) -> dict[str, str]:
    """The fields no CSL variable took, as written, with the entry type and truncations."""
    kept = {name: value for name, value in entry.fields.items() if name not in entry.used}
    for link in ("crossref", "xdata"):
        if link in kept:
            # The parent's fields are merged in already; written back, the link would
            # make the next import inherit them twice.
            kept["@" + link] = kept.pop(link)
    kept["@type"] = entry.etype
    if entry.others:
        kept["@others"] = ",".join(entry.others)
    return kept


# The reading steps, in the order the record lists what they find.
_STEPS = (_title, _names, _container, _texts, _genre, _numbers, _dates, _links, _eprint, _catalogue)


def record_from_entry(entry_type: str, key: str, fields: Mapping[str, str]) -> Record:
    """A CSL-JSON record from one entry.

    :param entry_type: the entry type as written (``Article``, ``inproceedings``...).
    :param key: the citation key (kept as ``citation-key``).
    :param fields: lowercase field name -> value with macros expanded and outer
        delimiters removed (still LaTeX).
    :returns: a normalised record; unknown fields under ``custom.bibtex``.
    """
    etype = entry_type.strip().lower()
    record: Record = {"type": csl_type_from_bibtex(etype)}
    entry = _Entry(etype, fields)
    for step in _STEPS:
        step(entry, record)
    entry.custom["bibtex"] = _kept(entry)
    if key:
        record["citation-key"] = key
    record["custom"] = entry.custom
    return normalize(record, default_type="document")
