"""A rule-based labeller for reference strings.

It reads the common layouts directly: author-date ("Smith, J. (2012). Title. Journal,
56: 538-544."), Vancouver ("Smith J, Doe A. Title. J Abbr. 2009;37(2):155-9."), IEEE
('J. Smith, "Title," Journal, vol. 5, no. 3, pp. 1-10, 2019.') and book forms
("Title. Paris: Gallimard; 1986."). The trained model is preferred when it is
available; these rules serve when it is not, and as a reference point in evaluation.
"""

from __future__ import annotations

import re
from collections import defaultdict

from citekit.parsers.refs.ident import Ident, find_identifiers
from citekit.parsers.refs.kinds import GBT_MARKER
from citekit.parsers.refs.names import is_initial

__all__ = ["label_spans"]

_NUMBER = re.compile(r"^\s*(?:\[\s*\d{1,4}[a-z]?\s*\]|\(\s*\d{1,4}\s*\)|\d{1,4}\s*[.)](?=\s)|\d{1,4}\s+(?=[A-Z]))\s*")
_YEAR = r"(?:1[5-9]|20)\d\d"
_PAREN_DATE = re.compile(
    rf"\(\s*((?:[^()]{{0,20}}?\b)?{_YEAR}[a-z]?(?:[^()]{{0,20}})?|n\.\s?d\.|s\.\s?d\.|in press)\s*\)\.?", re.IGNORECASE
)
_BARE_YEAR = re.compile(rf"(?<![\d/.-])({_YEAR}[a-z]?)(?![\d/-])")
_NOTE_TAIL = re.compile(
    r"[.,;]?\s*(?:\[?(?:retrieved|accessed|available|viewed|consulted|cited)\b[^\]]*\]?|\[internet\]"
    r"|(?:doi|pmid|pmcid|isbn|issn|url)\s*:?\s*)\s*\.?\s*$",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(
    r"^(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-]*\.?|[A-Z]{1,3}|(?:van|von|der|den|de|del|della|di|da|dos|du|la|le|ter|el|al|bin|ibn)"
    r"|and|&|et|al\.?|und|y|e)[,;]?$"
)
_VOL_ISSUE_PAGES = [
    # 2009;37(2):155-9 / 37(2):155-9 / 56(3), 538-544
    re.compile(r"(?P<volume>\b\d+[A-Z]?)\s*\((?P<issue>[^()]{1,15})\)\s*[:,.]?\s*(?:pp?\.?\s*)?(?P<pages>[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—]\s*[A-Za-z]?\d+[A-Za-z]?)?)?"),
    # 56: 538-544
    re.compile(r"(?P<volume>\b\d+[A-Z]?)\s*:\s*(?P<pages>[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—]\s*[A-Za-z]?\d+[A-Za-z]?)?)"),
]
_LABELLED = {
    "volume": re.compile(r"\b(?:vol(?:ume)?|bd|t|tome)\.?\s*(\d+[A-Za-z]?)", re.IGNORECASE),
    "issue": re.compile(r"\b(?:no|nr|n[°º]|num|issue|heft|iss)\.?\s*(\d+(?:[-–/]\d+)?)", re.IGNORECASE),
    "pages": re.compile(
        r"\b(?:pp?|pages?|s)\.\s*([A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—]\s*[A-Za-z]?\d+[A-Za-z]?)?)", re.IGNORECASE
    ),
}
_VOL_PAGES = re.compile(r"(?P<volume>\b\d{1,4})\s*,\s*(?P<pages>[A-Za-z]?\d+\s*[-–—]\s*[A-Za-z]?\d+)\b")
_PAGES = re.compile(r"(?<![\d(])([A-Za-z]?\d+\s*[-–—]\s*[A-Za-z]?\d+)(?![\d)])")
_PLACE_PUBLISHER = re.compile(
    r"(?:^|[.,]\s+)(?P<location>[A-Z][\w .'’-]{1,40}?(?:,\s*[A-Z]{2,})?)\s*:\s*(?P<publisher>[A-Z][^.;:,()]{1,60})"
)


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _namey(prefix: str) -> bool:
    words = prefix.replace(",", " , ").split()
    words = [w for w in words if w not in (",", ";")]
    if not words:
        return False
    if len(words) <= 3:
        return True
    bad = sum(1 for w in words if not _NAME_WORD.match(w))
    return bad <= max(1, len(words) // 8)


def _complete_name(prefix: str) -> bool:
    """True when ``prefix`` ends with a whole name (so a full stop after it may end the list)."""
    segments = [seg.strip() for seg in re.split(r"[,;]|\band\b|&", prefix)]
    segments = [seg for seg in segments if seg]
    if not segments:
        return False
    last = segments[-1].split()
    if any(not is_initial(w) for w in last):
        return True
    if len(segments) < 2:
        return False
    before = segments[-2].split()
    # A lone family name ("DOE" in "SMITH, J.; DOE, A.") has no dotted or one-letter initial.
    return len(before) <= 3 and not any(is_initial(w) and (w.endswith(".") or len(w) == 1) for w in before)


def _author_end(text: str) -> int:
    """Where the leading name list ends (0 when the string does not start with names)."""
    quote = re.search(r",?\s*[\"“”]", text)
    for m in re.finditer(r"\.\s+(?=\S)|:\s+|,\s*(?=[\"“])|\s+(?=[\"“])", text):
        prefix = text[: m.start()].strip()
        if not prefix:
            continue
        if quote and m.start() > quote.start() + 1:
            break
        last = prefix.split()[-1] if prefix.split() else ""
        following = text[m.end():].split()
        if m.group(0).startswith(".") and is_initial(last.strip(",;") + "."):
            if following and is_initial(following[0].rstrip(",;")) and len(following[0].rstrip(",;")) <= 5:
                continue  # "J. A. Smith", "Lee, L. L.": still inside the name
            if not _complete_name(prefix):
                continue
        if _namey(prefix):
            return m.start() + (1 if m.group(0).startswith(".") else 0)
        return 0
    return 0


def _sentence(text: str) -> tuple[str, str]:
    """The first sentence of ``text`` and the rest (quotes delimit a title when present)."""
    text = text.lstrip(" .,;:")
    marker = GBT_MARKER.search(text)
    if marker:
        return text[: marker.end()], text[marker.end() :]  # GB/T 7714: "Title[J]. Journal"
    quoted = re.match(r"^[\"“](.+?)[\"”](.*)$", text, re.DOTALL)
    if quoted:
        return quoted.group(1), quoted.group(2)
    for m in re.finditer(r"[.?!]\s+(?=[^\sa-z]|[a-z]{1,3}\.|[a-z]+[A-Z])|[.?!]$", text):
        before = text[: m.start()].split()
        if before and len(before[-1]) == 1 and before[-1].isupper():
            continue  # an initial inside the title ("the J. Smith award")
        end = m.start() + 1
        return text[:end], text[end:]
    return text, ""


_EDITION = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th|e|a|\.)?\s*(?:ed|edn|edition|éd|édition|aufl|auflage|ed\.)\b\.?", re.IGNORECASE
)
_ISO_DATE = re.compile(rf"\b{_YEAR}-\d\d(?:-\d\d)?\b")


