"""BibTeX and BibLaTeX export through bibtexparser v2.

Each record becomes one entry: the entry type from :mod:`citekit.formats.types`, a
stable unique key (:mod:`citekit.exporters.keys`), LaTeX-escaped values with
protected capitals in titles (:mod:`citekit.formats.latex`), rich-text markup as LaTeX
(``<i>`` → ``\\textit{}``, ``<sub>`` → ``\\textsubscript{}``, nocase → braces), ``and``-joined names,
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
from citekit.formats.bibtex_fields import CATALOGUE_NUMBERS, read_fields, written_fields
from citekit.formats.bibtex_names import format_names
from citekit.formats.latex import balance, encode, encode_rich, encode_title
from citekit.formats.types import CLASSIC_BIBTEX_TYPES, MISC_TYPE_HINTS, bibtex_type, csl_type_from_bibtex, is_masters
from citekit.record import Record, normalize_doi

__all__ = ["MONTH_MACROS", "dumps", "dumps_biblatex", "entry_fields", "format_pages"]

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
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
    """ISO 8601 as biblatex reads it: a CSL year before the common era (-348, i.e. 348 BC)
    in astronomical numbering, with a year 0 (-0347), four digits after the sign."""
    year = parts[0]
    head = f"-{abs(year + 1):04d}" if year < 0 else f"{year:04d}"
    return "-".join([head] + [f"{p:02d}" for p in parts[1:3]])


def _text(record: Mapping[str, Any], key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if value.__class__ is str:  # the usual case, first: this runs for every field of every record
        return value.strip()
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip()


class _Out:
    """The fields of one entry as they are written, values enclosed and escaped."""

    __slots__ = ("fields", "names", "uni")

    def __init__(self, *, biblatex: bool, entry_type: str) -> None:
        self.fields: list[tuple[str, str]] = []
        self.uni = biblatex  # BibLaTeX keeps UTF-8
        self.names = written_fields("biblatex" if biblatex else "bibtex", entry_type)

    def put(self, name: str, text: str, *, title: bool = False, keep: frozenset[str] = frozenset()) -> None:
        """Add ``name = {text}``, LaTeX-escaped (capitals protected in a title, and the
        words in ``keep``); nothing if empty."""
        if text:
            if title:
                value = encode_title(text, unicode=self.uni, keep=keep)
            else:
                value = encode_rich(text, unicode=self.uni) if "<" in text else encode(text, unicode=self.uni)
            self.fields.append((name, _braced(value)))

    def put_variables(self, record: Mapping[str, Any], variables: tuple[str, ...]) -> None:
        """Add each of the record's ``variables`` that has a value, under the field the table names for it."""
        names, fields, uni = self.names, self.fields, self.uni
        for variable in variables:
            text = _text(record, variable)
            if text:
                value = encode_rich(text, unicode=uni) if "<" in text else encode(text, unicode=uni)
                fields.append((names[variable], _braced(value)))

    def raw(self, name: str, value: str) -> None:
        """Add a field whose value is already enclosed."""
        self.fields.append((name, value))


def _entry_type(ctype: str, genre: str, kept: Mapping[str, Any], biblatex: bool) -> str:
    etype = bibtex_type(ctype, genre, biblatex=biblatex)
    original = str(kept.get("@type") or "").lower()
    if original and csl_type_from_bibtex(original) == ctype and (biblatex or original in CLASSIC_BIBTEX_TYPES):
        etype = original  # an imported @mastersthesis or @conference stays what it was
    return etype


_NAME_FIELDS = read_fields("name")


def _names(out: _Out, record: Mapping[str, Any], kept: Mapping[str, Any]) -> None:
    truncated = set(str(kept.get("@others") or "").split(","))
    for row in _NAME_FIELDS:
        names = record.get(row.variable)
        # An empty bookauthor list is written too (as it always was); the others are not.
        if isinstance(names, list) and (names or row.variable == "container-author"):
            others = row.variable in truncated
            out.raw(row.field, _braced(format_names(names, unicode=out.uni, others=others)))


