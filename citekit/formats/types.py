"""Type maps between CSL and BibTeX, BibLaTeX and RIS, used in both directions.

One table per direction and format, kept side by side so import and export agree: a
CSL type written out comes back as the same CSL type wherever the target format can
tell the difference. Where it cannot (BibTeX has no dataset or software type), export
falls back to the closest type and import maps that type to its usual CSL meaning.
"""

from __future__ import annotations

__all__ = [
    "BIBLATEX_FROM_CSL",
    "BIBTEX_FROM_CSL",
    "CLASSIC_BIBTEX_TYPES",
    "CSL_FROM_BIBTEX",
    "CSL_FROM_MISC_TYPE",
    "CSL_FROM_RIS",
    "MISC_TYPE_HINTS",
    "RIS_FROM_CSL",
    "bibtex_type",
    "csl_type_from_bibtex",
    "csl_type_from_ris",
    "is_masters",
    "ris_type",
]

# CSL type -> classic BibTeX entry type (the types every .bst knows, plus @online
# nowhere: BibTeX styles fall back to @misc for anything they do not know).
BIBTEX_FROM_CSL: dict[str, str] = {
    "article": "misc",  # a preprint: no journal yet
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "review": "article",
    "review-book": "article",
    "periodical": "misc",
    "paper-conference": "inproceedings",
    "chapter": "incollection",
    "entry": "incollection",
    "entry-dictionary": "incollection",
    "entry-encyclopedia": "incollection",
    "book": "book",
    "classic": "book",
    "collection": "book",
    "pamphlet": "booklet",
    "thesis": "phdthesis",
    "report": "techreport",
    "standard": "techreport",
    "manuscript": "unpublished",
    "speech": "misc",
    "webpage": "misc",
    "post": "misc",
    "post-weblog": "misc",
    "dataset": "misc",
    "software": "misc",
    "patent": "misc",  # plain.bst and the other standard styles have no @patent; type = {Patent}
    "document": "misc",
}

# The entry types the standard BibTeX styles (plain, unsrt, alpha, abbrv) define: an imported
# entry of one of these types is written back as it was (an @patent becomes @misc).
CLASSIC_BIBTEX_TYPES: frozenset[str] = frozenset({
    "article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings", "manual",
    "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished",
})  # fmt: skip

# CSL type -> BibLaTeX entry type (biblatex 3.x data model).
BIBLATEX_FROM_CSL: dict[str, str] = {
    "article": "online",
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "review": "review",
    "review-book": "review",
    "periodical": "periodical",
    "paper-conference": "inproceedings",
    "chapter": "incollection",
    "entry": "inreference",
    "entry-dictionary": "inreference",
    "entry-encyclopedia": "inreference",
    "book": "book",
    "classic": "book",
    "collection": "collection",
    "pamphlet": "booklet",
    "thesis": "thesis",
    "report": "report",
    "standard": "standard",
    "manuscript": "unpublished",
    "speech": "unpublished",
    "webpage": "online",
    "post": "online",
    "post-weblog": "online",
    "dataset": "dataset",
    "software": "software",
    "patent": "patent",
    "legislation": "legislation",
    "legal_case": "jurisdiction",
    "motion_picture": "movie",
    "song": "music",
    "graphic": "artwork",
    "personal_communication": "letter",
    "interview": "misc",
    "map": "misc",
    "document": "misc",
}

