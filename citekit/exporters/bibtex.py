"""BibTeX and BibLaTeX export through bibtexparser v2.

Each record becomes one entry: the entry type from :mod:`citekit.formats.types`, a
stable unique key (:mod:`citekit.exporters.keys`), LaTeX-escaped values with
protected capitals in titles (:mod:`citekit.formats.latex`), ``and``-joined names,
page ranges with ``--``, month macros (``month = jan``), and the fields an import kept
under ``custom.bibtex`` written back unchanged. BibTeX output is pure ASCII LaTeX;
BibLaTeX output keeps UTF-8 (biber reads it) and uses the biblatex field names
(``journaltitle``, ``location``, ``date``, ``urldate``, ``eprinttype``).

Entries are built as bibtexparser ``Entry``/``Field`` blocks with their values already
enclosed, and written with an empty unparse stack: bibtexparser's default stack
deep-copies every block first, which dominates the time on large harvests.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from citekit.errors import ExportError
from citekit.exporters.keys import KeyMaker
from citekit.formats.bibtex_names import format_names
from citekit.formats.latex import encode, encode_title
from citekit.formats.types import MISC_TYPE_HINTS, bibtex_type, csl_type_from_bibtex, is_masters
from citekit.record import Record, normalize_doi

__all__ = ["MONTH_MACROS", "dumps", "dumps_biblatex", "entry_fields", "format_pages"]

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_CLASSIC_TYPES = frozenset(
    [
        "article",
        "book",
        "booklet",
        "conference",
        "inbook",
        "incollection",
        "inproceedings",
        "manual",
        "mastersthesis",
        "misc",
        "patent",
        "phdthesis",
        "proceedings",
        "techreport",
        "unpublished",
    ]
)
_RANGE_DASH = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2212]+\s*")
_CONTAINER_FIELD = {
    "article": "journal",
    "inproceedings": "booktitle",
    "conference": "booktitle",
    "suppbook": "booktitle",
    "suppcollection": "booktitle",
    "bookinbook": "booktitle",
    "incollection": "booktitle",
    "inbook": "booktitle",
    "inreference": "booktitle",
    "review": "journal",
    "periodical": "title",
}
_PUBLISHER_FIELD = {
    "phdthesis": "school",
    "mastersthesis": "school",
    "thesis": "institution",
    "techreport": "institution",
    "report": "institution",
    "standard": "organization",
    "online": "organization",
}
# The `type` a BibTeX/BibLaTeX entry type implies, so it is not written twice.
_DEFAULT_GENRE = {
    "phdthesis": {"phd thesis", "phdthesis", "ph.d. thesis", "doctoral thesis", "dissertation"},
    "mastersthesis": {"master's thesis", "masters thesis", "mastersthesis", "mathesis"},
    "techreport": {"technical report", "techreport", "tech. rep."},
}
_BIBLATEX_GENRE = {"thesis": "phdthesis", "report": "techreport"}


def format_pages(page: str) -> str:
    """``"538-544"`` → ``"538--544"`` (any dash between two page numbers becomes ``--``)."""
    return (
        _RANGE_DASH.sub("--", page.strip())
        if any(c in page for c in "-\u2010\u2011\u2012\u2013\u2014\u2212")
        else page.strip()
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


_ENGLISH = re.compile(r"^(en\b|en[-_]|eng|english|american|british|canadian|australian|newzealand)", re.IGNORECASE)


def _english(language: str) -> bool:
    """True for English or an unknown language (the common case: no protection needed)."""
    return not language or bool(_ENGLISH.match(language.strip()))


def _braced(value: str) -> str:
    return "{" + value + "}"


def _balanced(value: str) -> bool:
    depth = 0
    escaped = False
    for c in value:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _date_parts(value: Any) -> list[list[int]]:
    """Date parts of a CSL date as ints (empty when there is no usable year)."""
    if isinstance(value, Mapping):
        out: list[list[int]] = []
        for parts in value.get("date-parts") or ():
            try:
                ints = [int(p) for p in parts if str(p).strip() != ""]
            except (TypeError, ValueError):
                continue
            if ints:
                out.append(ints[:3])
        if out:
            return out
        text = value.get("raw") or value.get("literal")
    else:
        text = value
    if isinstance(text, str):
        from citekit.dates import parse_date

        found = parse_date(text)
        return [found] if found else []
    return []


def _iso(parts: list[int]) -> str:
    return "-".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:3]])


def _text(record: Mapping[str, Any], key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip()


def entry_fields(record: Mapping[str, Any], *, biblatex: bool = False) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and fields for one record, values enclosed and escaped.

    :param record: a CSL-JSON item.
    :param biblatex: use the BibLaTeX data model and keep UTF-8.
    :returns: ``(entry_type, [(field, value), ...])`` in a conventional field order.
    """
    uni = biblatex
    ctype = str(record.get("type") or "")
    genre = _text(record, "genre")
    etype = bibtex_type(ctype, genre, biblatex=biblatex)
    custom = _mapping(record.get("custom"))
    kept = _mapping(custom.get("bibtex"))
    original = str(kept.get("@type") or "").lower()
    if original and csl_type_from_bibtex(original) == ctype and (biblatex or original in _CLASSIC_TYPES):
        etype = original  # an imported @mastersthesis or @conference stays what it was
    truncated = set(str(kept.get("@others") or "").split(","))
    fields: list[tuple[str, str]] = []

    def put(name: str, text: str, *, title: bool = False) -> None:
        if text:
            fields.append((name, _braced(encode_title(text, unicode=uni) if title else encode(text, unicode=uni))))

    for role, name in (("author", "author"), ("editor", "editor"), ("translator", "translator")):
        names = record.get(role)
        if isinstance(names, list) and names:
            fields.append((name, _braced(format_names(names, unicode=uni, others=role in truncated))))
    if isinstance(record.get("container-author"), list):
        fields.append(
            (
                "bookauthor",
                _braced(format_names(record["container-author"], unicode=uni, others="container-author" in truncated)),
            )
        )

    title = _text(record, "title")
    container = _text(record, "container-title")
    container_field = _CONTAINER_FIELD.get(etype, "howpublished")
    if biblatex and container_field == "journal":
        container_field = "journaltitle"
    if etype == "periodical":
        title, container = title or container, ""
    if title and not _english(_text(record, "language")):
        # BibTeX styles lowercase titles by English rules; a German or French title
        # must keep its capitals, so it is protected whole (biblatex uses langid).
        fields.append(("title", "{{" + encode(title, unicode=uni) + "}}"))
    else:
        put("title", title, title=True)
    if not container and etype == "inproceedings":
        container = _text(record, "event-title")
    if container:
        put(container_field, container, title=container_field == "booktitle")
    if container_field in ("journal", "journaltitle"):
        put("shortjournal", _text(record, "container-title-short"))
    event = _text(record, "event-title")
    put("eventtitle", event if event != container else "")
    put("venue", _text(record, "event-place"))
    put("series", _text(record, "collection-title"))
    put("edition", _text(record, "edition"))
    put("volume", _text(record, "volume"))
    issue, number = _text(record, "issue"), _text(record, "number")
    if issue:
        put("number", issue)
    if number and container_field in ("journal", "journaltitle"):
        put("eid", number)  # an article number, not the issue
    elif number and not issue:
        put("number", number)
    elif number:
        put("eid", number)
    elif _text(record, "collection-number"):
        put("number", _text(record, "collection-number"))
    page = _text(record, "page")
    if page:
        fields.append(("pages", _braced(format_pages(encode(page, unicode=uni)))))
    put("chapter", _text(record, "chapter-number"))
    put("volumes", _text(record, "number-of-volumes"))
    put("pagetotal", _text(record, "number-of-pages"))
    put(_PUBLISHER_FIELD.get(etype, "publisher"), _text(record, "publisher"))
    put("location" if biblatex else "address", _text(record, "publisher-place"))
    if biblatex and etype in _BIBLATEX_GENRE:
        # biblatex localises its own keys (phdthesis, mathesis, techreport ...).
        key = _BIBLATEX_GENRE[etype]
        if genre and etype == "thesis":
            key = (
                "mathesis"
                if is_masters(genre)
                else "phdthesis"
                if re.search(r"ph\.?\s?d|doctor", genre, re.IGNORECASE)
                else ""
            )
        elif genre:
            key = "techreport" if genre.lower() in _DEFAULT_GENRE["techreport"] else ""
        put("type", key or genre)
    elif genre and genre.lower() not in _DEFAULT_GENRE.get(etype, set()):
        put("type", genre)
    elif etype == "misc" and ctype in MISC_TYPE_HINTS:
        put("type", MISC_TYPE_HINTS[ctype])

    dates = _date_parts(record.get("issued"))
    if dates:
        if biblatex:
            fields.append(("date", _braced("/".join(_iso(p) for p in dates[:2]))))
        else:
            years = (
                str(dates[0][0]) if len(dates) < 2 or dates[1][0] == dates[0][0] else f"{dates[0][0]}--{dates[1][0]}"
            )
            fields.append(("year", _braced(years)))
            if len(dates[0]) > 1 and 1 <= dates[0][1] <= 12:
                fields.append(("month", MONTH_MACROS[dates[0][1] - 1]))
                if len(dates[0]) > 2:
                    fields.append(("day", _braced(str(dates[0][2]))))  # ignored by .bst styles, kept by readers
    elif _text(record, "issued") and not isinstance(record.get("issued"), Mapping):
        put("year", _text(record, "issued"))
    for csl_name, bib_name in (("original-date", "origdate"), ("accessed", "urldate"), ("event-date", "eventdate")):
        parts = _date_parts(record.get(csl_name))
        if parts:
            fields.append((bib_name, _braced("/".join(_iso(p) for p in parts[:2]))))

    put("isbn", _text(record, "ISBN"))
    put("issn", _text(record, "ISSN"))
    doi = normalize_doi(_text(record, "DOI"))
    if doi:
        fields.append(("doi", _braced(_verbatim(doi))))
    url = _text(record, "URL")
    if url:
        fields.append(("url", _braced(_verbatim(url))))
    identifiers = _mapping(custom.get("identifiers"))
    arxiv = identifiers.get("arXiv") or identifiers.get("arxiv")
    if arxiv:
        fields.append(("eprint", _braced(_verbatim(str(arxiv)))))
        fields.append(("eprinttype", "{arxiv}") if biblatex else ("archiveprefix", "{arXiv}"))
    put("pmid", _text(record, "PMID") or str(identifiers.get("PMID") or ""))
    put("pmcid", _text(record, "PMCID") or str(identifiers.get("PMCID") or ""))
    if not _text(record, "ISBN"):
        put("isbn", str(identifiers.get("ISBN") or ""))
    put("langid" if biblatex else "language", _text(record, "language"))
    put("keywords", _text(record, "keyword"))
    put("abstract", _text(record, "abstract"))
    put("note", _text(record, "note"))
    put("annotation" if biblatex else "annote", _text(record, "annote"))
    put("shorttitle", _text(record, "title-short"))
    put("origtitle", _text(record, "original-title"))
    put("version", _text(record, "version"))
    put("callnumber", _text(record, "call-number"))

    if kept:
        written = {name for name, _ in fields}
        for name, value in kept.items():
            key = str(name).lower()
            if (
                key not in written
                and isinstance(value, str)
                and value
                and _balanced(value)
                and re.fullmatch(r"[A-Za-z][\w:.+-]*", key)
            ):
                fields.append((key, _braced(value)))
                written.add(key)
    return etype, fields


