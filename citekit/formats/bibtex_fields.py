"""BibTeX and BibLaTeX fields: what each means in CSL, one table read by the BibTeX
reader and the BibTeX writer.

The two data models name many things differently (``address``/``location``,
``annote``/``annotation``, ``language``/``langid``) and exporters add their own aliases
(``numpages``, ``journal-abbrev``, ``call-number``). :data:`FIELDS` has one row per field:
the CSL variable it holds, the shape of its value (:data:`Kind`), and the data model(s)
whose writer emits it; a field no writer emits is only read. Rows are in the order an
imported record lists its variables; for one variable, the reader prefers the earlier
row. Fields whose meaning depends on other fields (``title``/``subtitle``, ``journal``/
``booktitle``/``howpublished``, ``number``/``issue``/``eid``, ``year``/``month``/``date``,
``type``, ``doi``/``url``/``eprint``) are read and written by code, not through this table;
the entry types are in :mod:`citekit.formats.types`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

__all__ = ["CATALOGUE_NUMBERS", "FIELDS", "BibField", "Kind", "Model", "read_fields", "written_fields"]

Kind = Literal["text", "name", "date", "paragraphs", "publisher"]
"""How a field's value is read and written: ``text``, LaTeX decoded to one line;
``name``, an ``and``-separated name list; ``date``, an ISO 8601 / EDTF date (ranges with
``/``); ``paragraphs``, text whose paragraph breaks are kept; ``publisher``, the body
that published the work, written under the field the entry type expects."""
Model = Literal["bibtex", "biblatex"]


@dataclass(frozen=True, slots=True)
class BibField:
    """One BibTeX/BibLaTeX field and the CSL variable it holds."""

    field: str
    variable: str
    kind: Kind = "text"
    write: Model | Literal["both"] | None = "both"
    """The data model(s) whose writer emits this field (``None``: only read)."""
    entry_types: frozenset[str] = frozenset()
    """For ``publisher`` rows: the entry types the writer uses this field for (empty: the others)."""


FIELDS: tuple[BibField, ...] = (
    BibField("author", "author", "name"),
    BibField("editor", "editor", "name"),
    BibField("translator", "translator", "name"),
    BibField("bookauthor", "container-author", "name"),
    BibField("shorttitle", "title-short"),
    BibField("note", "note"),
    BibField("annote", "annote", write="bibtex"),
    BibField("annotation", "annote", write="biblatex"),
    BibField("edition", "edition"),
    BibField("series", "collection-title"),
    BibField("chapter", "chapter-number"),
    BibField("volume", "volume"),
    BibField("volumes", "number-of-volumes"),
    BibField("pagetotal", "number-of-pages"),
    BibField("numpages", "number-of-pages", write=None),
    BibField("eventtitle", "event-title"),
    BibField("venue", "event-place"),
    BibField("version", "version"),
    BibField("isbn", "ISBN"),
    BibField("issn", "ISSN"),
    BibField("keywords", "keyword"),
    BibField("language", "language", write="bibtex"),
    BibField("langid", "language", write="biblatex"),
    BibField("shortjournal", "container-title-short"),
    BibField("journalabbreviation", "container-title-short", write=None),
    BibField("journal-abbrev", "container-title-short", write=None),
    BibField("pmid", "PMID"),
    BibField("pmcid", "PMCID"),
    BibField("copyright", "license"),
    BibField("callnumber", "call-number"),
    BibField("call-number", "call-number", write=None),
    BibField("address", "publisher-place", write="bibtex"),
    BibField("location", "publisher-place", write="biblatex"),
    BibField("origtitle", "original-title"),
    BibField("medium", "medium", write=None),
    # A thesis's school and a report's institution are its publisher in CSL.
    BibField("publisher", "publisher", "publisher"),
    BibField("school", "publisher", "publisher", entry_types=frozenset({"phdthesis", "mastersthesis"})),
    BibField("institution", "publisher", "publisher", entry_types=frozenset({"thesis", "techreport", "report"})),
    BibField("organization", "publisher", "publisher", entry_types=frozenset({"standard", "online"})),
    BibField("urldate", "accessed", "date"),
    BibField("eventdate", "event-date", "date"),
    BibField("origdate", "original-date", "date"),
    BibField("abstract", "abstract", "paragraphs"),
)


#: catalogue and review numbers BibTeX keeps in fields of their own (MathSciNet, zbMATH,
#: the Library of Congress) -> their names under ``custom.identifiers``, where every
#: export finds them (Zotero keeps them in Extra under the same names), both directions:
#: the field written first, then the other names read.
CATALOGUE_NUMBERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("MR", ("mrnumber",)),
    ("Zbl", ("zmnumber", "zblnumber", "zbl")),  # Zotero's and Better BibTeX's name first
    ("LCCN", ("lccn",)),
)


@cache
def read_fields(kind: Kind) -> tuple[BibField, ...]:
    """The rows of one kind, in the order the reader tries them.

    :param kind: the shape of the values.
    :returns: the rows, preferred first.
    """
    return tuple(row for row in FIELDS if row.kind == kind)


@lru_cache(maxsize=256)
def written_fields(model: Model, entry_type: str) -> Mapping[str, str]:
    """The field the writer uses for each CSL variable in one data model and entry type.

    :param model: ``"bibtex"`` or ``"biblatex"``.
    :param entry_type: the entry type being written (it picks the publisher's field).
    :returns: CSL variable -> field name (do not modify: the mapping is shared).
    """
    out: dict[str, str] = {}
    for row in FIELDS:
        if row.write not in ("both", model):
            continue
        if entry_type in row.entry_types:
            out[row.variable] = row.field  # the entry type's own field (school, institution)
        elif not row.entry_types:
            out.setdefault(row.variable, row.field)
    return out