def _titles(out: _Out, record: Mapping[str, Any], etype: str) -> tuple[str, str]:
    """Write title, container and journal abbreviation; returns the container's field and text."""
    nocase = _mapping(record.get("custom")).get("nocase")
    keep = frozenset(str(w) for w in nocase) if isinstance(nocase, list) else frozenset()
    title = _text(record, "title")
    container = _text(record, "container-title")
    container_field = _CONTAINER_FIELD.get(etype, "howpublished")
    if out.uni and container_field == "journal":
        container_field = "journaltitle"
    if etype == "periodical":
        title, container = title or container, ""
    if title and not _english(_text(record, "language")):
        # BibTeX styles lowercase titles by English rules; a German or French title
        # must keep its capitals, so it is protected whole (biblatex uses langid).
        out.raw("title", "{{" + encode_rich(title, unicode=out.uni) + "}}")
    else:
        out.put("title", title, title=True, keep=keep)
    if not container and etype == "inproceedings":
        container = _text(record, "event-title")
    if container:
        out.put(container_field, container, title=container_field == "booktitle")
    if container_field in ("journal", "journaltitle"):
        out.put_variables(record, ("container-title-short",))
    return container_field, container


def _numbers(out: _Out, record: Mapping[str, Any], container_field: str, container: str) -> None:
    event = _text(record, "event-title")
    out.put(out.names["event-title"], event if event != container else "")
    out.put_variables(record, ("event-place", "collection-title", "edition", "volume"))
    issue, number, page = _text(record, "issue"), _text(record, "number"), _text(record, "page")
    if issue:
        out.put("number", issue)
    if number and container_field in ("journal", "journaltitle") and not page:
        # An article number (e0123456) stands where the pages go: plain.bst and pandoc
        # print pages and ignore eid.
        page = number
    elif number and container_field in ("journal", "journaltitle"):
        out.put("eid", number)  # an article number, not the issue
    elif number and not issue:
        out.put("number", number)
    elif number:
        out.put("eid", number)
    elif _text(record, "collection-number"):
        out.put("number", _text(record, "collection-number"))
    if page:
        out.raw("pages", _braced(format_pages(encode(page, unicode=out.uni))))
    out.put_variables(
        record, ("chapter-number", "number-of-volumes", "number-of-pages", "publisher", "publisher-place")
    )


def _biblatex_genre(etype: str, genre: str) -> str:
    """The biblatex key for a thesis or report genre (biblatex localises phdthesis, mathesis ...)."""
    if genre and etype == "thesis":
        if is_masters(genre):
            return "mathesis"
        return "phdthesis" if re.search(r"ph\.?\s?d|doctor", genre, re.IGNORECASE) else ""
    if genre:
        return "techreport" if genre.lower() in _DEFAULT_GENRE["techreport"] else ""
    return _BIBLATEX_GENRE[etype]


def _genre(out: _Out, etype: str, ctype: str, genre: str) -> None:
    if out.uni and etype in _BIBLATEX_GENRE:
        out.put("type", _biblatex_genre(etype, genre) or genre)
    elif genre and genre.lower() not in _DEFAULT_GENRE.get(etype, set()):
        out.put("type", genre)
    elif etype == "misc" and ctype in MISC_TYPE_HINTS:
        out.put("type", MISC_TYPE_HINTS[ctype])


def _dates(out: _Out, record: Mapping[str, Any]) -> None:
    dates = _date_parts(record.get("issued"))
    if dates and out.uni:
        out.raw("date", _braced("/".join(_iso(p) for p in dates[:2])))
    elif dates:
        first = dates[0]
        years = str(first[0]) if len(dates) < 2 or dates[1][0] == first[0] else f"{first[0]}--{dates[1][0]}"
        out.raw("year", _braced(years))
        if len(first) > 1 and 1 <= first[1] <= 12:
            out.raw("month", MONTH_MACROS[first[1] - 1])
            if len(first) > 2:
                out.raw("day", _braced(str(first[2])))  # ignored by .bst styles, kept by readers
    elif _text(record, "issued") and not isinstance(record.get("issued"), Mapping):
        out.put("year", _text(record, "issued"))
    for variable in ("original-date", "accessed", "event-date"):
        parts = _date_parts(record.get(variable))
        if parts:
            out.raw(out.names[variable], _braced("/".join(_iso(p) for p in parts[:2])))