def _verbatim(value: str) -> str:
    # URLs and DOIs are written as they are (url/doi fields are verbatim in biblatex and
    # hyperref); only braces, which would unbalance the entry, are percent-encoded.
    return value.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def _dumps(records: Sequence[Record], *, biblatex: bool, keys: KeyMaker | None = None) -> str:
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.model import Block, Entry, Field
    from bibtexparser.writer import BibtexFormat

    keys = KeyMaker() if keys is None else keys
    entries: list[Block] = []
    for index, record in enumerate(records):
        if not isinstance(record, Mapping):
            raise ExportError(f"record {index + 1} is not a CSL-JSON object ({type(record).__name__})")
        etype, fields = entry_fields(record, biblatex=biblatex)
        entries.append(Entry(etype, keys.key_for(record), [Field(name, value) for name, value in fields]))
    if not entries:
        return ""
    library = Library(entries)
    layout = BibtexFormat()  # type: ignore[no-untyped-call]
    layout.indent = "  "
    layout.block_separator = "\n"
    text: str = write_string(library, unparse_stack=[], bibtex_format=layout)
    return text


def dumps(records: Sequence[Record], *, keys: KeyMaker | None = None) -> str:
    """Records as a BibTeX file (ASCII LaTeX; ``@article``, ``@inproceedings`` ...).

    :param records: CSL-JSON items.
    :param keys: the citation keys already given out, to write a large file in parts
        whose keys stay unique across all of them; a fresh set by default.
    :returns: the .bib text, one entry per record with unique keys.
    :raises ExportError: a record is not a mapping.
    """
    return _dumps(records, biblatex=False, keys=keys)


def dumps_biblatex(records: Sequence[Record], *, keys: KeyMaker | None = None) -> str:
    """Records as a BibLaTeX file (UTF-8; ``journaltitle``, ``date``, ``@online`` ...).

    :param records: CSL-JSON items.
    :param keys: as for :func:`dumps`.
    :returns: the .bib text, one entry per record with unique keys.
    :raises ExportError: a record is not a mapping.
    """
    return _dumps(records, biblatex=True, keys=keys)
