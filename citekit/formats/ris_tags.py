"""RIS tags: what each means in CSL, shared by the RIS reader and writer.

RIS has two generations of tags in the wild: the 2011 specification (``TI``, ``AU``,
``PY``, ``DA``, ``T2``, ``SP``/``EP``) and the older Reference Manager set (``T1``,
``A1``, ``Y1``, ``JO``/``JF``/``JA``, ``N2``). Readers must accept both; the writer emits
the modern set, as Zotero and EndNote do.
"""

from __future__ import annotations

__all__ = [
    "ABSTRACT_TAGS",
    "CONTAINER_TAGS",
    "DATE_TAGS",
    "NAME_TAGS",
    "SHORT_CONTAINER_TAGS",
    "TEXT_TAGS",
    "TITLE_TAGS",
    "URL_TAGS",
]

# Tag -> CSL name variable; A2 is the book editor for chapters and the series editor
# for books in RIS 2011, which CSL calls editor and collection-editor.
NAME_TAGS: dict[str, str] = {
    "AU": "author",
    "A1": "author",
    "A2": "editor",
    "ED": "editor",
    "A3": "collection-editor",
    "A4": "translator",
}
# Title tags in order of preference.
TITLE_TAGS: tuple[str, ...] = ("TI", "T1", "CT", "BT")
# Container (journal, book, proceedings) tags in order of preference (Zotero's order).
CONTAINER_TAGS: tuple[str, ...] = ("T2", "JF", "JO", "BT")
SHORT_CONTAINER_TAGS: tuple[str, ...] = ("J2", "JA", "J1")
ABSTRACT_TAGS: tuple[str, ...] = ("AB", "N2")
DATE_TAGS: tuple[str, ...] = ("DA", "PY", "Y1")
URL_TAGS: tuple[str, ...] = ("UR", "L3")

# Tag -> CSL variable for single-valued text fields (first occurrence wins).
TEXT_TAGS: dict[str, str] = {
    "T3": "collection-title",
    "ST": "title-short",
    "VL": "volume",
    "IS": "issue",
    "CP": "issue",
    "PB": "publisher",
    "CY": "publisher-place",
    "PP": "publisher-place",
    "LA": "language",
    "ET": "edition",
    "NV": "number-of-volumes",
    "M3": "genre",
    "N1": "note",
    "CN": "call-number",
    "DB": "source",
    "DP": "source",
    "LB": "citation-label",
    "AN": "archive_location",
    "OP": "original-title",
    "RN": "annote",
    "M1": "number",
    "SE": "section",
    "C1": "event-place",
}
