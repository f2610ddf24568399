"""The ``query.bibliographic`` text for a record or reference.

The reference's own string is the best query (Crossref's ranking was tuned on such
strings), once cleaned of what only adds noise: identifiers and URLs, link labels
scraped along with it ("Google Scholar", "Crossref", "Indexed at"...), list numbering,
bracketed notes. A record without a string gets one composed from its fields.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from citekit.formats.richtext import plain
from citekit.record import year_of

__all__ = ["MAX_QUERY", "bibliographic_query", "clean_reference"]

MAX_QUERY = 400

_NOISE = [
    re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE),
    re.compile(r"\b(?:doi|DOI)\s*[:=]?\s*10\.\d{4,9}/\S+"),
    re.compile(r"(?<!\d)10\.\d{4,9}/\S+"),
    re.compile(r"(?<![A-Za-z0-9])arXiv:\s*[\w./-]+", re.IGNORECASE),
    re.compile(r"\b(?:PMID|PMCID|ISBN|ISSN)\s*:?\s*[\dX-]+\b", re.IGNORECASE),
    re.compile(
        r"\b(?:Google Scholar|Crossref|CrossRef|Indexed at|PubMed|Pubmed|Web of Science|Scopus|CAS|Medline"
        r"|Full Text|View Article|Article Location|Ref list)\b"
    ),
    re.compile(
        r"\b(?:Retrieved|Accessed)\s+(?:on\s+|from\s+)?(?:\d{1,2}\s+)?(?:[A-Z][a-z]+\.?\s+)?(?:\d{1,2},?\s+)?(?:\d{4})?\s*(?:,?\s*from)?\s*:?"
    ),
    re.compile(r"\bAvailable\s+(?:from|at|online)\s*:?", re.IGNORECASE),
    re.compile(r"\[[^\[\]]{0,60}\]"),
]
_NUMBERING = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)]\s)\s*")


def clean_reference(text: str) -> str:
    """``text`` without identifiers, URLs, link labels, numbering and bracketed notes."""
    text = _NUMBERING.sub("", text)
    for pattern in _NOISE:
        text = pattern.sub(" ", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = re.sub(r"([,.;:])(?:\s*[,.;:])+", r"\1", text)
    text = " ".join(text.split()).strip(" ,;:")
    if len(text) > MAX_QUERY:
        text = text[:MAX_QUERY].rsplit(" ", 1)[0]
    return text


def _composed(record: Mapping[str, Any]) -> str:
    parts: list[str] = []
    names = [n for n in record.get("author") or record.get("editor") or () if isinstance(n, Mapping)]
    families = [str(n.get("family") or n.get("literal") or "") for n in names[:4]]
    if any(families):
        parts.append(", ".join(f for f in families if f))
    for key in ("title", "container-title", "volume", "issue", "page"):
        value = record.get(key)
        if isinstance(value, (str, int)) and str(value).strip():
            parts.append(plain(str(value)).strip())
    year = year_of(record)
    if year is not None:
        parts.append(str(year))
    return clean_reference(". ".join(parts))


def bibliographic_query(record: Mapping[str, Any]) -> str:
    """The search text for ``record``: its cleaned ``custom.raw``, else its fields.

    :returns: an empty string when there is nothing worth searching for (no title and
        fewer than three words in all).
    """
    custom = record.get("custom") if isinstance(record.get("custom"), Mapping) else None
    raw = str((custom or {}).get("raw") or "")
    text = clean_reference(raw) if raw.strip() else ""
    if not _enough(text):
        text = _composed(record)
    if not record.get("title") and not _enough(text):
        return ""
    return text


def _enough(text: str) -> bool:
    """Three words, or two words and two numbers ("Kelly, PeerJ 7, e7654 (2019)")."""
    words = len(re.findall(r"[^\W\d_]{2,}", text))
    return words >= 3 or (words >= 2 and len(re.findall(r"\d+", text)) >= 2)