def _numbers(tail: str, chunks: dict[str, list[str]]) -> str:
    """Take volume, issue and pages out of ``tail``; return what is left."""
    iso = _ISO_DATE.search(tail)
    if iso and "date" not in chunks:
        chunks["date"].append(iso.group(0))
        tail = _mask(tail, iso.start(), iso.end())
    for label, pattern in _LABELLED.items():
        m = pattern.search(tail)
        if m:
            chunks[label].append(m.group(1))
            tail = _mask(tail, m.start(), m.end())
    if "volume" not in chunks:
        for pattern in _VOL_ISSUE_PAGES:
            m = pattern.search(tail)
            if m:
                for key, value in m.groupdict().items():
                    if value:
                        chunks["pages" if key == "pages" else key].append(value)
                tail = _mask(tail, m.start(), m.end())
                break
    if "volume" not in chunks:
        m = _VOL_PAGES.search(tail)
        if m:
            chunks["volume"].append(m.group("volume"))
            chunks["pages"].append(m.group("pages"))
            tail = _mask(tail, m.start(), m.end())
    if "pages" not in chunks:
        m = _PAGES.search(tail)
        if m:
            chunks["pages"].append(m.group(1))
            tail = _mask(tail, m.start(), m.end())
    return tail


def label_spans(text: str) -> tuple[dict[str, list[str]], list[Ident]]:
    """Labelled spans and identifiers of one reference string, by rules.

    :param text: one reference string.
    :returns: ``(chunks, identifiers)``: label → span texts in order, and the
        identifiers found exactly.
    """
    chunks: dict[str, list[str]] = defaultdict(list)
    idents = find_identifiers(text)
    s = text
    for ident in idents:
        s = _mask(s, ident.start, ident.end)
    s = re.sub(r"\s+", " ", s).strip()
    while True:
        cut = _NOTE_TAIL.sub("", s).strip()
        if cut == s:
            break
        s = cut
    m = _NUMBER.match(s)
    if m:
        chunks["citation-number"].append(m.group(0).strip())
        s = s[m.end():]
    date = _PAREN_DATE.search(s)
    if date and date.start() > 0 and _namey(s[: date.start()]):
        chunks["author"].append(s[: date.start()])
        chunks["date"].append(date.group(1))
        rest = s[date.end():]
    else:
        end = _author_end(s)
        if end:
            chunks["author"].append(s[:end])
        rest = s[end:]
        lead = re.match(rf"^[\s.,]*\(?((?:{_YEAR})[a-z]?)\)?[.,:]?\s", rest)
        if lead:
            chunks["date"].append(lead.group(1))
            rest = rest[lead.end():]
    title, rest = _sentence(rest)
    if title.strip(" .,"):
        chunks["title"].append(title)
    edition = _EDITION.search(rest)
    if edition:
        chunks["edition"].append(edition.group(0))
        rest = _mask(rest, edition.start(), edition.end())
    rest = _numbers(rest, chunks)
    if "date" not in chunks:
        years = list(_BARE_YEAR.finditer(rest))
        if years:
            year = years[-1] if "volume" in chunks else years[0]
            chunks["date"].append(year.group(1))
            rest = _mask(rest, year.start(), year.end())
    rest = rest.strip()
    place = _PLACE_PUBLISHER.search(rest)
    if place and "volume" not in chunks:
        chunks["location"].append(place.group("location"))
        chunks["publisher"].append(place.group("publisher"))
        before = rest[: place.start()]
        rest = before
    container = re.split(r";\s|\s{2,}|\(\s*\)", rest.strip(" .,;:"), maxsplit=1)[0] if rest.strip(" .,;:") else ""
    container = re.sub(r"[\s,;:]+$", "", container)
    trailing = re.search(r"[\s,]+(\d{1,4})\.?$", container)
    if trailing and "volume" not in chunks:
        chunks["volume"].append(trailing.group(1))
        container = container[: trailing.start()]
    if re.search(r"[^\W\d_]{2,}", container):
        if re.match(r"^\s*(?:in|dans|en)\s*:?\s", container, re.IGNORECASE):
            chunks["container-title"].append(container)
        else:
            chunks["container-title"].append(container)
    return dict(chunks), idents
