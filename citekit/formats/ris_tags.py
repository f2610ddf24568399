"""RIS tags: what each means in CSL, one table read by the RIS reader and the RIS writer.

RIS has two generations of tags in the wild: the 2011 specification (``TI``, ``AU``,
``PY``, ``DA``, ``T2``, ``SP``/``EP``) and the older Reference Manager set (``T1``,
``A1``, ``Y1``, ``JO``/``JF``/``JA``, ``N2``). Readers must accept both; the writer emits
the modern set, as Zotero and EndNote do.

:data:`TAGS` has one row per tag and meaning: the CSL variable the tag holds, the shape
of its value (:data:`Kind`), the CSL types the meaning is limited to where it differs
by type (a book's ``A2`` is its series editor, a chapter's its book's editor), and
whether the writer emits it. Rows are in the order an imported record lists its
variables; for one variable, the reader prefers the earlier row. The writer emits the
rows marked ``write`` in :data:`WRITE_ORDER` (Zotero's order). ``TY`` is not here: the
type maps are in :mod:`citekit.formats.types`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

__all__ = [
    "BOOKISH",
    "SN_NUMBERED",
    "TAGS",
    "WHOLE_WORKS",
    "WRITE_ORDER",
    "Kind",
    "RisTag",
    "read_tags",
    "rows",
    "written_tags",
]

Kind = Literal[
    "text", "name", "year", "date", "page-start", "page-end", "page-count", "serial", "doi", "key", "keyword"
]
"""How a tag's value is read and written.