def _identifiers(out: _Out, record: Mapping[str, Any], custom: Mapping[str, Any]) -> None:
    out.put_variables(record, ("ISBN", "ISSN"))
    doi = normalize_doi(_text(record, "DOI"))
    if doi:
        out.raw("doi", _braced(_verbatim(doi)))
    url = _text(record, "URL")
    if url:
        out.raw("url", _braced(_verbatim(url)))
    identifiers = _mapping(custom.get("identifiers"))
    arxiv = identifiers.get("arXiv") or identifiers.get("arxiv")
    if arxiv:
        out.raw("eprint", _braced(_verbatim(str(arxiv))))
        if out.uni:
            out.raw("eprinttype", "{arxiv}")
        else:
            out.raw("archiveprefix", "{arXiv}")
    # Identifiers a reader kept under custom stand in for the record's own.
    out.put(out.names["PMID"], _text(record, "PMID") or str(identifiers.get("PMID") or ""))
    out.put(out.names["PMCID"], _text(record, "PMCID") or str(identifiers.get("PMCID") or ""))
    if not _text(record, "ISBN"):
        out.put(out.names["ISBN"], str(identifiers.get("ISBN") or ""))
    for key, names in CATALOGUE_NUMBERS:
        if identifiers.get(key):
            out.raw(names[0], _braced(_verbatim(str(identifiers[key]))))


_NOTES = (
    "language",
    "keyword",
    "abstract",
    "note",
    "annote",
    "title-short",
    "original-title",
    "version",
    "call-number",
    "license",
)


def _kept(out: _Out, kept: Mapping[str, Any]) -> None:
    """Write back the fields an import kept, unless written already or unsafe to write.
    A name with a period (``dc.date``) is left out: pandoc rejects the whole file over it."""
    written = {name for name, _ in out.fields}
    for name, value in kept.items():
        key = str(name).lower()
        if key not in written and isinstance(value, str) and value and re.fullmatch(r"[A-Za-z][\w:+-]*", key):
            out.raw(key, _braced(value))
            written.add(key)


def entry_fields(record: Mapping[str, Any], *, biblatex: bool = False) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and fields for one record, values enclosed and escaped.

    :param record: a CSL-JSON item.
    :param biblatex: use the BibLaTeX data model and keep UTF-8.
    :returns: ``(entry_type, [(field, value), ...])`` in a conventional field order.
    """
    record = _one_url(record)
    ctype = str(record.get("type") or "")
    genre = _text(record, "genre")
    custom = _mapping(record.get("custom"))
    kept = _mapping(custom.get("bibtex"))
    etype = _entry_type(ctype, genre, kept, biblatex)
    out = _Out(biblatex=biblatex, entry_type=etype)
    _names(out, record, kept)
    container_field, container = _titles(out, record, etype)
    _numbers(out, record, container_field, container)
    _genre(out, etype, ctype, genre)
    _dates(out, record)
    _identifiers(out, record, custom)
    out.put_variables(record, _NOTES)
    if kept:
        _kept(out, kept)
    return etype, [(name, _enclosed(value)) for name, value in out.fields]


def _one_url(record: Mapping[str, Any]) -> Mapping[str, Any]:
    """Two URLs in one (``https://a https://b``) would be written as one broken link: the
    first is the url, the others go to the note."""
    url = record.get("URL")
    parts = url.split() if isinstance(url, str) else []
    if len(parts) < 2 or not all(re.match(r"[A-Za-z][A-Za-z0-9+.-]*://\S", p) for p in parts):
        return record
    first, *others = parts
    note = "; ".join([_text(record, "note"), *others]).strip("; ")
    return {**record, "URL": first, "note": note}


def _enclosed(value: str) -> str:
    # One unbalanced field makes biber drop the whole file: no brace leaves unpaired.
    if value.startswith("{") and value.endswith("}"):
        return "{" + balance(value[1:-1]) + "}"
    return value


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
