"""Volume, issue and pages written only inside a citation string.

Some pages give the numbers of an article nowhere but in a formatted citation: a
``dc.identifier`` or ``dcterms.bibliographicCitation`` ("J. Appl. Ecol. 12(3): 45-67"),
or an ``og:description`` that is the citation line. This reads those strings as a last
resort (the merge ranks it below every vocabulary that states the numbers).
"""

from __future__ import annotations

import re

from citekit.parsers.common import Partial, clean, page_range
from citekit.parsers.html.meta import MetaBag

__all__ = ["extract_citation_strings"]

# Keys whose value is a citation when it is not an identifier, and keys whose value may
# be a citation line or an abstract (read only when short).
_CITATION_KEYS = (
    "dcterms.bibliographiccitation",
    "dc.identifier.citation",
    "dc.identifier",
    "dcterms.identifier",
    "dc.source",
    "dcterms.source",
)
_DESCRIPTION_KEYS = ("og:description", "twitter:description", "description", "dc.description")
_SHORT = 300

_PAGE = r"[A-Za-z]{0,2}\d{1,7}[A-Za-z]?(?:\s*[-\u2010-\u2015]\s*[A-Za-z]{0,2}\d{1,7}[A-Za-z]?)?"
# "12(3): 45-67", "12 (3), 45–67", "12(3):e1234"
_COMPACT = re.compile(
    rf"(?<![\w.(/-])(?P<volume>\d{{1,4}})\s*\((?P<issue>[A-Za-z]?\d{{1,4}}(?:[-/\u2013]\d{{1,4}})?)\)"
    rf"\s*[:,]\s*(?:pp?\.\s*)?(?P<page>{_PAGE})(?![\w:])"
)
# "Vol. 12, No. 3, pp. 45-67" (the issue or the pages may be missing)
_SPELLED = re.compile(
    r"\bvol(?:ume)?\.?\s*(?P<volume>\d{1,4})\b"
    r"(?:\s*[,;]?\s*(?:no|nr|issue|iss|n°)\.?\s*(?P<issue>[A-Za-z]?\d{1,4}(?:[-/\u2013]\d{1,4})?)\b)?"
    rf"(?:\s*[,;:]?\s*(?:pp?\.?|pages?)\s*(?P<page>{_PAGE})(?![\w:]))?",
    re.IGNORECASE,
)


def _numbers(text: str) -> dict[str, str]:
    for pattern in (_COMPACT, _SPELLED):
        match = pattern.search(text)
        if match and (pattern is _COMPACT or match.group("issue") or match.group("page")):
            return {k: v for k, v in match.groupdict().items() if v}
    return {}


def _candidates(bag: MetaBag) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key in _CITATION_KEYS:
        out.extend((clean(value), key) for value in bag.values(key) if not value.lower().startswith(("http", "10.")))
    for key in _DESCRIPTION_KEYS:
        out.extend((value, key) for value in bag.values(key) if len(value) <= _SHORT)
    return out


def extract_citation_strings(bag: MetaBag) -> Partial:
    """Volume, issue and pages from the first citation-like string of the page.

    :param bag: the page's meta tags.
    """
    part = Partial("citation-string")
    for text, key in _candidates(bag):
        found = _numbers(text)
        if not found:
            continue
        part.put("volume", found.get("volume"), key)
        part.put("issue", found.get("issue"), key)
        if found.get("page"):
            part.put("page", page_range(found["page"]), key)
        break
    return part