``text``: one line, the first value counts; ``name``: one ``Family, Given, Suffix`` per
line; ``year``: the year alone; ``date``: ``YYYY/MM/DD/``; ``page-start``/``page-end``:
the two ends of ``page``; ``page-count``: a page count written where a page range would
be; ``serial``: ISSN or ISBN, told apart by their shape; ``doi``: a bare DOI; ``key``: a
citation key (or a record number, which is kept as it was); ``keyword``: one per line.
"""

# Whole books: a book's A2 is its series editor and its BT its title.
BOOKISH: frozenset[str] = frozenset({"book", "collection", "classic"})
# The SP of a book, thesis or manuscript is its page count (Zotero's numPages; a
# report's SP is its pages, as in the RIS 2011 table).
WHOLE_WORKS: frozenset[str] = BOOKISH | {"thesis", "manuscript", "pamphlet"}
_TITLED_BY_BT = BOOKISH | {"manuscript"}
# Zotero's reading of A2/A3/T2 by type: a letter's A2 is its recipient, a patent's the
# issuing authority; a book's or report's A2 is the series editor (a book's A3 its
# editor); a thesis's A3 is a contributor (the advisor), a film's the producer; the T2
# of a book, map, program or report is its series (Zotero writes a report's series
# there; a report's container, rare, is written as JF).
_LETTERS = frozenset({"personal_communication"})
_SERIES_EDITED = BOOKISH | {"report"}
_A3_OTHER = BOOKISH | {"thesis", "motion_picture"}
_A4_CONTRIBUTOR = frozenset({"paper-conference", "motion_picture", "dataset"})  # sponsor, funding agency
_VERSIONED = frozenset({"software", "dataset"})  # ET is the version
_SERIES_WRITTEN_T2 = frozenset({"map", "software", "report"})  # Zotero reads no T3 for these
_SERIES_IN_T2 = BOOKISH | _SERIES_WRITTEN_T2
# EndNote's reference types, as Zotero reads their tags: an artwork's M3 is its medium and
# C3 its size; a film's or recording's C5 its format; the OP of a bill, hearing, act or
# case is its history, its ET the session and a bill's or hearing's T3 the legislative
# body; a hearing's T2 is the committee; a case's PB is the court and A2 the reporter; a
# film's C4 is its genre and SP its running time.
_GRAPHIC = frozenset({"graphic", "figure"})
_AUDIOVISUAL = frozenset({"motion_picture", "song", "broadcast", "musical_score"})
_LEGAL_HISTORY = frozenset({"bill", "hearing", "legislation", "legal_case"})
_SESSIONS = frozenset({"bill", "hearing", "legislation"})
_LEGISLATED = frozenset({"bill", "hearing"})
_RECORDINGS = frozenset({"song"})
_A2_OTHER = frozenset({"patent", "bill", "legal_case", "speech", "interview"}) | _RECORDINGS
# The SN of a report or standard is its number unless it is shaped as an ISSN or ISBN
# (Zotero reads a report's SN as its report number; a patent's SN is its number).
SN_NUMBERED: frozenset[str] = frozenset({"report", "standard"})
# M1 ("Miscellaneous 1") means something different in each EndNote reference type: a
# bill's, hearing's, act's or episode's number, a report's document number (those are CSL
# ``number``), a journal article's issue when it has no IS, but also an artwork's size, a
# newspaper's start page, a conference paper's issue, a manuscript's folio number. For
# the types where CSL has no home for it, M1 is kept as a line of the note, as Zotero
# keeps it in Extra: never shown by a style under the wrong label.
_M1_NUMBER = frozenset({"bill", "hearing", "legislation", "broadcast", "report"})
_M1_OWN = BOOKISH | {"chapter", "patent", "software"}  # series number, volumes, application number, system
# CSL types written as TY JOUR: their number (an article number) is EndNote's C7.
_JOURNAL_ARTICLES = frozenset({"article-journal", "article", "review", "review-book"})


@dataclass(frozen=True, slots=True)
class RisTag:
    """One RIS tag and what it holds in CSL (for the CSL types it applies to)."""

    tag: str
    variable: str
    kind: Kind = "text"
    write: bool = False
    """The writer emits this tag for ``variable`` (else the tag is only read)."""
    read: bool = True
    """The reader takes this tag as ``variable`` (else the tag is only written)."""
    only: frozenset[str] | None = None
    """The CSL types this meaning is limited to (``None``: every type)."""
    unless: frozenset[str] = frozenset()
    """The CSL types this meaning does not hold for."""

    def holds_for(self, csl_type: str) -> bool:
        """True when the tag has this meaning in a record of ``csl_type``."""
        return (self.only is None or csl_type in self.only) and csl_type not in self.unless


TAGS: tuple[RisTag, ...] = (
    RisTag("TI", "title", write=True),
    RisTag("T1", "title"),
    RisTag("CT", "title"),
    RisTag("BT", "title", only=_TITLED_BY_BT),
    # Container (journal, book, proceedings) in Zotero's order of preference.
    # A conference paper with a C3 (EndNote's proceedings title) has its conference name
    # in T2 (read as the event's title).
    # EndNote and Zotero write a paper's proceedings as C3 and its conference as T2; other
    # exporters write the proceedings as T2 alone.
    RisTag("C3", "container-title", write=True, only=frozenset({"paper-conference"})),
    RisTag("T2", "container-title", write=True, unless=_SERIES_IN_T2 | {"hearing", "paper-conference"}),
    RisTag("T2", "container-title", only=frozenset({"paper-conference"})),
    RisTag("T2", "event-title", write=True, read=False, only=frozenset({"paper-conference"})),  # read with C3
    RisTag("A2", "container-title", only=frozenset({"legal_case"})),
    RisTag("JF", "container-title"),
    RisTag("JF", "container-title", write=True, read=False, only=frozenset({"report"})),
    RisTag("JO", "container-title"),
    RisTag("BT", "container-title", unless=BOOKISH),
    RisTag("J2", "container-title-short", write=True),
    RisTag("JA", "container-title-short"),
    RisTag("J1", "container-title-short"),
    # JO is the abbreviation only when another tag gave the full name (see the reader).
    RisTag("JO", "container-title-short"),
    # A sound recording's AU is its composer and A2 its performer (Zotero writes and reads
    # them so); a presentation's A2 its presenter, an interview's its interviewer.
    RisTag("AU", "author", "name", write=True, unless=_RECORDINGS),
    RisTag("A1", "author", "name", unless=_RECORDINGS),
    RisTag("AU", "composer", "name", write=True, only=_RECORDINGS),
    RisTag("A1", "composer", "name", only=_RECORDINGS),
    # RIS 2011: A2 is the book editor for chapters and the series editor for books,
    # which CSL calls editor and collection-editor; a book's editor is written as ED.
    RisTag("A2", "editor", "name", write=True, unless=_SERIES_EDITED | _LETTERS | _A2_OTHER),
    RisTag("A2", "author", "name", only=frozenset({"bill", "speech"})),  # a bill's sponsor, a presenter
    RisTag("A2", "author", "name", write=True, only=_RECORDINGS),  # the performer
    RisTag("A2", "interviewer", "name", write=True, only=frozenset({"interview"})),
    RisTag("A2", "collection-editor", "name", write=True, only=_SERIES_EDITED),
    RisTag("A2", "recipient", "name", write=True, only=_LETTERS),
    RisTag("ED", "editor", "name", write=True, only=_SERIES_EDITED),
    RisTag("ED", "editor", "name", unless=_SERIES_EDITED),
    RisTag("A3", "collection-editor", "name", write=True, unless=_A3_OTHER | {"report"}),
    RisTag("A3", "collection-editor", "name", only=frozenset({"report"})),  # written as A2
    RisTag("A3", "editor", "name", only=BOOKISH),
    RisTag("A3", "contributor", "name", write=True, only=frozenset({"thesis"})),
    RisTag("A3", "producer", "name", write=True, only=frozenset({"motion_picture", "broadcast"})),
    RisTag("C1", "performer", "name", only=frozenset({"motion_picture", "broadcast"})),  # the cast
    RisTag("C2", "container-author", "name", only=frozenset({"chapter"})),  # the book's author
    RisTag("A4", "translator", "name", write=True, unless=_A4_CONTRIBUTOR),
    RisTag("A4", "contributor", "name", write=True, only=_A4_CONTRIBUTOR),
    RisTag("T3", "collection-title", write=True, unless=_LEGISLATED | _SERIES_WRITTEN_T2),
    RisTag("T3", "collection-title", only=_SERIES_WRITTEN_T2),
    RisTag("T3", "authority", write=True, only=_LEGISLATED),
    RisTag("PB", "authority", write=True, only=frozenset({"legal_case"})),
    RisTag("T2", "collection-title", write=True, only=_SERIES_WRITTEN_T2),
    RisTag("T2", "collection-title", only=BOOKISH),
    RisTag("A2", "authority", only=frozenset({"patent"})),
    RisTag("ST", "title-short", write=True),
    RisTag("VL", "volume", write=True),
    RisTag("IS", "issue", write=True, unless=frozenset({"dataset"})),
    RisTag("CP", "issue"),
    RisTag("M1", "issue", only=frozenset({"article-journal"})),  # EndNote: a journal article's issue
    RisTag("PB", "publisher", write=True, unless=frozenset({"legal_case"})),
    RisTag("C1", "publisher-place", only=frozenset({"paper-conference"})),  # EndNote: CY is where it was held
    RisTag("CY", "publisher-place", write=True),
    RisTag("PP", "publisher-place"),
    RisTag("LA", "language", write=True, unless=frozenset({"software"})),
    RisTag("LA", "genre", only=frozenset({"software"})),  # the programming language
    RisTag("ET", "edition", write=True, unless=_VERSIONED | _SESSIONS),
    RisTag("ET", "version", write=True, only=_VERSIONED),
    RisTag("IS", "version", only=_VERSIONED),
    RisTag("ET", "chapter-number", write=True, only=_SESSIONS),  # the session
    RisTag("M1", "number-of-volumes", only=frozenset({"chapter"})),
    RisTag("NV", "number-of-volumes", write=True, unless=frozenset({"dataset"})),
    RisTag("C4", "genre", only=frozenset({"motion_picture"})),
    RisTag("M3", "genre", write=True, unless=_GRAPHIC),
    RisTag("M3", "medium", write=True, only=_GRAPHIC),
    RisTag("C3", "dimensions", only=_GRAPHIC),
    RisTag("SP", "dimensions", only=frozenset({"motion_picture"})),  # the running time
    RisTag("C5", "medium", only=_AUDIOVISUAL),
    RisTag("N1", "note", write=True),
    RisTag("CN", "call-number", write=True, unless=frozenset({"patent"})),
    RisTag("M1", "call-number", write=True, only=frozenset({"patent"})),  # the application number
    RisTag("H2", "call-number", unless=frozenset({"patent"})),  # Citavi's call numbers
    RisTag("DB", "archive", write=True),
    RisTag("DP", "source", write=True),
    RisTag("LB", "citation-label"),
    RisTag("AN", "archive_location", write=True),
    RisTag("AV", "archive_location"),  # Reference Manager's "availability"
    RisTag("OP", "original-title", unless=_LEGAL_HISTORY | {"patent"}),
    RisTag("OP", "references", only=_LEGAL_HISTORY),  # the history
    RisTag("C5", "references", only=frozenset({"patent"})),
    RisTag("OP", "issue", only=frozenset({"patent"})),  # the priority numbers
    RisTag("C6", "status", only=frozenset({"patent"})),
    RisTag("RN", "annote", write=True),
    RisTag("M1", "collection-number", write=True, only=BOOKISH),
    RisTag("SV", "collection-number", only=frozenset({"chapter"})),
    RisTag("M1", "medium", write=True, only=frozenset({"software"})),  # the system
    RisTag("SV", "number", only=frozenset({"legal_case"})),  # the docket number
    RisTag("NV", "number", only=frozenset({"dataset"})),  # the study number
    RisTag("C7", "number", write=True, only=_JOURNAL_ARTICLES),  # EndNote's article number
    RisTag("M1", "number", write=True, only=_M1_NUMBER - SN_NUMBERED),
    RisTag("M1", "number", only=_M1_NUMBER & SN_NUMBERED),  # a report's document number; written as SN
    # Elsewhere a number is still written as M1 (Zotero keeps it in Extra); read back, an
    # M1 of those types is a line of the note.
    RisTag("M1", "number", write=True, read=False, unless=_M1_OWN | _M1_NUMBER | _JOURNAL_ARTICLES | SN_NUMBERED),
    RisTag("SE", "section"),
    RisTag("T2", "section", write=True, only=frozenset({"hearing"})),  # the committee
    RisTag("C1", "scale", only=frozenset({"map"})),
    RisTag("C1", "event-place", unless=frozenset({"map", "paper-conference", "patent", "motion_picture", "broadcast"})),
    RisTag("AB", "abstract", write=True),
    RisTag("N2", "abstract"),
    RisTag("PY", "issued", "year", write=True),
    RisTag("Y1", "issued", "date"),
    RisTag("DA", "issued", "date", write=True),
    RisTag("Y2", "accessed", "date", write=True),
    RisTag("SP", "page", "page-start", write=True, unless=frozenset({"motion_picture"})),
    RisTag("SP", "number-of-pages", "page-count", write=True, only=WHOLE_WORKS),
    RisTag("EP", "page", "page-end", write=True, unless=frozenset({"motion_picture"})),
    RisTag("SN", "ISSN", "serial", write=True, unless=frozenset({"patent"})),
    RisTag("SN", "ISBN", "serial", write=True, unless=frozenset({"patent"})),
    RisTag("SN", "number", write=True, only=frozenset({"patent"})),  # the patent number
    # A report's or standard's number, as Zotero writes it (read with the ISSN and ISBN).
    RisTag("SN", "number", write=True, read=False, only=SN_NUMBERED),
    RisTag("DO", "DOI", "doi", write=True),
    RisTag("UR", "URL", write=True),
    RisTag("L3", "URL"),
    RisTag("ID", "citation-key", "key", write=True),
    RisTag("KW", "keyword", "keyword", write=True),
)

# The order the writer emits its tags in (Zotero's), after TY and before ER.
WRITE_ORDER: tuple[str, ...] = (
    "ID", "TI", "AU", "A2", "ED", "A3", "A4", "T2", "JF", "C3", "J2", "T3", "ST", "PY", "DA", "VL", "IS", "SP", "EP",
    "ET", "NV", "M3", "M1", "C7", "PB", "CY", "SN", "LA", "DO", "UR", "Y2", "KW", "AB", "N1", "RN", "AN", "CN", "DB",
    "DP",
)  # fmt: skip


# Caches keyed by CSL type: a few dozen types in practice, bounded for odd input.
@lru_cache(maxsize=1024)
def read_tags(variable: str, csl_type: str) -> tuple[str, ...]:
    """The tags that hold ``variable`` in a record of ``csl_type``, preferred first.

    :param variable: a CSL variable (``"title"``, ``"editor"`` ...).
    :param csl_type: the record's CSL type.
    :returns: the tags, in the order the reader tries them.
    """
    return tuple(row.tag for row in TAGS if row.variable == variable and row.read and row.holds_for(csl_type))


@lru_cache(maxsize=256)
def rows(kind: Kind, csl_type: str) -> tuple[RisTag, ...]:
    """The rows of one kind that hold for a record of ``csl_type``, in table order.

    :param kind: the shape of the values (``"name"``, ``"page-start"`` ...).
    :param csl_type: the record's CSL type.
    :returns: the rows, preferred first.
    """
    return tuple(row for row in TAGS if row.kind == kind and row.read and row.holds_for(csl_type))


@lru_cache(maxsize=256)
def written_tags(csl_type: str) -> tuple[RisTag, ...]:
    """The rows the writer emits for a record of ``csl_type``, in :data:`WRITE_ORDER`.

    :param csl_type: the record's CSL type.
    :returns: one row per tag and variable written.
    """
    return tuple(row for tag in WRITE_ORDER for row in TAGS if row.tag == tag and row.write and row.holds_for(csl_type))