# BibTeX and BibLaTeX entry types (lowercase) -> CSL type.
CSL_FROM_BIBTEX: dict[str, str] = {
    "article": "article-journal",
    "suppperiodical": "article-journal",
    "periodical": "periodical",
    "review": "review",
    "book": "book",
    "mvbook": "book",
    "bookinbook": "chapter",
    "inbook": "chapter",
    "incollection": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    # An edited volume is a book with editors in CSL; CSL's "collection" is an archival
    # collection (CSL 1.0.2), which is what Zotero and pandoc map these to as well.
    "collection": "book",
    "mvcollection": "book",
    "reference": "book",
    "mvreference": "book",
    "inreference": "entry-encyclopedia",
    "proceedings": "book",
    "mvproceedings": "book",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "booklet": "pamphlet",
    "unpublished": "manuscript",
    "misc": "document",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "webpage": "webpage",
    "dataset": "dataset",
    "data": "dataset",
    "software": "software",
    "patent": "patent",
    "standard": "standard",
    "legislation": "legislation",
    "legal": "legislation",
    "jurisdiction": "legal_case",
    "movie": "motion_picture",
    "video": "motion_picture",
    "audio": "song",
    "music": "song",
    "artwork": "graphic",
    "image": "graphic",
    "letter": "personal_communication",
    "performance": "performance",
    "set": "document",
    "xdata": "document",
}

# CSL type -> RIS TY (RIS 2011 reference types, as Zotero and EndNote write them).
RIS_FROM_CSL: dict[str, str] = {
    "article": "JOUR",
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "review": "JOUR",
    "review-book": "JOUR",
    "periodical": "JFULL",
    "paper-conference": "CPAPER",
    "chapter": "CHAP",
    "entry": "CHAP",
    "entry-dictionary": "DICT",
    "entry-encyclopedia": "ENCYC",
    "book": "BOOK",
    "classic": "CLSWK",
    "collection": "EDBOOK",
    "pamphlet": "PAMP",
    "thesis": "THES",
    "report": "RPRT",
    "standard": "STAND",
    "manuscript": "UNPB",
    "speech": "GEN",
    "webpage": "ELEC",
    "post": "ELEC",
    "post-weblog": "BLOG",
    "dataset": "DATA",
    "software": "COMP",
    "patent": "PAT",
    "legislation": "STAT",
    "bill": "BILL",
    "legal_case": "CASE",
    "hearing": "HEAR",
    "motion_picture": "MPCT",
    "broadcast": "VIDEO",
    "song": "SOUND",
    "musical_score": "MUSIC",
    "graphic": "ART",
    "figure": "FIGURE",
    "map": "MAP",
    "personal_communication": "PCOMM",
    "interview": "PCOMM",
    "document": "GEN",
}

# RIS TY -> CSL type (every RIS 2011 type, plus long names some exporters write).
CSL_FROM_RIS: dict[str, str] = {
    "JOUR": "article-journal",
    "JFULL": "periodical",
    "EJOUR": "article-journal",
    "ABST": "article-journal",
    "INPR": "article-journal",
    "MGZN": "article-magazine",
    "NEWS": "article-newspaper",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    # EndNote's "Classical Work" is a book, and figures and charts are images, as Zotero
    # reads them: CSL 1.0.2's "classic" and "figure" are unknown to Zotero and to CSL 1.0.1
    # styles, which take them as a plain document (the TY itself is kept for RIS export).
    "CLSWK": "book",
    "SER": "book",
    "CHAP": "chapter",
    "ECHAP": "chapter",
    "DICT": "entry-dictionary",
    "ENCYC": "entry-encyclopedia",
    "CONF": "paper-conference",
    "CPAPER": "paper-conference",
    "THES": "thesis",
    "RPRT": "report",
    "GOVDOC": "report",
    "STAND": "standard",
    "UNPB": "manuscript",
    "MANSCPT": "manuscript",
    "PAMP": "pamphlet",
    "ELEC": "webpage",
    "WEB": "webpage",
    "BLOG": "post-weblog",
    "DATA": "dataset",
    "DBASE": "dataset",
    "AGGR": "document",  # EndNote's "Aggregated Database": a work found in one (article, report ...), not data
    "COMP": "software",
    "PAT": "patent",
    "STAT": "legislation",
    "BILL": "bill",
    "UNBILL": "bill",  # an unenacted bill
    "CASE": "legal_case",
    "HEAR": "hearing",
    "MPCT": "motion_picture",
    "VIDEO": "motion_picture",  # Zotero: a video recording (a broadcast is written as VIDEO too)
    "MULTI": "motion_picture",
    "ADVS": "motion_picture",
    "SOUND": "song",
    "MUSIC": "musical_score",
    "ART": "graphic",
    "FIGURE": "graphic",
    "CHART": "graphic",
    "MAP": "map",
    "PCOMM": "personal_communication",
    "ICOMM": "personal_communication",
    "SLIDE": "speech",
    "GEN": "document",
    "CTLG": "document",
    "EQUA": "document",
    "LEGAL": "legislation",
    "GRANT": "document",
    # Long names written by some exporters (Web of Science, older EndNote styles).
    "JOURNAL ARTICLE": "article-journal",
    "JOURNAL": "article-journal",
    "BOOK SECTION": "chapter",
    "BOOK CHAPTER": "chapter",
    "CONFERENCE PAPER": "paper-conference",
    "CONFERENCE PROCEEDINGS": "paper-conference",
    "THESIS": "thesis",
    "REPORT": "report",
    "WEB PAGE": "webpage",
    "GENERIC": "document",
}


