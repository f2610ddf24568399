"""Identifiers inside reference strings, recognised exactly (not learnt).

DOI, URL, arXiv, PMID, PMCID, ISBN and ISSN have fixed shapes (and ISBN/ISSN check
digits), so regular expressions find them more reliably than any statistical model.
Each finder returns character spans so the labeller can mark those tokens and the
post-processor never has to guess where an identifier ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citekit.record import normalize_doi

__all__ = ["Ident", "clean_url", "find_identifiers", "isbn_valid", "issn_valid"]


@dataclass(frozen=True, slots=True)
class Ident:
    """One identifier found in a string: its kind, normalised value and span."""

    kind: str  # "DOI", "URL", "arXiv", "PMID", "PMCID", "ISBN", "ISSN"
    value: str
    start: int
    end: int


_DOI = re.compile(
    r"(?:(?:https?://)?(?:dx\.)?doi\.org/|\bdoi\s*[:.]?\s*|\binfo:doi/)?\b(10\.\d{4,9}/[^\s\"<>]+)",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"]+", re.IGNORECASE)
_ARXIV = re.compile(
    r"\barxiv\s*(?:preprint\s*)?[:.]?\s*(?:abs/)?((?:\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)"
    r"(?:\s*\[[a-z\-.]+\])?",
    re.IGNORECASE,
)
_PMID = re.compile(r"\bPMID\s*:?\s*(\d{1,9})\b")
# PubMed-linked reference lists end with the PMID, bare, after the pages or the DOI
# ("2015;65(1):5–29. doi: 10.3322/caac.21254 25559415."); an article number in that place
# follows a comma or a page mark ("38(10), 1010004.", "p. 1010004").
_BARE_PMID = re.compile(r"(?<=\s)(\d{7,8})\.?\s*$")
_PAGE_MARK = re.compile(r"(?:\b(?:pp?|pages?|S|art|no|nr|e)\.?|[,:;(])$", re.IGNORECASE)
_PMCID = re.compile(r"\b(?:PMCID\s*:?\s*)?(PMC\s?\d{4,9})\b")
_ISBN = re.compile(r"\bISBN(?:-1[03])?\s*:?\s*((?:97[89][\s-]?)?(?:\d[\s-]?){9}[\dXx])\b")
_ISSN = re.compile(r"\b(?:e-?|p-?)?ISSN\s*:?\s*(\d{4}-?\d{3}[\dXx])\b", re.IGNORECASE)
_TRAIL = ".,;:)]}>'\u201d\u2019"


def isbn_valid(digits: str) -> bool:
    """True when ``digits`` (separators removed) is an ISBN-10 or ISBN-13 with a valid check digit."""
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] in "Xx"):
        total = sum((10 - i) * int(c) for i, c in enumerate(digits[:9]))
        total += 10 if digits[9] in "Xx" else int(digits[9])
        return total % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits[:12]))
        return (10 - total % 10) % 10 == int(digits[12])
    return False


def issn_valid(digits: str) -> bool:
    """True when ``digits`` (hyphen removed) is an ISSN with a valid check digit."""
    if len(digits) != 8 or not digits[:7].isdigit():
        return False
    total = sum((8 - i) * int(c) for i, c in enumerate(digits[:7]))
    check = (11 - total % 11) % 11
    return digits[7].upper() == ("X" if check == 10 else str(check))


def clean_url(url: str) -> str:
    """``url`` without sentence punctuation glued to its end (balanced brackets kept)."""
    while url and url[-1] in _TRAIL:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        if url[-1] == "]" and url.count("[") >= url.count("]"):
            break
        url = url[:-1]
    return url


def _overlaps(found: list[Ident], start: int, end: int) -> bool:
    return any(i.start < end and start < i.end for i in found)


def find_identifiers(text: str) -> list[Ident]:
    """Every identifier in ``text``, left to right, spans not overlapping.

    DOIs win over the URLs that carry them (``https://doi.org/10...`` is a DOI), and
    ISBN/ISSN candidates must pass their check digit.

    :param text: one reference string.
    :returns: the identifiers found.
    """
    found: list[Ident] = []
    if "10." in text:
        for m in _DOI.finditer(text):
            doi = normalize_doi(m.group(1))
            if doi:
                end = m.start(1) + len(doi)
                found.append(Ident("DOI", doi, m.start(), end))
    if "://" in text or "www." in text.lower():
        for m in _URL.finditer(text):
            url = clean_url(m.group(0))
            if not _overlaps(found, m.start(), m.start() + len(url)) and len(url) > 7:
                found.append(Ident("URL", url, m.start(), m.start() + len(url)))
    lowered = text.lower()
    if "arxiv" in lowered:
        for m in _ARXIV.finditer(text):
            if not _overlaps(found, m.start(), m.end()):
                found.append(Ident("arXiv", m.group(1), m.start(), m.end()))
    if "pm" in lowered:
        for m in _PMID.finditer(text):
            if not _overlaps(found, m.start(), m.end()):
                found.append(Ident("PMID", m.group(1), m.start(), m.end()))
        for m in _PMCID.finditer(text):
            if not _overlaps(found, m.start(), m.end()):
                found.append(Ident("PMCID", m.group(1).replace(" ", ""), m.start(), m.end()))
    bare = _BARE_PMID.search(text)
    if bare and not _overlaps(found, bare.start(1), bare.end(1)):
        before = text[: bare.start(1)].rstrip()
        after_link = any(i.kind in ("DOI", "URL") and i.end >= len(before) for i in found)
        if (before.endswith(".") or after_link) and not _PAGE_MARK.search(before):
            found.append(Ident("PMID", bare.group(1), bare.start(1), bare.end(1)))
    if "isbn" in lowered:
        for m in _ISBN.finditer(text):
            digits = re.sub(r"[\s-]", "", m.group(1))
            if isbn_valid(digits) and not _overlaps(found, m.start(), m.end()):
                found.append(Ident("ISBN", m.group(1).strip(), m.start(), m.end()))
    if "issn" in lowered:
        for m in _ISSN.finditer(text):
            digits = m.group(1).replace("-", "")
            if issn_valid(digits) and not _overlaps(found, m.start(), m.end()):
                found.append(Ident("ISSN", f"{digits[:4]}-{digits[4:].upper()}", m.start(), m.end()))
    found.sort(key=lambda i: i.start)
    return found