# BibTeX has only @misc for these; its `type` field says what the entry is, so the CSL
# type survives a round trip (BibLaTeX has real entry types for most of them).
MISC_TYPE_HINTS: dict[str, str] = {
    "dataset": "Dataset",
    "software": "Software",
    "webpage": "Web page",
    "post": "Online post",
    "post-weblog": "Blog post",
    "patent": "Patent",
    "speech": "Speech",
    "periodical": "Periodical",
    "article": "Preprint",
    "interview": "Interview",
    "map": "Map",
    "graphic": "Artwork",
    "motion_picture": "Film",
    "song": "Recording",
    "legislation": "Legislation",
    "legal_case": "Legal case",
    "personal_communication": "Letter",
}
CSL_FROM_MISC_TYPE: dict[str, str] = {label.lower(): ctype for ctype, label in MISC_TYPE_HINTS.items()}
CSL_FROM_MISC_TYPE.update(
    {
        "data set": "dataset",
        "computer program": "software",
        "computer software": "software",
        "website": "webpage",
        "online": "webpage",
        "preprint": "article",
    }
)


def bibtex_type(csl_type: str | None, genre: str | None = None, *, biblatex: bool = False) -> str:
    """The BibTeX (or BibLaTeX) entry type for a CSL type.

    :param csl_type: the record's ``type``.
    :param genre: the record's ``genre``; tells a master's thesis from a PhD thesis.
    :param biblatex: map to the BibLaTeX data model instead of classic BibTeX.
    :returns: a lowercase entry type; ``misc`` for anything unknown.
    """
    table = BIBLATEX_FROM_CSL if biblatex else BIBTEX_FROM_CSL
    entry_type = table.get(csl_type or "", "misc")
    if entry_type == "phdthesis" and genre and is_masters(genre):
        return "mastersthesis"
    return entry_type


def is_masters(genre: str) -> bool:
    """True when a thesis genre names a master's (or equivalent) degree."""
    folded = genre.lower().replace(".", "").replace("'", "").replace("’", "")
    return any(word in folded for word in ("master", "msc", "ma thesis", "mphil", "diplom", "magister"))


def csl_type_from_bibtex(entry_type: str) -> str:
    """The CSL type for a BibTeX or BibLaTeX entry type (case-insensitive; ``document`` if unknown)."""
    return CSL_FROM_BIBTEX.get(entry_type.lower(), "document")


def ris_type(csl_type: str | None) -> str:
    """The RIS ``TY`` for a CSL type (``GEN`` if unknown)."""
    return RIS_FROM_CSL.get(csl_type or "", "GEN")


def csl_type_from_ris(ty: str) -> str:
    """The CSL type for a RIS ``TY`` value (case-insensitive; ``document`` if unknown)."""
    key = " ".join(ty.strip().upper().split())
    return CSL_FROM_RIS.get(key, "document")
